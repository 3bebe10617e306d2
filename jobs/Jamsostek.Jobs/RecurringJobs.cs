namespace Jamsostek.Jobs;

/// <summary>Every recurring job of the service (SPEC 4), registered at each start of <c>serve</c>. Add a job here and nowhere else.</summary>
public static class RecurringJobs
{
    public static IReadOnlyList<RecurringJobDefinition> All { get; } =
    [
        RecurringJobDefinition.For<PullRosterUpdatesJob>(PullRosterUpdatesJob.Id, "0 * * * *", job => job.RunAsync(CancellationToken.None)),
        RecurringJobDefinition.For<SyncMembershipJob>(SyncMembershipJob.Id, "0 1 * * *", job => job.RunAsync(CancellationToken.None)),
        RecurringJobDefinition.For<ReconcileCoverageJob>(ReconcileCoverageJob.Id, "0 2 * * *", job => job.RunAsync(null, CancellationToken.None)),
        RecurringJobDefinition.For<SendWeeklyDigestJob>(SendWeeklyDigestJob.Id, "0 7 * * 1", job => job.RunAsync(CancellationToken.None)),
    ];
}
