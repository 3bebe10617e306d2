namespace Jamsostek.Benchmarks.Stages;

/// <summary>
/// A stage that is one worker command run as a child process (SPEC 5): wall time and the child's peak RSS.
/// Exit 2 (wrong usage: the command does not exist in this build) reports the stage as not available.
/// </summary>
public abstract class WorkerStage : IBenchStage
{
    public abstract string Name { get; }

    /// <summary>The floor stage this one is compared with, if any.</summary>
    protected virtual string? Floor => null;

    protected abstract string TargetText { get; }

    public async Task<StageResult> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        if (!await PrepareAsync(context, cancellationToken))
        {
            return new StageResult { Stage = Name, Outcome = StageOutcome.NotAvailable, Target = TargetText, Note = "prerequisite missing" };
        }

        var run = await context.RunWorkerAsync(Arguments(context), cancellationToken);
        if (run.ExitCode == 2)
        {
            return new StageResult { Stage = Name, Outcome = StageOutcome.NotAvailable, Target = TargetText, Note = $"exit 2: {run.FirstErrorLine}" };
        }

        if (run.ExitCode != 0)
        {
            return new StageResult
            {
                Stage = Name,
                Outcome = StageOutcome.Failed,
                Seconds = run.Elapsed.TotalSeconds,
                PeakRssMb = run.PeakRssMb,
                Target = TargetText,
                Note = $"exit {run.ExitCode}: {run.FirstErrorLine}",
            };
        }

        var seconds = run.Elapsed.TotalSeconds;
        var floor = Floor is null ? null : context.Result(Floor);
        var result = new StageResult
        {
            Stage = Name,
            Rows = await RowsAsync(context, cancellationToken),
            Seconds = seconds,
            PeakRssMb = run.PeakRssMb,
            RatioToFloor = floor is { Seconds: > 0 } ? seconds / floor.Seconds : null,
            Target = $"{TargetText}; RSS < {BenchContext.RssLimitMb:F0} MB",
            Note = Describe(run),
        };
        var met = Check(result, context);
        var rssMet = run.PeakRssMb is null or < BenchContext.RssLimitMb;
        return result with { Met = met is null ? rssMet : met.Value && rssMet };
    }

    protected abstract IEnumerable<string> Arguments(BenchContext context);

    protected abstract Task<long> RowsAsync(BenchContext context, CancellationToken cancellationToken);

    /// <summary>Whether the stage's own target is met; null when it has none beyond memory.</summary>
    protected virtual bool? Check(StageResult result, BenchContext context) => null;

    /// <summary>The note beside the figures: the command's one-line summary.</summary>
    protected virtual string Describe(ChildRun run) =>
        run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "";

    protected virtual Task<bool> PrepareAsync(BenchContext context, CancellationToken cancellationToken) => Task.FromResult(true);
}
