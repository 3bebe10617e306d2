namespace Jamsostek.Benchmarks.Stages;

/// <summary><c>import roster FILE...</c> on every generated roster file (SPEC 2.1, issue 6: at least 200,000 rows/s).</summary>
public sealed class RosterImportStage(bool night = false) : WorkerStage
{
    public const double TargetRowsPerSecond = 200_000;

    public override string Name => night ? "night: import roster (1% changed)" : "import roster";

    protected override string? Floor => FloorStages.RosterCopy;

    protected override string TargetText => $">= {TargetRowsPerSecond:N0} rows/s";

    protected override IEnumerable<string> Arguments(BenchContext context) =>
        ["import", "roster", .. (night ? context.Night! : context.Data!).RosterPaths];

    protected override Task<long> RowsAsync(BenchContext context, CancellationToken cancellationToken) =>
        Task.FromResult((long)(night ? context.Night! : context.Data!).RosterRows);

    protected override bool? Check(StageResult result, BenchContext context) => result.RowsPerSecond >= TargetRowsPerSecond;
}

/// <summary><c>import membership FILE</c> on the generated BPJS file (SPEC 2.3, 2.4).</summary>
public sealed class MembershipImportStage(bool night = false) : WorkerStage
{
    public override string Name => night ? "night: import membership" : "import membership";

    protected override string? Floor => FloorStages.MembershipCopy;

    protected override string TargetText => "memory only";

    protected override IEnumerable<string> Arguments(BenchContext context) =>
        ["import", "membership", (night ? context.Night! : context.Data!).MembershipPath];

    protected override Task<long> RowsAsync(BenchContext context, CancellationToken cancellationToken) =>
        Task.FromResult((long)(night ? context.Night! : context.Data!).MembershipRecords);
}
