using Hangfire;
using Jamsostek.Coverage;

namespace Jamsostek.Jobs;

/// <summary>
/// <c>reconcile-coverage</c> (SPEC 4): starts a run of the day and fans it out as one <see cref="ReconcileKecamatanJob"/>
/// per kecamatan carrying the run's id, so every server shares the night, after gathering the regency's changes once for
/// them. There is no separate finishing job: the shard that completes the run's last kecamatan finishes the day, once.
/// </summary>
public sealed class ReconcileCoverageJob(CoverageReconciler reconciler, IBackgroundJobClient jobs)
{
    public const string Id = "reconcile-coverage";

    /// <remarks>
    /// A failure (the database restarting) is retried, and a second trigger may run beside the first: the fan-out is
    /// idempotent, since a shard replays its day and the gathering is shared under its own lock. Each attempt is a run of
    /// its own: a run whose fan-out failed half-way is never finished, the retry's run finishes the day. No
    /// <c>DisableConcurrentExecution</c>: a lock row the database lost in a restart is only freed after
    /// <c>DistributedLockTimeout</c>, and would hold the next night's fan-out that long.
    /// </remarks>
    [JobDisplayName("Reconcile coverage: one job per kecamatan")]
    [AutomaticRetry(Attempts = 3)]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        // The day is fixed here, so a shard retried after midnight still reconciles the night it belongs to.
        var day = reconciler.Today();
        var asOf = CoverageDay.ToText(day);
        var runId = await reconciler.StartRunAsync(day, cancellationToken);
        await reconciler.GatherChangesAsync(cancellationToken);
        foreach (var kodeKecamatan in await reconciler.KecamatanCodesAsync(cancellationToken))
        {
            jobs.Enqueue<ReconcileKecamatanJob>(job => job.RunAsync(kodeKecamatan, asOf, runId, CancellationToken.None));
        }
    }
}
