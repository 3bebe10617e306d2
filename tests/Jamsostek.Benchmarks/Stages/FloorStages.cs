using System.Globalization;
using System.Text;

namespace Jamsostek.Benchmarks.Stages;

/// <summary>
/// The floor: bare tables, <c>psql \copy</c> of the very files the worker imports, and one hand-written hash-join query
/// for SPEC 3.2 by exact NIK (tests/Jamsostek.Benchmarks/floor). The worker's stages are compared with these times.
/// </summary>
public static class FloorStages
{
    public const string RosterCopy = "floor: \\copy roster files";
    public const string MembershipCopy = "floor: \\copy membership file";
    public const string Classify = "floor: hash-join classification";

    public static string FloorFile(string name) => Path.Combine(AppContext.BaseDirectory, "floor", name);

    public sealed class RosterCopyStage : IBenchStage
    {
        public string Name => RosterCopy;

        public async Task<StageResult> RunAsync(BenchContext context, CancellationToken cancellationToken)
        {
            var tables = await context.RunPsqlAsync(FloorFile("01_tables.sql"), new Dictionary<string, string>(), cancellationToken);
            if (tables.ExitCode != 0)
            {
                return Failed(Name, tables);
            }

            var script = Path.Combine(context.Settings.WorkFolder, "floor_load_roster.sql");
            await File.WriteAllTextAsync(script, CopyScript(context.Data!.ManifestPath, context.Data.RosterPaths), cancellationToken);
            var run = await context.RunPsqlAsync(script, new Dictionary<string, string>(), cancellationToken);
            return run.ExitCode != 0 ? Failed(Name, run) : new StageResult { Stage = Name, Rows = context.Data.RosterRows, Seconds = run.Elapsed.TotalSeconds, Target = "the floor" };
        }

        /// <summary>One \copy per file, with the delimiter, encoding and columns the generator recorded for it.</summary>
        private static string CopyScript(string manifestPath, IReadOnlyList<string> rosterPaths)
        {
            var folder = Path.GetDirectoryName(rosterPaths[0])!;
            var script = new StringBuilder();
            foreach (var line in File.ReadLines(manifestPath).Skip(1))
            {
                var fields = line.Split(',');
                var delimiter = fields[1] == "semicolon" ? ";" : ",";
                var columns = fields[3].Replace(' ', ',');
                var path = Path.Combine(folder, fields[0]).Replace("'", "''", StringComparison.Ordinal);
                script.Append(CultureInfo.InvariantCulture,
                    $"\\copy floor.roster ({columns}) FROM '{path}' WITH (FORMAT csv, HEADER true, DELIMITER '{delimiter}', ENCODING '{fields[2]}')\n");
            }

            return script.ToString();
        }
    }

    public sealed class MembershipCopyStage : IBenchStage
    {
        public string Name => MembershipCopy;

        public async Task<StageResult> RunAsync(BenchContext context, CancellationToken cancellationToken)
        {
            var script = Path.Combine(context.Settings.WorkFolder, "floor_load_membership.sql");
            var path = context.Data!.MembershipPath.Replace("'", "''", StringComparison.Ordinal);
            await File.WriteAllTextAsync(script, $"\\copy floor.membership FROM '{path}' WITH (FORMAT csv, HEADER true)\n", cancellationToken);
            var run = await context.RunPsqlAsync(script, new Dictionary<string, string>(), cancellationToken);
            return run.ExitCode != 0 ? Failed(Name, run) : new StageResult { Stage = Name, Rows = context.Data.MembershipRecords, Seconds = run.Elapsed.TotalSeconds, Target = "the floor" };
        }
    }

    public sealed class ClassifyStage : IBenchStage
    {
        public string Name => Classify;

        public async Task<StageResult> RunAsync(BenchContext context, CancellationToken cancellationToken)
        {
            var variables = new Dictionary<string, string> { ["as_of"] = context.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) };
            var run = await context.RunPsqlAsync(FloorFile("03_classify.sql"), variables, cancellationToken);
            if (run.ExitCode != 0)
            {
                return Failed(Name, run);
            }

            var counts = await context.RunPsqlAsync(FloorFile("04_status_counts.sql"), new Dictionary<string, string>(), cancellationToken);
            var truth = string.Join(", ", context.Data!.TrueStatusCounts.Where(kv => kv.Value > 0).Select(kv => $"{kv.Key} {kv.Value}"));
            var floor = string.Join(", ", counts.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Where(l => l.Contains('|', StringComparison.Ordinal))
                .Select(l => l.Replace('|', ' ')));
            return new StageResult
            {
                Stage = Name,
                Rows = context.Data.RosterRows,
                Seconds = run.Elapsed.TotalSeconds,
                Target = "the floor",
                Note = $"floor statuses (exact NIK, quarantine-worthy rows included): {floor}; answer key: {truth}",
            };
        }
    }

    private static StageResult Failed(string stage, ChildRun run) =>
        new() { Stage = stage, Outcome = StageOutcome.Failed, Seconds = run.Elapsed.TotalSeconds, Note = run.FirstErrorLine };
}
