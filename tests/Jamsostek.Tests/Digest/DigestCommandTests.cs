using Dapper;
using Jamsostek.Digest;
using Jamsostek.Tests.Infrastructure;
using Jamsostek.Worker.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Jamsostek.Tests.Digest;

[Collection(HangfireHostCollection.Name)]
public sealed class DigestCommandTests
{
    [Fact]
    public async Task Recipients_are_added_listed_and_removed_from_the_command_line_without_a_redeploy()
    {
        await using var database = await TestDatabase.CreateAsync();
        var settings = database.Settings();

        var add = await WorkerProcess.RunAsync(["digest", "recipients", "add", "--email", "camat@serangkab.test", "--scope", "360405", "--name", "Camat Kramatwatu", "--full-nik"], settings);
        var listed = await WorkerProcess.RunAsync(["digest", "recipients", "list"], settings);
        var remove = await WorkerProcess.RunAsync(["digest", "recipients", "remove", "--email", "camat@serangkab.test"], settings);
        var after = await WorkerProcess.RunAsync(["digest", "recipients", "list"], settings);

        Assert.True(add.ExitCode == 0, add.Stderr);
        Assert.Contains("camat@serangkab.test\t360405\tfull-nik\tno digest yet\tCamat Kramatwatu", listed.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, remove.ExitCode);
        Assert.Contains("0 recipients.", after.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Updating_a_recipient_without_a_name_keeps_its_greeting_and_withdraws_full_niks()
    {
        await using var database = await TestDatabase.CreateAsync();
        var settings = database.Settings();

        await WorkerProcess.RunAsync(["digest", "recipients", "add", "--email", "camat@serangkab.test", "--scope", "360405", "--name", "Camat Kramatwatu", "--full-nik"], settings);
        var update = await WorkerProcess.RunAsync(["digest", "recipients", "add", "--email", "camat@serangkab.test", "--scope", "360406"], settings);
        var listed = await WorkerProcess.RunAsync(["digest", "recipients", "list"], settings);

        Assert.Equal("Recipient updated.", update.Stdout.Trim());
        Assert.Contains("camat@serangkab.test\t360406\tmasked-nik\tno digest yet\tCamat Kramatwatu", listed.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Recipients_list_refuses_a_week_the_year_does_not_have()
    {
        await using var database = await TestDatabase.CreateAsync();

        var run = await WorkerProcess.RunAsync(["digest", "recipients", "list", "--week", "2025-W53"], database.Settings());

        Assert.Equal(ExitCodes.WrongUsage, run.ExitCode);
        Assert.Contains("--week '2025-W53' is not an ISO week: 2025 has 52 ISO weeks.", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Digest_send_and_preview_from_the_command_line_print_a_one_line_summary()
    {
        await using var smtp = await SmtpServer.StartAsync();
        await using var database = await TestDatabase.CreateAsync();
        var settings = database.Settings(smtp.Settings());
        var folder = Directory.CreateTempSubdirectory("jamsostek-preview-");
        await new DigestTestData(database).DailyCountAsync(new DateOnly(2026, 11, 22), DigestTestData.DesaKramatwatu, "COVERED", 3);
        var nobody = await WorkerProcess.RunAsync(["digest", "preview", "--out", folder.FullName, "--week", "2026-W47"], settings);
        await WorkerProcess.RunAsync(["digest", "recipients", "add", "--email", "camat@serangkab.test", "--scope", "360405"], settings);

        var preview = await WorkerProcess.RunAsync(["digest", "preview", "--out", folder.FullName, "--week", "2026-W47"], settings);
        var send = await WorkerProcess.RunAsync(["digest", "send", "--week", "2026-W47"], settings);
        var again = await WorkerProcess.RunAsync(["digest", "send", "--week", "2026-W47"], settings);

        Assert.True(send.ExitCode == 0, send.Stderr);
        Assert.StartsWith("Wrote no digest preview to ", nobody.Stdout, StringComparison.Ordinal);
        Assert.Contains("there are no recipients (`digest recipients seed`", nobody.Stdout, StringComparison.Ordinal);
        Assert.Equal($"Wrote 1 digest preview to {folder.FullName}.", preview.Stdout.Trim());
        Assert.Equal(["2026-W47-360405-recipient-1.eml", "2026-W47-360405-recipient-1.html"], folder.GetFiles().Select(f => f.Name).Order());
        if (!OperatingSystem.IsWindows())
        {
            // A preview holds personal data (full NIKs for a recipient who may see them): its owner's only.
            Assert.All(folder.GetFiles(), f => Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, f.UnixFileMode));
        }

        Assert.Equal("Week 2026-W47: rendered 1, sent 1, refused 0.", send.Stdout.Trim());
        Assert.Equal("Week 2026-W47: rendered 0, sent 0, refused 0.", again.Stdout.Trim());
        Assert.Single(smtp.Messages());
        folder.Delete(recursive: true);
    }

    [Fact]
    public async Task Digest_send_with_a_login_the_mail_server_refuses_is_wrong_configuration_with_exit_code_2_naming_the_keys()
    {
        await using var smtp = await SmtpServer.StartWithLoginAsync("operator.ringkasan", "sandi-yang-benar");
        await using var database = await TestDatabase.CreateAsync();
        var settings = database.Settings(new Dictionary<string, string?>(smtp.Settings())
        {
            ["Digest:Smtp:Username"] = "operator.ringkasan",
            ["Digest:Smtp:Password"] = "sandi-yang-salah",
        });
        await new DigestTestData(database).DailyCountAsync(new DateOnly(2026, 11, 22), DigestTestData.DesaKramatwatu, "COVERED", 3);
        await WorkerProcess.RunAsync(["digest", "recipients", "add", "--email", "camat@serangkab.test", "--scope", "360405"], settings);

        var send = await WorkerProcess.RunAsync(["digest", "send", "--week", "2026-W47"], settings);

        Assert.Equal(2, send.ExitCode);
        // The sentence is stderr's last line, after the log's.
        Assert.StartsWith("The mail server of Digest:Smtp refused its login: check Digest:Smtp:Username and Digest:Smtp:Password", send.Stderr.Trim().Split('\n')[^1], StringComparison.Ordinal);
        Assert.DoesNotContain("sandi", send.Stderr + send.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("operator.ringkasan", send.Stderr + send.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Digest:Smtp:Security", "StartTls", "does not offer STARTTLS, which Digest:Smtp:Security asks for")]
    [InlineData("Digest:Smtp:Username", "operator.ringkasan", "offers no login, yet Digest:Smtp:Username is set")]
    public async Task Digest_send_asking_what_the_mail_server_does_not_offer_is_wrong_configuration_with_exit_code_2_naming_the_key(string key, string value, string sentence)
    {
        // aiosmtpd as configured here offers neither STARTTLS nor a login.
        await using var smtp = await SmtpServer.StartAsync();
        await using var database = await TestDatabase.CreateAsync();
        var settings = database.Settings(new Dictionary<string, string?>(smtp.Settings()) { [key] = value, ["Digest:Smtp:Password"] = "sandi" });
        await new DigestTestData(database).DailyCountAsync(new DateOnly(2026, 11, 22), DigestTestData.DesaKramatwatu, "COVERED", 3);
        await WorkerProcess.RunAsync(["digest", "recipients", "add", "--email", "camat@serangkab.test", "--scope", "360405"], settings);

        var send = await WorkerProcess.RunAsync(["digest", "send", "--week", "2026-W47"], settings);

        Assert.True(send.ExitCode == 2, $"exit {send.ExitCode}: {send.Stderr}");
        Assert.Contains(sentence, send.Stderr.Trim().Split('\n')[^1], StringComparison.Ordinal);
        Assert.DoesNotContain("sandi", send.Stderr + send.Stdout, StringComparison.Ordinal);
        Assert.Empty(smtp.Messages());
    }

    [Theory]
    [InlineData("3603")]
    [InlineData("9999")]
    [InlineData("3604059999")]
    [InlineData("36040")]
    public async Task A_scope_outside_Kabupaten_Serang_is_wrong_usage_with_exit_code_2_naming_the_option_as_for_export(string scope)
    {
        await using var database = await TestDatabase.CreateAsync();

        var run = await WorkerProcess.RunAsync(["digest", "recipients", "add", "--email", "x@serangkab.test", "--scope", scope], database.Settings());

        Assert.Equal(2, run.ExitCode);
        Assert.Equal($"--scope '{scope}' is not Kabupaten Serang (3604), one of its kecamatan (6 digits) or one of its desa (10 digits).", run.Stderr.Trim());
        Assert.Equal(0, await RecipientRowsAsync(database));
    }

    [Theory]
    [InlineData("add", "bukan alamat")]
    [InlineData("add", "Camat <camat@serangkab.test>")]
    [InlineData("add", "camat@serangkab.test, sekda@serangkab.test")]
    [InlineData("remove", "bukan alamat")]
    public async Task An_email_that_is_not_one_plain_address_is_wrong_usage_with_exit_code_2(string command, string email)
    {
        await using var database = await TestDatabase.CreateAsync();
        string[] arguments = command == "add"
            ? ["digest", "recipients", "add", "--email", email, "--scope", "360405"]
            : ["digest", "recipients", "remove", "--email", email];

        var run = await WorkerProcess.RunAsync(arguments, database.Settings());

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("--email is not an email address such as camat@serangkab.go.id.", run.Stderr.Trim());
        Assert.Equal(0, await RecipientRowsAsync(database));
    }

    [Fact]
    public async Task A_name_of_more_than_one_line_is_wrong_usage_with_exit_code_2()
    {
        await using var database = await TestDatabase.CreateAsync();

        var run = await WorkerProcess.RunAsync(
            ["digest", "recipients", "add", "--email", "camat@serangkab.test", "--scope", "360405", "--name", "Camat\nBcc: lain@contoh.test"], database.Settings());

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(DigestRecipients.NameRefusal, run.Stderr.Trim());
        Assert.Equal(0, await RecipientRowsAsync(database));
    }

    [Fact]
    public async Task Seeding_with_a_domain_that_is_not_a_mail_domain_is_wrong_usage_and_removing_an_unknown_address_is_input_rejected()
    {
        await using var database = await TestDatabase.CreateAsync();

        var seed = await WorkerProcess.RunAsync(["digest", "recipients", "seed", "--domain", "admin@serangkab.test"], database.Settings());
        var remove = await WorkerProcess.RunAsync(["digest", "recipients", "remove", "--email", "siapa@serangkab.test"], database.Settings());

        Assert.Equal(2, seed.ExitCode);
        Assert.Equal("--domain is not a mail domain such as serangkab.go.id.", seed.Stderr.Trim());
        Assert.Equal(0, await RecipientRowsAsync(database));
        // Well-formed, but nobody by that address receives digests: what the data says, as `review accept` of an unknown ID.
        Assert.Equal(1, remove.ExitCode);
        Assert.Equal("--email is not an active digest recipient.", remove.Stderr.Trim());
    }

    [Theory]
    [InlineData("send", 0, "is the current week")]
    [InlineData("send", 7, "is after the current week")]
    [InlineData("send", 56, "is after the current week")]
    [InlineData("preview", 7, "is after the current week")]
    public async Task A_week_that_has_not_ended_is_wrong_usage_for_send_and_a_later_one_for_preview_and_nothing_is_recorded(string command, int daysAhead, string reason)
    {
        await using var smtp = await SmtpServer.StartAsync();
        await using var database = await TestDatabase.CreateAsync();
        var settings = database.Settings(smtp.Settings());
        var today = BusinessDay.Today(TimeProvider.System);
        var week = IsoWeek.Containing(today.AddDays(daysAhead));
        var data = new DigestTestData(database);
        // Even a week with figures (the current one, reconciled today): sending it now would use it up before it ends.
        await data.PersonAsync(DigestTestData.DesaKramatwatu, "NOT_REGISTERED", asOf: today);
        await data.SnapshotDailyCountsAsync(today);
        await WorkerProcess.RunAsync(["digest", "recipients", "add", "--email", "camat@serangkab.test", "--scope", "360405"], settings);
        var folder = Directory.CreateTempSubdirectory("jamsostek-preview-");
        string[] arguments = command == "send"
            ? ["digest", "send", "--week", week.ToString()]
            : ["digest", "preview", "--out", folder.FullName, "--week", week.ToString()];

        var run = await WorkerProcess.RunAsync(arguments, settings);

        Assert.Equal(2, run.ExitCode);
        var sentence = Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"--week {week} {reason}", sentence, StringComparison.Ordinal);
        Assert.Equal(0, await OutboxRowsAsync(database));
        Assert.Empty(smtp.Messages());
        Assert.Empty(folder.GetFiles());
        folder.Delete(recursive: true);
    }

    [Fact]
    public async Task The_current_week_may_be_previewed_so_far()
    {
        await using var database = await TestDatabase.CreateAsync();
        var settings = database.Settings();
        var today = BusinessDay.Today(TimeProvider.System);
        var data = new DigestTestData(database);
        await data.PersonAsync(DigestTestData.DesaKramatwatu, "NOT_REGISTERED", asOf: today);
        await data.SnapshotDailyCountsAsync(today);
        await WorkerProcess.RunAsync(["digest", "recipients", "add", "--email", "camat@serangkab.test", "--scope", "360405"], settings);
        var folder = Directory.CreateTempSubdirectory("jamsostek-preview-");

        var run = await WorkerProcess.RunAsync(["digest", "preview", "--out", folder.FullName, "--week", IsoWeek.Containing(today).ToString()], settings);

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal(2, folder.GetFiles().Length);
        Assert.Equal(0, await OutboxRowsAsync(database));
        folder.Delete(recursive: true);
    }

    [Theory]
    [InlineData("send")]
    [InlineData("preview")]
    public async Task A_week_without_a_reconciled_day_is_input_rejected_naming_the_week_and_nothing_is_sent_or_recorded(string command)
    {
        await using var smtp = await SmtpServer.StartAsync();
        await using var database = await TestDatabase.CreateAsync();
        var settings = database.Settings(smtp.Settings());
        var data = new DigestTestData(database);
        // Today's people (and the week before's figures) exist; the week asked for has no reconciled day.
        await data.PersonAsync(DigestTestData.DesaKramatwatu, "NOT_REGISTERED");
        await data.SnapshotDailyCountsAsync(new DateOnly(2026, 11, 15));
        await WorkerProcess.RunAsync(["digest", "recipients", "add", "--email", "camat@serangkab.test", "--scope", "360405"], settings);
        var folder = Directory.CreateTempSubdirectory("jamsostek-preview-");
        string[] arguments = command == "send"
            ? ["digest", "send", "--week", "2026-W47"]
            : ["digest", "preview", "--out", folder.FullName, "--week", "2026-W47"];

        var run = await WorkerProcess.RunAsync(arguments, settings);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(
            command == "send"
                ? "Week 2026-W47 (2026-11-16 to 2026-11-22) has no reconciled day, so no digest of it was sent or recorded: reconcile a day of it (reconcile --as-of YYYY-MM-DD), then send it again."
                : "Week 2026-W47 (2026-11-16 to 2026-11-22) has no reconciled day, so it has no digest to preview: reconcile a day of it (reconcile --as-of YYYY-MM-DD), or preview a week that has one (--week YYYY-Www).",
            run.Stderr.Trim());
        Assert.Equal(0, await OutboxRowsAsync(database));
        Assert.Empty(smtp.Messages());
        Assert.Empty(folder.GetFiles());
        folder.Delete(recursive: true);
    }

    [Fact]
    public async Task Preview_into_a_file_or_under_a_missing_folder_is_wrong_usage_naming_out()
    {
        await using var database = await TestDatabase.CreateAsync();
        var folder = Directory.CreateTempSubdirectory("jamsostek-preview-");
        var file = Path.Combine(folder.FullName, "coverage.csv");
        await File.WriteAllTextAsync(file, "kode_desa\n");
        var missing = Path.Combine(folder.FullName, "tidak-ada", "digest");

        var intoFile = await WorkerProcess.RunAsync(["digest", "preview", "--out", file, "--week", "2026-W47"], database.Settings());
        var underMissing = await WorkerProcess.RunAsync(["digest", "preview", "--out", missing, "--week", "2026-W47"], database.Settings());

        Assert.Equal((2, $"--out {file} is a file, not a folder."), (intoFile.ExitCode, intoFile.Stderr.Trim()));
        Assert.Equal((2, $"--out {missing}: the folder it would be made in does not exist."), (underMissing.ExitCode, underMissing.Stderr.Trim()));
        Assert.Equal("kode_desa\n", await File.ReadAllTextAsync(file));
        Assert.False(Directory.Exists(Path.GetDirectoryName(missing)));
        folder.Delete(recursive: true);
    }

    [Fact]
    public async Task A_week_that_is_not_an_ISO_week_is_wrong_usage()
    {
        var run = await WorkerProcess.RunAsync(["digest", "send", "--week", "2026-W60"], new Dictionary<string, string?>());

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--week", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Seeding_adds_one_recipient_for_the_regency_each_kecamatan_and_each_desa_and_a_second_seed_adds_none()
    {
        await using var database = await TestDatabase.CreateAsync();

        var first = await WorkerProcess.RunAsync(["digest", "recipients", "seed", "--domain", "serangkab.test"], database.Settings());
        var second = await WorkerProcess.RunAsync(["digest", "recipients", "seed", "--domain", "serangkab.test"], database.Settings());

        Assert.Contains("Added 356 default recipients.", first.Stdout, StringComparison.Ordinal);
        Assert.Contains("Added 0 default recipients.", second.Stdout, StringComparison.Ordinal);
        await using var connection = await database.DataSource.OpenConnectionAsync();
        var levels = (await connection.QueryAsync<(int Length, int Count)>(
            "SELECT char_length(scope_code), count(*)::int FROM digest.recipient GROUP BY 1 ORDER BY 1")).ToList();
        Assert.Equal([(4, 1), (6, 29), (10, 326)], levels);
    }

    [Theory]
    [InlineData("Digest:Smtp:From", "bukan alamat", "Digest:Smtp:From")]
    [InlineData("Digest:Smtp:From", "Jamsostek <jamsostek@localhost>", "Digest:Smtp:From is required with Digest:Smtp:Host")]
    [InlineData("Digest:Iuran:Jkk", "-1", "Digest:Iuran:Jkk")]
    [InlineData("Digest:BatchSize", "0", "Digest:BatchSize")]
    [InlineData("Digest:AttachmentMaxRows", "-1", "Digest:AttachmentMaxRows")]
    [InlineData("Digest:AttachmentMaxRows", "100001", "Digest:AttachmentMaxRows")]
    [InlineData("Digest:MembershipStaleDays", "0", "Digest:MembershipStaleDays")]
    [InlineData("Digest:StaleSnapshotDays", "0", "Digest:StaleSnapshotDays")]
    [InlineData("Digest:StaleSnapshotDays", "1000000", "Digest:StaleSnapshotDays")]
    [InlineData("Digest:PickupPath", "", "Digest:PickupPath")]
    [InlineData("Digest:Smtp:Username", "relay-user", "Digest:Smtp:Password")]
    [InlineData("Digest:Smtp:Timeout", "00:00:00", "Digest:Smtp:Timeout")]
    [InlineData("Digest:Smtp:Timeout", "60", "Digest:Smtp:Timeout")]
    [InlineData("Digest:ExpiringWithinDays", "30", "Digest:ExpiringWithinDays is no longer read")]
    public void A_wrong_digest_setting_stops_the_service_with_a_message_naming_the_key(string key, string value, string named)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Jamsostek"] = "Host=127.0.0.1;Database=unused",
            ["Dashboard:Users:0:Name"] = "admin",
            ["Dashboard:Users:0:PasswordHash"] = Worker.Dashboard.PasswordHash.Create("secret"),
            ["Dashboard:Users:0:Role"] = "Admin",
            ["Digest:Smtp:Host"] = key.StartsWith("Digest:Smtp:", StringComparison.Ordinal) ? "127.0.0.1" : "",
            [key] = value,
        };

        var error = Assert.Throws<OptionsValidationException>(() =>
        {
            using var app = ServeCommand.Build([.. settings.Select(kv => $"--{kv.Key}={kv.Value}")]);
            app.Services.GetRequiredService<IStartupValidator>().Validate();
        });

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    private static async Task<int> OutboxRowsAsync(TestDatabase database)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM digest.outbox");
    }

    private static async Task<int> RecipientRowsAsync(TestDatabase database)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM digest.recipient");
    }
}
