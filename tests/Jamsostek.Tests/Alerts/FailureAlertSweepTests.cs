using Dapper;
using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Hangfire.Storage;
using Jamsostek.Jobs;
using Jamsostek.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Jamsostek.Tests.Alerts;

/// <summary>
/// The failures the alert filter never sees, told by <c>sweep-failure-alerts</c>: the real <c>serve</c> host on PostgreSQL,
/// the mail received by a real SMTP server. Hangfire applies such a Failed state with every filter disabled (its last
/// resort after a state change failed 10 times, or when a state filter threw); the tests apply it through a state changer
/// without filters, on a job scheduled for tomorrow so that no worker runs it meanwhile.
/// </summary>
[Collection(HangfireHostCollection.Name)]
public sealed class FailureAlertSweepTests
{
    /// <summary>Scheduled for tomorrow, a job no worker runs during the test: the test fails it.</summary>
    private static readonly TimeSpan Tomorrow = TimeSpan.FromDays(1);

    /// <summary>The worker's settings: the SMTP server, an admin, and no grace, so a test need not wait for the sweep.</summary>
    private static Dictionary<string, string?> Settings(SmtpServer smtp) => new(smtp.Settings())
    {
        ["Alerts:Recipients:0"] = "kesra@serangkab.test",
        ["Alerts:SweepGrace"] = "00:00:00",
    };

    [Fact]
    public async Task A_failure_applied_with_every_filter_disabled_is_emailed_once_by_the_sweep_even_by_two_at_once()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var smtp = await SmtpServer.StartAsync();
        await using var worker = await RunningWorker.StartAsync(database, Settings(smtp));
        var storage = worker.Services.GetRequiredService<JobStorage>();
        var jobs = worker.Services.GetRequiredService<IBackgroundJobClient>();

        var missed = FailWithoutFilters(worker, jobs.Schedule(() => AlertTestJobs.FailsForGood(), Tomorrow), "Failed to change state to a 'Succeeded' one.");
        // Two sweeps at once, as two servers' would be, then the next one.
        string[] together = [jobs.Enqueue<SweepFailureAlertsJob>(job => job.RunAsync(CancellationToken.None)), jobs.Enqueue<SweepFailureAlertsJob>(job => job.RunAsync(CancellationToken.None))];
        foreach (var sweep in together)
        {
            Assert.Equal("Succeeded", await AlertJobs.ReachesAsync(storage, sweep, "Succeeded", "Failed"));
        }

        await SweepAsync(worker);

        Assert.Empty(await AlertJobs.AllAsync(database));
        var message = Assert.Single(smtp.Messages());
        Assert.Contains($"Nomor job: {missed}", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("Job: AlertTestJobs.FailsForGood", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("Penyebab: InvalidOperationException: Failed to change state to a 'Succeeded' one.", message.TextBody, StringComparison.Ordinal);
        Assert.Equal(1, await AlertJobs.AlertsRecordedAsync(database));
        Assert.Equal("Failed", AlertJobs.StateOf(storage, missed));
    }

    [Fact]
    public async Task A_failure_the_filter_told_is_not_emailed_again_by_the_sweep()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var smtp = await SmtpServer.StartAsync();
        await using var worker = await RunningWorker.StartAsync(database, Settings(smtp));
        var storage = worker.Services.GetRequiredService<JobStorage>();
        var jobs = worker.Services.GetRequiredService<IBackgroundJobClient>();

        var told = jobs.Enqueue(() => AlertTestJobs.FailsForGood());
        await AlertJobs.ReachesAsync(storage, told, "Failed");
        await AlertJobs.SettledAsync(database);
        var missed = FailWithoutFilters(worker, jobs.Schedule(() => AlertTestJobs.FailsForGood(), Tomorrow), "Failed to change state to a 'Succeeded' one.");
        await SweepAsync(worker);

        var messages = smtp.Messages();
        Assert.Equal(2, messages.Count);
        Assert.Single(messages, m => m.TextBody!.Contains($"Nomor job: {told}\n", StringComparison.Ordinal));
        Assert.Single(messages, m => m.TextBody!.Contains($"Nomor job: {missed}\n", StringComparison.Ordinal));
        Assert.Equal(2, await AlertJobs.AlertsRecordedAsync(database));
    }

    [Fact]
    public async Task The_alert_jobs_own_failure_is_not_swept()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var smtp = await SmtpServer.StartAsync();
        await using var worker = await RunningWorker.StartAsync(database, Settings(smtp));
        var jobs = worker.Services.GetRequiredService<IBackgroundJobClient>();

        var alertJob = FailWithoutFilters(
            worker,
            jobs.Schedule<SendFailureAlertJob>(job => job.RunAsync("1", CancellationToken.None), Tomorrow),
            "The mail server of Digest:Smtp did not take the alert that job 1 failed.");
        var missed = FailWithoutFilters(worker, jobs.Schedule(() => AlertTestJobs.FailsForGood(), Tomorrow), "Failed to change state to a 'Succeeded' one.");
        await SweepAsync(worker);

        var message = Assert.Single(smtp.Messages());
        Assert.Contains($"Nomor job: {missed}", message.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain($"Nomor job: {alertJob}", message.TextBody, StringComparison.Ordinal);
        Assert.Equal(1, await AlertJobs.AlertsRecordedAsync(database));
    }

    [Fact]
    public async Task A_failure_older_than_the_sweep_window_is_not_swept()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var smtp = await SmtpServer.StartAsync();
        await using var worker = await RunningWorker.StartAsync(database, Settings(smtp));
        var jobs = worker.Services.GetRequiredService<IBackgroundJobClient>();

        // Two days ago, as a job that failed before an upgrade brought the sweep: the window is a day.
        var old = FailWithoutFilters(worker, jobs.Schedule(() => AlertTestJobs.FailsForGood(), Tomorrow), "Failed to change state to a 'Succeeded' one.");
        await SetFailedAtAsync(database, old, DateTime.UtcNow.AddDays(-2));
        var recent = FailWithoutFilters(worker, jobs.Schedule(() => AlertTestJobs.FailsForGood(), Tomorrow), "A state filter threw.");
        await SweepAsync(worker);

        var message = Assert.Single(smtp.Messages());
        Assert.Contains($"Nomor job: {recent}", message.TextBody, StringComparison.Ordinal);
        Assert.Equal(1, await AlertJobs.AlertsRecordedAsync(database));
    }

    [Fact]
    public async Task Without_recipients_the_sweep_tells_nobody_and_claims_nothing()
    {
        await using var database = await TestDatabase.CreateAsync();
        var pickup = Directory.CreateTempSubdirectory("jamsostek-pickup-");
        await using var worker = await RunningWorker.StartAsync(database, new Dictionary<string, string?>
        {
            ["Digest:PickupPath"] = pickup.FullName,
            ["Alerts:SweepGrace"] = "00:00:00",
        });
        var jobs = worker.Services.GetRequiredService<IBackgroundJobClient>();

        FailWithoutFilters(worker, jobs.Schedule(() => AlertTestJobs.FailsForGood(), Tomorrow), "Failed to change state to a 'Succeeded' one.");
        await SweepAsync(worker);

        Assert.Empty(pickup.GetFiles());
        Assert.Equal(0, await AlertJobs.AlertsRecordedAsync(database));
        pickup.Delete(recursive: true);
    }

    /// <summary>Fails the job as Hangfire does with its filters disabled; its id.</summary>
    private static string FailWithoutFilters(RunningWorker worker, string jobId, string reason)
    {
        Fail(worker, new JobFilterCollection(), jobId, reason);
        return jobId;
    }

    /// <summary>Moves a scheduled job to Failed through a state changer with only these filters.</summary>
    private static void Fail(RunningWorker worker, JobFilterCollection filters, string jobId, string reason)
    {
        var storage = worker.Services.GetRequiredService<JobStorage>();
        using var connection = storage.GetConnection();
        var applied = new BackgroundJobStateChanger(filters).ChangeState(new StateChangeContext(
            storage, connection, jobId, new FailedState(new InvalidOperationException(reason)), ScheduledState.StateName));
        Assert.Equal(FailedState.StateName, applied?.Name);
    }

    /// <summary>Moves the failed state's own time, as if the job had failed then.</summary>
    private static async Task SetFailedAtAsync(TestDatabase database, string jobId, DateTime failedAt)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync(
            "UPDATE hangfire.state SET data = jsonb_set(data, '{FailedAt}', to_jsonb(@FailedAt)) WHERE id = (SELECT stateid FROM hangfire.job WHERE id = @JobId)",
            new { FailedAt = JobHelper.SerializeDateTime(failedAt), JobId = long.Parse(jobId, System.Globalization.CultureInfo.InvariantCulture) });
    }

    /// <summary>Triggers the sweep and waits for the run to succeed.</summary>
    private static async Task SweepAsync(RunningWorker worker)
    {
        var storage = worker.Services.GetRequiredService<JobStorage>();
        var before = LastJobId(storage);
        worker.Services.GetRequiredService<IRecurringJobManager>().Trigger(SweepFailureAlertsJob.Id);
        var run = await Eventually.ReturnsAsync(() => Task.FromResult(LastJobId(storage)), id => id is not null && id != before);
        Assert.Equal("Succeeded", await AlertJobs.ReachesAsync(storage, run!, "Succeeded", "Failed"));
    }

    private static string? LastJobId(JobStorage storage)
    {
        using var connection = storage.GetConnection();
        return connection.GetRecurringJobs([SweepFailureAlertsJob.Id]).Single().LastJobId;
    }
}
