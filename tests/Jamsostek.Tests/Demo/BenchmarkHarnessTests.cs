using Jamsostek.Benchmarks;
using Jamsostek.Tests.Infrastructure;

namespace Jamsostek.Tests.Demo;

public sealed class BenchmarkHarnessTests
{
    [Fact]
    public async Task A_tiny_benchmark_run_measures_the_floor_and_a_worker_command_as_a_child_process_and_writes_its_results()
    {
        var work = Path.Combine(Path.GetTempPath(), $"jamsostek-bench-{Guid.NewGuid():N}");
        var settings = new BenchSettings
        {
            Scale = Scale.Tiny,
            WorkerDll = Path.Combine(AppContext.BaseDirectory, "Jamsostek.Worker.dll"),
            WorkFolder = work,
            ResultsFolder = Path.Combine(work, "results"),
            AdminConnectionString = TestDatabase.AdminConnectionString,
            // The floor and one worker stage keep the smoke cheap; scripts/bench.sh runs them all.
            Only = ["floor", "import roster"],
        };
        try
        {
            using var output = new StringWriter();
            var report = await BenchmarkRun.RunAsync(settings, output, CancellationToken.None);

            Assert.DoesNotContain(report.Stages, s => s.Outcome == StageOutcome.Failed);
            Assert.Equal(
                ["generate data (roster + membership)", "floor: \\copy roster files", "floor: \\copy membership file", "floor: hash-join classification", "import roster"],
                report.Stages.Select(s => s.Stage));
            var import = report.Stages[4];
            Assert.Equal(StageOutcome.Ok, import.Outcome);
            Assert.Equal(settings.Data.RosterEntries, import.Rows);
            Assert.True(import.PeakRssMb > 10, "the child's peak RSS was not measured");
            Assert.NotNull(import.RatioToFloor);
            foreach (var floor in report.Stages.Where(s => s.Stage.StartsWith("floor", StringComparison.Ordinal)))
            {
                Assert.Equal(StageOutcome.Ok, floor.Outcome);
                Assert.True(floor.Rows > 0 && floor.Seconds > 0, floor.Stage);
            }

            // The generator's rows: both halves of the tiny scale.
            Assert.Equal(settings.Data.RosterEntries + settings.Data.MembershipRecords, report.Stages[0].Rows);
            Assert.Single(Directory.GetFiles(settings.ResultsFolder, "bench-*.json"));
            Assert.Contains("floor: hash-join classification", output.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}
