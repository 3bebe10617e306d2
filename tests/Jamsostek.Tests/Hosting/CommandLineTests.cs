using Jamsostek.Tests.Infrastructure;
using Jamsostek.Tests.Reliability;
using Jamsostek.Tests.Rosters;
using Jamsostek.Worker.CommandLine;
using Microsoft.Extensions.Hosting;

namespace Jamsostek.Tests.Hosting;

public sealed class CommandLineTests
{
    [Fact]
    public async Task A_command_that_fails_on_a_bug_exits_70_with_its_stack_trace_not_1_as_for_rejected_input()
    {
        // A database whose coverage table lost a column the export reads: neither the input's fault, nor the caller's, nor
        // a lost service.
        await using var database = await TestDatabase.CreateAsync();
        await using (var connection = await database.DataSource.OpenConnectionAsync())
        {
            await using var drop = new Npgsql.NpgsqlCommand("ALTER TABLE coverage.entry_status DROP COLUMN status", connection);
            await drop.ExecuteNonQueryAsync();
        }

        var export = Path.Combine(Path.GetTempPath(), $"jamsostek-bug-{Guid.NewGuid():N}.csv");
        var run = await WorkerProcess.RunAsync(["export", "coverage", "--out", export], database.Settings());
        File.Delete(export);

        Assert.Equal(ExitCodes.Bug, run.ExitCode);
        Assert.StartsWith("The command stopped on an unexpected error (PostgresException), a bug in the worker: report it with the lines below.", run.Stderr, StringComparison.Ordinal);
        Assert.Contains(" at ", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_command_stopped_by_SIGTERM_exits_130_with_one_sentence_when_its_database_connection_breaks_as_it_stops()
    {
        await using var database = await TestDatabase.CreateAsync();
        var direct = new Npgsql.NpgsqlConnectionStringBuilder(database.ConnectionString);
        var relay = new SilencingRelay(direct.Host!, direct.Port);
        var settings = database.Settings(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Jamsostek"] = new Npgsql.NpgsqlConnectionStringBuilder(database.ConnectionString) { Host = "127.0.0.1", Port = relay.Port }.ConnectionString,
        });
        using var files = new RosterTestFiles();
        var roster = files.Csv("kramatwatu.csv", RosterTestFiles.Header, $"{RosterDatabase.Kramatwatu},{RosterDatabase.Nik(1)},Ahmad,,,BPD,");
        WorkerRun run;
        try
        {
            // Held until the stop: the import waits, inside its transaction, to record the desa's snapshot.
            await using var gate = await WorkGate.CloseAsync(database, "roster.desa_snapshot");
            using var import = WorkerProcess.Start(["import", "roster", roster], settings);
            var stdout = import.StandardOutput.ReadToEndAsync();
            var stderr = import.StandardError.ReadToEndAsync();
            Assert.True(await Eventually.ReturnsAsync(gate.WorkerWaitsAsync, waits => waits || import.HasExited), "the import never reached the gate");

            // SIGTERM cancels the command's token, and Npgsql asks PostgreSQL to cancel the statement over a connection of its
            // own: the relay, silent from now on, counts it. Then the connections break under the import, which ends on
            // Npgsql's own exception for a read cut off, not an OperationCanceledException.
            relay.Silence();
            var before = relay.Connections;
            using (var term = System.Diagnostics.Process.Start("kill", ["-TERM", import.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await term.WaitForExitAsync();
            }

            await Eventually.ReturnsAsync(() => Task.FromResult(relay.Connections), n => n > before);
            await relay.DisposeAsync();
            using var stopped = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            await import.WaitForExitAsync(stopped.Token);
            run = new WorkerRun(import.ExitCode, await stdout, await stderr);
        }
        finally
        {
            await relay.DisposeAsync();
        }

        Assert.True(run.ExitCode == ExitCodes.Interrupted, $"exit {run.ExitCode}: {run.Stderr}");
        Assert.Equal(
            "The command was stopped by Ctrl+C or SIGTERM before it finished; nothing is half-written, and the same command run again finishes it.",
            Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
    }

    [Theory]
    [InlineData("a read cut off")]
    [InlineData("a stream closed under its reader")]
    public void What_a_library_throws_as_the_command_is_stopped_exits_130_and_unstopped_keeps_its_own_code(string what)
    {
        Exception thrown = what == "a read cut off"
            ? new IOException("Unable to read data from the transport connection.")
            : new ObjectDisposedException("System.Net.Sockets.NetworkStream");

        var stopped = ExitCodes.ForFailure(thrown, "The command", cancelled: true);
        var unstopped = ExitCodes.ForFailure(thrown, "The command", cancelled: false);

        Assert.Equal(ExitCodes.Interrupted, stopped?.Code);
        Assert.Equal(thrown is IOException ? ExitCodes.Failed : null, unstopped?.Code);
    }

    [Fact]
    public async Task Migrate_succeeds_twice_and_the_second_run_applies_nothing()
    {
        await using var database = await TestDatabase.CreateEmptyAsync();

        var first = await WorkerProcess.RunAsync(["migrate"], database.Settings());
        var second = await WorkerProcess.RunAsync(["migrate"], database.Settings());

        Assert.True(first.ExitCode == 0, first.Stderr);
        Assert.True(second.ExitCode == 0, second.Stderr);
        Assert.Contains("nothing to apply", second.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_command_on_a_database_never_migrated_exits_2_with_one_sentence_saying_to_migrate_not_70_as_a_bug()
    {
        await using var database = await TestDatabase.CreateEmptyAsync();

        var run = await WorkerProcess.RunAsync(["review", "list"], database.Settings());

        Assert.True(run.ExitCode == ExitCodes.WrongUsage, $"exit {run.ExitCode}: {run.Stderr}");
        var sentence = Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(
            "The database of ConnectionStrings:Jamsostek lacks migrations of this version of the worker: run migrate first (serve migrates as it starts).",
            sentence);
    }

    [Fact]
    public async Task A_command_on_a_database_one_migration_behind_this_build_exits_2_saying_to_migrate()
    {
        // As after an upgrade whose new scripts nobody applied: the newest one forgotten by the journal (and so pending).
        await using var database = await TestDatabase.CreateAsync();
        await using (var connection = await database.DataSource.OpenConnectionAsync())
        {
            await using var forget = new Npgsql.NpgsqlCommand(
                "DELETE FROM public.schema_migrations WHERE scriptname = (SELECT max(scriptname) FROM public.schema_migrations)", connection);
            Assert.Equal(1, await forget.ExecuteNonQueryAsync());
        }

        var behind = await WorkerProcess.RunAsync(["review", "list"], database.Settings());

        Assert.True(behind.ExitCode == ExitCodes.WrongUsage, $"exit {behind.ExitCode}: {behind.Stderr}");
        Assert.Contains("run migrate first", behind.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("review", "list")]
    [InlineData("migrate")]
    [InlineData("serve")]
    public async Task A_database_a_newer_worker_migrated_is_refused_with_exit_2_and_one_sentence_saying_to_upgrade_this_worker(params string[] command)
    {
        // As in a rolling deploy or after the worker alone was rolled back: the journal holds a script this build lacks.
        await using var database = await TestDatabase.CreateAsync();
        await JournalScriptOfANewerWorkerAsync(database);
        var settings = database.Settings(WorkerProcess.ServeSettings());

        using var worker = WorkerProcess.Start(command, settings);
        var stdout = worker.StandardOutput.ReadToEndAsync();
        var stderr = worker.StandardError.ReadToEndAsync();
        using (var refusedAtOnce = new CancellationTokenSource(SlowStart))
        {
            try
            {
                await worker.WaitForExitAsync(refusedAtOnce.Token);
            }
            catch (OperationCanceledException)
            {
                // serve that took the database would run on: the test must not leave it behind.
                worker.Kill(entireProcessTree: true);
                await worker.WaitForExitAsync();
                Assert.Fail($"{command[0]} was still running {SlowStart} after it started on the newer database: {await stderr}");
            }
        }

        var run = new WorkerRun(worker.ExitCode, await stdout, await stderr);
        Assert.True(run.ExitCode == ExitCodes.WrongUsage, $"exit {run.ExitCode}: {run.Stderr}");
        Assert.Equal(
            "The database of ConnectionStrings:Jamsostek was migrated by a newer version of the worker: upgrade this worker to that version (do not roll the database back by hand).",
            Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries), IsSentence));
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
    }

    /// <summary>Records in <paramref name="database"/>'s DbUp journal a script of a later version, as that version's migrate would.</summary>
    internal static async Task JournalScriptOfANewerWorkerAsync(TestDatabase database)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await using var journal = new Npgsql.NpgsqlCommand(
            "INSERT INTO public.schema_migrations (scriptname, applied) VALUES ('sql/migrations/9900_of_a_newer_worker.sql', now())", connection);
        Assert.Equal(1, await journal.ExecuteNonQueryAsync());
    }

    [Fact]
    public void A_stop_signal_leaves_serve_the_host_s_whole_shutdown_to_let_a_running_job_end_cleanly()
    {
        var hostShutdown = new HostOptions().ShutdownTimeout;

        Assert.True(
            WorkerCommandLine.Invocation.ProcessTerminationTimeout > hostShutdown,
            $"System.CommandLine would end the process {WorkerCommandLine.Invocation.ProcessTerminationTimeout} after SIGTERM, before the host's {hostShutdown}");
    }

    [Fact]
    public async Task A_missing_connection_string_stops_with_one_sentence_naming_the_key_and_exit_code_2()
    {
        var run = await WorkerProcess.RunAsync(["migrate"], new Dictionary<string, string?>());

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("ConnectionStrings:Jamsostek", run.Stderr, StringComparison.Ordinal);
        Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task A_log_level_that_is_not_one_stops_a_command_with_one_sentence_naming_the_key_and_exit_code_2()
    {
        var run = await WorkerProcess.RunAsync(["migrate"], new Dictionary<string, string?>
        {
            ["ConnectionStrings:Jamsostek"] = "Host=127.0.0.1;Database=unused",
            ["Logging:LogLevel:Default"] = "Verbose",
        });

        Assert.True(run.ExitCode == 2, $"exit {run.ExitCode}: {run.Stderr}");
        var sentence = Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("Logging:LogLevel:Default 'Verbose' ", sentence, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_without_its_database_exits_3_with_one_sentence_and_no_stack_trace()
    {
        var settings = WorkerProcess.ServeSettings($"Host=127.0.0.1;Port={ClosedPort()};Username=postgres;Database=jamsostek;Timeout=5");
        settings["Rosters:InboxPath"] = Path.GetTempPath();
        settings["Membership:InboxPath"] = Path.GetTempPath();
        settings["Digest:PickupPath"] = Path.GetTempPath();

        var started = System.Diagnostics.Stopwatch.StartNew();
        var run = await WorkerProcess.RunAsync(["serve"], settings);

        Assert.Equal(3, run.ExitCode);
        var sentence = Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries), IsSentence);
        Assert.StartsWith("Starting the service failed and can be run again once the service it lost is back: NpgsqlException: ", sentence, StringComparison.Ordinal);
        Assert.Contains("ConnectionStrings:Jamsostek", sentence, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
        // Hangfire's storage retried its first connection for 31 s (1+2+4+8+16) before migrate could say this.
        Assert.True(started.Elapsed < SlowStart, $"serve took {started.Elapsed} to report it");
    }

    [Theory]
    [InlineData("serve")]
    [InlineData("migrate")]
    public async Task A_wrong_database_password_is_wrong_configuration_naming_the_key_at_once_and_never_printing_the_password(string command)
    {
        // scripts/lib/postgres.sh makes this one role give its password; every other login of the test server is trusted.
        await using (var admin = new Npgsql.NpgsqlConnection(TestDatabase.AdminConnectionString))
        {
            await admin.OpenAsync();
            await using var create = new Npgsql.NpgsqlCommand(
                "DO $$ BEGIN CREATE ROLE jamsostek_password_check LOGIN PASSWORD 'the-right-password'; EXCEPTION WHEN duplicate_object THEN NULL; END $$", admin);
            await create.ExecuteNonQueryAsync();
        }

        const string WrongPassword = "Tr0ub4dor-wrong";
        var connectionString = new Npgsql.NpgsqlConnectionStringBuilder(TestDatabase.AdminConnectionString)
        {
            Username = "jamsostek_password_check",
            Password = WrongPassword,
        };

        var (sentence, run) = await RefusedAsWrongConfigurationAsync(command, connectionString.ConnectionString);

        Assert.Contains("password authentication failed", sentence, StringComparison.Ordinal);
        Assert.DoesNotContain(WrongPassword, run.Stderr + run.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("migrate", "Database", "jamsostek_no_such_database")]
    [InlineData("serve", "Database", "jamsostek_no_such_database")]
    [InlineData("migrate", "Username", "jamsostek_no_such_role")]
    [InlineData("serve", "Username", "jamsostek_no_such_role")]
    public async Task A_connection_string_PostgreSQL_refuses_is_wrong_configuration_naming_the_key_not_a_lost_service(string command, string keyword, string value)
    {
        // PostgreSQL answers, so waiting will not help: the connection string names a database or role it does not have.
        var connectionString = new Npgsql.NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable("JAMSOSTEK_TEST_PG")) { [keyword] = value };

        var (sentence, _) = await RefusedAsWrongConfigurationAsync(command, connectionString.ConnectionString);

        Assert.Contains(value, sentence, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("taken")]
    [InlineData("not-an-address")]
    [InlineData("http://127.0.0.1:99999")]
    public async Task Serve_that_cannot_listen_on_its_address_exits_2_with_one_sentence_naming_the_address(string urls)
    {
        await using var database = await TestDatabase.CreateAsync();
        // Another process already on the port: a second serve, or another service.
        using var other = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        other.Start();
        if (urls == "taken")
        {
            urls = $"http://127.0.0.1:{((System.Net.IPEndPoint)other.LocalEndpoint).Port}";
        }

        var settings = database.Settings(WorkerProcess.ServeSettings(connectionString: null, urls));

        var run = await WorkerProcess.RunAsync(["serve"], settings);

        Assert.True(run.ExitCode == 2, $"exit {run.ExitCode}: {run.Stderr}");
        var sentence = Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries), IsSentence);
        Assert.StartsWith($"serve cannot listen on {urls}", sentence, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Digest_send_without_its_mail_server_exits_3_with_one_sentence_and_keeps_the_digests_for_the_retry()
    {
        await using var database = await TestDatabase.CreateAsync();
        var settings = database.Settings(new Dictionary<string, string?>
        {
            ["Digest:Smtp:Host"] = "127.0.0.1",
            ["Digest:Smtp:Port"] = ClosedPort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Digest:Smtp:Security"] = "None",
            ["Digest:Smtp:From"] = "Jamsostek Serang <ringkasan@serangkab.test>",
        });
        var data = new Jamsostek.Tests.Coverage.CoverageTestData(database);
        await data.EntryAsync(Jamsostek.Tests.Coverage.CoverageTestData.DesaKramatwatu, "3604051203850001");
        Assert.Equal(0, (await WorkerProcess.RunAsync(["reconcile", "--as-of", "2026-11-18"], settings)).ExitCode);
        Assert.Equal(0, (await WorkerProcess.RunAsync(["digest", "recipients", "add", "--email", "camat@serangkab.test", "--scope", "360405"], settings)).ExitCode);

        var run = await WorkerProcess.RunAsync(["digest", "send", "--week", "2026-W47"], settings);

        Assert.Equal(3, run.ExitCode);
        var sentence = Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries), IsSentence);
        Assert.StartsWith("The command failed and can be run again once the service it lost is back: DigestDeliveryException: ", sentence, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(1L, await Jamsostek.Tests.Reliability.DatabaseState.CountAsync(database, "SELECT count(*) FROM digest.outbox WHERE sent_at IS NULL"));
    }

    /// <summary>
    /// Runs a command on a connection string PostgreSQL refuses: it must exit 2 at once (no retrying) with one sentence that
    /// starts with the key. Returns that sentence and the run.
    /// </summary>
    private static async Task<(string Sentence, WorkerRun Run)> RefusedAsWrongConfigurationAsync(string command, string connectionString)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        var run = await WorkerProcess.RunAsync([command], WorkerProcess.ServeSettings(connectionString));

        Assert.True(run.ExitCode == 2, $"exit {run.ExitCode}: {run.Stderr}");
        var sentence = Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries), IsSentence);
        Assert.StartsWith("ConnectionStrings:Jamsostek ", sentence, StringComparison.Ordinal);
        Assert.True(started.Elapsed < SlowStart, $"{command} took {started.Elapsed} to report it");
        return (sentence, run);
    }

    /// <summary>Far above a start that fails at its first connection, far below the 31 s of a retried one.</summary>
    private static readonly TimeSpan SlowStart = TimeSpan.FromSeconds(15);

    /// <summary>Not a log entry (its level line or its indented message): stderr carries the service's warnings too.</summary>
    private static bool IsSentence(string line) => !line.StartsWith("warn:", StringComparison.Ordinal) && !line.StartsWith("fail:", StringComparison.Ordinal) && !line.StartsWith(' ');

    /// <summary>A loopback port nothing listens on.</summary>
    private static int ClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    [Fact]
    public async Task Serve_is_the_default_also_when_only_its_host_options_are_given()
    {
        // As a service unit starts it: the executable and where to listen, no command.
        var run = await WorkerProcess.RunAsync(["--urls", "http://127.0.0.1:0"], new Dictionary<string, string?>
        {
            ["ConnectionStrings:Jamsostek"] = "Host=127.0.0.1;Database=unused",
        });

        // serve's own start-up check answers (no dashboard user), not the parser.
        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("Dashboard:Users is empty", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_command_is_wrong_usage()
    {
        var run = await WorkerProcess.RunAsync(["frobnicate", "--now"], new Dictionary<string, string?>());

        Assert.Equal(2, run.ExitCode);
    }
}
