using Jamsostek.Benchmarks;
using Jamsostek.Tests.Infrastructure;

namespace Jamsostek.Tests.Demo;

public sealed class BenchmarkHarnessTests
{
    [Fact]
    public async Task A_tiny_benchmark_run_measures_the_floor_runs_every_stage_without_failure_and_writes_its_results()
    {
        var work = Path.Combine(Path.GetTempPath(), $"jamsostek-bench-{Guid.NewGuid():N}");
        var settings = new BenchSettings
        {
            Scale = Scale.Tiny,
            WorkerDll = Path.Combine(AppContext.BaseDirectory, "Jamsostek.Worker.dll"),
            WorkFolder = work,
            ResultsFolder = Path.Combine(work, "results"),
            AdminConnectionString = TestDatabase.AdminConnectionString,
        };
        try
        {
            using var output = new StringWriter();
            var report = await BenchmarkRun.RunAsync(settings, output, CancellationToken.None);

            Assert.DoesNotContain(report.Stages, s => s.Outcome == StageOutcome.Failed);
            Assert.Equal(BenchmarkRun.Stages().Count, report.Stages.Count);
            foreach (var floor in report.Stages.Where(s => s.Stage.StartsWith("floor", StringComparison.Ordinal)))
            {
                Assert.Equal(StageOutcome.Ok, floor.Outcome);
                Assert.True(floor.Rows > 0 && floor.Seconds > 0, floor.Stage);
            }

            Assert.Equal(2_000, report.Stages[0].Rows - 8_000);
            Assert.Single(Directory.GetFiles(settings.ResultsFolder, "bench-*.json"));
            Assert.Contains("floor: hash-join classification", output.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}
