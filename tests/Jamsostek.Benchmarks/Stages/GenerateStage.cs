using System.Diagnostics;
using Jamsostek.Demo;

namespace Jamsostek.Benchmarks.Stages;

/// <summary>Generates the run's data (and the 1%-changed night of the same seed) with SyntheticData, timed.</summary>
public sealed class GenerateStage : IBenchStage
{
    public string Name => "generate data (roster + membership)";

    public Task<StageResult> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        foreach (var folder in new[] { context.DataFolder, context.NightFolder })
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var data = SyntheticData.Generate(context.Parameters, Folders(context.DataFolder), cancellationToken);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        context.Data = data;
        context.Night = SyntheticData.Generate(
            context.Parameters with { ChangedFraction = 0.01, AsOf = context.NightAsOf }, Folders(context.NightFolder), cancellationToken);
        var rows = data.RosterRows + data.MembershipRecords;
        var seconds = data.Elapsed.TotalSeconds;
        return Task.FromResult(new StageResult
        {
            Stage = Name,
            Rows = rows,
            Seconds = seconds,
            PeakRssMb = Process.GetCurrentProcess().PeakWorkingSet64 / 1024.0 / 1024.0,
            Target = "< 60 s at default scale",
            Met = context.Settings.Scale == Scale.Default ? seconds < 60 : null,
            Note = $"{data.RosterFiles} roster files, {data.RosterPeople} roster people, {data.MembershipPeople} people in the register, "
                + $"{data.QuarantineExpected} rows that should be quarantined; {cpu.TotalSeconds:F1} s of CPU; the 1%-changed night set took {context.Night.Elapsed.TotalSeconds:F1} s",
        });
    }

    private static SyntheticDataFolders Folders(string root) =>
        new(Path.Combine(root, "rosters"), Path.Combine(root, "membership"), root);
}
