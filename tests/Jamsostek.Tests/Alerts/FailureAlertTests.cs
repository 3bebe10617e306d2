using System.Globalization;
using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Hangfire.Storage;
using Jamsostek.Digest;
using Jamsostek.Jobs;
using Jamsostek.Tests.Infrastructure;
using Jamsostek.Tests.Rosters;
using Microsoft.Extensions.DependencyInjection;
using static Jamsostek.Tests.Rosters.RosterDatabase;

namespace Jamsostek.Tests.Alerts;

/// <summary>
/// The admins' email when a job of the service fails for good: the real <c>serve</c> host (its Hangfire server, filters and
/// jobs) on PostgreSQL, the mail received by a real SMTP server.
/// </summary>
[Collection(HangfireHostCollection.Name)]
public sealed class FailureAlertTests
{
    private const string DashboardUrl = "https://jamsostek.serangkab.test/hangfire";

    /// <summary>The worker's settings: the SMTP server, two admins and the dashboard's address.</summary>
    private static Dictionary<string, string?> Settings(SmtpServer smtp, IDictionary<string, string?>? more = null)
    {
        var settings = new Dictionary<string, string?>(smtp.Settings())
        {
            ["Alerts:Recipients:0"] = "kesra@serangkab.test",
            ["Alerts:Recipients:1"] = "Disnaker <disnaker@serangkab.test>",
            ["Alerts:DashboardUrl"] = DashboardUrl,
        };
        foreach (var (key, value) in more ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return settings;
    }

    [Fact]
    public async Task A_job_that_fails_for_good_emails_the_admins_once_naming_it_when_and_why_with_a_link_and_nothing_personal()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var smtp = await SmtpServer.StartAsync();
        using var files = new RosterTestFiles();
        var inbox = Directory.CreateDirectory(Path.Combine(files.Folder, "inbox")).FullName;
        // A village's file without the role column: rejected whole, which fails the run without a retry (ExceptOn).
        File.Move(files.Csv("margasana.csv", "kode_desa,nik,nama", $"{Margasana},{Nik(2)},Budi Santoso"), Path.Combine(inbox, "margasana.csv"));
        await using var worker = await RunningWorker.StartAsync(database, Settings(smtp, new Dictionary<string, string?> { ["Rosters:InboxPath"] = inbox }));
        var storage = worker.Services.GetRequiredService<JobStorage>();

        worker.Services.GetRequiredService<IRecurringJobManager>().Trigger(PullRosterUpdatesJob.Id);
        var jobId = await Eventually.ReturnsAsync(() => Task.FromResult(LastJobId(storage, PullRosterUpdatesJob.Id)), id => id is not null);
        Assert.Equal("Failed", await AlertJobs.ReachesAsync(storage, jobId!, "Failed", "Succeeded"));
        await AlertJobs.SettledAsync(database);

        var message = Assert.Single(smtp.Messages());
        var (failedAt, reason) = AlertJobs.FailureOf(storage, jobId!);
        var wib = TimeZoneInfo.ConvertTimeFromUtc(failedAt, BusinessDay.TimeZone);
        Assert.Equal(["kesra@serangkab.test", "disnaker@serangkab.test"], message.To.Mailboxes.Select(m => m.Address));
        Assert.Equal("ringkasan@serangkab.test", message.From.Mailboxes.Single().Address);
        Assert.Equal("Jamsostek: job gagal, perlu tindakan admin: pull-roster-updates (Pull roster updates: OpenSID feeds, then the roster inbox)", message.Subject);
        var body = message.TextBody;
        Assert.Contains("Job: pull-roster-updates (Pull roster updates: OpenSID feeds, then the roster inbox)", body, StringComparison.Ordinal);
        Assert.Contains($"Nomor job: {jobId}", body, StringComparison.Ordinal);
        Assert.Contains($"Gagal pada: {DigestTemplates.FormatDate(DateOnly.FromDateTime(wib))} pukul {wib.ToString("HH'.'mm", CultureInfo.InvariantCulture)} WIB", body, StringComparison.Ordinal);
        Assert.Contains($"Penyebab: InputRejectedException: {reason}", body, StringComparison.Ordinal);
        Assert.Contains("File margasana.csv is rejected: the required column 'peran' (role) is missing", reason, StringComparison.Ordinal);
        Assert.Contains($"{DashboardUrl}/jobs/details/{jobId}", body, StringComparison.Ordinal);
        Assert.Contains("Requeue", body, StringComparison.Ordinal);
        // The file's person is not in it: only the run's own sentence is (SPEC 6).
        Assert.DoesNotContain(Nik(2), message.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Budi", message.ToString(), StringComparison.Ordinal);
        Assert.Equal(1, await AlertsRecordedAsync(database));
    }

    [Fact]
    public async Task A_desa_whose_pull_has_failed_for_longer_than_the_threshold_fails_the_hourly_job_without_a_retry_and_emails_the_admins_naming_it()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var smtp = await SmtpServer.StartAsync();
        await using (var connection = await database.DataSource.OpenConnectionAsync())
        {
            // Its server has not answered for two days; nothing listens on the feed's port now either.
            await Dapper.SqlMapper.ExecuteAsync(connection,
                "INSERT INTO roster.feed_pull (feed, kode_desa, failing_since) VALUES ('serang-gabungan', @Kramatwatu, now() - interval '2 days')", new { Kramatwatu });
        }

        await using var worker = await RunningWorker.StartAsync(database, Settings(smtp, new Dictionary<string, string?>
        {
            ["Rosters:Feeds:0:Name"] = "serang-gabungan",
            ["Rosters:Feeds:0:BaseUrl"] = $"http://127.0.0.1:{LoopbackPort.Free()}",
            ["Rosters:Feeds:0:Token"] = "feed-token-for-tests",
            ["Rosters:Feeds:0:KodeDesa:0"] = Kramatwatu,
            ["Rosters:MaxRetries"] = "0",
        }));
        var storage = worker.Services.GetRequiredService<JobStorage>();

        worker.Services.GetRequiredService<IRecurringJobManager>().Trigger(PullRosterUpdatesJob.Id);
        var jobId = await Eventually.ReturnsAsync(() => Task.FromResult(LastJobId(storage, PullRosterUpdatesJob.Id)), id => id is not null);
        Assert.Equal("Failed", await AlertJobs.ReachesAsync(storage, jobId!, "Failed", "Succeeded"));
        await AlertJobs.SettledAsync(database);

        // Failed at once, not after three retries: a failure that has lasted two days is for a person.
        Assert.DoesNotContain("Scheduled", History(storage, jobId!), StringComparison.Ordinal);
        var body = Assert.Single(smtp.Messages()).TextBody;
        Assert.Contains(
            $"Penyebab: RosterFeedFailingException: Rosters: 0 file(s) (0 unchanged, 0 rejected), 0 desa pulled (1 failed, 0 held back); ",
            body,
            StringComparison.Ordinal);
        Assert.Contains(
            $"OpenSID pulls have been failing for longer than Rosters:FeedFailingAlertAfter (1.00:00:00): feed serang-gabungan for desa {Kramatwatu} since ",
            body,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failed_shards_alert_names_its_kecamatan_by_name_and_code()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var smtp = await SmtpServer.StartAsync();
        await using var worker = await RunningWorker.StartAsync(database, Settings(smtp));
        var storage = worker.Services.GetRequiredService<JobStorage>();

        // Failed through the alert filter alone: the shard's retries would make a first failure a retry.
        var shard = worker.Services.GetRequiredService<IBackgroundJobClient>().Schedule<ReconcileKecamatanJob>(
            job => job.RunAsync("360405", "2026-12-06", 7L, CancellationToken.None), TimeSpan.FromDays(1));
        using (var connection = storage.GetConnection())
        {
            new BackgroundJobStateChanger(new JobFilterCollection { worker.Services.GetRequiredService<FailureAlertFilter>() }).ChangeState(new StateChangeContext(
                storage, connection, shard, new FailedState(new InvalidOperationException("The database restarted.")), ScheduledState.StateName));
        }

        await AlertJobs.SettledAsync(database);

        var body = Assert.Single(smtp.Messages()).TextBody;
        // 36.04.05 is Kramatwatu in sql/reference/serang_wilayah.csv.
        Assert.Contains("Job: Reconcile coverage of kecamatan 360405 as of 2026-12-06 (run 7)\nWilayah: Kecamatan Kramatwatu (360405)\n", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_retried_alert_sends_nothing_twice_and_a_job_failing_again_after_a_requeue_is_told_again_once()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var smtp = await SmtpServer.StartAsync();
        // Every failure emailed, however like the one before (the repeats are the next test's).
        await using var worker = await RunningWorker.StartAsync(database, Settings(smtp, new Dictionary<string, string?> { ["Alerts:RepeatAfter"] = "00:00:00" }));
        var storage = worker.Services.GetRequiredService<JobStorage>();
        var jobs = worker.Services.GetRequiredService<IBackgroundJobClient>();
        var week = WeeklyDigest.ReportWeekAt(DateTimeOffset.UtcNow);

        // The digest of a week without a reconciled day fails at once with its sentence (ExceptOn).
        worker.Services.GetRequiredService<IRecurringJobManager>().Trigger(SendWeeklyDigestJob.Id);
        var jobId = (await Eventually.ReturnsAsync(() => Task.FromResult(LastJobId(storage, SendWeeklyDigestJob.Id)), id => id is not null))!;
        await AlertJobs.ReachesAsync(storage, jobId, "Failed");
        await AlertJobs.SettledAsync(database);
        // The alert job run again for the same failure, as a retry after a crash past the send would.
        var again = jobs.Enqueue<SendFailureAlertJob>(job => job.RunAsync(jobId, CancellationToken.None));
        await AlertJobs.ReachesAsync(storage, again, "Succeeded", "Failed");
        var afterRetry = smtp.Messages().Count;
        // An admin requeues the job, and it fails again: a new failure.
        jobs.Requeue(jobId);
        await Eventually.ReturnsAsync(() => AlertJobs.AllAsync(database), all => all.Count == 3);
        await AlertJobs.SettledAsync(database, atLeast: 3);

        Assert.Equal(1, afterRetry);
        var messages = smtp.Messages();
        Assert.Equal(2, messages.Count);
        Assert.All(messages, m => Assert.Contains($"Penyebab: InputRejectedException: Week {week} (", m.TextBody, StringComparison.Ordinal));
        Assert.NotEqual(messages[0].MessageId, messages[1].MessageId);
        // RepeatAfter 0: no window to speak of.
        Assert.All(messages, m => Assert.DoesNotContain("hanya dicatat", m.TextBody, StringComparison.Ordinal));
        Assert.All(await AlertJobs.AllAsync(database), alert => Assert.Equal((jobId, "Succeeded"), (alert.FailedJobId, alert.State)));
        Assert.Equal(2, await AlertsRecordedAsync(database));
    }

    [Fact]
    public async Task A_failure_with_the_cause_of_one_emailed_within_RepeatAfter_is_recorded_not_emailed_and_counted_in_the_next_email()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var smtp = await SmtpServer.StartAsync();
        var window = TimeSpan.FromSeconds(10);
        await using var worker = await RunningWorker.StartAsync(database, Settings(smtp, new Dictionary<string, string?> { ["Alerts:RepeatAfter"] = window.ToString() }));
        var storage = worker.Services.GetRequiredService<JobStorage>();
        var jobs = worker.Services.GetRequiredService<IBackgroundJobClient>();

        // The same job failing for the same reason three times: twice within the window, once after it.
        var fails = jobs.Enqueue(() => AlertTestJobs.FailsForGood());
        await AlertJobs.ReachesAsync(storage, fails, "Failed");
        await AlertJobs.SettledAsync(database);
        var firstEmailed = DateTime.UtcNow;
        jobs.Requeue(fails);
        await Eventually.ReturnsAsync(() => AlertJobs.AllAsync(database), all => all.Count == 2);
        await AlertJobs.SettledAsync(database, atLeast: 2);
        var withinWindow = smtp.Messages().Count;
        await Task.Delay(firstEmailed + window + TimeSpan.FromSeconds(1) - DateTime.UtcNow is { Ticks: > 0 } wait ? wait : TimeSpan.Zero);
        jobs.Requeue(fails);
        await Eventually.ReturnsAsync(() => AlertJobs.AllAsync(database), all => all.Count == 3);
        await AlertJobs.SettledAsync(database, atLeast: 3);

        Assert.Equal(1, withinWindow);
        var messages = smtp.Messages();
        Assert.Equal(2, messages.Count);
        Assert.DoesNotContain("tanpa email", messages[0].TextBody, StringComparison.Ordinal);
        Assert.Contains("dalam 10 detik sejak email terakhirnya hanya dicatat", messages[0].TextBody, StringComparison.Ordinal);
        Assert.Contains("kegagalan ini terjadi lagi 1 kali tanpa email", messages[1].TextBody, StringComparison.Ordinal);
        Assert.Equal(3, await AlertsRecordedAsync(database));
    }

    [Fact]
    public async Task A_librarys_exception_is_named_by_its_type_only_since_its_words_may_quote_the_data()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var smtp = await SmtpServer.StartAsync();
        await using var worker = await RunningWorker.StartAsync(database, Settings(smtp));
        var storage = worker.Services.GetRequiredService<JobStorage>();

        var fails = worker.Services.GetRequiredService<IBackgroundJobClient>().Enqueue(() => AlertTestJobs.FailsInALibrary());
        await AlertJobs.ReachesAsync(storage, fails, "Failed");
        await AlertJobs.SettledAsync(database);

        var body = Assert.Single(smtp.Messages()).TextBody;
        Assert.Contains("Penyebab: JsonException: (pesan pustaka ini tidak disalin ke email", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Budi", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Jobs_that_succeed_or_fail_once_and_succeed_on_their_retry_email_nobody()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var smtp = await SmtpServer.StartAsync();
        await using var worker = await RunningWorker.StartAsync(database, Settings(smtp));
        var storage = worker.Services.GetRequiredService<JobStorage>();
        var jobs = worker.Services.GetRequiredService<IBackgroundJobClient>();

        var succeeds = jobs.Enqueue(() => AlertTestJobs.Succeeds());
        var retried = jobs.Enqueue(() => AlertTestJobs.FailsOnceThenSucceeds(Guid.NewGuid().ToString("N")));
        var retriedState = await AlertJobs.ReachesAsync(storage, retried, "Succeeded", "Failed");
        var succeededState = await AlertJobs.ReachesAsync(storage, succeeds, "Succeeded", "Failed");
        // Then one that fails for good: its alert, and only its, is the one email.
        var fails = jobs.Enqueue(() => AlertTestJobs.FailsForGood());
        await AlertJobs.ReachesAsync(storage, fails, "Failed");
        await AlertJobs.SettledAsync(database);

        Assert.Equal(("Succeeded", "Succeeded"), (retriedState, succeededState));
        Assert.Contains("Retry attempt 1 of 1", History(storage, retried), StringComparison.Ordinal);
        Assert.Equal([fails], (await AlertJobs.AllAsync(database)).Select(a => a.FailedJobId));
        var message = Assert.Single(smtp.Messages());
        Assert.Contains($"Nomor job: {fails}", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("Job: AlertTestJobs.FailsForGood", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("Penyebab: InvalidOperationException: This job always fails.", message.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_alert_jobs_own_failure_after_its_retries_is_told_to_nobody()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var smtp = await SmtpServer.StartAsync();
        // The mail server is down for the whole test: every alert fails to send.
        smtp.Stop();
        await using var worker = await RunningWorker.StartAsync(database, Settings(smtp));
        var storage = worker.Services.GetRequiredService<JobStorage>();
        var jobs = worker.Services.GetRequiredService<IBackgroundJobClient>();

        var fails = jobs.Enqueue(() => AlertTestJobs.FailsForGood());
        var alert = await Eventually.ReturnsAsync(() => AlertJobs.AllAsync(database), all => all.Any(a => a.State == "Scheduled"));
        var alertId = Assert.Single(alert).Id;
        // Its retries spent, as after the last of them (an hour apart), then run once more.
        using (var connection = storage.GetConnection())
        {
            connection.SetJobParameter(alertId, "RetryCount", "3");
        }

        jobs.Requeue(alertId);
        var state = await AlertJobs.ReachesAsync(storage, alertId, "Failed", "Succeeded");

        Assert.Equal("Failed", state);
        Assert.StartsWith($"The mail server of Digest:Smtp did not take the alert that job {fails} failed (SocketException ConnectionRefused)", AlertJobs.FailureOf(storage, alertId).Message, StringComparison.Ordinal);
        // No alert of the alert: the filter runs inside the state change, so one would be there already.
        Assert.Equal([(alertId, fails)], (await AlertJobs.AllAsync(database)).Select(a => (a.Id, a.FailedJobId)));
        Assert.Equal(0, await AlertsRecordedAsync(database));
    }

    [Fact]
    public async Task An_alert_whose_login_the_mail_server_refuses_fails_at_once_naming_the_settings_rather_than_retrying_for_an_hour()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var smtp = await SmtpServer.StartWithLoginAsync("operator.ringkasan", "sandi-yang-benar");
        await using var worker = await RunningWorker.StartAsync(database, Settings(smtp, new Dictionary<string, string?>
        {
            ["Digest:Smtp:Username"] = "operator.ringkasan",
            ["Digest:Smtp:Password"] = "sandi-yang-salah",
        }));
        var storage = worker.Services.GetRequiredService<JobStorage>();

        var fails = worker.Services.GetRequiredService<IBackgroundJobClient>().Enqueue(() => AlertTestJobs.FailsForGood());
        await AlertJobs.ReachesAsync(storage, fails, "Failed");
        // Retried, the alert job would move on to Scheduled, an hour of retries ahead.
        var alert = await Eventually.ReturnsAsync(() => AlertJobs.AllAsync(database), all => all.Any(a => a.State is "Failed" or "Scheduled" or "Succeeded"));

        var (id, state, _) = Assert.Single(alert);
        Assert.Equal("Failed", state);
        var reason = AlertJobs.FailureOf(storage, id).Message;
        Assert.StartsWith("The mail server of Digest:Smtp refused its login: check Digest:Smtp:Username and Digest:Smtp:Password", reason, StringComparison.Ordinal);
        Assert.DoesNotContain("operator.ringkasan", reason, StringComparison.Ordinal);
        Assert.Empty(smtp.Messages());
        Assert.Equal(0, await AlertsRecordedAsync(database));
    }

    [Fact]
    public async Task An_alert_that_cannot_set_up_TLS_is_retried_and_its_failure_names_Digest_Smtp_Security_and_the_certificate()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var smtp = await SmtpServer.StartAsync();
        // TLS on connect to a server that speaks plain SMTP: MailKit's SslHandshakeException.
        await using var worker = await RunningWorker.StartAsync(database, Settings(smtp, new Dictionary<string, string?> { ["Digest:Smtp:Security"] = "SslOnConnect" }));
        var storage = worker.Services.GetRequiredService<JobStorage>();
        var jobs = worker.Services.GetRequiredService<IBackgroundJobClient>();

        var fails = jobs.Enqueue(() => AlertTestJobs.FailsForGood());
        var alert = await Eventually.ReturnsAsync(() => AlertJobs.AllAsync(database), all => all.Any(a => a.State is "Scheduled" or "Failed"));
        var (alertId, retried, _) = Assert.Single(alert);
        // Its retries spent, as after the last of them, then run once more: the failure it ends with.
        using (var connection = storage.GetConnection())
        {
            connection.SetJobParameter(alertId, "RetryCount", "3");
        }

        jobs.Requeue(alertId);
        await AlertJobs.ReachesAsync(storage, alertId, "Failed", "Succeeded");

        Assert.Equal("Scheduled", retried);
        Assert.StartsWith(
            $"The mail server of Digest:Smtp did not take the alert that job {fails} failed (SslHandshakeException); check Digest:Smtp:Security (StartTls or SslOnConnect, ",
            AlertJobs.FailureOf(storage, alertId).Message,
            StringComparison.Ordinal);
        Assert.Empty(smtp.Messages());
    }

    /// <remarks>Without an SMTP host the alert is a file in the digest's pickup folder, as a digest is.</remarks>
    [Theory]
    [InlineData(null, 0)]
    [InlineData("kesra@serangkab.test", 1)]
    public async Task An_alert_job_is_enqueued_for_a_failure_only_when_recipients_are_configured(string? recipient, int alertJobs)
    {
        await using var database = await TestDatabase.CreateAsync();
        var pickup = Directory.CreateTempSubdirectory("jamsostek-pickup-");
        var settings = new Dictionary<string, string?> { ["Digest:PickupPath"] = pickup.FullName };
        if (recipient is not null)
        {
            settings["Alerts:Recipients:0"] = recipient;
        }

        await using var worker = await RunningWorker.StartAsync(database, settings);
        var storage = worker.Services.GetRequiredService<JobStorage>();

        var fails = worker.Services.GetRequiredService<IBackgroundJobClient>().Enqueue(() => AlertTestJobs.FailsForGood());
        await AlertJobs.ReachesAsync(storage, fails, "Failed");

        // Enqueued, if at all, inside the state change that failed the job: there by now.
        Assert.Equal(alertJobs, (await AlertJobs.AllAsync(database)).Count);
        await AlertJobs.SettledAsync(database, atLeast: alertJobs);
        Assert.Equal(alertJobs, pickup.GetFiles($"alert-job-{fails}-*.eml").Length);
        pickup.Delete(recursive: true);
    }

    private static string? LastJobId(JobStorage storage, string recurringJobId)
    {
        using var connection = storage.GetConnection();
        return connection.GetRecurringJobs([recurringJobId]).Single().LastJobId;
    }

    private static string History(JobStorage storage, string jobId) =>
        string.Join("\n", storage.GetMonitoringApi().JobDetails(jobId).History.Select(h => $"{h.StateName}: {h.Reason}"));

    private static Task<int> AlertsRecordedAsync(TestDatabase database) => AlertJobs.AlertsRecordedAsync(database);
}
