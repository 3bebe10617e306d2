using Hangfire;
using Hangfire.Server;
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
    /// idempotent, since a shard replays its day and the gathering is shared under its own lock. A retry resumes the run
    /// of its first attempt (Hangfire's job id, migration 0312): it enqueues the kecamatan the run has not completed, and
    /// the run finishes the day once. A second trigger is a run of its own. No <c>DisableConcurrentExecution</c>: a lock
    /// row the database lost in a restart is only freed after <c>DistributedLockTimeout</c>, and would hold the next
    /// night's fan-out that long.
    /// </remarks>
    [JobDisplayName("Reconcile coverage: one job per kecamatan")]
    [AutomaticRetry(Attempts = 3)]
    public async Task RunAsync(PerformContext? context, CancellationToken cancellationToken)
    {
        // The day is the run's, so a shard, or this job, retried after midnight still reconciles the night it belongs to.
        var run = await reconciler.StartRunAsync(reconciler.Today(), context?.BackgroundJob.Id, cancellationToken);
        var asOf = CoverageDay.ToText(run.AsOf);
        await reconciler.GatherChangesAsync(cancellationToken);
        foreach (var kodeKecamatan in await reconciler.KecamatanCodesAsync(run.Id, cancellationToken))
        {
            jobs.Enqueue<ReconcileKecamatanJob>(job => job.RunAsync(kodeKecamatan, asOf, run.Id, CancellationToken.None));
        }
    }

    /// <summary>A fan-out enqueued before runs were kept per job (still queued, or waiting for its retry): a run of its own.</summary>
    [JobDisplayName("Reconcile coverage: one job per kecamatan")]
    [AutomaticRetry(Attempts = 3)]
    public Task RunAsync(CancellationToken cancellationToken) => RunAsync(context: null, cancellationToken);
}
