using Hangfire;
using Jamsostek.Coverage;

namespace Jamsostek.Jobs;

/// <summary>
/// <c>reconcile-coverage</c> (SPEC 4): fans the day out as one <see cref="ReconcileKecamatanJob"/> per kecamatan, so every
/// server shares the night, after gathering the regency's changes once for them. There is no separate finishing job: each
/// shard finishes the day when it finds itself the last.
/// </summary>
public sealed class ReconcileCoverageJob(CoverageReconciler reconciler, IBackgroundJobClient jobs)
{
    public const string Id = "reconcile-coverage";

    /// <remarks>
    /// A failure (the database restarting) is retried, and a second trigger may run beside the first: the fan-out is
    /// idempotent, since a shard replays its day and the gathering is shared under its own lock. No
    /// <c>DisableConcurrentExecution</c>: a lock row the database lost in a restart is only freed after
    /// <c>DistributedLockTimeout</c>, and would hold the next night's fan-out that long.
    /// </remarks>
    [JobDisplayName("Reconcile coverage: one job per kecamatan")]
    [AutomaticRetry(Attempts = 3)]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        // The day is fixed here, so a shard retried after midnight still reconciles the night it belongs to.
        var asOf = CoverageDay.ToText(reconciler.Today());
        await reconciler.GatherChangesAsync(cancellationToken);
        foreach (var kodeKecamatan in await reconciler.KecamatanCodesAsync(cancellationToken))
        {
            jobs.Enqueue<ReconcileKecamatanJob>(job => job.RunAsync(kodeKecamatan, asOf, CancellationToken.None));
        }
    }
}
