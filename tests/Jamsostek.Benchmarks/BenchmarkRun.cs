using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Dapper;
using Jamsostek.Benchmarks.Stages;
using Npgsql;

namespace Jamsostek.Benchmarks;

/// <summary>
/// One benchmark run: generate the data, create and migrate a fresh database, then measure the floor and the worker's
/// stages on the same files, in order. Stages the lead wires after merging are one small class each (Stages/).
/// </summary>
public static class BenchmarkRun
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    public static IReadOnlyList<IBenchStage> Stages() =>
    [
        new GenerateStage(),
        new FloorStages.RosterCopyStage(),
        new FloorStages.MembershipCopyStage(),
        new FloorStages.ClassifyStage(),
        new RosterImportStage(),
        new MembershipImportStage(),
        new ReconcileStage(),
        new AccuracyStage(),
        new RosterImportStage(night: true),
        new MembershipImportStage(night: true),
        new NightReconcileStage(),
        new DigestSendStage(),
    ];

    public static async Task<BenchReport> RunAsync(BenchSettings settings, TextWriter output, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(settings.WorkFolder);
        var started = DateTimeOffset.UtcNow;
        var database = $"bench_{started:yyyyMMdd_HHmmss}_{Environment.ProcessId}";
        var context = new BenchContext(settings, database);
        if (settings.GenerateOnly)
        {
            context.Results.Add(await new GenerateStage().RunAsync(context, cancellationToken));
            var generated = Report(settings, context, started);
            await output.WriteLineAsync(Table(generated));
            return generated;
        }

        await CreateDatabaseAsync(settings.AdminConnectionString, database, cancellationToken);
        try
        {
            var migrate = await context.RunWorkerAsync(["migrate"], cancellationToken);
            if (migrate.ExitCode != 0)
            {
                throw new BenchmarkAbortedException($"The benchmark cannot start: Jamsostek.Worker migrate failed (exit {migrate.ExitCode}): {migrate.FirstErrorLine}");
            }

            foreach (var stage in Stages().Where(s => s is GenerateStage || settings.Only.Count == 0 || settings.Only.Any(o => s.Name.StartsWith(o, StringComparison.OrdinalIgnoreCase))))
            {
                await output.WriteLineAsync($"... {stage.Name}");
                StageResult result;
                try
                {
                    result = await stage.RunAsync(context, cancellationToken);
                }
                finally
                {
                    (stage as IDisposable)?.Dispose();
                }

                context.Results.Add(result);
            }
        }
        finally
        {
            if (!settings.KeepDatabase)
            {
                await DropDatabaseAsync(settings.AdminConnectionString, database);
            }
        }

        var report = Report(settings, context, started);
        await output.WriteLineAsync(Table(report));
        Directory.CreateDirectory(settings.ResultsFolder);
        var path = Path.Combine(settings.ResultsFolder, $"bench-{started:yyyyMMdd-HHmmss}.json");
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(report, Json), cancellationToken);
        await output.WriteLineAsync($"Results: {path}");
        return report;
    }

    private static BenchReport Report(BenchSettings settings, BenchContext context, DateTimeOffset started) =>
        new(started, settings.Scale.ToString().ToLowerInvariant(), settings.Layout.ToString(), Environment.MachineName, Environment.ProcessorCount,
            context.Parameters.RosterEntries, context.Parameters.MembershipRecords, context.Parameters.Seed, context.Results);

    public static string Table(BenchReport report)
    {
        string[] header = ["stage", "rows", "seconds", "rows/s", "x floor", "peak RSS MB", "target", "met?"];
        var rows = report.Stages.Select(r => new[]
        {
            r.Stage,
            r.Outcome == StageOutcome.Ok ? r.Rows.ToString("N0", CultureInfo.InvariantCulture) : "",
            r.Outcome == StageOutcome.NotAvailable ? "" : r.Seconds.ToString("F2", CultureInfo.InvariantCulture),
            r.RowsPerSecond?.ToString("N0", CultureInfo.InvariantCulture) ?? "",
            r.RatioToFloor?.ToString("F2", CultureInfo.InvariantCulture) ?? "",
            r.PeakRssMb?.ToString("F0", CultureInfo.InvariantCulture) ?? "",
            r.Target,
            r.Outcome switch
            {
                StageOutcome.NotAvailable => "not available",
                StageOutcome.Failed => "FAILED",
                _ => r.Met switch { true => "yes", false => "NO", null => "" },
            },
        }).ToList();
        var widths = header.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
        var text = new System.Text.StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Jamsostek benchmark, scale {report.Scale} ({report.RosterEntries:N0} roster entries, {report.MembershipRecords:N0} membership records, seed {report.Seed}), {report.Processors} cores");
        void Line(string[] cells) => text.AppendLine(string.Join("  ", cells.Select((c, i) => i is 0 or 6 or 7 ? c.PadRight(widths[i]) : c.PadLeft(widths[i]))).TrimEnd());
        Line(header);
        Line(widths.Select(w => new string('-', w)).ToArray());
        rows.ForEach(Line);
        foreach (var result in report.Stages.Where(r => r.Note.Length > 0))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  {result.Stage}: {result.Note}");
        }

        return text.ToString();
    }

    private static async Task CreateDatabaseAsync(string adminConnectionString, string database, CancellationToken cancellationToken)
    {
        await using var admin = new NpgsqlConnection(adminConnectionString);
        await admin.OpenAsync(cancellationToken);
        // The name is generated above from a timestamp and a process id, never input; identifiers cannot be parameters.
        await admin.ExecuteAsync(new CommandDefinition($"CREATE DATABASE \"{database}\"", cancellationToken: cancellationToken));
    }

    private static async Task DropDatabaseAsync(string adminConnectionString, string database)
    {
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(adminConnectionString);
        await admin.OpenAsync();
        await admin.ExecuteAsync($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)");
    }
}

public sealed record BenchReport(
    DateTimeOffset StartedAt,
    string Scale,
    string Layout,
    string Machine,
    int Processors,
    int RosterEntries,
    int MembershipRecords,
    ulong Seed,
    IReadOnlyList<StageResult> Stages);

/// <summary>A run that cannot measure anything (the worker cannot migrate a fresh database).</summary>
public sealed class BenchmarkAbortedException(string message) : Exception(message);
