using System.Text;
using Dapper;
using Jamsostek.Database;
using Jamsostek.Matching;
using Jamsostek.Rosters;
using Jamsostek.Tabular;
using Microsoft.Extensions.DependencyInjection;
using static Jamsostek.Tests.Rosters.RosterDatabase;

namespace Jamsostek.Tests.Rosters;

public sealed class RosterFileImportTests : IDisposable
{
    private readonly RosterTestFiles files = new();

    public void Dispose() => files.Dispose();

    [Fact]
    public async Task A_comma_separated_UTF8_file_is_taken_with_birth_date_and_sex_from_the_NIK()
    {
        await using var db = await CreateAsync();
        var path = files.Csv("kramatwatu.csv",
            RosterTestFiles.Header,
            $"36.04.05.2001,{Nik(1)},Ahmad Fauzi,1980-05-17,L,Ketua RT,0812-1111",
            $"{Kramatwatu},{Nik(2, woman: true)},Siti Aminah,,,kader posyandu,");

        var summary = await db.Updates.ImportAsync([path], CancellationToken.None);

        var entries = await db.EntriesAsync();
        Assert.Equal(2, summary.Taken);
        Assert.Equal(2, summary.Appeared);
        Assert.Collection(entries,
            e =>
            {
                Assert.Equal((Kramatwatu, "KETUA_RT", "Ahmad Fauzi", "L", "0812-1111"), (e.KodeDesa, e.Peran, e.Nama, e.JenisKelamin, e.NoHp));
                Assert.Equal((new DateOnly(1980, 5, 17), new DateOnly(1980, 5, 17)), (e.TanggalLahir, e.TanggalLahirTertulis));
                Assert.Empty(e.Peringatan);
            },
            e => Assert.Equal(("KADER_POSYANDU", "P", (string?)null, (DateOnly?)null), (e.Peran, e.JenisKelamin, e.NoHp, e.TanggalLahirTertulis)));
        Assert.Equal(2, (await db.EventsAsync()).Count(ev => ev.Kind == "APPEAR"));
        Assert.Equal(Kramatwatu, await db.ScalarAsync<string>("SELECT kode_desa FROM roster.desa_snapshot"));
    }

    [Fact]
    public async Task A_stray_opening_quote_rejects_the_file_naming_row_and_field_instead_of_reading_the_rows_after_it_into_one_cell()
    {
        await using var db = await CreateAsync();
        var stray = files.Csv("kramatwatu.csv",
            RosterTestFiles.Header,
            $"{Kramatwatu},{Nik(1)},Ahmad Fauzi,,,BPD,",
            $"{Kramatwatu},{Nik(2)},\"Acong Suryadi,,,BPD,",
            $"{Kramatwatu},{Nik(3)},Budi,,,BPD,",
            $"{Kramatwatu},{Nik(4)},Cecep \"Ucup\",,,BPD,",
            $"{Kramatwatu},{Nik(5)},Dedi,,,BPD,");
        // A line break typed inside a quoted cell (Alt+Enter in Excel) is legal CSV and cuts nothing.
        var typed = files.Csv("margasana.csv",
            RosterTestFiles.Header,
            $"{Margasana},{Nik(6)},\"Eko\nPrasetyo\",,,BPD,",
            $"{Margasana},{Nik(7)},Fajar,,,BPD,");

        var rejected = await db.Updates.ImportAsync([stray], CancellationToken.None);
        var taken = await db.Updates.ImportAsync([typed], CancellationToken.None);

        Assert.Equal(
            "File kramatwatu.csv is rejected: row 3, field nama: a quote (\") opens in this cell and is not closed on its row, so the rows after it were read into the cell; remove the quote or close it.",
            Assert.Single(rejected.Rejections));
        Assert.Equal((0, 2), (rejected.Taken, taken.Taken));
        Assert.All(await db.EntriesAsync(), e => Assert.Equal(Margasana, e.KodeDesa));
    }

    [Theory]
    [InlineData("\r\n")]
    [InlineData("")]
    public async Task A_stray_opening_quote_on_the_last_row_rejects_the_file_naming_row_and_field_instead_of_a_wrong_role(string lastLineEnd)
    {
        await using var db = await CreateAsync();
        var path = Path.Combine(files.Folder, "kramatwatu.csv");
        await File.WriteAllTextAsync(path, string.Join("\r\n",
            RosterTestFiles.Header,
            $"{Kramatwatu},{Nik(1)},Ahmad Fauzi,,,BPD,",
            $"{Kramatwatu},{Nik(2)},\"Acong Suryadi,,,BPD,0812") + lastLineEnd);

        var summary = await db.Updates.ImportAsync([path], CancellationToken.None);

        Assert.Equal(
            "File kramatwatu.csv is rejected: row 3, field nama: a quote (\") opens in this cell and is not closed on its row, so the rest of its row was read into the cell; remove the quote or close it.",
            Assert.Single(summary.Rejections));
        Assert.Equal(0, summary.Taken);
        Assert.Empty(await db.QuarantineAsync());
    }

    [Fact]
    public async Task A_CSV_cell_too_long_rejects_the_file_naming_its_row_and_its_column_by_header_or_by_letter()
    {
        await using var db = await CreateAsync();
        var note = new string('x', CsvTabularReader.MaxCellLength + 1);
        var named = files.Csv("keterangan.csv", RosterTestFiles.Header + ",keterangan", $"{Kramatwatu},{Nik(1)},Ahmad,,,BPD,,", $"{Kramatwatu},{Nik(2)},Budi,,,BPD,,{note}");
        // A cell beyond the header's columns has no name: the letter Excel shows it under (the eighth column, H).
        var unnamed = files.Csv("tanpa-judul.csv", RosterTestFiles.Header, $"{Kramatwatu},{Nik(1)},Ahmad,,,BPD,", $"{Kramatwatu},{Nik(2)},Budi,,,BPD,,{note}");

        var summary = await db.Updates.ImportAsync([named, unnamed], CancellationToken.None);

        Assert.Equal(
            [
                $"File keterangan.csv is rejected: row 3, field keterangan: the cell is longer than {CsvTabularReader.MaxCellLength} characters; shorten it or empty it.",
                $"File tanpa-judul.csv is rejected: row 3, field column H: the cell is longer than {CsvTabularReader.MaxCellLength} characters; shorten it or empty it.",
            ],
            summary.Rejections);
        Assert.Empty(await db.EntriesAsync());
    }

    [Fact]
    public async Task A_quote_left_open_before_more_than_the_longest_CSV_row_rejects_the_file_naming_its_row()
    {
        await using var db = await CreateAsync();
        // The quote runs on past a megabyte of rows, where the reader stops instead of taking the rest of the file into one cell.
        var rows = Enumerable.Range(3, 40_000).Select(i => $"{Kramatwatu},{Nik(i)},Warga {i},,,BPD,").Prepend($"{Kramatwatu},{Nik(2)},\"Siti Aminah,,,BPD,");
        var path = files.Csv("terbuka.csv", [RosterTestFiles.Header, .. rows]);

        var summary = await db.Updates.ImportAsync([path], CancellationToken.None);

        Assert.Equal(
            $"File terbuka.csv is rejected: row 2: a cell is longer than {CsvTabularReader.MaxCellLength} characters, most often a quote (\") left open; shorten the cell or close the quote.",
            Assert.Single(summary.Rejections));
        Assert.Empty(await db.EntriesAsync());
    }

    [Theory]
    [InlineData("stray quote")]
    [InlineData("cell too long")]
    public async Task A_file_without_a_header_row_that_cannot_be_read_is_rejected_without_quoting_the_person_in_its_first_row(string fault)
    {
        await using var db = await CreateAsync();
        // A village's rows without the header row: naming a column by the first row's cell put that person's NIK or name
        // in the sentence (SPEC 6), which the command line prints, rejected/ keeps beside the file and the job's failure shows.
        var rows = Enumerable.Range(1, 14).Select(i => $"{Kramatwatu},{Nik(i)},Warga {i},,,BPD,").ToList();
        rows[0] = $"{Kramatwatu},{Nik(1)},Ahmad Fauzi,,,BPD,";
        rows[11] = fault == "stray quote"
            ? $"{Kramatwatu},{Nik(12)},\"Siti Aminah,,,BPD,"
            : $"{Kramatwatu},{Nik(12)},{new string('x', CsvTabularReader.MaxCellLength + 1)},,,BPD,";
        var path = files.Csv("tanpa-judul-kolom.csv", rows);

        var summary = await db.Updates.ImportAsync([path], CancellationToken.None);

        var rejection = Assert.Single(summary.Rejections);
        Assert.StartsWith("File tanpa-judul-kolom.csv is rejected: row 12, field column C: ", rejection, StringComparison.Ordinal);
        Assert.DoesNotContain(Nik(1), rejection, StringComparison.Ordinal);
        Assert.DoesNotContain("Fauzi", rejection, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_workbook_cell_too_long_in_a_column_read_rejects_the_file_naming_its_row_and_column_and_a_long_note_elsewhere_is_left_alone()
    {
        await using var db = await CreateAsync();
        var tooLong = new string('x', CsvTabularReader.MaxCellLength + 1);
        Dictionary<string, object?> Row(int serial, string nama, string keterangan) =>
            new() { ["kode_desa"] = Kramatwatu, ["nik"] = Nik(serial), ["nama"] = nama, ["peran"] = "BPD", ["keterangan"] = keterangan };
        var longName = files.Xlsx("nama-panjang.xlsx", [Row(1, "Ahmad", ""), Row(2, tooLong, "")]);
        var longNote = files.Xlsx("catatan-panjang.xlsx", [Row(1, "Ahmad", ""), Row(2, "Budi", tooLong)]);

        var rejected = await db.Updates.ImportAsync([longName], CancellationToken.None);
        var taken = await db.Updates.ImportAsync([longNote], CancellationToken.None);

        Assert.Equal(
            $"File nama-panjang.xlsx is rejected: row 3, field nama: the cell is longer than {CsvTabularReader.MaxCellLength} characters; shorten it or empty it.",
            Assert.Single(rejected.Rejections));
        Assert.Equal((0, 2), (rejected.Taken, taken.Taken));
        Assert.Equal(["Ahmad", "Budi"], (await db.EntriesAsync()).Select(e => e.Nama));
    }

    [Theory]
    [InlineData("NIK.")]
    [InlineData("_NIK")]
    public async Task A_NIK_header_written_with_punctuation_is_the_header_and_no_row_below_it_is_lost(string nikHeader)
    {
        await using var db = await CreateAsync();
        var path = files.Csv("kramatwatu.csv",
            [$"Kode Desa;{nikHeader};Nama;Peran", .. Enumerable.Range(1, 15).Select(i => $"{Kramatwatu};{Nik(i)};Warga {i};BPD")],
            delimiter: ';');

        var summary = await db.Updates.ImportAsync([path], CancellationToken.None);

        Assert.Equal(15, summary.Taken);
        Assert.Equal(15, (await db.EntriesAsync()).Count);
    }

    [Fact]
    public async Task What_Excel_users_write_is_read_as_they_mean_it_and_a_row_shifted_by_an_unquoted_comma_is_quarantined_for_that_and_a_note_beyond_the_header_is_not()
    {
        await using var db = await CreateAsync();
        var path = files.Csv("kramatwatu.csv",
            RosterTestFiles.Header,
            // A phone typed '0812 to keep its zero, a dashed desa code; a birth date "-" is not a date (SPEC 2.1: a bad row).
            $"{Kramatwatu},{Nik(1)},Ahmad,,,BPD,'081234567890",
            $"{Kramatwatu},{Nik(2)},Budi,-,,BPD,",
            $"36-04-05-2001,{Nik(3)},Cecep,,,BPD,",
            // A title after a comma, unquoted: every cell after the name one column on.
            $"{Kramatwatu},{Nik(4)},Sarip Komarudin, S.Pd,,,KETUA_RT,0812",
            // A note in a column the header does not name: the row itself is good.
            $"{Kramatwatu},{Nik(5)},Dedi,,,BPD,,pindahan dari Margasana",
            // Shifted too, but wrong before its name: its desa code is what to fix.
            $"3604059999,{Nik(6)},Eko, S.Pd,,,BPD,0812",
            // The signature block under the table.
            ",,Kepala Desa Kramatwatu,01-12-2026,,,",
            ",,H. Suherman,,,,");

        var summary = await db.Updates.ImportAsync([path], CancellationToken.None);

        Assert.Equal(3, summary.Taken);
        var entries = await db.EntriesAsync();
        Assert.Equal(["Ahmad", "Cecep", "Dedi"], entries.Select(e => e.Nama));
        Assert.Equal("081234567890", entries[0].NoHp);
        Assert.Collection((await db.QuarantineAsync()).OrderBy(q => q.Baris),
            q => Assert.Equal((3, RosterReasons.TanggalLahirBukanTanggal), (q.Baris, q.Alasan)),
            q => Assert.Equal((5, RosterReasons.SelBergeser), (q.Baris, q.Alasan)),
            q => Assert.Equal((7, RosterReasons.KodeDesaTidakDikenal), (q.Baris, q.Alasan)));
    }

    [Fact]
    public async Task Phones_stored_with_the_mark_that_kept_their_zero_are_rewritten_by_migration_0111_so_the_next_import_changes_nobody()
    {
        await using var db = await CreateAsync();
        string[] rows =
        [
            $"{Kramatwatu},{Nik(1)},Ahmad,,,BPD,'081200000001",
            $"{Kramatwatu},{Nik(2)},Budi,,,BPD,\"=\"\"081200000002\"\"\"",
            $"{Kramatwatu},{Nik(3)},Cecep,,,BPD,‘081200000003",
            $"{Kramatwatu},{Nik(4)},Dedi,,,BPD,081200000004",
        ];
        await db.Updates.ImportAsync([files.Csv("kramatwatu.csv", [RosterTestFiles.Header, .. rows])], CancellationToken.None);
        // As an earlier version stored them: the cell as written.
        await using (var connection = await db.Database.DataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync(
                "UPDATE roster.entry SET no_hp = CASE right(nik, 1) WHEN '1' THEN '''081200000001' WHEN '2' THEN '=\"081200000002\"' WHEN '3' THEN '‘081200000003' ELSE no_hp END");
            await connection.ExecuteAsync(SqlText.Get("migrations/0111_roster_phone_without_text_prefix"));
        }

        var next = await db.Updates.ImportAsync(
            [files.Csv("kramatwatu-baru.csv", [RosterTestFiles.Header, .. rows, $"{Kramatwatu},{Nik(5)},Eko,,,BPD,"])], CancellationToken.None);

        Assert.Equal((1, 0), (next.Appeared, next.Changed));
        Assert.Equal(["081200000001", "081200000002", "081200000003", "081200000004", null], (await db.EntriesAsync()).Select(e => e.NoHp));
    }

    [Fact]
    public async Task A_reject_without_a_desa_in_a_file_of_several_desa_is_superseded_by_the_same_bad_row_rejected_anew_and_by_nothing_else()
    {
        await using var db = await CreateAsync();
        string[] good = [$"{Kramatwatu},{Nik(1)},Ahmad,,,BPD,", $"{Margasana},{Nik(2)},Budi,,,BPD,"];
        var first = files.Csv("rekap-senin.csv", [RosterTestFiles.Header, .. good, $"3604059999,{Nik(3)},Cecep,,,BPD,"]);
        // Resent unfixed under a new name, its rows in another order; then another file of several desa listing the same
        // person in another role, which proves nothing about the reject.
        var again = files.Csv("rekap-selasa.csv", [RosterTestFiles.Header, $"3604059999,{Nik(3)},Cecep,,,BPD,", .. good]);
        var other = files.Csv("rekap-rabu.csv", [RosterTestFiles.Header, .. good, $"{Kramatwatu},{Nik(3)},Cecep,,,KETUA_RT,"]);

        await db.Updates.ImportAsync([first], CancellationToken.None);
        await db.Updates.ImportAsync([again], CancellationToken.None);
        var afterResend = (await db.QuarantineAsync()).Where(q => q.ResolvedAt is null).Select(q => q.Sumber).ToList();
        await db.Updates.ImportAsync([other], CancellationToken.None);

        Assert.Equal(["rekap-selasa.csv"], afterResend);
        Assert.Equal(["rekap-selasa.csv"], (await db.QuarantineAsync()).Where(q => q.ResolvedAt is null).Select(q => q.Sumber));
    }

    [Fact]
    public async Task A_header_of_two_rows_is_read_as_one_when_its_lower_row_alone_lacks_columns()
    {
        await using var db = await CreateAsync();
        // DATA PRIBADI merged over NIK and NAMA; KODE DESA and JABATAN merged down over both rows.
        var path = files.Csv("kramatwatu.csv",
            "KODE DESA,DATA PRIBADI,,JABATAN",
            ",NIK,NAMA,",
            $"{Kramatwatu},{Nik(1)},Ahmad,Ketua RT",
            $"{Kramatwatu},{Nik(2)},Budi,BPD");

        var summary = await db.Updates.ImportAsync([path], CancellationToken.None);

        Assert.Equal(2, summary.Taken);
        Assert.Equal(["KETUA_RT", "BPD"], (await db.EntriesAsync()).OrderBy(e => e.Nik, StringComparer.Ordinal).Select(e => e.Peran));
    }

    [Fact]
    public async Task A_file_whose_every_NIK_ends_in_0_is_refused_as_a_column_Excel_formatted_as_a_number()
    {
        await using var db = await CreateAsync();
        var excel = files.Csv("kramatwatu.csv", [RosterTestFiles.Header, .. Enumerable.Range(1, 20).Select(i => $"{Kramatwatu},{Nik(i * 10)},Warga {i},,,BPD,")]);
        // One NIK that does not end in 0 is a real list, however many others do.
        var real = files.Csv("margasana.csv", [RosterTestFiles.Header, .. Enumerable.Range(1, 20).Select(i => $"{Margasana},{Nik(i == 20 ? 201 : i * 10)},Warga {i},,,BPD,")]);

        var refused = await db.Updates.ImportAsync([excel], CancellationToken.None);
        var taken = await db.Updates.ImportAsync([real], CancellationToken.None);

        Assert.Equal(
            "File kramatwatu.csv is rejected: every one of its 20 NIKs ends in 0: the nik column was formatted as a number, which keeps 15 digits, so each NIK lost its last digit; format the column as Text and enter the NIKs again.",
            Assert.Single(refused.Rejections));
        Assert.Equal((0, 20), (refused.Taken, taken.Taken));
        Assert.All(await db.EntriesAsync(), e => Assert.Equal(Margasana, e.KodeDesa));
    }

    [Fact]
    public async Task A_file_whose_header_is_below_a_letterhead_too_long_says_no_header_was_found_rather_than_every_column_missing()
    {
        await using var db = await CreateAsync();
        var path = files.Csv("kramatwatu.csv", [.. Enumerable.Range(1, 12).Select(i => $"PEMERINTAH DESA KRAMATWATU baris {i},,,"), RosterTestFiles.Header, $"{Kramatwatu},{Nik(1)},Ahmad,,,BPD,"]);
        // One row shorter, the header is the lower row of a header of two, wider than the title above it: read, not shifted.
        var eleven = files.Csv("margasana.csv", [.. Enumerable.Range(1, 11).Select(i => $"PEMERINTAH DESA MARGASANA baris {i},,,"), RosterTestFiles.Header, $"{Margasana},{Nik(2)},Budi,,,BPD,"]);

        var summary = await db.Updates.ImportAsync([path], CancellationToken.None);
        var read = await db.Updates.ImportAsync([eleven], CancellationToken.None);

        Assert.Equal(
            "File kramatwatu.csv is rejected: no row among its first 11 is a header naming the columns kode_desa, nik, nama and peran; at most 10 rows of title may stand above it.",
            Assert.Single(summary.Rejections));
        Assert.Equal(1, read.Taken);
    }

    [Fact]
    public async Task Export_rejects_lists_a_files_rows_in_the_order_of_their_numbers()
    {
        await using var db = await CreateAsync();
        // Bad rows 4 and 12: as text, "12" sorts before "4".
        var path = files.Csv("kramatwatu.csv",
            [RosterTestFiles.Header, $"{Kramatwatu},{Nik(1)},Ahmad,,,BPD,", $"{Kramatwatu},{Nik(2)},Budi,,,BPD,", $"{Kramatwatu},36040517,Cecep,,,BPD,",
             .. Enumerable.Range(5, 7).Select(i => $"{Kramatwatu},{Nik(i)},Warga {i},,,BPD,"), $"{Kramatwatu},{Nik(12)},,,,BPD,"]);
        await db.Updates.ImportAsync([path], CancellationToken.None);
        await using var csv = new StringWriter();

        await db.Host.Services.GetRequiredService<RosterRejectsExport>().WriteAsync(csv, CancellationToken.None);

        Assert.Equal(["4", "12"], csv.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(line => line.Split(',')[1]));
    }

    [Fact]
    public async Task A_semicolon_separated_Windows_1252_file_with_English_headers_in_any_case_is_read()
    {
        await using var db = await CreateAsync();
        var path = files.Csv("margasana.csv",
            [
                "Village_Code,NIK,Name,Birth_Date,Sex,Role,Phone",
                $"{Margasana},{Nik(3)},Nur\u2019aini Ramos,17/05/1980,L,Farmer,",
                $"{Margasana},{Nik(4)},José Rizal,17-05-1980,L,Perangkat Desa,",
            ],
            Encoding.GetEncoding(1252),
            delimiter: ';');

        var summary = await db.Updates.ImportAsync([path], CancellationToken.None);

        Assert.Equal(2, summary.Taken);
        Assert.Equal(["José Rizal", "Nur\u2019aini Ramos"], (await db.EntriesAsync()).Select(e => e.Nama).Order(StringComparer.Ordinal));
        Assert.Equal(["PERANGKAT_DESA", "PETANI"], (await db.EntriesAsync()).Select(e => e.Peran).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_village_headers_own_words_nama_lengkap_and_jabatan_are_the_name_and_the_role_and_a_row_numbering_the_columns_is_skipped()
    {
        await using var db = await CreateAsync();
        var path = files.Csv("kramatwatu.csv",
            [
                "No;Kode Desa;NIK;Nama Lengkap;Jabatan;No HP",
                "1;2;3;4;5;6",
                $"1;{Kramatwatu};{Nik(1)};Ahmad Fauzi;Ketua RT;",
                $"2;{Kramatwatu};{Nik(2)};Siti Aminah;Kader Posyandu;",
            ],
            delimiter: ';');

        var summary = await db.Updates.ImportAsync([path], CancellationToken.None);

        Assert.Equal((2, 0, 0), (summary.Taken, summary.Rejections.Count, summary.Quarantined.Values.Sum()));
        Assert.Equal([("Ahmad Fauzi", "KETUA_RT"), ("Siti Aminah", "KADER_POSYANDU")], (await db.EntriesAsync()).Select(e => (e.Nama, e.Peran)).Order());
    }

    [Fact]
    public async Task A_UTF8_file_with_a_BOM_and_semicolons_is_read()
    {
        await using var db = await CreateAsync();
        var path = files.Csv("bom.csv",
            [RosterTestFiles.Header, $"{Kramatwatu},{Nik(5)},Dédé Suryadi,,,BPD,"],
            new UTF8Encoding(encoderShouldEmitUTF8Identifier: true),
            delimiter: ';');

        var summary = await db.Updates.ImportAsync([path], CancellationToken.None);

        Assert.Equal(1, summary.Taken);
        Assert.Equal("Dédé Suryadi", Assert.Single(await db.EntriesAsync()).Nama);
    }

    [Fact]
    public async Task A_tab_separated_file_as_Excel_and_Google_Sheets_save_text_is_read()
    {
        await using var db = await CreateAsync();
        // Excel's "Unicode Text": UTF-16 with a byte-order mark, tabs, .txt; the same renamed .csv; Google Sheets' .tsv.
        var unicodeText = files.Csv("kramatwatu.txt", [RosterTestFiles.Header, $"{Kramatwatu},{Nik(6)},\"Ujang; Kang\",,,BPD,"], Encoding.Unicode, delimiter: '\t');
        var renamed = files.Csv("margasana.csv", [RosterTestFiles.Header, $"{Margasana},{Nik(7)},Euis,,,BPD,"], Encoding.Unicode, delimiter: '\t');
        var sheets = files.Csv("pejaten.tsv", [RosterTestFiles.Header, $"3604052003,{Nik(8)},Asep,,,BPD,"], delimiter: '\t');

        var summary = await db.Updates.ImportAsync([unicodeText, renamed, sheets], CancellationToken.None);

        Assert.Empty(summary.Rejections);
        Assert.Equal(["Asep", "Euis", "Ujang; Kang"], (await db.EntriesAsync()).Select(e => e.Nama).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_CSV_with_a_title_and_a_blank_line_above_its_header_is_read_with_the_row_numbers_Excel_shows()
    {
        await using var db = await CreateAsync();
        // The title line has no delimiter: the header line, not the first, decides that it is ';'.
        var titled = files.Csv("margasana.csv",
            ["DAFTAR PERANGKAT DESA MARGASANA TAHUN 2026", "", RosterTestFiles.Header, $"{Margasana},{Nik(1)},Ahmad,,,BPD,", $"{Margasana},36040517,Budi,,,BPD,"],
            delimiter: ';');

        var summary = await db.Updates.ImportAsync([titled], CancellationToken.None);

        Assert.Empty(summary.Rejections);
        Assert.Equal("Ahmad", Assert.Single(await db.EntriesAsync()).Nama);
        Assert.Equal(5, Assert.Single(await db.QuarantineAsync()).Baris);
    }

    [Fact]
    public async Task Lines_around_the_table_are_not_rows_but_a_person_without_a_desa_code_is_quarantined_saying_so()
    {
        await using var db = await CreateAsync();
        var signed = files.Csv("serdang.csv",
            RosterTestFiles.Header,
            $"{Kramatwatu},{Nik(1)},Ahmad,,,BPD,",
            $",{Nik(2)},Budi,,,BPD,",
            ",,Jumlah,,,,",
            ",,\"Kramatwatu, 1 Desember 2026\",,,,",
            ",,Kepala Desa Serdang,,,,",
            ",,H. SUPRIATNA,,,,");

        var summary = await db.Updates.ImportAsync([signed], CancellationToken.None);

        Assert.Equal(1, summary.Taken);
        var reject = Assert.Single(await db.QuarantineAsync());
        Assert.Equal((3, RosterReasons.KodeDesaKosong), (reject.Baris, reject.Alasan));
    }

    [Theory]
    [InlineData("")]
    [InlineData("\r\n\r\n")]
    public async Task An_empty_file_is_rejected_as_empty(string content)
    {
        await using var db = await CreateAsync();
        var path = Path.Combine(files.Folder, "kosong.csv");
        await File.WriteAllTextAsync(path, content);

        var summary = await db.Updates.ImportAsync([path], CancellationToken.None);

        Assert.Equal("File kosong.csv is rejected: it is empty, without a header row or any row.", Assert.Single(summary.Rejections));
    }

    [Fact]
    public async Task A_file_whose_every_row_is_quarantined_needs_attention_though_it_is_archived()
    {
        await using var db = await CreateAsync();
        var mangled = files.Csv("roster.csv", RosterTestFiles.Header, $"{Kramatwatu},3.60405E+15,Ahmad,,,BPD,", $"{Kramatwatu},3.60405E+15,Budi,,,BPD,");
        var good = files.Csv("margasana.csv", RosterTestFiles.Header, $"{Margasana},{Nik(1)},Citra,,,BPD,");

        var summary = await db.Updates.ImportAsync([mangled, good], CancellationToken.None);

        Assert.Equal((1, 0), (summary.Taken, summary.FilesRejected));
        Assert.Equal(
            "roster.csv: all 2 of its rows were quarantined, so nothing was taken from it; correct the rows its report names and send it again.",
            Assert.Single(summary.NeedingAttention));
    }

    [Fact]
    public async Task A_first_line_sep_names_the_delimiter_and_rows_are_numbered_as_Excel_shows_them()
    {
        await using var db = await CreateAsync();
        var named = files.Csv("sep.csv",
            [
                "sep=;",
                RosterTestFiles.Header.Replace(',', ';'),
                $"{Kramatwatu};{Nik(1)};Ahmad, S.Pd.;;;BPD;",
                $"{Kramatwatu};3604053505800003;Tanggal Salah;;;BPD;",
            ]);
        var tab = files.Csv("tab.csv", ["sep=\t", RosterTestFiles.Header.Replace(',', '\t'), $"{Margasana}\t{Nik(2)}\tBudi, S.E.\t\t\tBPD\t"]);
        var pipe = files.Csv("pipa.csv", ["sep=|", RosterTestFiles.Header.Replace(',', '|')]);

        var summary = await db.Updates.ImportAsync([named, tab, pipe], CancellationToken.None);

        Assert.Equal(["Ahmad, S.Pd.", "Budi, S.E."], (await db.EntriesAsync()).Select(e => e.Nama).Order(StringComparer.Ordinal));
        Assert.Equal(3, Assert.Single(await db.QuarantineAsync()).Baris);
        Assert.Equal(
            "File pipa.csv is rejected: row 1 names a delimiter other than a comma, a semicolon or a tab (sep=); save the file with one of them between its cells.",
            Assert.Single(summary.Rejections));
    }

    [Fact]
    public async Task Bad_rows_are_quarantined_with_their_row_number_and_reason_while_the_good_rows_are_taken()
    {
        await using var db = await CreateAsync();
        var path = files.Csv("campur.csv",
            RosterTestFiles.Header,
            $"{Kramatwatu},{Nik(1)},Baik Satu,,,BPD,",
            $"{Kramatwatu},3604053505800003,Tanggal Salah,,,BPD,",
            $"{Kramatwatu},{Nik(2)},,,,BPD,",
            $"3604059999,{Nik(3)},Desa Salah,,,BPD,",
            $"{Kramatwatu},{Nik(4)},Peran Salah,,,Dukun Beranak,",
            $"{Kramatwatu},{Nik(5)},Lahir Salah,31-02-1980,,BPD,",
            $"{Kramatwatu},3.60405E+15,Excel Angka,,,BPD,",
            $"{Kramatwatu},{Nik(1)},Baik Satu Lagi,,,BPD,",
            $"{Kramatwatu},{Nik(6)},Baik Dua,,,LAINNYA,",
            // What villages write for a name they do not know: no name either, so not a name any register name would fit.
            $"{Kramatwatu},{Nik(7)},-,,,BPD,",
            $"{Kramatwatu},{Nik(8)},. . .,,,BPD,");

        var summary = await db.Updates.ImportAsync([path], CancellationToken.None);

        Assert.Equal(2, summary.Taken);
        var quarantine = await db.QuarantineAsync();
        Assert.Equal(
            [
                (3, RosterReasons.Describe(NikRejection.InvalidDay)),
                (4, RosterReasons.NamaKosong),
                (5, RosterReasons.KodeDesaTidakDikenal),
                (6, RosterReasons.PeranTidakDikenal),
                (7, RosterReasons.TanggalLahirBukanTanggal),
                (8, RosterReasons.Describe(NikRejection.ExcelNumber)),
                (9, RosterReasons.BarisGanda),
                (11, RosterReasons.NamaKosong),
                (12, RosterReasons.NamaKosong),
            ],
            quarantine.Select(q => (q.Baris, q.Alasan)).OrderBy(q => q.Baris));
        Assert.All(quarantine, q => Assert.Equal("campur.csv", q.Sumber));
        Assert.Equal("3604059999", quarantine.Single(q => q.Baris == 5).KodeDesa);
        Assert.Equal("3.60405E+15", quarantine.Single(q => q.Baris == 8).Nik);
        Assert.Equal(9, summary.Quarantined.Values.Sum());
        Assert.Equal(["Baik Dua", "Baik Satu"], (await db.EntriesAsync()).Select(e => e.Nama).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Warnings_stay_with_the_entry_and_the_NIK_wins_over_the_roster()
    {
        await using var db = await CreateAsync();
        var path = files.Csv("peringatan.csv",
            RosterTestFiles.Header,
            $"{Kramatwatu},{Nik(1, woman: true)},Bertentangan,1981-01-01,L,BPD,",
            $"{Kramatwatu},3604991705200003,Muda Sekali,,,BPD,");

        var summary = await db.Updates.ImportAsync([path], CancellationToken.None);

        var entries = await db.EntriesAsync();
        var contradicting = entries.Single(e => e.Nama == "Bertentangan");
        Assert.Equal(("P", new DateOnly(1980, 5, 17)), (contradicting.JenisKelamin, contradicting.TanggalLahir));
        // Kept as the village's testimony for matching (rule 2), beside the NIK's date that matching uses.
        Assert.Equal(new DateOnly(1981, 1, 1), contradicting.TanggalLahirTertulis);
        Assert.Equal([RosterReasons.Describe(NikWarnings.BirthDateContradicts), RosterReasons.Describe(NikWarnings.SexContradicts)], contradicting.Peringatan);
        Assert.Equal(
            [RosterReasons.Describe(NikWarnings.KecamatanNotCurrent), RosterReasons.Describe(NikWarnings.YoungerThan15)],
            entries.Single(e => e.Nama == "Muda Sekali").Peringatan);
        Assert.Equal(2, summary.Warned);
    }

    [Fact]
    public async Task A_person_absent_from_the_next_file_of_the_desa_leaves_and_comes_back_when_listed_again()
    {
        await using var db = await CreateAsync();
        string[] both = [RosterTestFiles.Header, $"{Kramatwatu},{Nik(1)},Tetap,,,BPD,", $"{Kramatwatu},{Nik(2)},Pergi,,,PETANI,"];
        await db.Updates.ImportAsync([files.Csv("1.csv", both)], CancellationToken.None);
        var first = (await db.EntriesAsync()).Single(e => e.Nama == "Pergi");

        var leaving = await db.Updates.ImportAsync([files.Csv("2.csv", RosterTestFiles.Header, $"{Kramatwatu},{Nik(1)},Tetap,,,BPD,")], CancellationToken.None);
        var gone = (await db.EntriesAsync()).Single(e => e.Nama == "Pergi");
        var back = await db.Updates.ImportAsync([files.Csv("3.csv", both)], CancellationToken.None);
        var returned = (await db.EntriesAsync()).Single(e => e.Nama == "Pergi");

        Assert.Equal(1, leaving.Left);
        Assert.NotNull(gone.LeftAt);
        Assert.Equal((0, 1), (back.Appeared, back.Returned));
        Assert.Null(returned.LeftAt);
        Assert.Equal(first.Id, returned.Id);
        Assert.Equal(first.FirstSeenAt, returned.FirstSeenAt);
        Assert.Equal(["APPEAR", "LEAVE", "APPEAR"], (await db.EventsAsync()).Where(e => e.EntryId == first.Id).Select(e => e.Kind));
        Assert.Null((await db.EntriesAsync()).Single(e => e.Nama == "Tetap").LeftAt);
    }

    [Fact]
    public async Task A_person_whose_row_is_quarantined_this_time_does_not_leave()
    {
        await using var db = await CreateAsync();
        await db.Updates.ImportAsync([files.Csv("1.csv", RosterTestFiles.Header, $"{Kramatwatu},{Nik(1)},Ahmad,,,BPD,", $"{Kramatwatu},{Nik(2)},Budi,,,BPD,")], CancellationToken.None);

        var second = await db.Updates.ImportAsync([files.Csv("2.csv", RosterTestFiles.Header, $"{Kramatwatu},{Nik(1)},Ahmad,,,BPD,", $"{Kramatwatu},{Nik(2)},Budi,,,Dukun,")], CancellationToken.None);
        // A desa code with a digit mistyped is no desa: the row is still Ahmad's, by his NIK.
        var third = await db.Updates.ImportAsync([files.Csv("3.csv", RosterTestFiles.Header, $"3604052091,{Nik(1)},Ahmad,,,BPD,", $"{Kramatwatu},{Nik(2)},Budi,,,BPD,")], CancellationToken.None);

        Assert.Equal((0, 0), (second.Left, third.Left));
        Assert.All(await db.EntriesAsync(), e => Assert.Null(e.LeftAt));
        Assert.Equal(
            [(RosterReasons.PeranTidakDikenal, true), (RosterReasons.KodeDesaTidakDikenal, false)],
            (await db.QuarantineAsync()).Select(q => (q.Alasan, q.ResolvedAt is not null)));
    }

    [Fact]
    public async Task A_row_with_an_empty_desa_code_and_an_unreadable_NIK_in_a_file_of_one_desa_keeps_its_persons_place()
    {
        await using var db = await CreateAsync();
        await db.Updates.ImportAsync([files.Csv("1.csv", RosterTestFiles.Header, $"{Kramatwatu},{Nik(1)},Ahmad,,,BPD,", $"{Kramatwatu},{Nik(2)},Budi Santoso,,,BPD,")], CancellationToken.None);
        // Budi's row lost its desa code, and Excel turned his NIK into a number: the rule cannot tell his desa from the row,
        // but every other row of the file is Kramatwatu's.
        var path = files.Csv("2.csv", RosterTestFiles.Header, $"{Kramatwatu},{Nik(1)},Ahmad,,,BPD,", ",3.60405E+15,Budi Santoso,,,BPD,");

        var second = await db.Updates.ImportAsync([path], CancellationToken.None);
        var events = await db.EventsAsync();
        var again = await db.Updates.ImportAsync([path], CancellationToken.None);

        Assert.Equal((1, 0, 1), (second.Taken, second.Left, second.Quarantined.Values.Sum()));
        Assert.All(await db.EntriesAsync(), e => Assert.Null(e.LeftAt));
        var reject = Assert.Single(await db.QuarantineAsync());
        Assert.Equal(("2.csv", 3, "Budi Santoso", RosterReasons.KodeDesaKosong, (DateTime?)null), (reject.Sumber, reject.Baris, reject.Nama, reject.Alasan, reject.ResolvedAt));
        await using var csv = new StringWriter();
        await db.Host.Services.GetRequiredService<RosterRejectsExport>().WriteAsync(csv, CancellationToken.None);
        var exported = Assert.Single(csv.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1));
        Assert.StartsWith("2.csv,3,", exported, StringComparison.Ordinal);
        Assert.Contains(RosterReasons.KodeDesaKosong, exported, StringComparison.Ordinal);
        // Sent again, the same file changes nothing.
        Assert.Equal(1, again.FilesUnchanged);
        Assert.Equal(events, await db.EventsAsync());
        Assert.Single(await db.QuarantineAsync());
        Assert.All(await db.EntriesAsync(), e => Assert.Null(e.LeftAt));
        // The mended row, under another name: the reject is resolved, and Budi never left nor came back.
        await db.Updates.ImportAsync([files.Csv("3.csv", RosterTestFiles.Header, $"{Kramatwatu},{Nik(1)},Ahmad,,,BPD,", $"{Kramatwatu},{Nik(2)},Budi Santoso,,,BPD,")], CancellationToken.None);
        Assert.NotNull(Assert.Single(await db.QuarantineAsync()).ResolvedAt);
        Assert.Equal(events, await db.EventsAsync());
    }

    [Fact]
    public async Task Desa_less_rows_with_unreadable_NIKs_in_a_file_of_one_desa_count_as_listed_for_the_shrink_guard()
    {
        await using var db = await CreateAsync();
        string Row(string desa, string nik, int i) => $"{desa},{nik},Orang {i},,,BPD,";
        await db.Updates.ImportAsync([files.Csv("1.csv", [RosterTestFiles.Header, .. Enumerable.Range(1, 12).Select(i => Row(Kramatwatu, Nik(i), i))])], CancellationToken.None);

        // Eleven rows saved from Excel with their desa code emptied and their NIK a number: still the desa's people.
        var mangled = await db.Updates.ImportAsync(
            [files.Csv("2.csv", [RosterTestFiles.Header, Row(Kramatwatu, Nik(1), 1), .. Enumerable.Range(2, 11).Select(i => Row("", "3.60405E+15", i))])],
            CancellationToken.None);

        Assert.Equal((0, 1, 0, 11), (mangled.FilesHeldBack, mangled.Taken, mangled.Left, mangled.Quarantined.Values.Sum()));
        Assert.All(await db.EntriesAsync(), e => Assert.Null(e.LeftAt));
    }

    [Fact]
    public async Task In_a_file_of_several_desa_a_row_with_no_desa_code_and_an_unreadable_NIK_keeps_nobody_since_it_could_be_any_desas()
    {
        await using var db = await CreateAsync();
        // Two people of one name, one in each desa: a row of neither desa nor NIK cannot say which of them it is.
        await db.Updates.ImportAsync(
            [files.Csv("1.csv", RosterTestFiles.Header, $"{Kramatwatu},{Nik(1)},Ahmad,,,BPD,", $"{Kramatwatu},{Nik(2)},Budi Santoso,,,BPD,", $"{Margasana},{Nik(3)},Budi Santoso,,,BPD,")],
            CancellationToken.None);

        var second = await db.Updates.ImportAsync(
            [files.Csv("2.csv", RosterTestFiles.Header, $"{Kramatwatu},{Nik(1)},Ahmad,,,BPD,", $"{Margasana},{Nik(4)},Citra,,,BPD,", ",3.60405E+15,Budi Santoso,,,BPD,")],
            CancellationToken.None);

        Assert.Equal(2, second.Left);
        Assert.Equal(["Budi Santoso", "Budi Santoso"], (await db.EntriesAsync()).Where(e => e.LeftAt is not null).Select(e => e.Nama));
        Assert.Equal((4, RosterReasons.KodeDesaKosong), (await db.QuarantineAsync()).Select(q => (q.Baris, q.Alasan)).Single());
    }

    [Fact]
    public async Task People_whose_NIKs_Excel_turned_into_numbers_do_not_leave_and_rows_that_name_nobody_do_not_count_as_listed()
    {
        await using var db = await CreateAsync();
        string Row(string nik, string nama) => $"{Kramatwatu},{nik},{nama},,,BPD,";
        await db.Updates.ImportAsync([files.Csv("1.csv", [RosterTestFiles.Header, .. Enumerable.Range(1, 12).Select(i => Row(Nik(i), $"Orang {i}"))])], CancellationToken.None);

        // The operator saved the file from Excel: every NIK but the first is a number that lost its last digits.
        var mangled = await db.Updates.ImportAsync(
            [files.Csv("2.csv", [RosterTestFiles.Header, Row(Nik(1), "Orang 1"), .. Enumerable.Range(2, 11).Select(i => Row("3.60405E+15", $"Orang {i}"))])],
            CancellationToken.None);
        // Rows with neither a readable NIK nor a name keep nobody, so the desa lists one of its twelve people: held back.
        var nameless = await db.Updates.ImportAsync(
            [files.Csv("3.csv", [RosterTestFiles.Header, Row(Nik(1), "Orang 1"), .. Enumerable.Range(2, 11).Select(_ => Row("3.60405E+15", ""))])],
            CancellationToken.None);

        Assert.Equal((1, 0, 11), (mangled.Taken, mangled.Left, mangled.Quarantined.Values.Sum()));
        Assert.StartsWith($"3.csv is held back: desa {Kramatwatu} lists 1 people, fewer than half of the 12", Assert.Single(nameless.Rejections));
        Assert.All(await db.EntriesAsync(), e => Assert.Null(e.LeftAt));
    }

    [Fact]
    public async Task A_file_of_another_desa_under_the_same_name_leaves_the_first_desas_rejects_unresolved()
    {
        await using var db = await CreateAsync();
        await db.Updates.ImportAsync([files.Csv("roster.csv", RosterTestFiles.Header, $"{Kramatwatu},{Nik(1)},Ahmad,,,BPD,", $"{Kramatwatu},{Nik(2)},Budi,,,Dukun,")], CancellationToken.None);

        using var otherFolder = new RosterTestFiles();
        await db.Updates.ImportAsync([otherFolder.Csv("roster.csv", RosterTestFiles.Header, $"{Margasana},{Nik(3)},Citra,,,BPD,")], CancellationToken.None);

        var reject = Assert.Single(await db.QuarantineAsync());
        Assert.Equal((Kramatwatu, (DateTime?)null), (reject.KodeDesa, reject.ResolvedAt));
    }

    [Fact]
    public async Task An_OpenSID_export_of_some_roles_leaves_the_rejects_of_the_village_file_unresolved()
    {
        await using var db = await CreateAsync();
        // A role of none of the list, and a desa code with a digit too many (the desa's, since the file is of that desa alone).
        await db.Updates.ImportAsync([files.Csv("template.csv", RosterTestFiles.Header, $"{Kramatwatu},{Nik(1)},Ahmad,,,BPD,", $"{Kramatwatu},{Nik(2)},Budi,,,Dukun,", $"{Kramatwatu}1,{Nik(4)},Dedi,,,BPD,")], CancellationToken.None);

        var export = files.Xlsx($"{Kramatwatu}-data-penduduk.xlsx", [Penduduk("Petani", Nik(3), "1", "17-05-1980", "9", "1")], sheetName: "Data Penduduk");
        await db.Updates.ImportAsync([export], CancellationToken.None);

        var rejects = await db.QuarantineAsync();
        Assert.Equal(2, rejects.Count);
        Assert.All(rejects, r => Assert.Equal(("template.csv", (DateTime?)null), (r.Sumber, r.ResolvedAt)));
    }

    [Fact]
    public async Task A_new_snapshot_of_the_desa_resolves_its_earlier_rejects_and_keeps_the_ones_still_bad()
    {
        await using var db = await CreateAsync();
        await db.Updates.ImportAsync([files.Csv("1.csv", RosterTestFiles.Header, $"{Kramatwatu},{Nik(1)},,,,BPD,", $"{Kramatwatu},{Nik(2)},Budi,,,Dukun,")], CancellationToken.None);

        await db.Updates.ImportAsync([files.Csv("2.csv", RosterTestFiles.Header, $"{Kramatwatu},{Nik(1)},Ahmad,,,BPD,", $"{Kramatwatu},{Nik(2)},Budi,,,Dukun,")], CancellationToken.None);

        var quarantine = await db.QuarantineAsync();
        Assert.NotNull(quarantine.Single(q => q.Sumber == "1.csv" && q.Alasan == RosterReasons.NamaKosong).ResolvedAt);
        Assert.NotNull(quarantine.Single(q => q.Sumber == "1.csv" && q.Alasan == RosterReasons.PeranTidakDikenal).ResolvedAt);
        Assert.Null(quarantine.Single(q => q.Sumber == "2.csv").ResolvedAt);
    }

    [Fact]
    public async Task The_desas_next_file_under_another_name_resolves_a_row_of_its_earlier_file_whose_desa_code_was_mistyped()
    {
        await using var db = await CreateAsync();
        // Kramatwatu's November file: one row's desa code has a digit too many.
        await db.Updates.ImportAsync([files.Csv("kramatwatu-2026-11.csv", RosterTestFiles.Header, $"{Kramatwatu},{Nik(1)},Ahmad,,,BPD,", $"{Kramatwatu}1,{Nik(2)},Budi,,,BPD,")], CancellationToken.None);
        // A regency-wide file's row of no desa could be any desa's.
        await db.Updates.ImportAsync([files.Csv("rekap-kecamatan.csv", RosterTestFiles.Header, $"{Margasana},{Nik(3)},Citra,,,BPD,", $"3604052003,{Nik(4)},Dodi,,,BPD,", $"3604059999,{Nik(5)},Eka,,,BPD,")], CancellationToken.None);
        Assert.Equal(2, (await db.QuarantineAsync()).Count(q => q.ResolvedAt is null));

        // December's file, the code mended.
        await db.Updates.ImportAsync([files.Csv("kramatwatu-2026-12.csv", RosterTestFiles.Header, $"{Kramatwatu},{Nik(1)},Ahmad,,,BPD,", $"{Kramatwatu},{Nik(2)},Budi,,,BPD,")], CancellationToken.None);

        var quarantine = await db.QuarantineAsync();
        Assert.NotNull(quarantine.Single(q => q.Sumber == "kramatwatu-2026-11.csv").ResolvedAt);
        Assert.Null(quarantine.Single(q => q.Sumber == "rekap-kecamatan.csv").ResolvedAt);
    }

    [Fact]
    public async Task A_file_only_touches_the_desa_it_lists()
    {
        await using var db = await CreateAsync();
        await db.Updates.ImportAsync([files.Csv("a.csv", RosterTestFiles.Header, $"{Kramatwatu},{Nik(1)},Kramatwatu,,,BPD,")], CancellationToken.None);

        var other = await db.Updates.ImportAsync([files.Csv("b.csv", RosterTestFiles.Header, $"{Margasana},{Nik(2)},Margasana,,,BPD,")], CancellationToken.None);

        Assert.Equal(0, other.Left);
        Assert.All(await db.EntriesAsync(), e => Assert.Null(e.LeftAt));
    }

    [Fact]
    public async Task A_changed_name_or_phone_changes_the_entry_once_and_is_recorded_as_a_change()
    {
        await using var db = await CreateAsync();
        await db.Updates.ImportAsync([files.Csv("1.csv", RosterTestFiles.Header, $"{Kramatwatu},{Nik(1)},Ahmad,,,BPD,0811")], CancellationToken.None);
        var before = Assert.Single(await db.EntriesAsync());

        var changed = await db.Updates.ImportAsync([files.Csv("2.csv", RosterTestFiles.Header, $"{Kramatwatu},{Nik(1)},Ahmad Fauzi,,,BPD,0812")], CancellationToken.None);

        var after = Assert.Single(await db.EntriesAsync());
        Assert.Equal(1, changed.Changed);
        Assert.Equal(("Ahmad Fauzi", "0812"), (after.Nama, after.NoHp));
        Assert.True(after.ChangedAt >= before.ChangedAt);
        Assert.Equal(before.FirstSeenAt, after.FirstSeenAt);
        Assert.Equal(["APPEAR", "CHANGE"], (await db.EventsAsync()).Select(e => e.Kind));
    }

    [Fact]
    public async Task A_file_in_which_a_desa_lists_fewer_than_half_of_its_people_is_held_back_until_an_admin_allows_it()
    {
        await using var db = await CreateAsync();
        string Row(string desa, int serial) => $"{desa},{Nik(serial)},Orang {serial},,,BPD,";
        // Kramatwatu has 12 people, Margasana 4: a desa that small can halve for real.
        var all = files.Csv("semua.csv", [RosterTestFiles.Header, .. Enumerable.Range(1, 12).Select(i => Row(Kramatwatu, i)), .. Enumerable.Range(21, 4).Select(i => Row(Margasana, i))]);
        await db.Updates.ImportAsync([all], CancellationToken.None);
        var before = (await db.EntriesAsync()).Select(e => e.ToString()).ToList();
        var fewer = files.Csv("sebagian.csv", [RosterTestFiles.Header, .. Enumerable.Range(1, 5).Select(i => Row(Kramatwatu, i)), Row(Margasana, 21)]);

        var held = await db.Updates.ImportAsync([fewer], CancellationToken.None);
        var heldEntries = (await db.EntriesAsync()).Select(e => e.ToString()).ToList();
        var allowed = await db.Updates.ImportAsync([fewer], CancellationToken.None, allowShrink: true);

        Assert.Equal($"sebagian.csv is held back: desa {Kramatwatu} lists 5 people, fewer than half of the 12 on its roster now, so nobody leaves until an admin imports it with --allow-shrink.", Assert.Single(held.Rejections));
        Assert.Equal(before, heldEntries);
        Assert.Equal(7 + 3, allowed.Left);
        Assert.Equal(6, (await db.EntriesAsync()).Count(e => e.LeftAt is null));
    }

    [Fact]
    public async Task A_birth_date_the_village_writes_in_later_is_a_change_of_the_entry()
    {
        await using var db = await CreateAsync();
        await db.Updates.ImportAsync([files.Csv("1.csv", RosterTestFiles.Header, $"{Kramatwatu},{Nik(1)},Ahmad,,,BPD,")], CancellationToken.None);

        var written = await db.Updates.ImportAsync([files.Csv("2.csv", RosterTestFiles.Header, $"{Kramatwatu},{Nik(1)},Ahmad,17/05/1980,,BPD,")], CancellationToken.None);
        var same = await db.Updates.ImportAsync([files.Csv("3.csv", RosterTestFiles.Header, $"{Kramatwatu},{Nik(1)},Ahmad,1980-05-17,,BPD,")], CancellationToken.None);

        Assert.Equal((1, 0), (written.Changed, same.Changed));
        Assert.Equal(new DateOnly(1980, 5, 17), Assert.Single(await db.EntriesAsync()).TanggalLahirTertulis);
    }

    [Fact]
    public async Task Each_entry_stores_the_normalised_name_of_its_name_and_a_changed_name_changes_it()
    {
        await using var db = await CreateAsync();
        await db.Updates.ImportAsync([files.Csv("1.csv", RosterTestFiles.Header,
            $"{Kramatwatu},{Nik(1)},\"Drs. H. Moehammad Fauzi, S.Pd\",,,BPD,",
            $"{Kramatwatu},{Nik(2, woman: true)},Sitti Aminah binti Salim,,,BPD,")], CancellationToken.None);
        await db.Updates.ImportAsync([files.Csv("2.csv", RosterTestFiles.Header,
            $"{Kramatwatu},{Nik(1)},\"Drs. H. Moehammad Fauzi, S.Pd\",,,BPD,",
            $"{Kramatwatu},{Nik(2, woman: true)},Hj. Soemiati,,,BPD,")], CancellationToken.None);

        await using var connection = await db.Database.DataSource.OpenConnectionAsync();
        var stored = (await connection.QueryAsync<(string Nama, string NamaNormal)>("SELECT nama, nama_normal FROM roster.entry ORDER BY nik")).ToList();

        Assert.Equal(["MUHAMMAD FAUZI", "SUMIATI"], stored.Select(e => e.NamaNormal));
        Assert.All(stored, e => Assert.Equal(NamaNormal.Of(e.Nama), e.NamaNormal));
    }

    [Fact]
    public async Task Importing_the_same_file_twice_changes_nothing()
    {
        await using var db = await CreateAsync();
        var path = files.Csv("sama.csv",
            RosterTestFiles.Header,
            $"{Kramatwatu},{Nik(1)},Ahmad,,,BPD,",
            $"{Kramatwatu},{Nik(2)},,,,BPD,");
        await db.Updates.ImportAsync([path], CancellationToken.None);
        var entries = await db.EntriesAsync();
        var snapshotAt = await db.ScalarAsync<DateTime>("SELECT snapshot_at FROM roster.desa_snapshot");

        var again = await db.Updates.ImportAsync([path], CancellationToken.None);

        Assert.Equal(1, again.FilesUnchanged);
        Assert.Equal(entries.Select(e => e.ToString()), (await db.EntriesAsync()).Select(e => e.ToString()));
        Assert.Single(await db.EventsAsync());
        Assert.Single(await db.QuarantineAsync());
        Assert.Equal(1L, await db.ScalarAsync<long>("SELECT count(*) FROM roster.import"));
        Assert.Equal(snapshotAt, await db.ScalarAsync<DateTime>("SELECT snapshot_at FROM roster.desa_snapshot"));
        // Heard from again, and kept by day (migration 0113) for the digest of a week that ended before a later resend.
        Assert.True(await db.ScalarAsync<bool>(
            "SELECT max(h.heard_at) = (SELECT s.heard_at FROM roster.desa_snapshot s) AND max(h.heard_at) > min(s.snapshot_at) FROM roster.desa_heard h, roster.desa_snapshot s WHERE h.kode_desa = s.kode_desa"));
    }

    [Fact]
    public async Task The_same_content_after_another_snapshot_of_the_desa_is_merged_again_without_duplicate_events_or_rejects()
    {
        await using var db = await CreateAsync();
        string[] content = [RosterTestFiles.Header, $"{Kramatwatu},{Nik(1)},Ahmad,,,BPD,", $"{Kramatwatu},{Nik(2)},,,,BPD,"];
        await db.Updates.ImportAsync([files.Csv("a.csv", content)], CancellationToken.None);
        await db.Updates.ImportAsync([files.Csv("b.csv", content.Append($"{Kramatwatu},{Nik(3)},Baru,,,BPD,"))], CancellationToken.None);

        var again = await db.Updates.ImportAsync([files.Csv("a2.csv", content)], CancellationToken.None);

        Assert.Equal((0, 0, 1), (again.Appeared, again.Changed, again.Left));
        Assert.Equal(["APPEAR", "APPEAR", "LEAVE"], (await db.EventsAsync()).Select(e => e.Kind));
        Assert.Single(await db.QuarantineAsync(), q => q.ResolvedAt is null);
    }

    [Fact]
    public async Task A_file_missing_a_required_column_is_rejected_whole_naming_the_column()
    {
        await using var db = await CreateAsync();
        var path = files.Csv("tanpa-peran.csv", "kode_desa,nik,nama", $"{Kramatwatu},{Nik(1)},Ahmad");
        // Excel hides its delimiter line and shows the header as row 1.
        var twoMissing = files.Csv("tanpa-nama-peran.csv", "sep=;", "kode_desa;nik", $"{Kramatwatu};{Nik(2)}");
        // Below a village's title the header is row 2, the row the operator must mend.
        var belowTitle = files.Csv("berjudul.csv", "DAFTAR PERANGKAT DESA KRAMATWATU", "kode_desa,nik,nama", $"{Kramatwatu},{Nik(3)},Budi");

        var summary = await db.Updates.ImportAsync([path, twoMissing, belowTitle], CancellationToken.None);

        Assert.Equal(
            [
                "File tanpa-peran.csv is rejected: the required column 'peran' (role) is missing from its header (row 1).",
                "File tanpa-nama-peran.csv is rejected: the required columns 'nama' (name), 'peran' (role) are missing from its header (row 1).",
                "File berjudul.csv is rejected: the required column 'peran' (role) is missing from its header (row 2).",
            ],
            summary.Rejections);
        Assert.Empty(await db.EntriesAsync());
    }

    [Fact]
    public async Task A_file_that_is_not_a_roster_file_is_rejected_whole_naming_the_kinds_that_are_read()
    {
        await using var db = await CreateAsync();
        var path = files.Csv("desa.ods", RosterTestFiles.Header, $"{Kramatwatu},{Nik(1)},Ahmad,,,BPD,");

        var summary = await db.Updates.ImportAsync([path], CancellationToken.None);

        Assert.Equal("File desa.ods is rejected: only .csv, .txt, .tsv, .xlsx and .xlsm roster files are read, so save it as .xlsx or .csv.", Assert.Single(summary.Rejections));
        Assert.Empty(await db.EntriesAsync());
    }

    [Fact]
    public async Task A_first_import_of_several_files_keeps_the_good_files_drops_a_file_rejected_while_read_and_leaves_the_indexes_of_the_migrations()
    {
        await using var db = await CreateAsync();
        await using var connection = await db.Database.DataSource.OpenConnectionAsync();
        const string Indexes = "SELECT indexdef FROM pg_indexes WHERE schemaname = 'roster' AND tablename IN ('entry', 'entry_event') ORDER BY indexname";
        var migrated = (await connection.QueryAsync<string>(Indexes)).ToList();
        var kramatwatu = files.Csv("kramatwatu.csv", RosterTestFiles.Header, $"{Kramatwatu},{Nik(1)},Ahmad,,,BPD,", $"{Kramatwatu},{Nik(2)},Budi,,,BPD,");
        var broken = files.Csv("panjang.csv", RosterTestFiles.Header, $"{Margasana},{Nik(3)},Cahya,,,BPD,", $"{Margasana},{Nik(4)},{new string('x', CsvTabularReader.MaxCellLength + 1)},,,BPD,");
        var margasana = files.Csv("margasana.csv", RosterTestFiles.Header, $"{Margasana},{Nik(5)},Dewi,,,BPD,");

        var first = await db.Updates.ImportAsync([kramatwatu, broken, margasana], CancellationToken.None);
        var indexesAfterFirstImport = (await connection.QueryAsync<string>(Indexes)).ToList();
        var next = await db.Updates.ImportAsync([files.Csv("kramatwatu-2.csv", RosterTestFiles.Header, $"{Kramatwatu},{Nik(1)},Ahmad,,,BPD,")], CancellationToken.None);

        Assert.Contains("panjang.csv", Assert.Single(first.Rejections), StringComparison.Ordinal);
        Assert.Equal((3, 3), (first.Taken, first.Appeared));
        Assert.Equal(migrated, indexesAfterFirstImport);
        Assert.Equal(1, next.Left);
        Assert.Equal([(Nik(1), false), (Nik(2), true), (Nik(5), false)], (await db.EntriesAsync()).Select(e => (e.Nik, e.LeftAt is not null)));
        Assert.Equal(["APPEAR", "APPEAR", "APPEAR", "LEAVE"], (await db.EventsAsync()).Select(e => e.Kind));
        Assert.Equal(3, await db.ScalarAsync<long>("SELECT count(*) FROM roster.import"));
        Assert.Equal([Kramatwatu, Margasana], await connection.QueryAsync<string>("SELECT kode_desa FROM roster.desa_snapshot ORDER BY kode_desa"));
    }

    [Fact]
    public async Task A_first_import_from_the_inbox_takes_each_file_as_its_own_snapshot_in_order_while_files_rejected_whole_leave_nothing()
    {
        var inbox = Path.Combine(files.Folder, "inbox");
        Directory.CreateDirectory(inbox);
        await using var db = await CreateAsync(new Dictionary<string, string?> { ["Rosters:InboxPath"] = inbox });
        await using var connection = await db.Database.DataSource.OpenConnectionAsync();
        const string Indexes = "SELECT indexdef FROM pg_indexes WHERE schemaname = 'roster' AND tablename IN ('entry', 'entry_event') ORDER BY indexname";
        var migrated = (await connection.QueryAsync<string>(Indexes)).ToList();
        var arrived = new DateTime(2026, 12, 1, 8, 0, 0, DateTimeKind.Utc);
        void Arrives(string name, params string[] lines)
        {
            var path = Path.Combine(inbox, name);
            File.WriteAllText(path, string.Join('\n', lines) + "\n");
            File.SetLastWriteTimeUtc(path, arrived);
            arrived = arrived.AddMinutes(1);
        }

        Arrives("kramatwatu.csv", RosterTestFiles.Header,
            $"{Kramatwatu},{Nik(1)},Ahmad,,,BPD,",
            $"{Kramatwatu},{Nik(2)},Budi,,,BPD,",
            $"{Kramatwatu},{Nik(3)},,,,BPD,",
            $"{Kramatwatu},{Nik(1)},Ahmad Lagi,,,BPD,");
        Arrives("tanpa-peran.csv", "kode_desa,nik,nama", $"{Margasana},{Nik(7)},Tanpa Peran");
        Arrives("panjang.csv", RosterTestFiles.Header, $"{Margasana},{Nik(6)},Cahya,,,BPD,", $"{Margasana},{Nik(8)},{new string('x', CsvTabularReader.MaxCellLength + 1)},,,BPD,");
        Arrives("margasana.csv", RosterTestFiles.Header, $"{Margasana},{Nik(5)},Dewi,,,BPD,", $"{Margasana},{Nik(9)},Peran Salah,,,Dukun,");
        // The same desa again in the same run: the newer snapshot, so Budi leaves, Ahmad's name changes and Eko appears.
        Arrives("kramatwatu-sore.csv", RosterTestFiles.Header,
            $"{Kramatwatu},{Nik(1)},Ahmad Fauzi,,,BPD,",
            $"{Kramatwatu},{Nik(4)},Eko,,,BPD,");

        var summary = await db.Updates.RunAsync(CancellationToken.None);

        Assert.Equal((5, 2), (summary.Files, summary.Rejections.Count));
        Assert.Contains("'peran'", summary.Rejections[0], StringComparison.Ordinal);
        Assert.Contains("panjang.csv", summary.Rejections[1], StringComparison.Ordinal);
        Assert.Equal((5, 4, 1, 1), (summary.Taken, summary.Appeared, summary.Changed, summary.Left));
        Assert.Equal(3, summary.Quarantined.Values.Sum());
        // The two files with bad rows have their report beside them, and so does the later snapshot someone left by.
        Assert.Equal(
            ["kramatwatu-sore.csv", "kramatwatu-sore.csv.report.txt", "kramatwatu.csv", "kramatwatu.csv.report.txt", "margasana.csv", "margasana.csv.report.txt"],
            Directory.GetFiles(Path.Combine(inbox, "archive")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.True(File.Exists(Path.Combine(inbox, "rejected", "tanpa-peran.csv.error.txt")));
        Assert.Equal(
            $"Berkas panjang.csv ditolak: baris 3, kolom nama: sel itu lebih panjang dari {CsvTabularReader.MaxCellLength} karakter; pendekkan atau kosongkan sel itu.",
            File.ReadLines(Path.Combine(inbox, "rejected", "panjang.csv.error.txt")).First());
        Assert.Equal(
            [(Kramatwatu, Nik(1), "Ahmad Fauzi", false), (Kramatwatu, Nik(2), "Budi", true), (Kramatwatu, Nik(4), "Eko", false), (Margasana, Nik(5), "Dewi", false)],
            (await db.EntriesAsync()).Select(e => (e.KodeDesa, e.Nik, e.Nama, e.LeftAt is not null)));
        var ids = (await db.EntriesAsync()).ToDictionary(e => e.Nik, e => e.Id);
        var events = await db.EventsAsync();
        Assert.Equal(["APPEAR", "CHANGE"], events.Where(e => e.EntryId == ids[Nik(1)]).Select(e => e.Kind));
        Assert.Equal(["APPEAR", "LEAVE"], events.Where(e => e.EntryId == ids[Nik(2)]).Select(e => e.Kind));
        Assert.Equal(6, events.Count);
        // kramatwatu.csv's rejects are superseded by the desa's newer snapshot of the same run; margasana.csv's stays.
        Assert.Equal(
            [("kramatwatu.csv", 4, RosterReasons.NamaKosong, true), ("kramatwatu.csv", 5, RosterReasons.BarisGanda, true), ("margasana.csv", 3, RosterReasons.PeranTidakDikenal, false)],
            (await db.QuarantineAsync()).Select(q => (q.Sumber, q.Baris, q.Alasan, q.ResolvedAt is not null)).OrderBy(q => q.Sumber, StringComparer.Ordinal).ThenBy(q => q.Baris));
        Assert.Equal(
            [("kramatwatu-sore.csv", 2, 2, 1), ("kramatwatu.csv", 2, 2, 0), ("margasana.csv", 1, 1, 0)],
            await connection.QueryAsync<(string, int, int, int)>("SELECT sumber, rows_taken, rows_changed, rows_left FROM roster.import ORDER BY sumber"));
        Assert.Equal(
            [(Kramatwatu, "kramatwatu-sore.csv"), (Margasana, "margasana.csv")],
            await connection.QueryAsync<(string, string)>("SELECT kode_desa, sumber FROM roster.desa_snapshot ORDER BY kode_desa"));
        Assert.Equal(migrated, (await connection.QueryAsync<string>(Indexes)).ToList());
    }

    [Fact]
    public async Task A_first_import_holds_back_a_later_file_in_which_a_desa_of_an_earlier_file_shrinks_and_takes_the_files_after_it()
    {
        await using var db = await CreateAsync();
        string Row(string desa, int serial) => $"{desa},{Nik(serial)},Orang {serial},,,BPD,";
        var all = files.Csv("semua.csv", [RosterTestFiles.Header, .. Enumerable.Range(1, 12).Select(i => Row(Kramatwatu, i))]);
        var fewer = files.Csv("sebagian.csv", [RosterTestFiles.Header, .. Enumerable.Range(1, 5).Select(i => Row(Kramatwatu, i))]);
        var other = files.Csv("margasana.csv", RosterTestFiles.Header, Row(Margasana, 21));

        var summary = await db.Updates.ImportAsync([all, fewer, other], CancellationToken.None);

        Assert.Contains("sebagian.csv is held back", Assert.Single(summary.Rejections), StringComparison.Ordinal);
        Assert.Equal((13, 13, 0), (summary.Appeared, summary.Taken, summary.Left));
        Assert.Equal(13, (await db.EntriesAsync()).Count(e => e.LeftAt is null));
        await using var connection = await db.Database.DataSource.OpenConnectionAsync();
        Assert.Equal(["margasana.csv", "semua.csv"], await connection.QueryAsync<string>("SELECT sumber FROM roster.import ORDER BY sumber"));
        Assert.Equal(1L, await db.ScalarAsync<long>(
            "SELECT count(*) FROM pg_constraint WHERE conname = 'entry_person_role_key' AND conrelid = 'roster.entry'::regclass AND contype = 'u'"));
    }

    [Fact]
    public async Task The_inbox_archives_processed_files_and_moves_a_rejected_file_aside_with_its_error_report()
    {
        var inbox = Path.Combine(files.Folder, "inbox");
        Directory.CreateDirectory(inbox);
        await using var db = await CreateAsync(new Dictionary<string, string?> { ["Rosters:InboxPath"] = inbox });
        File.WriteAllText(Path.Combine(inbox, "baik.csv"), $"{RosterTestFiles.Header}\n{Kramatwatu},{Nik(1)},Ahmad,,,BPD,\n");
        File.WriteAllText(Path.Combine(inbox, "tanpa-nik.csv"), $"kode_desa,nama,peran\n{Kramatwatu},Ahmad,BPD\n");

        var summary = await db.Updates.RunAsync(CancellationToken.None);

        Assert.Equal(2, summary.Files);
        Assert.Empty(Directory.GetFiles(inbox));
        Assert.True(File.Exists(Path.Combine(inbox, "archive", "baik.csv")));
        Assert.True(File.Exists(Path.Combine(inbox, "rejected", "tanpa-nik.csv")));
        var report = File.ReadAllLines(Path.Combine(inbox, "rejected", "tanpa-nik.csv.error.txt"));
        // Indonesian first, for the village operator who sent the file; then the admin's sentence and when.
        Assert.Equal("Berkas tanpa-nik.csv ditolak: kolom wajib 'nik' tidak ada di baris judul kolomnya (baris 1).", report[0]);
        Assert.Equal("File tanpa-nik.csv is rejected: the required column 'nik' is missing from its header (row 1).", report[1]);
        Assert.StartsWith("Ditolak / rejected: ", report[2], StringComparison.Ordinal);
        Assert.Single(await db.EntriesAsync());
    }

    [Fact]
    public async Task The_archive_and_rejected_folders_the_inbox_run_creates_are_closed_to_other_accounts()
    {
        var inbox = Path.Combine(files.Folder, "inbox");
        Directory.CreateDirectory(inbox);
        await using var db = await CreateAsync(new Dictionary<string, string?> { ["Rosters:InboxPath"] = inbox });
        File.WriteAllText(Path.Combine(inbox, "baik.csv"), $"{RosterTestFiles.Header}\n{Kramatwatu},{Nik(1)},Ahmad,,,BPD,\n");
        File.WriteAllText(Path.Combine(inbox, "tanpa-nik.csv"), $"kode_desa,nama,peran\n{Kramatwatu},Ahmad,BPD\n");

        await db.Updates.RunAsync(CancellationToken.None);

        // A moved file keeps the mode it was dropped with (0644 here): the folder is what keeps every desa's NIKs and names from
        // every account on the server. They were 0755.
        Assert.All(new[] { "archive", "rejected" }, folder =>
            Assert.Equal(UnixFileMode.None, new DirectoryInfo(Path.Combine(inbox, folder)).UnixFileMode & (UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute)));
    }

    [Fact]
    public async Task A_NUL_character_in_a_cell_is_dropped_and_the_file_is_taken_beside_the_other_files_of_the_inbox_run()
    {
        var inbox = Path.Combine(files.Folder, "inbox");
        Directory.CreateDirectory(inbox);
        await using var db = await CreateAsync(new Dictionary<string, string?> { ["Rosters:InboxPath"] = inbox });
        File.WriteAllText(Path.Combine(inbox, "baik.csv"), $"{RosterTestFiles.Header}\n{Margasana},{Nik(1)},Budi,,,BPD,\n");
        File.WriteAllText(Path.Combine(inbox, "nul.csv"), $"{RosterTestFiles.Header}\n{Kramatwatu},{Nik(2)},Ah\0mad Fauzi,,,Ketua RT,0812\0-1111\0\n");

        var summary = await db.Updates.RunAsync(CancellationToken.None);

        Assert.Empty(summary.Rejections);
        Assert.Equal((2, 2), (summary.Files, summary.Taken));
        Assert.Equal(
            [(Kramatwatu, "Ahmad Fauzi", "0812-1111"), (Margasana, "Budi", (string?)null)],
            (await db.EntriesAsync()).Select(e => (e.KodeDesa, e.Nama, e.NoHp)).OrderBy(e => e.KodeDesa, StringComparer.Ordinal));
        Assert.Empty(await db.QuarantineAsync());
        Assert.Empty(Directory.GetFiles(inbox));
        Assert.Equal(["baik.csv", "nul.csv"], Directory.GetFiles(Path.Combine(inbox, "archive")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task An_XLSX_roster_is_read_as_text_and_a_numeric_NIK_cell_is_quarantined_with_the_Excel_advice()
    {
        await using var db = await CreateAsync();
        var path = files.Xlsx("roster.xlsx",
        [
            Row(Kramatwatu, Nik(1), "Teks Benar", "Ketua RW"),
            Row(Kramatwatu, 3604051705800002L, "Angka Excel", "BPD"),
            Row(3604052001L, Nik(3), "Kode Angka", "Pendamping PKH"),
        ]);

        var summary = await db.Updates.ImportAsync([path], CancellationToken.None);

        Assert.Equal(2, summary.Taken);
        Assert.Equal(["KETUA_RW", "PENDAMPING_PKH"], (await db.EntriesAsync()).Select(e => e.Peran).Order(StringComparer.Ordinal));
        var excel = Assert.Single(await db.QuarantineAsync());
        Assert.Equal((3, RosterReasons.Describe(NikRejection.ExcelNumber)), (excel.Baris, excel.Alasan));

        static Dictionary<string, object?> Row(object kodeDesa, object nik, string nama, string peran) =>
            new() { ["kode_desa"] = kodeDesa, ["nik"] = nik, ["nama"] = nama, ["tanggal_lahir"] = null, ["peran"] = peran };
    }

    [Fact]
    public async Task A_desa_code_and_a_role_merged_down_their_rows_in_a_workbook_are_every_rows()
    {
        await using var db = await CreateAsync();
        var path = files.Xlsx("roster.xlsx",
        [
            Row(Kramatwatu, Nik(1), "Ahmad", "Ketua RT"),
            Row(null, Nik(2), "Budi", null),
            Row(null, Nik(3), "Cecep", "BPD"),
            Row(Margasana, Nik(4), "Dedi", "BPD"),
            // Not merged: an empty desa code is still the village's to fill in.
            Row(null, Nik(5), "Eko", "BPD"),
            // A desa code merged over a numbered row nobody filled in: no person, no row.
            Row(Kramatwatu, Nik(6), "Fajar", "BPD"),
            Row(null, null, null, null),
            // A NIK merged over two rows is one person's: the second row has none of its own.
            Row(Margasana, Nik(8), "Gita", "BPD"),
            Row(Margasana, null, "Hadi", "BPD"),
        ]);
        RosterTestFiles.Merge(path, "A2:A4", "D2:D3", "A7:A8", "B9:B10");

        var summary = await db.Updates.ImportAsync([path], CancellationToken.None);

        Assert.Equal(6, summary.Taken);
        Assert.Equal(
            [(Kramatwatu, "KETUA_RT"), (Kramatwatu, "KETUA_RT"), (Kramatwatu, "BPD"), (Margasana, "BPD"), (Kramatwatu, "BPD"), (Margasana, "BPD")],
            (await db.EntriesAsync()).OrderBy(e => e.Nik, StringComparer.Ordinal).Select(e => (e.KodeDesa, e.Peran)));
        Assert.Equal(
            [(6, RosterReasons.KodeDesaKosong), (10, RosterReasons.Describe(NikRejection.Empty))],
            (await db.QuarantineAsync()).OrderBy(q => q.Baris).Select(q => (q.Baris, q.Alasan)));

        static Dictionary<string, object?> Row(string? kodeDesa, string? nik, string? nama, string? peran) =>
            new() { ["kode_desa"] = kodeDesa, ["nik"] = nik, ["nama"] = nama, ["peran"] = peran };
    }

    [Fact]
    public async Task A_workbook_whose_first_sheet_is_instructions_is_read_from_the_sheet_that_holds_the_table()
    {
        await using var db = await CreateAsync();
        var path = files.Xlsx("template-desa.xlsx",
            ("Petunjuk", [
                new Dictionary<string, object?> { ["Petunjuk pengisian"] = "Format kolom nik sebagai Teks." },
                new Dictionary<string, object?> { ["Petunjuk pengisian"] = "Peran: BPD, KETUA_RT, KETUA_RW, ..." },
            ]),
            ("Data", [
                new Dictionary<string, object?> { ["kode_desa"] = Kramatwatu, ["nik"] = Nik(1), ["nama"] = "Ketua RW", ["peran"] = "Ketua RW" },
                new Dictionary<string, object?> { ["kode_desa"] = Kramatwatu, ["nik"] = Nik(2), ["nama"] = "Anggota BPD", ["peran"] = "BPD" },
            ]));

        var summary = await db.Updates.ImportAsync([path], CancellationToken.None);

        Assert.Empty(summary.Rejections);
        Assert.Equal(["BPD", "KETUA_RW"], (await db.EntriesAsync()).Select(e => e.Peran).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_workbook_with_a_table_in_two_sheets_is_rejected_naming_them_rather_than_read_from_the_first_alone()
    {
        await using var db = await CreateAsync();
        var path = files.Xlsx("per-dusun.xlsx",
            ("Petunjuk", [new Dictionary<string, object?> { ["Petunjuk pengisian"] = "Satu sheet per dusun." }]),
            ("Dusun I", [new Dictionary<string, object?> { ["kode_desa"] = Kramatwatu, ["nik"] = Nik(1), ["nama"] = "Ketua RW", ["peran"] = "Ketua RW" }]),
            ("Dusun II", [new Dictionary<string, object?> { ["kode_desa"] = Kramatwatu, ["nik"] = Nik(2), ["nama"] = "Ketua RT", ["peran"] = "Ketua RT" }]));

        var summary = await db.Updates.ImportAsync([path], CancellationToken.None);

        Assert.Equal(
            "File per-dusun.xlsx is rejected: sheets 'Dusun I' and 'Dusun II' each hold a table with a nik column, and only one would be read; put every row in one sheet.",
            Assert.Single(summary.Rejections));
        Assert.Empty(await db.EntriesAsync());
    }

    [Fact]
    public async Task An_OpenSID_Data_Penduduk_export_takes_only_resident_target_workers_until_the_end_marker()
    {
        await using var db = await CreateAsync();
        await db.Updates.ImportAsync([files.Csv("rt.csv", RosterTestFiles.Header, $"{Kramatwatu},{Nik(9)},Ketua RT,,,KETUA_RT,")], CancellationToken.None);
        var path = files.Xlsx($"{Kramatwatu}-data-penduduk.xlsx",
        [
            Penduduk("Petani", Nik(1), "1", "17-05-1980", "9", "1"),
            Penduduk("Peternak", Nik(2), "2", "17-05-1980", "PETERNAK", "1"),
            Penduduk("Nelayan", Nik(3), "1", "1980-05-17", "11", "1"),
            Penduduk("Kepala Desa", Nik(4), "1", "17-05-1980", "86", ""),
            Penduduk("Pedagang", Nik(5), "1", "17-05-1980", "8", "1"),
            Penduduk("Meninggal", Nik(6), "1", "17-05-1980", "9", "2"),
            Penduduk("###", "", "", "", "", "", dusun: "###"),
            Penduduk("Setelah Akhir", Nik(7), "1", "17-05-1980", "9", "1"),
        ], sheetName: "Data Penduduk");

        var summary = await db.Updates.ImportAsync([path], CancellationToken.None);

        var entries = await db.EntriesAsync();
        Assert.Equal(4, summary.Taken);
        Assert.Equal(
            [("Kepala Desa", "PERANGKAT_DESA"), ("Ketua RT", "KETUA_RT"), ("Nelayan", "NELAYAN"), ("Petani", "PETANI"), ("Peternak", "PETANI")],
            entries.Select(e => (e.Nama, e.Peran)).Order());
        Assert.Equal("L", entries.Single(e => e.Nama == "Peternak").JenisKelamin);
        Assert.Contains(RosterReasons.Describe(NikWarnings.SexContradicts), entries.Single(e => e.Nama == "Peternak").Peringatan);
        Assert.All(entries, e => Assert.Null(e.LeftAt));
    }

    [Fact]
    public async Task An_OpenSID_export_row_whose_birth_date_is_OpenSIDs_zero_date_is_taken_with_the_date_of_its_NIK()
    {
        // OpenSID's export writes tanggallahir through Carbon's format('Y-m-d'), which turns the 0000-00-00 OpenSID holds for
        // a birth date nobody entered into -0001-11-30. Quarantined as not a date, the farmer never reached the roster, and
        // the village was asked to mend a date its OpenSID shows as empty.
        await using var db = await CreateAsync();
        var path = files.Xlsx($"{Kramatwatu}-data-penduduk.xlsx",
        [
            Penduduk("Petani Tanpa Tanggal", Nik(1), "1", "-0001-11-30", "9", "1"),
            Penduduk("Petani", Nik(2), "1", "1980-05-17", "9", "1"),
        ], sheetName: "Data Penduduk");

        var summary = await db.Updates.ImportAsync([path], CancellationToken.None);

        Assert.Equal((2, 0), (summary.Taken, summary.Quarantined.Values.Sum()));
        Assert.Equal(
            [("Petani", (DateOnly?)new DateOnly(1980, 5, 17)), ("Petani Tanpa Tanggal", null)],
            (await db.EntriesAsync()).Select(e => (e.Nama, e.TanggalLahirTertulis)).OrderBy(e => e.Nama, StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_template_file_after_an_OpenSID_export_of_its_desa_leaves_the_exported_workers_alone()
    {
        await using var db = await CreateAsync();
        var farmers = Enumerable.Range(1, 12).Select(i => Penduduk($"Petani {i}", Nik(i), "1", "17-05-1980", "9", "1")).ToList();
        await db.Updates.ImportAsync([files.Xlsx($"{Kramatwatu}-data-penduduk.xlsx", farmers, sheetName: "Data Penduduk")], CancellationToken.None);

        // No feed is configured: the village uploads its OpenSID export by hand beside its template of the other roles.
        var template = await db.Updates.ImportAsync(
            [files.Csv("template.csv", RosterTestFiles.Header, $"{Kramatwatu},{Nik(20)},Ketua RT,,,KETUA_RT,", $"{Kramatwatu},{Nik(21)},Anggota BPD,,,BPD,")],
            CancellationToken.None);
        var nextExport = await db.Updates.ImportAsync(
            [files.Xlsx($"{Kramatwatu}-data-penduduk-2.xlsx", farmers.Skip(1).ToList(), sheetName: "Data Penduduk")], CancellationToken.None);

        Assert.Equal((0, 2, 0), (template.FilesHeldBack, template.Appeared, template.Left));
        Assert.Equal(1, nextExport.Left);
        var active = (await db.EntriesAsync()).Where(e => e.LeftAt is null).Select(e => e.Peran).ToList();
        Assert.Equal((11, 1, 1), (active.Count(p => p == "PETANI"), active.Count(p => p == "KETUA_RT"), active.Count(p => p == "BPD")));
    }

    [Fact]
    public async Task An_OpenSID_export_without_a_village_code_in_its_name_is_rejected_whole()
    {
        await using var db = await CreateAsync();
        var path = files.Xlsx("data-penduduk.xlsx",
            [new Dictionary<string, object?> { ["dusun"] = "I", ["nama"] = "Petani", ["nik"] = Nik(1), ["pekerjaan_id"] = "9" }],
            sheetName: "Data Penduduk");

        var summary = await db.Updates.ImportAsync([path], CancellationToken.None);

        Assert.Contains("village code", Assert.Single(summary.Rejections), StringComparison.Ordinal);
    }

    /// <summary>A row of OpenSID's "Data Penduduk" export, every cell as OpenSID writes it.</summary>
    private static Dictionary<string, object?> Penduduk(string nama, string nik, string sex, string lahir, string pekerjaan, string statusDasar, string dusun = "DUSUN I") => new()
    {
        ["alamat"] = "Jl. Raya",
        ["dusun"] = dusun,
        ["rw"] = "001",
        ["rt"] = "002",
        ["nama"] = nama,
        ["no_kk"] = "3604050101100001",
        ["nik"] = nik,
        ["sex"] = sex,
        ["tempatlahir"] = "Serang",
        ["tanggallahir"] = lahir,
        ["agama_id"] = "1",
        ["pekerjaan_id"] = pekerjaan,
        ["status_dasar"] = statusDasar,
    };
}
