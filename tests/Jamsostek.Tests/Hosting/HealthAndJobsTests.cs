using System.Net;
using Hangfire;
using Hangfire.Storage;
using Jamsostek.Jobs;
using Jamsostek.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;

namespace Jamsostek.Tests.Hosting;

[Collection(HangfireHostCollection.Name)]
public sealed class HealthAndJobsTests
{
    [Fact]
    public async Task Health_endpoints_answer_without_credentials_and_ready_turns_healthy_once_the_server_heartbeats()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var worker = await RunningWorker.StartAsync(database);
        using var client = worker.Client();

        var live = await client.GetAsync(new Uri("/health/live", UriKind.Relative));
        var ready = await Eventually.ReturnsAsync(
            () => client.GetAsync(new Uri("/health/ready", UriKind.Relative)),
            r => r.StatusCode == HttpStatusCode.OK);

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    [Fact]
    public async Task Ready_says_whether_digests_can_go_out_and_a_silent_mail_server_degrades_it_without_failing_it()
    {
        await using var smtp = await SmtpServer.StartAsync();
        await using var database = await TestDatabase.CreateAsync();
        var silent = smtp.Settings();
        using (var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0))
        {
            listener.Start();
            silent["Digest:Smtp:Port"] = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        await using var answering = await RunningWorker.StartAsync(database, smtp.Settings());
        await using var unanswered = await RunningWorker.StartAsync(database, silent);
        using var answeringClient = answering.Client();
        using var unansweredClient = unanswered.Client();
        var ready = await Eventually.ReturnsAsync(() => answeringClient.GetAsync(new Uri("/health/ready", UriKind.Relative)), r => r.StatusCode == HttpStatusCode.OK);
        var degraded = await Eventually.ReturnsAsync(() => unansweredClient.GetAsync(new Uri("/health/ready", UriKind.Relative)), r => r.StatusCode == HttpStatusCode.OK);

        Assert.Contains("digest-delivery: Healthy: Digests can go out.", await ready.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var body = await degraded.Content.ReadAsStringAsync();
        Assert.StartsWith("Degraded\n", body, StringComparison.Ordinal);
        Assert.Contains("digest-delivery: Degraded: The mail server (Digest:Smtp:Host) did not answer", body, StringComparison.Ordinal);
        // The readiness answer is anyone's to read: it does not say where the mail server is.
        Assert.DoesNotContain($":{silent["Digest:Smtp:Port"]}", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ready_says_that_a_mail_server_offering_no_login_cannot_take_Digest_Smtp_Username_in_the_senders_sentence_without_logging_in()
    {
        // aiosmtpd's Mailbox offers no AUTH; authenticating_mailbox.py offers PLAIN and LOGIN and records each AUTH it is sent.
        await using var withoutLogin = await SmtpServer.StartAsync();
        await using var withLogin = await SmtpServer.StartWithLoginAsync("operator.ringkasan", "sandi-rahasia");
        await using var database = await TestDatabase.CreateAsync();
        var login = new Dictionary<string, string?> { ["Digest:Smtp:Username"] = "operator.ringkasan", ["Digest:Smtp:Password"] = "sandi-rahasia" };
        await using var refused = await RunningWorker.StartAsync(database, new Dictionary<string, string?>(withoutLogin.Settings().Concat(login)));
        await using var offered = await RunningWorker.StartAsync(database, new Dictionary<string, string?>(withLogin.Settings().Concat(login)));
        using var refusedClient = refused.Client();
        using var offeredClient = offered.Client();

        var degraded = await Eventually.ReturnsAsync(() => refusedClient.GetAsync(new Uri("/health/ready", UriKind.Relative)), r => r.StatusCode == HttpStatusCode.OK);
        var ready = await Eventually.ReturnsAsync(() => offeredClient.GetAsync(new Uri("/health/ready", UriKind.Relative)), r => r.StatusCode == HttpStatusCode.OK);

        var body = await degraded.Content.ReadAsStringAsync();
        Assert.StartsWith("Degraded\n", body, StringComparison.Ordinal);
        var line = Assert.Single(body.Split('\n'), l => l.StartsWith("digest-delivery: ", StringComparison.Ordinal));
        // The sentence `digest send` exits 2 with, where the probe used to say the server answered; it names keys only,
        // neither the login nor the server's words.
        Assert.StartsWith("digest-delivery: Degraded: The mail server of Digest:Smtp offers no login, yet Digest:Smtp:Username is set", line, StringComparison.Ordinal);
        Assert.Equal($"digest-delivery: Degraded: {Assert.Single(Jamsostek.Digest.DigestSender.NotOffered(startTls: false).Failures)}", line);
        Assert.DoesNotContain("operator.ringkasan", body, StringComparison.Ordinal);
        Assert.DoesNotContain("sandi-rahasia", body, StringComparison.Ordinal);
        Assert.Contains("digest-delivery: Healthy: Digests can go out.", await ready.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // A probe every few seconds that logged in would fill the server's log with logins, or lock the account.
        Assert.Equal(0, withLogin.LoginAttempts());
    }

    [Fact]
    public async Task Ready_says_that_a_mail_server_offering_no_STARTTLS_cannot_take_Digest_Smtp_Security_in_the_senders_sentence()
    {
        // aiosmtpd's Mailbox speaks plain SMTP only.
        await using var plain = await SmtpServer.StartAsync();
        await using var database = await TestDatabase.CreateAsync();
        var settings = plain.Settings();
        settings["Digest:Smtp:Security"] = "StartTls";
        await using var worker = await RunningWorker.StartAsync(database, settings);
        using var client = worker.Client();

        var ready = await Eventually.ReturnsAsync(() => client.GetAsync(new Uri("/health/ready", UriKind.Relative)), r => r.StatusCode == HttpStatusCode.OK);

        var body = await ready.Content.ReadAsStringAsync();
        Assert.StartsWith("Degraded\n", body, StringComparison.Ordinal);
        Assert.Contains($"\ndigest-delivery: Degraded: {Assert.Single(Jamsostek.Digest.DigestSender.NotOffered(startTls: true).Failures)}\n", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ready_is_unhealthy_when_migrations_are_pending()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var worker = await RunningWorker.StartAsync(database);
        // As if a newer build had added a migration this database lacks.
        await using (var connection = await database.DataSource.OpenConnectionAsync())
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "DELETE FROM public.schema_migrations WHERE scriptname = (SELECT max(scriptname) FROM public.schema_migrations)";
            await command.ExecuteNonQueryAsync();
        }

        using var client = worker.Client();
        var ready = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        // An admin reading the answer learns which part is not ready, not just "Unhealthy".
        Assert.Contains("database: Unhealthy: Migrations are pending.", await ready.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ready_turns_unhealthy_saying_to_upgrade_once_a_newer_worker_migrated_the_database_under_it()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var worker = await RunningWorker.StartAsync(database);
        using var client = worker.Client();
        await Eventually.ReturnsAsync(() => client.GetAsync(new Uri("/health/ready", UriKind.Relative)), r => r.StatusCode == HttpStatusCode.OK);

        // A rolling deploy: the next version's worker migrates the database while this one still serves.
        await CommandLineTests.JournalScriptOfANewerWorkerAsync(database);
        var ready = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Contains(
            "database: Unhealthy: The database of ConnectionStrings:Jamsostek was migrated by a newer version of the worker: upgrade this worker to that version (do not roll the database back by hand).",
            await ready.Content.ReadAsStringAsync(),
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ready_tells_an_anonymous_caller_that_the_database_is_unreachable_but_not_what_PostgreSQL_said()
    {
        var database = await TestDatabase.CreateAsync();
        await using var worker = await RunningWorker.StartAsync(database);
        using var client = worker.Client();
        await Eventually.ReturnsAsync(() => client.GetAsync(new Uri("/health/ready", UriKind.Relative)), r => r.StatusCode == HttpStatusCode.OK);

        // The database goes away under the running service (dropped, so every connection is refused with its name).
        await database.DisposeAsync();
        var ready = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));
        var body = await ready.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Contains("hangfire-server: Unhealthy: ", body, StringComparison.Ordinal);
        // /health/ready needs no login: PostgreSQL's own words name the database, the user or the host and port.
        Assert.DoesNotContain(database.Name, body, StringComparison.Ordinal);
        Assert.DoesNotContain("3D000", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ready_says_within_seconds_that_a_database_which_stopped_answering_is_not_ready()
    {
        await using var database = await TestDatabase.CreateAsync();
        var direct = new NpgsqlConnectionStringBuilder(database.ConnectionString);
        var relay = new SilencingRelay(direct.Host!, direct.Port);
        var throughRelay = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Host = "127.0.0.1", Port = relay.Port };
        await using var worker = await RunningWorker.StartAsync(database, new Dictionary<string, string?> { ["ConnectionStrings:Jamsostek"] = throughRelay.ConnectionString });
        HttpResponseMessage ready;
        string body;
        try
        {
            using var client = worker.Client();
            await Eventually.ReturnsAsync(() => client.GetAsync(new Uri("/health/ready", UriKind.Relative)), r => r.StatusCode == HttpStatusCode.OK);

            // The database host now drops packets: connections neither fail nor answer.
            relay.Silence();
            ready = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));
            body = await ready.Content.ReadAsStringAsync();
        }
        finally
        {
            // Closed before the worker stops: its Hangfire server would wait on the silent connections.
            await relay.DisposeAsync();
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Contains("database: Unhealthy: PostgreSQL did not answer within 5 s.", body, StringComparison.Ordinal);
        Assert.Contains("hangfire-server: Unhealthy: Hangfire's storage (PostgreSQL) did not answer within 5 s.", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_dashboard_says_its_database_is_away_where_it_answered_a_blank_500_and_anonymous_callers_still_get_401()
    {
        var database = await TestDatabase.CreateAsync();
        await using var worker = await RunningWorker.StartAsync(database);
        using var admin = worker.Client("admin", RunningWorker.AdminPassword);
        using var anonymous = worker.Client();
        await Eventually.ReturnsAsync(() => admin.GetAsync(new Uri("/hangfire", UriKind.Relative)), r => r.StatusCode == HttpStatusCode.OK);

        await database.DisposeAsync();
        var page = await admin.GetAsync(new Uri("/hangfire", UriKind.Relative));
        var body = await page.Content.ReadAsStringAsync();
        var refused = await anonymous.GetAsync(new Uri("/hangfire", UriKind.Relative));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, page.StatusCode);
        Assert.StartsWith("The dashboard cannot reach its database (ConnectionStrings:Jamsostek)", body, StringComparison.Ordinal);
        Assert.DoesNotContain(database.Name, body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public void The_hourly_roster_pull_never_starts_together_with_the_nights_register_sync_or_reconciliation()
    {
        static string Minute(string id) => RecurringJobs.All.Single(j => j.Id == id).DefaultCron.Split(' ')[0];

        Assert.Equal("*", RecurringJobs.All.Single(j => j.Id == PullRosterUpdatesJob.Id).DefaultCron.Split(' ')[1]);
        Assert.DoesNotContain(Minute(PullRosterUpdatesJob.Id), new[] { Minute(SyncMembershipJob.Id), Minute(ReconcileCoverageJob.Id) });
    }

    [Fact]
    public async Task Every_recurring_job_is_registered_at_start_in_the_Asia_Jakarta_time_zone()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var worker = await RunningWorker.StartAsync(database);

        using var connection = worker.Services.GetRequiredService<JobStorage>().GetConnection();
        var registered = connection.GetRecurringJobs();

        Assert.NotEmpty(RecurringJobs.All);
        Assert.Equal(RecurringJobs.All.Select(j => j.Id).Order(), registered.Select(j => j.Id).Order());
        Assert.All(registered, job => Assert.Equal("Asia/Jakarta", job.TimeZoneId));
        Assert.All(RecurringJobs.All, job => Assert.Equal(job.DefaultCron, registered.Single(r => r.Id == job.Id).Cron));
    }

    [Fact]
    public async Task A_schedule_from_configuration_overrides_the_default()
    {
        await using var database = await TestDatabase.CreateAsync();
        var job = RecurringJobs.All[0];
        await using var worker = await RunningWorker.StartAsync(database, new Dictionary<string, string?> { [$"Jobs:Schedules:{job.Id}"] = "17 3 * * *" });

        using var connection = worker.Services.GetRequiredService<JobStorage>().GetConnection();

        Assert.Equal("17 3 * * *", connection.GetRecurringJobs([job.Id]).Single().Cron);
    }

    [Fact]
    public async Task A_schedule_exported_from_a_shell_or_a_systemd_unit_names_the_job_with_underscores()
    {
        // Jobs__Schedules__pull-roster-updates is no name a POSIX shell can export, and systemd's Environment= ignores it.
        await using var database = await TestDatabase.CreateAsync();
        var settings = WorkerProcess.ServeSettings();
        settings["Jobs:Schedules:pull_roster_updates"] = "17 3 * * *";
        settings["JOBS:SCHEDULES:SEND_WEEKLY_DIGEST"] = "30 6 * * 1";
        settings = database.Settings(settings);

        using var serve = WorkerProcess.Start(["serve"], settings);
        try
        {
            using var host = database.BuildHost();
            using var connection = host.Services.GetRequiredService<JobStorage>().GetConnection();
            var registered = await Eventually.ReturnsAsync(
                () => Task.FromResult(serve.HasExited ? [] : connection.GetRecurringJobs()),
                jobs => serve.HasExited || jobs.Count == RecurringJobs.All.Count);

            Assert.False(serve.HasExited, serve.HasExited ? await serve.StandardError.ReadToEndAsync() : null);
            Assert.Equal("17 3 * * *", registered.Single(j => j.Id == "pull-roster-updates").Cron);
            Assert.Equal("30 6 * * 1", registered.Single(j => j.Id == "send-weekly-digest").Cron);
        }
        finally
        {
            serve.Kill(entireProcessTree: true);
            await serve.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task Three_servers_started_together_on_a_new_database_all_come_up()
    {
        // Each used to create Hangfire's schema itself, in its own transactions: the others failed on its tables
        // (duplicate schema, serialization failures) and exited.
        await using var database = await TestDatabase.CreateEmptyAsync();
        var settings = database.Settings(WorkerProcess.ServeSettings());

        var servers = Enumerable.Range(0, 3).Select(_ => WorkerProcess.Start(["serve"], settings)).ToList();
        try
        {
            var running = await Eventually.ReturnsAsync(
                () => HangfireServersAsync(database),
                n => n == servers.Count || servers.Any(s => s.HasExited),
                TimeSpan.FromSeconds(90));

            foreach (var server in servers.Where(s => s.HasExited))
            {
                Assert.Fail($"serve exited {server.ExitCode}: {await server.StandardError.ReadToEndAsync()}");
            }

            Assert.Equal(servers.Count, running);
        }
        finally
        {
            foreach (var server in servers)
            {
                server.Kill(entireProcessTree: true);
                await server.WaitForExitAsync();
                server.Dispose();
            }
        }
    }

    /// <summary>Hangfire servers registered in the database; none before its schema exists.</summary>
    private static async Task<long> HangfireServersAsync(TestDatabase database)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT to_regclass('hangfire.server') IS NOT NULL";
        if (!(bool)(await command.ExecuteScalarAsync())!)
        {
            return 0;
        }

        command.CommandText = "SELECT count(*) FROM hangfire.server";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task The_same_schedule_given_both_with_dashes_and_with_underscores_stops_the_service_naming_both_keys()
    {
        await using var database = await TestDatabase.CreateAsync();

        var error = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => RunningWorker.StartAsync(
            database, new Dictionary<string, string?> { ["Jobs:Schedules:sync-membership"] = "0 1 * * *", ["Jobs:Schedules:sync_membership"] = "0 3 * * *" }));

        Assert.Contains("Jobs:Schedules:sync-membership", error.Message, StringComparison.Ordinal);
        Assert.Contains("Jobs:Schedules:sync_membership", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0 25 * * *")]
    [InlineData("0 7 * * Senin")]
    public async Task A_schedule_that_is_not_a_cron_expression_stops_the_service_saying_what_is_wrong_with_it(string cron)
    {
        await using var database = await TestDatabase.CreateAsync();

        var error = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => RunningWorker.StartAsync(
            database, new Dictionary<string, string?> { ["Jobs:Schedules:send-weekly-digest"] = cron }));

        Assert.StartsWith($"Jobs:Schedules:send-weekly-digest '{cron}' is not a valid cron expression", error.Message, StringComparison.Ordinal);
        // The admin sees this sentence only: Hangfire's own message points at an inner exception nobody is shown.
        Assert.DoesNotContain("inner exception", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_triggered_recurring_job_is_executed_by_the_Hangfire_server_on_PostgreSQL()
    {
        await using var database = await TestDatabase.CreateAsync();
        var inbox = Directory.CreateTempSubdirectory("jamsostek-inbox-");
        await using var worker = await RunningWorker.StartAsync(database, new Dictionary<string, string?> { ["Rosters:InboxPath"] = inbox.FullName });
        var manager = worker.Services.GetRequiredService<IRecurringJobManager>();
        var storage = worker.Services.GetRequiredService<JobStorage>();

        manager.Trigger("pull-roster-updates");
        var state = await Eventually.ReturnsAsync(
            () => Task.FromResult(LastJobState(storage, "pull-roster-updates")),
            s => s is "Succeeded" or "Failed");

        Assert.Equal("Succeeded", state);
        inbox.Delete(recursive: true);
    }

    [Theory]
    [InlineData(PullRosterUpdatesJob.Id, "Rosters:InboxPath")]
    [InlineData(SyncMembershipJob.Id, "Membership:InboxPath")]
    public async Task A_job_whose_inbox_does_not_exist_fails_at_once_naming_the_key_rather_than_being_retried(string job, string key)
    {
        await using var database = await TestDatabase.CreateAsync();
        var mistyped = Path.Combine(Path.GetTempPath(), $"jamsostek-inbox-salah-ketik-{Guid.NewGuid():N}");
        await using var worker = await RunningWorker.StartAsync(database, new Dictionary<string, string?> { [key] = mistyped });

        var run = await TriggeredRunAsync(worker, job);

        Assert.Equal(("Failed", null), (run.State, run.RetryCount));
        Assert.Equal($"{key} ({mistyped}) does not exist: create the folder (the worker makes its archive/ and the others inside) or correct the setting.", run.Exception);
        Assert.Equal(typeof(OptionsValidationException).FullName, run.ExceptionType);
    }

    [Fact]
    public async Task The_roster_job_whose_feed_token_is_refused_fails_at_once_as_a_setting_to_renew_rather_than_being_retried()
    {
        await using var database = await TestDatabase.CreateAsync();
        using var feed = WireMockServer.Start(new WireMockServerSettings { Urls = [$"http://127.0.0.1:{LoopbackPort.Free()}"] });
        feed.Given(Request.Create().UsingGet()).RespondWith(Response.Create().WithStatusCode(401));
        await using var worker = await RunningWorker.StartAsync(database, new Dictionary<string, string?>
        {
            ["Rosters:Feeds:0:Name"] = "serang-gabungan",
            ["Rosters:Feeds:0:BaseUrl"] = feed.Url,
            ["Rosters:Feeds:0:Token"] = "feed-token-for-tests",
            ["Rosters:Feeds:0:KodeDesa:0"] = "3604052001",
        });

        var run = await TriggeredRunAsync(worker, PullRosterUpdatesJob.Id);

        Assert.Equal(("Failed", null), (run.State, run.RetryCount));
        Assert.Contains("the server refused the feed's token", run.Exception, StringComparison.Ordinal);
        Assert.EndsWith("renew Rosters:Feeds:0:Token and run pull roster again.", run.Exception, StringComparison.Ordinal);
        // What pull roster exits 2 for, as a missing inbox: a setting to correct, where the job called it rejected input.
        Assert.Equal(typeof(OptionsValidationException).FullName, run.ExceptionType);
    }

    /// <summary>Triggers a recurring job and waits for its run to end: succeeded, failed, or scheduled again for a retry.</summary>
    private static async Task<(string? State, string? Exception, string? ExceptionType, string? RetryCount)> TriggeredRunAsync(RunningWorker worker, string recurringJobId)
    {
        worker.Services.GetRequiredService<IRecurringJobManager>().Trigger(recurringJobId);
        var storage = worker.Services.GetRequiredService<JobStorage>();
        return await Eventually.ReturnsAsync(
            () => Task.FromResult(LastRun(storage, recurringJobId)),
            r => r.State is "Succeeded" or "Failed" or "Scheduled");
    }

    private static (string? State, string? Exception, string? ExceptionType, string? RetryCount) LastRun(JobStorage storage, string recurringJobId)
    {
        using var connection = storage.GetConnection();
        var jobId = connection.GetRecurringJobs([recurringJobId]).Single().LastJobId;
        if (jobId is null)
        {
            return (null, null, null, null);
        }

        var state = connection.GetStateData(jobId);
        return (state?.Name, Data("ExceptionMessage"), Data("ExceptionType"), connection.GetJobParameter(jobId, "RetryCount"));

        string? Data(string key) => state is not null && state.Data.TryGetValue(key, out var value) ? value : null;
    }

    private static string? LastJobState(JobStorage storage, string recurringJobId)
    {
        using var connection = storage.GetConnection();
        var jobId = connection.GetRecurringJobs([recurringJobId]).Single().LastJobId;
        return jobId is null ? null : connection.GetJobData(jobId)?.State;
    }
}
