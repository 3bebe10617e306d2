using System.Globalization;
using Dapper;
using Jamsostek.Matching;
using Jamsostek.Tabular;
using Jamsostek.Tests.Infrastructure;

namespace Jamsostek.Tests.Matching;

/// <summary>
/// `review export` and `review import`: the queue as a sheet the Disnaker staff fill in with the villages' answers, and the
/// decisions applied as `review accept` and `review reject` apply them (SPEC 3.3, extended in docs/matching.md).
/// </summary>
public sealed class ReviewSheetTests : IDisposable
{
    private const string Registered = "3604051203900023";
    private const string Listed = "3604091203900517";
    private const string Aminah = "3604055507850107";
    private const string StAminah = "3604095507850999";
    private const string Header = "id,kode_desa,desa,peran,nik,nama,tanggal_lahir,nik_bpjs,nama_bpjs,tanggal_lahir_bpjs,kpj,skor,alasan,keputusan";

    private readonly DirectoryInfo directory = Directory.CreateTempSubdirectory("jamsostek-review-sheet-");

    public void Dispose() => directory.Delete(recursive: true);

    [Theory]
    [InlineData("tinjauan.csv")]
    [InlineData("tinjauan.xlsx")]
    public async Task Decisions_filled_in_an_exported_sheet_are_applied_and_the_next_reconcile_follows_them(string name)
    {
        await using var database = await TestDatabase.CreateAsync();
        var (world, accepted, rejected) = await TwoProposalsAsync(database);
        var file = Path.Combine(directory.FullName, name);

        var exported = await WorkerProcess.RunAsync(["review", "export", "--out", file], database.Settings());
        var sheet = Read(file);
        Fill(file, new() { [accepted] = "terima", [rejected] = "Reject" });
        var imported = await WorkerProcess.RunAsync(["review", "import", file, "--by", "Rina (Disnaker)"], database.Settings());
        var reconciled = await WorkerProcess.RunAsync(["reconcile"], database.Settings());

        Assert.True(exported.ExitCode == 0, exported.Stderr);
        Assert.Equal($"Wrote 2 probable matches of scope 3604 to {file}", exported.Stdout.Split(" (")[0]);
        Assert.Equal(Header, string.Join(',', sheet.Header));
        // Whole, both sides: the admin compares them; the file is theirs alone (as every export holding personal data).
        var ahmad = sheet.Rows.Single(r => r[0] == Id(accepted));
        Assert.Equal([MatchingWorld.DesaKramatwatu, await DesaNameAsync(database), "PETANI", Listed, "Ahmad Fauzi", "1990-03-12", Registered, "Ahmad Fauzi", "1990-03-12", "KPJ-" + Registered],
            ahmad[1..11]);
        Assert.Equal("", ahmad[13]);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }

        Assert.True(imported.ExitCode == 0, imported.Stderr);
        Assert.Equal(
            $"Review file {name}: 1 accepted, 1 rejected, 0 skipped; 0 already decided as the file says, 0 left blank; statuses change with the next reconcile.",
            imported.Stdout.Trim());
        Assert.Equal(("KEPUTUSAN_ADMIN", false), ((await world.MatchOfAsync(accepted))?.Metode, (await world.MatchOfAsync(accepted))?.IsProbable));
        Assert.Null(await world.MatchOfAsync(rejected));
        Assert.True(reconciled.ExitCode == 0, reconciled.Stderr);
        Assert.Equal(("COVERED", "NOT_REGISTERED"), (await StatusAsync(database, accepted), await StatusAsync(database, rejected)));
        Assert.Equal(
            [(accepted, "DITERIMA", "Rina (Disnaker)"), (rejected, "DITOLAK", "Rina (Disnaker)")],
            (await DecisionsAsync(database)).Select(d => (d.EntryId, d.Keputusan, d.DecidedBy)));
    }

    [Theory]
    [InlineData("tinjauan.csv")]
    [InlineData("tinjauan.xlsx")]
    public async Task A_sheet_imported_again_changes_nothing(string name)
    {
        await using var database = await TestDatabase.CreateAsync();
        var (world, accepted, rejected) = await TwoProposalsAsync(database);
        var file = Path.Combine(directory.FullName, name);
        Assert.Equal(0, (await WorkerProcess.RunAsync(["review", "export", "--out", file], database.Settings())).ExitCode);
        Fill(file, new() { [accepted] = "TERIMA", [rejected] = "TOLAK" });
        var first = await WorkerProcess.RunAsync(["review", "import", file], database.Settings());
        Assert.True(first.ExitCode == 0, first.Stderr);
        var decisions = await DecisionsAsync(database);
        Assert.Equal(0, (await WorkerProcess.RunAsync(["reconcile"], database.Settings())).ExitCode);

        var again = await WorkerProcess.RunAsync(["review", "import", file, "--by", "somebody else"], database.Settings());

        Assert.True(again.ExitCode == 0, again.Stderr);
        Assert.Equal(
            $"Review file {name}: 0 accepted, 0 rejected, 0 skipped; 2 already decided as the file says, 0 left blank; statuses change with the next reconcile.",
            again.Stdout.Trim());
        Assert.Equal("", again.Stderr);
        Assert.Equal(decisions, await DecisionsAsync(database));
        Assert.Equal("KEPUTUSAN_ADMIN", (await world.MatchOfAsync(accepted))?.Metode);
        Assert.Null(await world.MatchOfAsync(rejected));
    }

    [Fact]
    public async Task A_row_whose_entry_was_decided_or_whose_proposal_changed_since_the_export_is_skipped_and_named()
    {
        await using var database = await TestDatabase.CreateAsync();
        var (world, changed, decided) = await TwoProposalsAsync(database);
        var file = Path.Combine(directory.FullName, "tinjauan.csv");
        Assert.Equal(0, (await WorkerProcess.RunAsync(["review", "export", "--out", file], database.Settings())).ExitCode);
        Fill(file, new() { [changed] = "TERIMA", [decided] = "TERIMA" });
        var rows = (await File.ReadAllLinesAsync(file)).Select(l => l.Split(',')[0]).ToList();
        // Between export and import: a reconcile proposes another register person for one entry (the register changed), and
        // an admin rejects the other on the command line.
        const string otherAhmad = "3604051203900024";
        await world.MemberAsync(otherAhmad, "Ahmad Fauzi");
        await using (var connection = await database.DataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync("UPDATE matching.match SET member_nik = @Other WHERE entry_id = @Changed", new { Other = otherAhmad, Changed = changed });
        }

        Assert.Equal(0, (await WorkerProcess.RunAsync(["review", "reject", Id(decided)], database.Settings())).ExitCode);

        var imported = await WorkerProcess.RunAsync(["review", "import", file], database.Settings());

        Assert.Equal(1, imported.ExitCode);
        Assert.Equal(
            "Review file tinjauan.csv: 0 accepted, 0 rejected, 2 skipped (1 no longer awaiting review, 1 proposing another register person since the export); "
            + "0 already decided as the file says, 0 left blank; statuses change with the next reconcile.",
            imported.Stdout.Trim());
        var skipped = imported.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(
            [
                $"tinjauan.csv row {rows.IndexOf(Id(changed)) + 1}: skipped, not applied. Review ID {changed} now proposes another register person than the one in the file (a reconcile since the export changed the proposal): export the queue again to decide on it.",
                $"tinjauan.csv row {rows.IndexOf(Id(decided)) + 1}: skipped, not applied. Review ID {decided} was rejected already (`review decisions` lists it); `review undo {decided}` takes that back.",
            ],
            skipped.OrderBy(l => l.Contains("now proposes", StringComparison.Ordinal) ? 0 : 1));
        // The acceptance was never applied to a pair the admin did not see.
        var match = await world.MatchOfAsync(changed);
        Assert.Equal(("NAMA_TGL_LAHIR", true, otherAhmad), (match?.Metode, match?.IsProbable, match?.MemberNik));
        Assert.Equal([(decided, "DITOLAK")], (await DecisionsAsync(database)).Select(d => (d.EntryId, d.Keputusan)));
        Assert.All(new[] { Listed, Registered, otherAhmad, StAminah, Aminah, "Ahmad", "Aminah" }, personal => Assert.DoesNotContain(personal, imported.Stderr + imported.Stdout, StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_acceptance_in_a_sheet_is_refused_as_review_accept_refuses_it_and_the_file_says_so()
    {
        await using var database = await TestDatabase.CreateAsync();
        var world = new MatchingWorld(database);
        await world.MemberAsync(Registered, "Ahmad Fauzi");
        var first = await world.RosterAsync(Listed, "Ahmad Fauzi");
        var second = await world.RosterAsync("3604101203900777", "Ahmad Fauzi", MatchingWorld.DesaMargasana);
        await world.MatchAsync();
        var file = Path.Combine(directory.FullName, "tinjauan.xlsx");
        Assert.Equal(0, (await WorkerProcess.RunAsync(["review", "export", "--out", file], database.Settings())).ExitCode);
        // Both namesakes accepted: one register person is one roster person.
        Fill(file, new() { [first] = "TERIMA", [second] = "TERIMA" });

        var imported = await WorkerProcess.RunAsync(["review", "import", file], database.Settings());

        Assert.Equal(1, imported.ExitCode);
        Assert.StartsWith(
            "Review file tinjauan.xlsx: 1 accepted, 0 rejected, 1 skipped (1 register person already accepted for another roster entry); ",
            imported.Stdout.Trim(),
            StringComparison.Ordinal);
        Assert.Contains("cannot be accepted: an admin already matched that register person to roster entry", imported.Stderr, StringComparison.Ordinal);
        Assert.Single(await DecisionsAsync(database));
    }

    [Theory]
    [InlineData("tinjauan.csv")]
    [InlineData("tinjauan.xlsx")]
    public async Task An_unreadable_decision_refuses_the_file_naming_file_row_and_field_and_applies_nothing(string name)
    {
        await using var database = await TestDatabase.CreateAsync();
        var (world, accepted, rejected) = await TwoProposalsAsync(database);
        var file = Path.Combine(directory.FullName, name);
        Assert.Equal(0, (await WorkerProcess.RunAsync(["review", "export", "--out", file], database.Settings())).ExitCode);
        var rows = Read(file).Rows.Select(r => r[0]).ToList();
        // A staff member wrote who said so where the decision goes.
        Fill(file, new() { [accepted] = "TERIMA", [rejected] = "kata Pak Ahmad" });

        var imported = await WorkerProcess.RunAsync(["review", "import", file], database.Settings());

        Assert.Equal(1, imported.ExitCode);
        Assert.Equal(
            $"Review file {name} is refused, nothing applied: row {rows.IndexOf(Id(rejected)) + 2}, field keputusan: not TERIMA or TOLAK (or ACCEPT or REJECT; blank leaves the row undecided).",
            imported.Stderr.Trim());
        Assert.Equal("", imported.Stdout);
        Assert.Empty(await DecisionsAsync(database));
        Assert.True((await world.MatchOfAsync(accepted))?.IsProbable);
        Assert.True((await world.MatchOfAsync(rejected))?.IsProbable);
    }

    [Theory]
    [InlineData("tinjauan.csv")]
    [InlineData("tinjauan.xlsx")]
    public async Task A_row_repeated_word_for_word_is_applied_once_and_the_summary_counts_it_as_repeated(string name)
    {
        await using var database = await TestDatabase.CreateAsync();
        var (world, accepted, rejected) = await TwoProposalsAsync(database);
        var file = Path.Combine(directory.FullName, name);
        Assert.Equal(0, (await WorkerProcess.RunAsync(["review", "export", "--out", file], database.Settings())).ExitCode);
        Fill(file, new() { [accepted] = "TERIMA", [rejected] = "TOLAK" });
        // Two staff members' sheets pasted together: the same row twice.
        Repeat(file, accepted);

        var imported = await WorkerProcess.RunAsync(["review", "import", file], database.Settings());

        Assert.True(imported.ExitCode == 0, imported.Stderr);
        Assert.Equal(
            $"Review file {name}: 1 accepted, 1 rejected, 0 skipped; 0 already decided as the file says, 0 left blank, 1 repeating an earlier row (same id, decision and nik_bpjs: applied once); statuses change with the next reconcile.",
            imported.Stdout.Trim());
        Assert.Equal("", imported.Stderr);
        Assert.Equal([(accepted, "DITERIMA"), (rejected, "DITOLAK")], (await DecisionsAsync(database)).Select(d => (d.EntryId, d.Keputusan)));
        Assert.Equal("KEPUTUSAN_ADMIN", (await world.MatchOfAsync(accepted))?.Metode);
    }

    [Theory]
    [InlineData("tinjauan.csv", "keputusan")]
    [InlineData("tinjauan.xlsx", "keputusan")]
    [InlineData("tinjauan.csv", "nik_bpjs")]
    [InlineData("tinjauan.xlsx", "nik_bpjs")]
    public async Task A_second_row_of_an_id_with_another_decision_or_register_NIK_refuses_the_file_naming_both_rows_and_the_field(string name, string field)
    {
        await using var database = await TestDatabase.CreateAsync();
        var (world, accepted, rejected) = await TwoProposalsAsync(database);
        var file = Path.Combine(directory.FullName, name);
        Assert.Equal(0, (await WorkerProcess.RunAsync(["review", "export", "--out", file], database.Settings())).ExitCode);
        Fill(file, new() { [accepted] = "TERIMA", [rejected] = "TOLAK" });
        var first = Read(file).Rows.FindIndex(r => r[0] == Id(accepted)) + 2;
        // Which of the two the staff meant only they can tell: the second says no, or names Siti Aminah's register NIK.
        var second = field == "keputusan" ? Repeat(file, accepted, keputusan: "TOLAK") : Repeat(file, accepted, nikBpjs: Aminah);

        var imported = await WorkerProcess.RunAsync(["review", "import", file], database.Settings());

        Assert.Equal(1, imported.ExitCode);
        var why = field == "keputusan"
            ? $"row {first} decides review id {accepted} the other way"
            : $"row {first} shows review id {accepted} with another register NIK";
        Assert.Equal($"Review file {name} is refused, nothing applied: row {second}, field {field}: {why}.", imported.Stderr.Trim());
        Assert.Equal("", imported.Stdout);
        Assert.Empty(await DecisionsAsync(database));
        Assert.True((await world.MatchOfAsync(accepted))?.IsProbable);
        Assert.True((await world.MatchOfAsync(rejected))?.IsProbable);
    }

    [Fact]
    public async Task A_workbook_whose_register_NIKs_were_turned_into_numbers_is_refused_whole_with_the_Excel_advice()
    {
        await using var database = await TestDatabase.CreateAsync();
        var (world, accepted, rejected) = await TwoProposalsAsync(database);
        var file = Path.Combine(directory.FullName, "tinjauan.xlsx");
        Assert.Equal(0, (await WorkerProcess.RunAsync(["review", "export", "--out", file], database.Settings())).ExitCode);
        var (header, rows) = Read(file);
        // Excel's "Convert to Number" on the column it marks "Number Stored as Text": 15 digits kept, the 16th a 0. Each
        // row then names a register person nobody proposed, which is no reconcile's doing.
        var numbers = rows.Select(r => header.Select((c, i) => (c, i)).ToDictionary(
            x => x.c,
            x => x.c == "nik_bpjs" ? (object?)(long.Parse(r[x.i], CultureInfo.InvariantCulture) / 10 * 10)
                : x.c == "keputusan" ? (long.Parse(r[0], CultureInfo.InvariantCulture) == accepted ? "TERIMA" : "TOLAK")
                : r[x.i]));
        MiniExcelLibs.MiniExcel.SaveAs(file, numbers.ToList(), sheetName: "Tinjauan", overwriteFile: true);

        var imported = await WorkerProcess.RunAsync(["review", "import", file], database.Settings());

        Assert.Equal(1, imported.ExitCode);
        Assert.StartsWith("Review file tinjauan.xlsx is refused, nothing applied: row ", imported.Stderr.Trim(), StringComparison.Ordinal);
        Assert.Contains("field nik_bpjs: written as a number, which keeps only 15 digits", imported.Stderr, StringComparison.Ordinal);
        Assert.Empty(await DecisionsAsync(database));
        Assert.True((await world.MatchOfAsync(accepted))?.IsProbable);
        Assert.True((await world.MatchOfAsync(rejected))?.IsProbable);
    }

    [Fact]
    public async Task The_export_holds_the_queue_of_review_list_in_its_order_and_no_row_of_another_scope()
    {
        await using var database = await TestDatabase.CreateAsync();
        var world = new MatchingWorld(database);
        var ciruas = (await world.DesaOfAsync("360409"))[0];
        await world.MemberAsync(Registered, "Ahmad Fauzi");
        await world.MemberAsync(Aminah, "Siti Aminah");
        await world.MemberAsync("3604096302880045", "Dewi Lestari");
        var namesake = await world.RosterAsync(Listed, "Ahmad Fauzi");
        var serial = await world.RosterAsync("3604055507850108", "Siti Aminah", MatchingWorld.DesaMargasana);
        var elsewhere = await world.RosterAsync("3604096302880917", "Dewi Lestari", ciruas);
        await world.MatchAsync(MatchingWorld.Kramatwatu, "360409");
        var all = Path.Combine(directory.FullName, "semua.xlsx");
        var kramatwatu = Path.Combine(directory.FullName, "kramatwatu.csv");

        var wholeRun = await WorkerProcess.RunAsync(["review", "export", "--out", all], database.Settings());
        var scopeRun = await WorkerProcess.RunAsync(["review", "export", "--out", kramatwatu, "--scope", "36.04.05"], database.Settings());
        var list = await WorkerProcess.RunAsync(["review", "list"], database.Settings());

        Assert.True(wholeRun.ExitCode == 0, wholeRun.Stderr);
        Assert.True(scopeRun.ExitCode == 0, scopeRun.Stderr);
        var listed = list.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).SkipLast(1).Select(l => l.Split('\t')[0]);
        Assert.Equal(listed, Read(all).Rows.Select(r => r[0]));
        Assert.Equal([Id(serial), Id(namesake), Id(elsewhere)], Read(all).Rows.Select(r => r[0]));
        Assert.Equal([Id(serial), Id(namesake)], Read(kramatwatu).Rows.Select(r => r[0]));
        Assert.All(Read(kramatwatu).Rows, r => Assert.StartsWith(MatchingWorld.Kramatwatu, r[1], StringComparison.Ordinal));
    }

    /// <summary>The sheet as the admin opens it: header and rows, every cell text.</summary>
    private static (IReadOnlyList<string> Header, List<string[]> Rows) Read(string file)
    {
        if (Workbook.IsPath(file))
        {
            var workbook = WrittenWorkbook.Read(file);
            Assert.All(workbook.Rows, r => Assert.IsType<string>(r["nik_bpjs"]));
            return (workbook.Header, [.. workbook.Rows.Select(r => workbook.Header.Select(c => WrittenWorkbook.Text(r, c)).ToArray())]);
        }

        using var reader = CsvHelper.CsvReader.Create(new StreamReader(file), new CsvHelper.CsvReaderOptions { Separator = ',', HasHeader = false, AllowLineBreaksInQuotes = true });
        var rows = new List<string[]>();
        while (reader.Read())
        {
            rows.Add(reader.Current.ToArray());
        }

        return (rows[0], rows[1..]);
    }

    /// <summary>
    /// The staff's answers in the keputusan column, the rest as exported: a CSV edited as text, a workbook saved back as a
    /// workbook.
    /// </summary>
    private static void Fill(string file, Dictionary<long, string> decisions)
    {
        if (Workbook.IsPath(file))
        {
            var (_, rows) = Read(file);
            foreach (var row in rows)
            {
                row[^1] = decisions.GetValueOrDefault(long.Parse(row[0], CultureInfo.InvariantCulture), "");
            }

            using var stream = File.Create(file);
            Workbook.Write(stream, "Tinjauan", ReviewSheet.Columns, rows, CancellationToken.None);
            return;
        }

        // keputusan is the last column, exported empty: each row ends in its comma.
        var lines = File.ReadAllLines(file);
        for (var i = 1; i < lines.Length; i++)
        {
            if (decisions.TryGetValue(long.Parse(lines[i].Split(',')[0], CultureInfo.InvariantCulture), out var decision))
            {
                Assert.EndsWith(",", lines[i], StringComparison.Ordinal);
                lines[i] += decision;
            }
        }

        File.WriteAllLines(file, lines);
    }

    /// <summary>
    /// A copy of the row of <paramref name="id"/> added below the last, with another decision or register NIK if given, as
    /// <see cref="Fill"/> edits (a CSV as text, a workbook as a workbook); returns its row number as the import counts it.
    /// </summary>
    private static int Repeat(string file, long id, string? keputusan = null, string? nikBpjs = null)
    {
        var (header, rows) = Read(file);
        var original = rows.Single(r => r[0] == Id(id));
        var nikColumn = header.ToList().IndexOf("nik_bpjs");
        if (Workbook.IsPath(file))
        {
            var copy = (string[])original.Clone();
            copy[nikColumn] = nikBpjs ?? copy[nikColumn];
            copy[^1] = keputusan ?? copy[^1];
            rows.Add(copy);
            using var stream = File.Create(file);
            Workbook.Write(stream, "Tinjauan", ReviewSheet.Columns, rows, CancellationToken.None);
        }
        else
        {
            var lines = File.ReadAllLines(file).ToList();
            var line = lines.Single(l => l.StartsWith($"{Id(id)},", StringComparison.Ordinal));
            // The register NIK is the only cell that is it whole between commas (the kpj column prefixes it).
            line = nikBpjs is null ? line : line.Replace($",{original[nikColumn]},", $",{nikBpjs},", StringComparison.Ordinal);
            line = keputusan is null ? line : line[..(line.LastIndexOf(',') + 1)] + keputusan;
            lines.Add(line);
            File.WriteAllLines(file, lines);
        }

        return rows.Count + (Workbook.IsPath(file) ? 1 : 2);
    }

    /// <summary>Ahmad, listed under a NIK further off (to accept), and St. Aminah, Siti's namesake under another NIK (to reject).</summary>
    private static async Task<(MatchingWorld World, long Accepted, long Rejected)> TwoProposalsAsync(TestDatabase database)
    {
        var world = new MatchingWorld(database);
        await world.MemberAsync(Registered, "Ahmad Fauzi", kpj: "KPJ-" + Registered);
        await world.MemberAsync(Aminah, "Siti Aminah");
        var accepted = await world.RosterAsync(Listed, "Ahmad Fauzi");
        var rejected = await world.RosterAsync(StAminah, "St. Aminah");
        await world.MatchAsync();
        return (world, accepted, rejected);
    }

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    private static async Task<string> DesaNameAsync(TestDatabase database)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<string>("SELECT name FROM ref.desa WHERE code = @Code", new { Code = MatchingWorld.DesaKramatwatu }) ?? "";
    }

    private static async Task<string?> StatusAsync(TestDatabase database, long entry)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<string>("SELECT status FROM coverage.entry_status WHERE entry_id = @Entry", new { Entry = entry });
    }

    private static async Task<List<(long EntryId, string Keputusan, string? DecidedBy, DateTime DecidedAt)>> DecisionsAsync(TestDatabase database)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        return [.. await connection.QueryAsync<(long, string, string?, DateTime)>(
            "SELECT entry_id, keputusan, decided_by, decided_at FROM matching.review_decision ORDER BY entry_id")];
    }
}
