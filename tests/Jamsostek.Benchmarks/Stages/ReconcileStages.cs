using System.Globalization;

namespace Jamsostek.Benchmarks.Stages;

/// <summary><c>reconcile --as-of D</c> over everything imported (SPEC 3.2, 3.3; issue 6: within 1.5x the floor).</summary>
public sealed class ReconcileStage : WorkerStage
{
    public const string StageName = "reconcile (full)";
    public const double FloorFactor = 1.5;

    public override string Name => StageName;

    protected override string? Floor => FloorStages.Classify;

    protected override string TargetText => $"<= {FloorFactor}x floor";

    protected override IEnumerable<string> Arguments(BenchContext context) =>
        ["reconcile", "--as-of", context.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)];

    protected override async Task<long> RowsAsync(BenchContext context, CancellationToken cancellationToken) =>
        await context.CountAsync("SELECT count(*) FROM roster.entry WHERE left_at IS NULL", cancellationToken) ?? context.Data!.RosterRows;

    protected override bool? Check(StageResult result, BenchContext context) => result.RatioToFloor <= FloorFactor;
}

/// <summary>
/// The next night after one roster entry in a hundred left or was replaced and one membership record in a hundred was
/// paid or reactivated (imported by the two night import stages before it): <c>reconcile --as-of D+1</c>.
/// Issue 6: within 5% of the full reconciliation's time, i.e. the work follows the change, not the register's size.
/// </summary>
public sealed class NightReconcileStage : WorkerStage
{
    public const double FullRunShare = 0.05;

    public override string Name => "night: reconcile (1% changed)";

    protected override string TargetText => $"<= {FullRunShare:P0} of full reconcile";

    protected override IEnumerable<string> Arguments(BenchContext context) =>
        ["reconcile", "--as-of", context.NightAsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)];

    protected override async Task<long> RowsAsync(BenchContext context, CancellationToken cancellationToken) =>
        await context.CountAsync("SELECT count(*) FROM roster.entry WHERE left_at IS NULL", cancellationToken) ?? context.Night!.RosterRows;

    protected override bool? Check(StageResult result, BenchContext context) =>
        context.Result(ReconcileStage.StageName) is { Seconds: > 0 } full ? result.Seconds <= FullRunShare * full.Seconds : null;
}
