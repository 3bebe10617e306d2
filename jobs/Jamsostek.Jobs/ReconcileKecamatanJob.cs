using Hangfire;
using Jamsostek.Coverage;

namespace Jamsostek.Jobs;

/// <summary>
/// One shard of <c>reconcile-coverage</c>: a kecamatan and a day, nothing personal in the arguments. Runs again safely
/// (retries, a second server): the shard is locked in the database and a second run of a day replays it. The shard
/// that completes the day last publishes its counts; later re-runs publish them again, the same.
/// </summary>
public sealed class ReconcileKecamatanJob(CoverageReconciler reconciler)
{
    [JobDisplayName("Reconcile coverage of kecamatan {0} as of {1}")]
    public async Task RunAsync(string kodeKecamatan, string asOf, CancellationToken cancellationToken)
    {
        var day = CoverageDay.Parse(asOf);
        await reconciler.ReconcileKecamatanAsync(kodeKecamatan, day, cancellationToken);
        await reconciler.TryFinishDayAsync(day, cancellationToken);
    }
}
