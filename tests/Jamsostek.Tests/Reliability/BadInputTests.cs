using System.Text.RegularExpressions;
using Dapper;
using Jamsostek.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Jamsostek.Tests.Reliability;

/// <summary>
/// SPEC 2.1, 2.4, 5: whatever a file holds, an import ends with exit code 0 or 1, one clear sentence naming the file, and either
/// the previous state or the whole file applied (good rows plus quarantine), never half of it.
/// </summary>
[Trait("Category", "Slow")]
public sealed partial class BadInputTests(ITestOutputHelper output) : IAsyncLifetime, IDisposable
{
    private static readonly string[] RosterTables = ["roster.entry", "roster.quarantine", "roster.import", "roster.desa_snapshot", "roster.entry_event"];
    private static readonly string[] MembershipTables = ["membership.record", "membership.import"];
    private readonly ReliabilityData data = ReliabilityData.Create(rosterEntries: 3_000, membershipRecords: 6_000);
    private TestDatabase database = null!;

    public async Task InitializeAsync() => database = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await database.DisposeAsync();

    public void Dispose() => data.Dispose();

    [Fact]
    public async Task Every_bad_roster_file_ends_with_exit_code_0_or_1_a_sentence_naming_it_and_all_or_nothing_in_the_database()
    {
        var baseline = await WorkerProcess.RunAsync(["import", "roster", data.Roster], database.Settings());
        Assert.Equal(0, baseline.ExitCode);
        var corpus = BadInputCorpus.Write(data.Roster, data.Folder("bad-rosters"), "roster", "nama", seed: 11);

        var failures = new List<string>();
        foreach (var file in corpus)
        {
            var name = Path.GetFileName(file);
            var before = await DatabaseState.FingerprintAsync(database, RosterTables);
            var run = await WorkerProcess.RunAsync(["import", "roster", file], database.Settings(), TimeSpan.FromMinutes(5));
            failures.AddRange(CheckOutcome(name, run));
            output.WriteLine($"{name}: exit {run.ExitCode}: {Sentence(run)}");
            if (run.ExitCode == 1 && await DatabaseState.FingerprintAsync(database, RosterTables) != before)
            {
                failures.Add($"{name}: rejected, yet the roster tables changed.");
            }

            if (run.ExitCode == 0 && run.Stdout.Contains("(0 unchanged, 0 rejected)", StringComparison.Ordinal))
            {
                failures.AddRange(await CheckRosterFileAppliedWholeAsync(name, run.Stdout));
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public async Task Every_bad_membership_file_ends_with_exit_code_0_or_1_a_sentence_naming_it_and_the_register_whole()
    {
        var baseline = await WorkerProcess.RunAsync(["import", "membership", data.Membership], database.Settings());
        Assert.Equal(0, baseline.ExitCode);
        var prefix = Path.GetFileNameWithoutExtension(data.Membership);
        var corpus = BadInputCorpus.Write(data.Membership, data.Folder("bad-membership"), prefix, "nama", seed: 13);

        var failures = new List<string>();
        foreach (var file in corpus)
        {
            var name = Path.GetFileName(file);
            var before = await DatabaseState.FingerprintAsync(database, MembershipTables);
            var run = await WorkerProcess.RunAsync(["import", "membership", file], database.Settings(), TimeSpan.FromMinutes(5));
            failures.AddRange(CheckOutcome(name, run));
            output.WriteLine($"{name}: exit {run.ExitCode}: {Sentence(run)}");
            var after = await DatabaseState.FingerprintAsync(database, MembershipTables);
            if (run.ExitCode == 1 && after != before)
            {
                failures.Add($"{name}: held back, yet the register changed.");
            }

            if (run.ExitCode == 0 && ImportedRecords().Match(run.Stdout) is { Success: true } imported)
            {
                await using var connection = await database.DataSource.OpenConnectionAsync();
                var records = await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM membership.record");
                var last = await connection.ExecuteScalarAsync<string>("SELECT file_name FROM membership.import ORDER BY id DESC LIMIT 1");
                if (records != long.Parse(imported.Groups["records"].Value, System.Globalization.CultureInfo.InvariantCulture) || last != name)
                {
                    failures.Add($"{name}: imported, but the register holds {records} records of {last} instead of the file's.");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    /// <summary>Exit 0 or 1, no stack trace, and the file named in the one-line outcome.</summary>
    private static IEnumerable<string> CheckOutcome(string name, WorkerRun run)
    {
        if (run.ExitCode is not (0 or 1))
        {
            yield return $"{name}: exit code {run.ExitCode}: {FirstLine(run.Stderr)}";
        }

        if (StackTrace().IsMatch(run.Stderr) || run.Stderr.Contains("Unhandled", StringComparison.OrdinalIgnoreCase))
        {
            yield return $"{name}: a stack trace on stderr: {FirstLine(run.Stderr)}";
        }

        var sentence = run.ExitCode == 1 ? run.Stderr : run.Stdout;
        if (!sentence.Contains(name, StringComparison.Ordinal) && !(run.ExitCode == 0 && sentence.StartsWith("Rosters: 1 file(s)", StringComparison.Ordinal)))
        {
            yield return $"{name}: exit {run.ExitCode} without naming the file: {FirstLine(sentence)}";
        }
    }

    /// <summary>The file's import row, its quarantine rows and the summary on stdout agree: the file went in whole, in one transaction.</summary>
    private async Task<IEnumerable<string>> CheckRosterFileAppliedWholeAsync(string name, string stdout)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        var import = await connection.QuerySingleOrDefaultAsync<(long Id, int RowsTaken, int RowsQuarantined)>(
            "SELECT id, rows_taken, rows_quarantined FROM roster.import WHERE sumber = @name ORDER BY id DESC LIMIT 1", new { name });
        if (import == default)
        {
            return [$"{name}: exit 0 but no import of it was recorded."];
        }

        var quarantined = await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM roster.quarantine WHERE import_id = @Id", new { import.Id });
        var summary = Summary().Match(stdout);
        var problems = new List<string>();
        if (quarantined != import.RowsQuarantined || int.Parse(summary.Groups["quarantined"].Value, System.Globalization.CultureInfo.InvariantCulture) != quarantined)
        {
            problems.Add($"{name}: {quarantined} quarantine rows, {import.RowsQuarantined} recorded, summary '{FirstLine(stdout)}'.");
        }

        if (int.Parse(summary.Groups["taken"].Value, System.Globalization.CultureInfo.InvariantCulture) != import.RowsTaken)
        {
            problems.Add($"{name}: {import.RowsTaken} rows recorded as taken, summary '{FirstLine(stdout)}'.");
        }

        return problems;
    }

    private static string Sentence(WorkerRun run) =>
        run.ExitCode == 0 ? FirstLine(run.Stdout)
            : run.Stderr.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Contains(" is rejected", StringComparison.Ordinal) || l.Contains(" is held back", StringComparison.Ordinal)) ?? FirstLine(run.Stderr);

    private static string FirstLine(string text) => text.Split('\n').FirstOrDefault(l => l.Trim().Length > 0)?.Trim() ?? "(nothing)";

    [GeneratedRegex(@"^\s+at \S+", RegexOptions.Multiline)]
    private static partial Regex StackTrace();

    [GeneratedRegex(@"rows taken (?<taken>\d+),.* quarantined (?<quarantined>\d+)")]
    private static partial Regex Summary();

    [GeneratedRegex(@"^Imported membership file .*?: (?<records>\d+) records")]
    private static partial Regex ImportedRecords();
}
