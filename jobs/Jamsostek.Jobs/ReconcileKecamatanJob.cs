using Hangfire;
using Jamsostek.Coverage;

namespace Jamsostek.Jobs;

/// <summary>
/// One shard of <c>reconcile-coverage</c>: a kecamatan, a day and the run it belongs to, nothing personal in the
/// arguments. Runs again safely (retries, a second server): the shard is locked in the database and a second run of a day
/// replays it. The shard that completes its run's last kecamatan writes the day's counts, once per run (docs/coverage.md).
/// </summary>
public sealed class ReconcileKecamatanJob(CoverageReconciler reconciler)
{
    [JobDisplayName("Reconcile coverage of kecamatan {0} as of {1} (run {2})")]
    public async Task RunAsync(string kodeKecamatan, string asOf, long runId, CancellationToken cancellationToken) =>
        await reconciler.ReconcileKecamatanAsync(kodeKecamatan, CoverageDay.Parse(asOf), runId, cancellationToken);

    /// <summary>
    /// A shard enqueued before runs had ids (still in the queue, or requeued from the dashboard): outside any run, it writes
    /// the day's counts when it completes the day or changes a finished day's counts.
    /// </summary>
    [JobDisplayName("Reconcile coverage of kecamatan {0} as of {1}")]
    public async Task RunAsync(string kodeKecamatan, string asOf, CancellationToken cancellationToken) =>
        await reconciler.ReconcileKecamatanAsync(kodeKecamatan, CoverageDay.Parse(asOf), cancellationToken);
}
