using Jamsostek.Benchmarks;

// scripts/bench.sh [--scale small|default] builds the worker and runs this with --worker and JAMSOSTEK_TEST_PG set.
BenchSettings settings;
try
{
    settings = BenchSettings.Parse(args);
}
catch (ArgumentException ex)
{
    await Console.Error.WriteLineAsync(ex.Message);
    return 2;
}

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};
BenchReport report;
try
{
    report = await BenchmarkRun.RunAsync(settings, Console.Out, cancellation.Token);
}
catch (BenchmarkAbortedException ex)
{
    await Console.Error.WriteLineAsync(ex.Message);
    return 1;
}

return report.Stages.Any(s => s.Outcome == Jamsostek.Benchmarks.StageOutcome.Failed) ? 1 : 0;
