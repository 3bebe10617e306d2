using Dapper;
using Jamsostek.Tests.Infrastructure;
using static Jamsostek.Tests.Rosters.RosterDatabase;

namespace Jamsostek.Tests.Rosters;

/// <summary>The roster verbs through the real executable (SPEC 5): arguments, exit code, one-line summary, CSV written.</summary>
public sealed class RosterCommandLineTests : IDisposable
{
    private readonly RosterTestFiles files = new();

    public void Dispose() => files.Dispose();

    [Fact]
    public async Task Import_roster_prints_a_one_line_summary_and_export_rejects_writes_the_quarantine_with_formulas_neutralised()
    {
        await using var database = await TestDatabase.CreateAsync();
        var roster = files.Csv("desa.csv",
            RosterTestFiles.Header,
            $"{Kramatwatu},{Nik(1)},Ahmad,,,Ketua RT,",
            $"{Kramatwatu},3604053505800003,=HYPERLINK(\"http://x\"),,,BPD,",
            $"{Kramatwatu},+{Nik(2)},@Budi,,,BPD,");
        var output = Path.Combine(files.Folder, "rejects.csv");

        var import = await WorkerProcess.RunAsync(["import", "roster", roster], database.Settings());
        var export = await WorkerProcess.RunAsync(["export", "rejects", "--out", output], database.Settings());

        Assert.True(import.ExitCode == 0, import.Stderr);
        var summary = Assert.Single(import.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("rows taken 1", summary, StringComparison.Ordinal);
        Assert.Contains("quarantined 2", summary, StringComparison.Ordinal);
        Assert.DoesNotContain(Nik(1), import.Stdout + import.Stderr, StringComparison.Ordinal);
        Assert.True(export.ExitCode == 0, export.Stderr);
        var lines = File.ReadAllLines(output);
        // SPEC 5's first line, byte for byte: no byte-order mark before it.
        Assert.Equal("sumber,baris,kode_desa,nik,nama,alasan\n"u8.ToArray(), File.ReadAllBytes(output)[..39]);
        Assert.Equal(3, lines.Length);
        Assert.Contains("desa.csv,3,3604052001,3604053505800003,\"'=HYPERLINK(\"\"http://x\"\")\",", lines[1], StringComparison.Ordinal);
        Assert.Contains($",'+{Nik(2)},'@Budi,", lines[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_missing_a_required_column_exits_1_with_one_sentence_naming_the_file_and_the_column()
    {
        await using var database = await TestDatabase.CreateAsync();
        var roster = files.Csv("tanpa-nama.csv", "kode_desa,nik,peran", $"{Kramatwatu},{Nik(1)},BPD");

        var run = await WorkerProcess.RunAsync(["import", "roster", roster], database.Settings());

        Assert.Equal(1, run.ExitCode);
        var error = Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("tanpa-nama.csv", error, StringComparison.Ordinal);
        Assert.Contains("'nama'", error, StringComparison.Ordinal);
        // An import pulls nothing: its summary says nothing of desa pulled.
        Assert.StartsWith("Rosters: 1 file(s) (0 unchanged, 1 rejected); rows taken 0,", run.Stdout, StringComparison.Ordinal);
        Assert.True(File.Exists(roster), "a file named on the command line is left where it is");
    }

    [Fact]
    public async Task A_file_that_does_not_exist_is_wrong_usage_exit_2_with_one_sentence_naming_it_and_nothing_is_imported()
    {
        await using var database = await TestDatabase.CreateAsync();
        var roster = files.Csv("desa.csv", RosterTestFiles.Header, $"{Kramatwatu},{Nik(1)},Ahmad,,,BPD,");
        var missing = Path.Combine(files.Folder, "tidak-ada.csv");

        var run = await WorkerProcess.RunAsync(["import", "roster", roster, missing], database.Settings());

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("tidak-ada.csv", Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
        Assert.Empty(run.Stdout);
        await using var connection = await database.DataSource.OpenConnectionAsync();
        Assert.Equal(0L, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM roster.entry"));
    }

    [Fact]
    public async Task A_desa_halved_by_a_file_exits_1_and_is_taken_with_allow_shrink()
    {
        await using var database = await TestDatabase.CreateAsync();
        var all = files.Csv("semua.csv", [RosterTestFiles.Header, .. Enumerable.Range(1, 10).Select(i => $"{Kramatwatu},{Nik(i)},Orang {i},,,BPD,")]);
        var few = files.Csv("tiga.csv", [RosterTestFiles.Header, .. Enumerable.Range(1, 3).Select(i => $"{Kramatwatu},{Nik(i)},Orang {i},,,BPD,")]);
        await WorkerProcess.RunAsync(["import", "roster", all], database.Settings());

        var held = await WorkerProcess.RunAsync(["import", "roster", few], database.Settings());
        var allowed = await WorkerProcess.RunAsync(["import", "roster", "--allow-shrink", few], database.Settings());

        Assert.Equal(1, held.ExitCode);
        Assert.Contains("tiga.csv is held back", Assert.Single(held.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
        Assert.True(allowed.ExitCode == 0, allowed.Stderr);
        Assert.Contains("left 7", allowed.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pull_roster_with_nothing_configured_succeeds_with_an_empty_summary()
    {
        await using var database = await TestDatabase.CreateAsync();

        var run = await WorkerProcess.RunAsync(["pull", "roster"], database.Settings());

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.StartsWith("Rosters: 0 file(s)", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pull_roster_with_a_rejected_file_in_the_inbox_says_so_in_one_sentence_without_a_log_line_beside_it()
    {
        await using var database = await TestDatabase.CreateAsync();
        files.Csv("tanpa-nama.csv", "kode_desa,nik,peran", $"{Kramatwatu},{Nik(1)},BPD");
        var settings = database.Settings(new Dictionary<string, string?>
        {
            ["Rosters:InboxPath"] = files.Folder,
            ["Rosters:InboxQuietPeriod"] = "00:00:00",
        });

        var run = await WorkerProcess.RunAsync(["pull", "roster"], settings);

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("File tanpa-nama.csv is rejected:", Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("pull", "roster", "Rosters:InboxPath")]
    [InlineData("sync", "membership", "Membership:InboxPath")]
    public async Task An_inbox_that_does_not_exist_is_a_setting_to_correct_not_an_empty_inbox(string verb, string noun, string key)
    {
        await using var database = await TestDatabase.CreateAsync();
        var mistyped = Path.Combine(files.Folder, "inbox-salah-ketik");
        var settings = database.Settings(new Dictionary<string, string?> { [key] = mistyped });

        var run = await WorkerProcess.RunAsync([verb, noun], settings);

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith($"{key} ({mistyped}) does not exist: create the folder", Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
        Assert.False(Directory.Exists(mistyped));
    }
}
