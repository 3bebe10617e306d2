using Dapper;
using Jamsostek.Tests.Infrastructure;

namespace Jamsostek.Tests.Membership;

/// <summary><c>import membership FILE...</c> and <c>sync membership</c> run as an admin runs them (SPEC 5).</summary>
public sealed class MembershipCommandLineTests
{
    [Fact]
    public async Task Import_membership_takes_a_file_and_exits_0_and_a_held_file_exits_1_with_one_sentence()
    {
        await using var database = await TestDatabase.CreateAsync();
        using var files = new MembershipFiles();
        var full = files.Csv("kepesertaan_2026-11-01.csv", [MembershipFiles.Header, .. MembershipFiles.People(10), MembershipFiles.Row("12345", "KPJ-X", "Nama Rahasia")]);
        var small = files.Csv("kepesertaan_2026-11-20.csv", [MembershipFiles.Header, .. MembershipFiles.People(3)]);

        var imported = await WorkerProcess.RunAsync(["import", "membership", full], database.Settings());
        var again = await WorkerProcess.RunAsync(["import", "membership", full], database.Settings());
        var held = await WorkerProcess.RunAsync(["import", "membership", small], database.Settings());
        var missing = await WorkerProcess.RunAsync(["import", "membership", Path.Combine(files.Folder, "nope.csv")], database.Settings());

        Assert.True(imported.ExitCode == 0, imported.Stderr);
        Assert.Equal("Imported membership file kepesertaan_2026-11-01.csv: 10 records of 10 people as of 2026-11-01, 1 bad row left out.", imported.Stdout.Trim());
        Assert.Equal("kepesertaan_2026-11-01.csv, row 12, field nik: not 16 digits.", imported.Stderr.Trim());
        Assert.DoesNotContain("Rahasia", imported.Stdout + imported.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, again.ExitCode);
        Assert.Contains("was imported before", again.Stdout, StringComparison.Ordinal);
        Assert.Equal(1, held.ExitCode);
        Assert.Single(held.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("is held back", held.Stderr, StringComparison.Ordinal);
        Assert.True(File.Exists(small), "An explicitly named file stays where the admin put it.");
        Assert.Equal(2, missing.ExitCode);
        await using var connection = await database.DataSource.OpenConnectionAsync();
        Assert.Equal(10, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM membership.record"));

        var allowed = await WorkerProcess.RunAsync(["import", "membership", "--allow-shrink", small], database.Settings());

        Assert.True(allowed.ExitCode == 0, allowed.Stderr);
        Assert.Equal(3, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM membership.record"));
    }

    [Fact]
    public async Task A_held_file_names_its_bad_rows_by_file_row_and_field_after_its_sentence()
    {
        await using var database = await TestDatabase.CreateAsync();
        using var files = new MembershipFiles();
        var slashes = files.Csv("kepesertaan_2026-11-01.csv",
            [MembershipFiles.Header, MembershipFiles.Row("3604051203900001", "KPJ-1", "Nama Rahasia", iuranSampai: "31-Foo-2027")]);

        var held = await WorkerProcess.RunAsync(["import", "membership", slashes], database.Settings());

        Assert.Equal(1, held.ExitCode);
        Assert.Equal(
            [
                "Membership file kepesertaan_2026-11-01.csv is held back: it has no valid rows; the register is unchanged.",
                "kepesertaan_2026-11-01.csv, row 2, field iuran_sampai: not a date (YYYY-MM-DD, DD-MM-YYYY, DD/MM/YYYY, DD.MM.YYYY, YYYY/MM/DD or 30-Jun-2027 with the month in Indonesian or English).",
            ],
            held.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(l => !l.StartsWith("warn:", StringComparison.Ordinal)));
        Assert.DoesNotContain("Rahasia", held.Stdout + held.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_second_file_of_the_registers_date_exits_1_and_replace_takes_it()
    {
        await using var database = await TestDatabase.CreateAsync();
        using var files = new MembershipFiles();
        var first = files.Csv("kepesertaan_2026-11-01.csv", [MembershipFiles.Header, .. MembershipFiles.People(4)]);
        var corrected = files.Csv("kepesertaan_2026-11-01_perbaikan.csv", [MembershipFiles.Header, .. MembershipFiles.People(3)]);
        Assert.Equal(0, (await WorkerProcess.RunAsync(["import", "membership", first], database.Settings())).ExitCode);

        var held = await WorkerProcess.RunAsync(["import", "membership", corrected], database.Settings());
        var replaced = await WorkerProcess.RunAsync(["import", "membership", "--replace", corrected], database.Settings());

        Assert.Equal(1, held.ExitCode);
        Assert.Contains("import it with --replace", held.Stderr, StringComparison.Ordinal);
        Assert.True(replaced.ExitCode == 0, replaced.Stderr);
        Assert.StartsWith("Imported membership file kepesertaan_2026-11-01_perbaikan.csv: 3 records of 3 people", replaced.Stdout.Trim(), StringComparison.Ordinal);
        await using var connection = await database.DataSource.OpenConnectionAsync();
        Assert.Equal(3, await connection.ExecuteScalarAsync<int>("SELECT count(*)::integer FROM membership.record"));
    }

    [Fact]
    public async Task A_held_file_of_many_bad_rows_lists_the_first_fifty_and_says_how_many_more()
    {
        await using var database = await TestDatabase.CreateAsync();
        using var files = new MembershipFiles();
        var numbers = files.Csv("kepesertaan_2026-11-01.csv",
            [MembershipFiles.Header, .. MembershipFiles.People(120).Select(row => row.Replace(",2027-01-31", ",46418", StringComparison.Ordinal))]);

        var held = await WorkerProcess.RunAsync(["import", "membership", numbers], database.Settings());

        var lines = held.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(l => !l.StartsWith("warn:", StringComparison.Ordinal)).ToList();
        Assert.Equal(1, held.ExitCode);
        Assert.Equal(52, lines.Count);
        Assert.Equal("kepesertaan_2026-11-01.csv, row 51, field iuran_sampai: not a date (YYYY-MM-DD, DD-MM-YYYY, DD/MM/YYYY, DD.MM.YYYY, YYYY/MM/DD or 30-Jun-2027 with the month in Indonesian or English).", lines[50]);
        Assert.Equal("... and 70 more rows reported (the first 50 are above).", lines[51]);
    }

    [Fact]
    public async Task Sync_membership_imports_the_inbox_and_exits_1_when_a_file_was_held_back()
    {
        await using var database = await TestDatabase.CreateAsync();
        using var files = new MembershipFiles();
        var inbox = Path.Combine(files.Folder, "inbox");
        var settings = database.Settings(new Dictionary<string, string?> { ["Membership:InboxPath"] = inbox });
        files.Csv("kepesertaan_2026-11-01.csv", [MembershipFiles.Header, .. MembershipFiles.People(6)], folder: inbox);

        var first = await WorkerProcess.RunAsync(["sync", "membership"], settings);
        files.Csv("kepesertaan_2026-11-02.csv", ["nik,kpj,nama", "3604051203900023,KPJ-1,Ahmad"], folder: inbox);
        var second = await WorkerProcess.RunAsync(["sync", "membership"], settings);

        Assert.True(first.ExitCode == 0, first.Stderr);
        Assert.Equal($"Membership inbox {inbox}: 1 files imported, 0 already imported, 0 held back.", first.Stdout.Trim());
        Assert.Equal(1, second.ExitCode);
        Assert.Equal("Membership file kepesertaan_2026-11-02.csv is held back: the required columns 'tanggal_lahir', 'segmen', 'program', 'status', 'iuran_sampai' are missing from its header (row 1); the register is unchanged.", second.Stderr.Trim());
        Assert.True(File.Exists(Path.Combine(inbox, "held", "kepesertaan_2026-11-02.csv.report.txt")));
        Assert.True(File.Exists(Path.Combine(inbox, "archive", "kepesertaan_2026-11-01.csv")));
    }
}
