namespace Jamsostek.Jobs;

/// <summary>Every recurring job of the service (SPEC 4), registered at each start of <c>serve</c>. Add a job here and nowhere else.</summary>
public static class RecurringJobs
{
    public static IReadOnlyList<RecurringJobDefinition> All { get; } =
    [
        // Hourly at half past: on the hour it started with the 01:00 register sync and the 02:00 reconciliation, and a roster
        // written while the night's shards ran was seen by some shards and not others for that day (docs/coverage.md).
        RecurringJobDefinition.For<PullRosterUpdatesJob>(PullRosterUpdatesJob.Id, "30 * * * *", job => job.RunAsync(CancellationToken.None)),
        RecurringJobDefinition.For<SyncMembershipJob>(SyncMembershipJob.Id, "0 1 * * *", job => job.RunAsync(CancellationToken.None)),
        RecurringJobDefinition.For<ReconcileCoverageJob>(ReconcileCoverageJob.Id, "0 2 * * *", job => job.RunAsync(null, CancellationToken.None)),
        RecurringJobDefinition.For<SendWeeklyDigestJob>(SendWeeklyDigestJob.Id, "0 7 * * 1", job => job.RunAsync(CancellationToken.None)),
        // The failures the alert filter could not tell (docs/reliability.md, "When a job fails for good"), within a quarter of an hour.
        RecurringJobDefinition.For<SweepFailureAlertsJob>(SweepFailureAlertsJob.Id, "*/15 * * * *", job => job.RunAsync(CancellationToken.None)),
    ];
}
