namespace Jamsostek.Benchmarks.Stages;

/// <summary>One measured step. A stage that needs a worker command runs the real executable; a missing command (exit 2) is "not available", never a crash.</summary>
public interface IBenchStage
{
    string Name { get; }

    Task<StageResult> RunAsync(BenchContext context, CancellationToken cancellationToken);
}
