using System.Text;
using Dapper;
using Jamsostek.Matching;
using Jamsostek.Membership;
using Jamsostek.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MiniExcelLibs;

namespace Jamsostek.Tests.Membership;

/// <summary>SPEC 2.3 and 2.4: the membership file replaces the register atomically, unless it is held back.</summary>
public sealed class MembershipImportTests
{
    private const string Ahmad = "3604051203900023";
    private const string Aminah = "3604055507850107";

    [Fact]
    public async Task Several_records_per_person_are_kept_and_the_newest_file_replaces_the_register()
    {
        await using var database = await TestDatabase.CreateAsync();
        using var host = database.BuildHost();
        using var files = new MembershipFiles();
        var importer = host.Services.GetRequiredService<MembershipImporter>();
        var first = files.Csv("kepesertaan_2026-11-01.csv",
        [
            MembershipFiles.Header,
            MembershipFiles.Row(Ahmad, "KPJ-OLD", "Ahmad Fauzi", status: "NONAKTIF", iuranSampai: "2020-06-30"),
            MembershipFiles.Row(Ahmad, "KPJ-NEW", "Ahmad Fauzi", segmen: "PU", program: "JKK;JKM;JHT;JP"),
            MembershipFiles.Row(Aminah, "KPJ-2", "Siti Aminah", tanggalLahir: "1985-07-15"),
        ]);
        var second = files.Csv("kepesertaan_2026-11-20.csv",
        [
            MembershipFiles.Header,
            MembershipFiles.Row(Ahmad, "KPJ-NEW", "Ahmad Fauzi", segmen: "PU", program: "JKK;JKM;JHT;JP"),
            MembershipFiles.Row(Aminah, "KPJ-2", "Siti Aminah", tanggalLahir: "1985-07-15", status: "NONAKTIF"),
        ]);

        var one = await importer.ImportAsync(first, CancellationToken.None);
        var afterOne = await RegisterAsync(database);
        var two = await importer.ImportAsync(second, CancellationToken.None);
        var afterTwo = await RegisterAsync(database);

        Assert.Equal((MembershipImportOutcome.Imported, 3, 2), (one.Outcome, one.Records, one.People));
        Assert.Equal(["3604051203900023 KPJ-NEW PU AKTIF JKK,JKM,JHT,JP", "3604051203900023 KPJ-OLD BPU NONAKTIF JKK,JKM", "3604055507850107 KPJ-2 BPU AKTIF JKK,JKM"], afterOne);
        Assert.Equal(MembershipImportOutcome.Imported, two.Outcome);
        Assert.Equal(["3604051203900023 KPJ-NEW PU AKTIF JKK,JKM,JHT,JP", "3604055507850107 KPJ-2 BPU NONAKTIF JKK,JKM"], afterTwo);
        Assert.Equal(new DateOnly(2026, 11, 20), two.AsOf);
        await using var connection = await database.DataSource.OpenConnectionAsync();
        Assert.Equal(2, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM membership.import"));
        Assert.Equal("SITI AMINAH", await connection.ExecuteScalarAsync<string>("SELECT nama_normal FROM membership.record WHERE kpj = 'KPJ-2'"));
    }

    [Fact]
    public async Task A_first_file_held_back_changes_nothing_the_first_file_taken_leaves_the_migrations_indexes_and_the_next_replaces_it()
    {
        await using var database = await TestDatabase.CreateAsync();
        using var host = database.BuildHost();
        using var files = new MembershipFiles();
        var importer = host.Services.GetRequiredService<MembershipImporter>();
        await using var connection = await database.DataSource.OpenConnectionAsync();
        const string Indexes = "SELECT indexdef FROM pg_indexes WHERE schemaname = 'membership' AND tablename = 'record' ORDER BY indexname";
        var migrated = (await connection.QueryAsync<string>(Indexes)).ToList();
        // A record written by hand before any file: a first file held back leaves it, the first file taken replaces it.
        await connection.ExecuteAsync("""
            INSERT INTO membership.record (nik, kpj, nama, nama_normal, tanggal_lahir, segmen, program, status, iuran_sampai)
            VALUES ('3604051203900023', 'KPJ-0', 'Ahmad Fauzi', 'AHMAD FAUZI', DATE '1990-03-12', 'BPU', ARRAY['JKK', 'JKM'], 'AKTIF', DATE '2027-01-31')
            """);

        var noValidRow = await importer.ImportAsync(
            files.Csv("kepesertaan_2026-10-25.csv", [MembershipFiles.Header, MembershipFiles.Row("36040512039000", "KPJ-1", "Pendek Nik")]),
            CancellationToken.None);
        var kpjAfterHeldBack = (await connection.QueryAsync<string>("SELECT kpj FROM membership.record")).ToList();
        var indexesAfterHeldBack = (await connection.QueryAsync<string>(Indexes)).ToList();
        await importer.ImportAsync(files.Csv("kepesertaan_2026-11-01.csv", [MembershipFiles.Header, .. MembershipFiles.People(10)]), CancellationToken.None);
        var indexesAfterFirstLoad = (await connection.QueryAsync<string>(Indexes)).ToList();
        var handWrittenAfterFirstLoad = await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM membership.record WHERE kpj = 'KPJ-0'");
        await importer.ImportAsync(files.Csv("kepesertaan_2026-11-08.csv", [MembershipFiles.Header, .. MembershipFiles.People(8)]), CancellationToken.None);

        Assert.Equal(MembershipImportOutcome.Held, noValidRow.Outcome);
        Assert.Equal(["KPJ-0"], kpjAfterHeldBack);
        Assert.Equal(migrated, indexesAfterHeldBack);
        Assert.Equal(migrated, indexesAfterFirstLoad);
        Assert.Equal(0, handWrittenAfterFirstLoad);
        Assert.Equal(8, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM membership.record"));
    }

    [Fact]
    public async Task Each_record_stores_the_normalised_name_of_its_name()
    {
        await using var database = await TestDatabase.CreateAsync();
        using var host = database.BuildHost();
        using var files = new MembershipFiles();
        var path = files.Csv("kepesertaan_2026-11-01.csv",
        [
            MembershipFiles.Header,
            MembershipFiles.Row(Ahmad, "KPJ-1", "Drs. H. Moehammad Fauzi bin Salim"),
            MembershipFiles.Row(Aminah, "KPJ-2", "Hj. Sitti Aminah S.Pd", tanggalLahir: "1985-07-15"),
        ]);

        await host.Services.GetRequiredService<MembershipImporter>().ImportAsync(path, CancellationToken.None);

        await using var connection = await database.DataSource.OpenConnectionAsync();
        var stored = (await connection.QueryAsync<(string Nama, string NamaNormal)>("SELECT nama, nama_normal FROM membership.record ORDER BY kpj")).ToList();
        Assert.Equal(["MUHAMMAD FAUZI", "SITI AMINAH"], stored.Select(r => r.NamaNormal));
        Assert.All(stored, r => Assert.Equal(NamaNormal.Of(r.Nama), r.NamaNormal));
    }

    [Theory]
    [InlineData("windows-1252", ";")]
    [InlineData("utf-8-bom", ",")]
    [InlineData("utf-8", ";")]
    public async Task Csv_files_are_read_in_UTF8_with_or_without_BOM_or_Windows_1252_with_comma_or_semicolon(string encodingName, string delimiter)
    {
        await using var database = await TestDatabase.CreateAsync();
        using var host = database.BuildHost();
        using var files = new MembershipFiles();
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        Encoding encoding = encodingName switch
        {
            "windows-1252" => Encoding.GetEncoding(1252),
            "utf-8-bom" => new UTF8Encoding(true),
            _ => new UTF8Encoding(false),
        };
        var lines = new[]
        {
            MembershipFiles.Header,
            MembershipFiles.Row(Ahmad, "KPJ-1", "Andé Fauzi", program: "JKK;JKM;JHT"),
            MembershipFiles.Row(Aminah, "KPJ-2", "Siti Aminah", tanggalLahir: "1985-07-15"),
        }.Select(l => l.Replace(",", delimiter, StringComparison.Ordinal));
        var path = files.Csv("kepesertaan.csv", lines, encoding);

        var result = await host.Services.GetRequiredService<MembershipImporter>().ImportAsync(path, CancellationToken.None);

        Assert.Equal((MembershipImportOutcome.Imported, 2, 0), (result.Outcome, result.Records, result.BadRows));
        await using var connection = await database.DataSource.OpenConnectionAsync();
        Assert.Equal("Andé Fauzi", await connection.ExecuteScalarAsync<string>("SELECT nama FROM membership.record WHERE kpj = 'KPJ-1'"));
        Assert.Equal(["JKK", "JKM", "JHT"], (await connection.ExecuteScalarAsync<string[]>("SELECT program FROM membership.record WHERE kpj = 'KPJ-1'"))!);
    }

    [Fact]
    public async Task Dates_programmes_and_statuses_are_read_as_an_office_saving_through_Excel_writes_them()
    {
        await using var database = await TestDatabase.CreateAsync();
        using var host = database.BuildHost();
        using var files = new MembershipFiles();
        var path = files.Csv("kepesertaan.csv",
        [
            MembershipFiles.Header,
            MembershipFiles.Row(Ahmad, "KPJ-1", "Ahmad Fauzi", tanggalLahir: "12/03/1990", program: "JKK & JKM", status: "Aktif", iuranSampai: "31/01/2027"),
            MembershipFiles.Row(Aminah, "KPJ-2", "Siti Aminah", tanggalLahir: "15-07-1985", program: "JKK+JKM+JHT", status: "Tidak Aktif", iuranSampai: "1-2-2027"),
            MembershipFiles.Row("3604051203900031", "KPJ-3", "Budi", tanggalLahir: "1990-03-12 00:00:00", program: "JKK-JKM", status: "Non\u00A0Aktif", iuranSampai: "2027-01-31 00:00:00"),
        ]);

        var result = await host.Services.GetRequiredService<MembershipImporter>().ImportAsync(path, CancellationToken.None);

        Assert.Equal((MembershipImportOutcome.Imported, 3, 0), (result.Outcome, result.Records, result.BadRows));
        await using var connection = await database.DataSource.OpenConnectionAsync();
        Assert.Equal(
            [
                "KPJ-1|1990-03-12|{JKK,JKM}|AKTIF|2027-01-31",
                "KPJ-2|1985-07-15|{JKK,JKM,JHT}|NONAKTIF|2027-02-01",
                "KPJ-3|1990-03-12|{JKK,JKM}|NONAKTIF|2027-01-31",
            ],
            await connection.QueryAsync<string>("SELECT concat_ws('|', kpj, tanggal_lahir, program, status, iuran_sampai) FROM membership.record ORDER BY kpj"));
    }

    [Fact]
    public async Task A_branch_offices_own_words_and_date_forms_keep_the_record()
    {
        await using var database = await TestDatabase.CreateAsync();
        using var host = database.BuildHost();
        using var files = new MembershipFiles();
        // Each row is a paying member; left out, they would read NOT_REGISTERED, or an older card of theirs would decide.
        var path = files.Csv("kepesertaan.csv",
        [
            MembershipFiles.Header,
            MembershipFiles.Row("'" + Ahmad, "KPJ-1", "Ahmad Fauzi", segmen: "Penerima Upah", program: "JKK dan JKM", iuranSampai: "30-Jun-2027"),
            MembershipFiles.Row("\"=\"\"" + Aminah + "\"\"\"", "KPJ-2", "Siti Aminah", tanggalLahir: "15 Juli 1985", segmen: "Bukan Penerima Upah", program: "Jaminan Kecelakaan Kerja, Jaminan Kematian", iuranSampai: "31 Agu 2026"),
            MembershipFiles.Row("3604051203900031", "KPJ-3", "Budi", segmen: "Jasa Konstruksi", iuranSampai: "20-Des-2026"),
            MembershipFiles.Row("3604051203900049", "KPJ-4", "Cecep", segmen: "Pekerja Migran Indonesia", iuranSampai: "2027/06/30"),
            MembershipFiles.Row("3604051203900057", "KPJ-5", "Dedi", iuranSampai: "31.01.2027"),
            MembershipFiles.Row("3604051203900065", "KPJ-6", "Euis", iuranSampai: "30/06/27"),
            // Still bad: a month no one writes, and a birth date's two-digit year (kept without it).
            MembershipFiles.Row("3604051203900073", "KPJ-7", "Fajar", tanggalLahir: "12/03/90", iuranSampai: "31-Foo-2027"),
            // Below the table: a total, the place and date, a signature. Nobody's record, and no bad row either.
            ",,JUMLAH,,,,,",
            ",,\"Serang, 5 Desember 2026\",,,,,",
            ",,Kepala Kantor Cabang,,,,,",
        ]);

        var result = await host.Services.GetRequiredService<MembershipImporter>().ImportAsync(path, CancellationToken.None);

        Assert.Equal((MembershipImportOutcome.Imported, 6, 1, 0), (result.Outcome, result.Records, result.BadRows, result.KeptWithoutBirthDate));
        Assert.Equal([(8, "tanggal_lahir"), (8, "iuran_sampai")], result.Problems.Select(p => (p.Row, p.Field)));
        await using var connection = await database.DataSource.OpenConnectionAsync();
        Assert.Equal(
            [
                $"{Ahmad}|KPJ-1|1990-03-12|PU|{{JKK,JKM}}|2027-06-30",
                $"{Aminah}|KPJ-2|1985-07-15|BPU|{{JKK,JKM}}|2026-08-31",
                "3604051203900031|KPJ-3|1990-03-12|JAKON|{JKK,JKM}|2026-12-20",
                "3604051203900049|KPJ-4|1990-03-12|PMI|{JKK,JKM}|2027-06-30",
                "3604051203900057|KPJ-5|1990-03-12|BPU|{JKK,JKM}|2027-01-31",
                "3604051203900065|KPJ-6|1990-03-12|BPU|{JKK,JKM}|2027-06-30",
            ],
            await connection.QueryAsync<string>("SELECT concat_ws('|', nik, kpj, tanggal_lahir, segmen, program, iuran_sampai) FROM membership.record ORDER BY kpj"));
    }

    [Fact]
    public async Task Header_cells_wrapped_over_two_lines_are_read_as_their_words()
    {
        await using var database = await TestDatabase.CreateAsync();
        using var host = database.BuildHost();
        using var files = new MembershipFiles();
        // Excel's Alt+Enter in a header cell, saved as CSV: a quoted cell with a line break inside.
        var path = files.Csv("kepesertaan.csv",
        [
            "NIK,\"NO\nKPJ\",\"NAMA\r\nPESERTA\",\"TGL\nLAHIR\",SEGMEN,PROGRAM,\"STATUS\nKEPESERTAAN\",\"IURAN\nSAMPAI DENGAN\"",
            MembershipFiles.Row(Ahmad, "KPJ-1", "Ahmad Fauzi"),
        ]);

        var result = await host.Services.GetRequiredService<MembershipImporter>().ImportAsync(path, CancellationToken.None);

        Assert.Equal((MembershipImportOutcome.Imported, 1, 0), (result.Outcome, result.Records, result.BadRows));
    }

    [Theory]
    [InlineData(".csv")]
    [InlineData(".xlsx")]
    public async Task A_header_of_two_rows_with_a_group_of_columns_over_its_parts_is_read_as_one(string extension)
    {
        await using var database = await TestDatabase.CreateAsync();
        using var host = database.BuildHost();
        using var files = new MembershipFiles();
        // As a branch office's workbook heads its columns: IURAN merged over SAMPAI DENGAN and TERAKHIR DIBAYAR, the other
        // cells merged down over both rows (a merged cell holds its text in its first cell only, so the rest read empty).
        string[][] rows =
        [
            ["NO", "NIK", "NO KPJ", "NAMA PESERTA", "TGL LAHIR", "SEGMEN", "PROGRAM", "STATUS", "IURAN", ""],
            ["", "", "", "", "", "", "", "", "SAMPAI DENGAN", "TERAKHIR DIBAYAR"],
            ["1", Ahmad, "KPJ-1", "AHMAD FAUZI", "12-03-1990", "BPU", "JKK;JKM", "AKTIF", "31-01-2027", "05-12-2026"],
            ["2", Aminah, "KPJ-2", "SITI AMINAH", "15-07-1985", "PU", "JKK;JKM", "AKTIF", "30-06-2026", "05-06-2026"],
        ];
        var path = files.Table("kepesertaan" + extension, rows);

        var result = await host.Services.GetRequiredService<MembershipImporter>().ImportAsync(path, CancellationToken.None);

        // The paid-through day is IURAN SAMPAI DENGAN's, not the day of the last payment beside it.
        Assert.Equal((MembershipImportOutcome.Imported, 2, 0), (result.Outcome, result.Records, result.BadRows));
        await using var connection = await database.DataSource.OpenConnectionAsync();
        Assert.Equal(
            ["KPJ-1|1990-03-12|BPU|2027-01-31", "KPJ-2|1985-07-15|PU|2026-06-30"],
            await connection.QueryAsync<string>("SELECT concat_ws('|', kpj, tanggal_lahir, segmen, iuran_sampai) FROM membership.record ORDER BY kpj"));
    }

    [Fact]
    public async Task A_group_heading_above_the_row_that_names_the_NIK_and_IURAN_S_D_are_read()
    {
        await using var database = await TestDatabase.CreateAsync();
        using var host = database.BuildHost();
        using var files = new MembershipFiles();
        // DATA PESERTA over NIK ... TGL LAHIR, KEPESERTAAN over SEGMEN ... STATUS, IURAN over S/D (sampai dengan) and TERAKHIR.
        var path = files.Csv("kepesertaan.csv",
        [
            "DAFTAR PESERTA BPJS KETENAGAKERJAAN,,,,,,,,,",
            "NO,DATA PESERTA,,,,KEPESERTAAN,,,IURAN,",
            ",NIK,NO KPJ,NAMA,TGL LAHIR,SEGMEN,PROGRAM,STATUS,S/D,TERAKHIR",
            $"1,{Ahmad},KPJ-1,AHMAD FAUZI,12-03-1990,BPU,JKK;JKM,AKTIF,31-01-2027,05-12-2026",
        ]);

        var result = await host.Services.GetRequiredService<MembershipImporter>().ImportAsync(path, CancellationToken.None);

        Assert.Equal((MembershipImportOutcome.Imported, 1, 0), (result.Outcome, result.Records, result.BadRows));
        await using var connection = await database.DataSource.OpenConnectionAsync();
        Assert.Equal("KPJ-1|2027-01-31", await connection.ExecuteScalarAsync<string>("SELECT concat_ws('|', kpj, iuran_sampai) FROM membership.record"));
    }

    [Theory]
    [InlineData(".csv")]
    [InlineData(".xlsx")]
    public async Task A_row_numbering_the_columns_under_the_header_is_no_record_and_no_bad_row(string extension)
    {
        await using var database = await TestDatabase.CreateAsync();
        using var host = database.BuildHost();
        using var files = new MembershipFiles();
        string[][] rows =
        [
            ["NO", "NIK", "NO KPJ", "NAMA", "TGL LAHIR", "SEGMEN", "PROGRAM", "STATUS", "IURAN SAMPAI DENGAN"],
            ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)", "(9)"],
            ["1", Ahmad, "KPJ-1", "AHMAD FAUZI", "12-03-1990", "BPU", "JKK;JKM", "AKTIF", "31-01-2027"],
            ["2", Aminah, "KPJ-2", "SITI AMINAH", "15-07-1985", "PU", "JKK;JKM", "AKTIF", "30-06-2027"],
        ];
        var path = files.Table("kepesertaan" + extension, rows);

        var result = await host.Services.GetRequiredService<MembershipImporter>().ImportAsync(path, CancellationToken.None);

        Assert.Equal((MembershipImportOutcome.Imported, 2, 0), (result.Outcome, result.Records, result.BadRows));
        Assert.Empty(result.Problems);
    }

    [Fact]
    public async Task A_header_that_lacks_a_column_in_both_its_rows_is_held_back_naming_it()
    {
        await using var database = await TestDatabase.CreateAsync();
        using var host = database.BuildHost();
        using var files = new MembershipFiles();
        var path = files.Csv("kepesertaan.csv",
        [
            "NIK,NO KPJ,NAMA PESERTA,TGL LAHIR,SEGMEN,PROGRAM,STATUS,IURAN,",
            ",,,,,,,TERAKHIR DIBAYAR,BULAN",
            $"{Ahmad},KPJ-1,AHMAD FAUZI,12-03-1990,BPU,JKK;JKM,AKTIF,05-12-2026,12",
        ]);

        var result = await host.Services.GetRequiredService<MembershipImporter>().ImportAsync(path, CancellationToken.None);

        Assert.Equal(MembershipImportOutcome.Held, result.Outcome);
        Assert.Equal(
            "Membership file kepesertaan.csv is held back: the required column 'iuran_sampai' is missing from its header (row 1); the register is unchanged.",
            result.Message);
    }

    [Fact]
    public async Task An_XLSX_file_is_read_with_its_cells_as_text_and_a_NIK_stored_as_a_number_is_a_bad_row()
    {
        await using var database = await TestDatabase.CreateAsync();
        using var host = database.BuildHost();
        using var files = new MembershipFiles();
        var path = files.Xlsx("kepesertaan_20261120.xlsx",
        [
            XlsxRow(Ahmad, "KPJ-1", "Ahmad Fauzi", new DateTime(1990, 3, 12)),
            XlsxRow(Aminah, "KPJ-2", "Siti Aminah", "1985-07-15"),
            XlsxRow(3604051203900099L, "KPJ-3", "Budi", "1990-03-12"),
        ]);

        var result = await host.Services.GetRequiredService<MembershipImporter>().ImportAsync(path, CancellationToken.None);

        Assert.Equal((MembershipImportOutcome.Imported, 2, 1), (result.Outcome, result.Records, result.BadRows));
        var problem = Assert.Single(result.Problems);
        Assert.Equal((4, "nik"), (problem.Row, problem.Field));
        Assert.Contains("format the column as text", problem.Reason, StringComparison.Ordinal);
        Assert.Equal(new DateOnly(2026, 11, 20), result.AsOf);
        await using var connection = await database.DataSource.OpenConnectionAsync();
        Assert.Equal(new DateOnly(1990, 3, 12), await connection.ExecuteScalarAsync<DateOnly>("SELECT tanggal_lahir FROM membership.record WHERE kpj = 'KPJ-1'"));
    }

    [Fact]
    public async Task A_workbook_with_title_rows_above_its_header_is_read_from_the_row_that_names_the_NIK()
    {
        await using var database = await TestDatabase.CreateAsync();
        using var host = database.BuildHost();
        using var files = new MembershipFiles();
        // As a branch office exports it: a title, the date, an empty row, then the table (written without MiniExcel's header).
        var header = XlsxRow("nik", "kpj", "nama", "tanggal_lahir");
        header["segmen"] = "segmen";
        header["program"] = "program";
        header["status"] = "status";
        header["iuran_sampai"] = "iuran_sampai";
        Dictionary<string, object?> Title(string text) => header.Keys.ToDictionary(k => k, k => (object?)(k == "nik" ? text : null));
        var path = Path.Combine(files.Folder, "kepesertaan_20261120.xlsx");
        MiniExcelLibs.MiniExcel.SaveAs(path, new List<Dictionary<string, object?>>
        {
            Title("DAFTAR PESERTA BPJS KETENAGAKERJAAN KABUPATEN SERANG"),
            Title("Per 20 November 2026"),
            Title(""),
            header,
            XlsxRow(Ahmad, "KPJ-1", "Ahmad Fauzi", "1990-03-12"),
            XlsxRow("36040512039000", "KPJ-2", "Pendek Nik", "1990-03-12"),
        }, printHeader: false);

        var result = await host.Services.GetRequiredService<MembershipImporter>().ImportAsync(path, CancellationToken.None);

        Assert.Equal((MembershipImportOutcome.Imported, 1, 1), (result.Outcome, result.Records, result.BadRows));
        Assert.Equal((6, "nik"), (Assert.Single(result.Problems).Row, result.Problems[0].Field));
    }

    [Fact]
    public async Task Bad_rows_are_left_out_counted_and_reported_by_file_row_and_field_without_their_values()
    {
        await using var database = await TestDatabase.CreateAsync();
        using var host = database.BuildHost();
        using var files = new MembershipFiles();
        var path = files.Csv("kepesertaan.csv",
        [
            MembershipFiles.Header,
            MembershipFiles.Row(Ahmad, "KPJ-1", "Ahmad Fauzi"),
            MembershipFiles.Row("36040512039000", "KPJ-2", "Pendek Nik"),
            MembershipFiles.Row(Aminah, "KPJ-3", "Siti Aminah", status: "MATI"),
            MembershipFiles.Row("3604051203900031", "KPJ-4", "Budi", segmen: "ASN"),
            MembershipFiles.Row("3604051203900032", "KPJ-5", "Cecep", program: "JKK;BPJS"),
            MembershipFiles.Row("3604051203900033", "KPJ-6", "Dadang", tanggalLahir: "30/02/1990"),
            MembershipFiles.Row("3604051203900034", "KPJ-7", "Euis", iuranSampai: "2027-02-30"),
            MembershipFiles.Row("3604-0512-0390-0035", "KPJ-8", "Fajar"),
            MembershipFiles.Row("3604\u00A005120390\u00A00036", "KPJ-9", "Gita"),
            MembershipFiles.Row("3.60405E+15", "KPJ-10", "Hasan"),
            "3604051203900037,KPJ-11,Iwan,1990-03-12,BPU,JKK;JKM,AKTIF",
        ]);

        var result = await host.Services.GetRequiredService<MembershipImporter>().ImportAsync(path, CancellationToken.None);

        Assert.Equal((MembershipImportOutcome.Imported, 4, 7, 1), (result.Outcome, result.Records, result.BadRows, result.KeptWithoutBirthDate));
        Assert.Equal(
            [(3, "nik"), (4, "status"), (5, "segmen"), (6, "program"), (7, "tanggal_lahir"), (8, "iuran_sampai"), (11, "nik"), (12, "iuran_sampai")],
            result.Problems.Select(p => (p.Row, p.Field)));
        Assert.EndsWith(", 7 bad rows left out, 1 kept without a birth date.", result.Message, StringComparison.Ordinal);
        var report = result.Report();
        Assert.Contains("kepesertaan.csv, row 3, field nik: not 16 digits.", report, StringComparison.Ordinal);
        Assert.Contains("kepesertaan.csv, row 7, field tanggal_lahir: not a date (YYYY-MM-DD, DD-MM-YYYY, DD/MM/YYYY, DD.MM.YYYY, YYYY/MM/DD or 30-Jun-2027 with the month in Indonesian or English); the record is kept without a birth date.", report, StringComparison.Ordinal);
        Assert.Contains("kepesertaan.csv, row 11, field nik: written as a number, which keeps only 15 digits; format the column as text.", report, StringComparison.Ordinal);
        Assert.Contains("kepesertaan.csv, row 12, field iuran_sampai: missing: the row has 7 cells where the header has 8.", report, StringComparison.Ordinal);
        foreach (var value in new[] { "36040512039000", "MATI", "ASN", "BPJS", "30/02/1990", "2027-02-30", "Pendek", "Budi", "3.60405E+15", "Iwan" })
        {
            Assert.DoesNotContain(value, report + result.Message, StringComparison.Ordinal);
        }

        // A birth date only serves matching's fallbacks: the member whose date was mistyped stays in the register.
        await using var connection = await database.DataSource.OpenConnectionAsync();
        Assert.Equal(
            [("KPJ-1", true), ("KPJ-6", false), ("KPJ-8", true), ("KPJ-9", true)],
            await connection.QueryAsync<(string, bool)>("SELECT kpj, tanggal_lahir IS NOT NULL FROM membership.record ORDER BY kpj"));
    }

    [Fact]
    public async Task A_file_with_less_than_half_the_rows_of_the_last_one_is_held_back_and_the_register_is_unchanged()
    {
        await using var database = await TestDatabase.CreateAsync();
        using var host = database.BuildHost();
        using var files = new MembershipFiles();
        var importer = host.Services.GetRequiredService<MembershipImporter>();
        await importer.ImportAsync(files.Csv("kepesertaan_2026-11-01.csv", [MembershipFiles.Header, .. MembershipFiles.People(100)]), CancellationToken.None);
        var half = files.Csv("kepesertaan_2026-11-10.csv", [MembershipFiles.Header, .. MembershipFiles.People(50)]);
        var tooSmall = files.Csv("kepesertaan_2026-11-20.csv", [MembershipFiles.Header, .. MembershipFiles.People(24, 200)]);

        var held = await importer.ImportAsync(tooSmall, CancellationToken.None);
        var registerAfterHeld = await RegisterAsync(database);
        var taken = await importer.ImportAsync(half, CancellationToken.None);

        Assert.Equal(MembershipImportOutcome.Held, held.Outcome);
        Assert.Equal(
            "Membership file kepesertaan_2026-11-20.csv is held back: it has 24 valid rows, less than half of the 100 rows of the last accepted file kepesertaan_2026-11-01.csv, so the register is unchanged until an admin who knows the file is complete imports it with --allow-shrink.",
            held.Message);
        Assert.Equal(100, registerAfterHeld.Count);
        Assert.Equal(MembershipImportOutcome.Imported, taken.Outcome);
        Assert.Equal(50, (await RegisterAsync(database)).Count);

        var allowed = await importer.ImportAsync(tooSmall, allowShrink: true, replaceSameDate: false, CancellationToken.None);

        Assert.Equal((MembershipImportOutcome.Imported, 24), (allowed.Outcome, allowed.Records));
        Assert.Equal(24, (await RegisterAsync(database)).Count);
    }

    [Fact]
    public async Task A_whole_file_whose_rows_are_mostly_bad_is_held_back_saying_to_mend_them_not_to_allow_the_shrink()
    {
        await using var database = await TestDatabase.CreateAsync();
        using var host = database.BuildHost();
        using var files = new MembershipFiles();
        var importer = host.Services.GetRequiredService<MembershipImporter>();
        await importer.ImportAsync(files.Csv("kepesertaan_2026-11-01.csv", [MembershipFiles.Header, .. MembershipFiles.People(10)]), CancellationToken.None);
        // Ten people again, seven of them with a paid-through day the office typed as a number.
        var people = MembershipFiles.People(10).Select((row, i) => i < 7 ? row.Replace(",2027-01-31", ",46418", StringComparison.Ordinal) : row);

        var held = await importer.ImportAsync(files.Csv("kepesertaan_2026-11-20.csv", [MembershipFiles.Header, .. people]), CancellationToken.None);

        Assert.Equal(
            "Membership file kepesertaan_2026-11-20.csv is held back: 7 of its 10 rows are bad (listed by row and field), which leaves 3 valid rows, less than half of the 10 rows of the last accepted file kepesertaan_2026-11-01.csv; mend those rows and send the file again (--allow-shrink would leave them out, and their people would read as not registered); the register is unchanged.",
            held.Message);
        Assert.Equal(7, held.Problems.Count(p => p.Field == "iuran_sampai"));
        Assert.Equal(10, (await RegisterAsync(database)).Count);
    }

    [Fact]
    public async Task A_file_that_repeats_its_lines_counts_each_record_once_so_the_next_whole_file_is_not_held_back()
    {
        await using var database = await TestDatabase.CreateAsync();
        using var host = database.BuildHost();
        using var files = new MembershipFiles();
        var importer = host.Services.GetRequiredService<MembershipImporter>();
        await importer.ImportAsync(files.Csv("kepesertaan_2026-11-01.csv", [MembershipFiles.Header, .. MembershipFiles.People(10)]), CancellationToken.None);
        // The office pasted its table twice, one person added.
        var twice = await importer.ImportAsync(files.Csv("kepesertaan_2026-11-10.csv", [MembershipFiles.Header, .. MembershipFiles.People(11), .. MembershipFiles.People(11)]), CancellationToken.None);

        var next = await importer.ImportAsync(files.Csv("kepesertaan_2026-11-20.csv", [MembershipFiles.Header, .. MembershipFiles.People(10)]), CancellationToken.None);

        Assert.Equal((MembershipImportOutcome.Imported, 11), (twice.Outcome, twice.Records));
        Assert.Equal(MembershipImportOutcome.Imported, next.Outcome);
        Assert.Equal(10, (await RegisterAsync(database)).Count);
    }

    [Fact]
    public async Task A_first_file_that_repeats_its_lines_is_one_record_per_line_as_a_later_file_is()
    {
        await using var database = await TestDatabase.CreateAsync();
        using var host = database.BuildHost();
        using var files = new MembershipFiles();
        var importer = host.Services.GetRequiredService<MembershipImporter>();

        var twice = await importer.ImportAsync(files.Csv("kepesertaan_2026-11-01.csv", [MembershipFiles.Header, .. MembershipFiles.People(10), .. MembershipFiles.People(10)]), CancellationToken.None);

        Assert.Equal((MembershipImportOutcome.Imported, 10), (twice.Outcome, twice.Records));
        Assert.Equal(10, (await RegisterAsync(database)).Count);
    }

    [Fact]
    public async Task A_second_file_of_the_registers_date_is_held_back_unless_the_admin_says_it_replaces_the_first()
    {
        await using var database = await TestDatabase.CreateAsync();
        using var host = database.BuildHost();
        using var files = new MembershipFiles();
        var importer = host.Services.GetRequiredService<MembershipImporter>();
        // The branch sent the register in two parts: taken as the whole register, the second dropped every record of the first.
        await importer.ImportAsync(files.Csv("kepesertaan_BPU_2026-12-05.csv", [MembershipFiles.Header, .. MembershipFiles.People(10)]), CancellationToken.None);
        var part = files.Csv("kepesertaan_PU_2026-12-05.csv", [MembershipFiles.Header, .. MembershipFiles.People(8, 100)]);

        var held = await importer.ImportAsync(part, CancellationToken.None);
        var registerAfterHeld = await RegisterAsync(database);
        var replaced = await importer.ImportAsync(part, allowShrink: false, replaceSameDate: true, CancellationToken.None);

        Assert.Equal(
            "Membership file kepesertaan_PU_2026-12-05.csv is held back: the register is already as of 2026-12-05, from kepesertaan_BPU_2026-12-05.csv, and a file replaces the whole register, so if the branch sent the register in parts put every part's rows in one file, and if this file corrects kepesertaan_BPU_2026-12-05.csv import it with --replace; the register is unchanged.",
            held.Message);
        Assert.Equal(10, registerAfterHeld.Count);
        Assert.Equal((MembershipImportOutcome.Imported, 8), (replaced.Outcome, replaced.Records));
        Assert.Equal(8, (await RegisterAsync(database)).Count);
    }

    [Fact]
    public async Task A_file_with_the_content_of_an_earlier_import_is_the_truth_again_after_a_wrong_file_between()
    {
        await using var database = await TestDatabase.CreateAsync();
        using var host = database.BuildHost();
        using var files = new MembershipFiles();
        var importer = host.Services.GetRequiredService<MembershipImporter>();
        string[] complete = [MembershipFiles.Header, .. MembershipFiles.People(8)];
        await importer.ImportAsync(files.Csv("kepesertaan_2026-11-01.csv", complete), CancellationToken.None);
        await importer.ImportAsync(files.Csv("kepesertaan_2026-11-02.csv", [MembershipFiles.Header, .. MembershipFiles.People(7)]), CancellationToken.None);

        var resent = await importer.ImportAsync(files.Csv("kepesertaan_2026-11-03.csv", complete), CancellationToken.None);
        var again = await importer.ImportAsync(files.Csv("kepesertaan_2026-11-04.csv", complete), CancellationToken.None);

        Assert.Equal((MembershipImportOutcome.Imported, 8), (resent.Outcome, resent.Records));
        Assert.Equal(8, (await RegisterAsync(database)).Count);
        Assert.Equal(MembershipImportOutcome.AlreadyImported, again.Outcome);
        Assert.Equal("Membership file kepesertaan_2026-11-04.csv was imported before (as kepesertaan_2026-11-03.csv); nothing changed.", again.Message);
    }

    [Fact]
    public async Task A_file_is_as_of_the_last_date_in_its_name_and_held_back_when_that_is_after_today()
    {
        await using var database = await TestDatabase.CreateAsync();
        using var host = database.BuildHost();
        using var files = new MembershipFiles();
        var importer = host.Services.GetRequiredService<MembershipImporter>();
        var today = BusinessDay.Today(TimeProvider.System);
        var future = today.AddYears(36);

        var typo = await importer.ImportAsync(files.Csv($"kepesertaan_{future:yyyy-MM-dd}.csv", [MembershipFiles.Header, .. MembershipFiles.People(4)]), CancellationToken.None);
        var period = await importer.ImportAsync(
            files.Csv($"kepesertaan_periode_{today.AddDays(-29):yyyy-MM-dd}_sd_{today:yyyy-MM-dd}.csv", [MembershipFiles.Header, .. MembershipFiles.People(4)]),
            CancellationToken.None);

        Assert.Equal(MembershipImportOutcome.Held, typo.Outcome);
        Assert.Equal(
            $"Membership file kepesertaan_{future:yyyy-MM-dd}.csv is held back: it is dated {future:yyyy-MM-dd}, after today ({today:yyyy-MM-dd}), and a file is as of the last date in its name, so if that is the end of a period name the file by the day the branch made it and send it again; the register is unchanged.",
            typo.Message);
        Assert.Equal((MembershipImportOutcome.Imported, today), (period.Outcome, period.AsOf));
    }

    [Theory]
    [InlineData("kepesertaan_2026-11-20.csv", "2026-11-20")]
    [InlineData("kepesertaan_20261120.xlsx", "2026-11-20")]
    [InlineData("kepesertaan_20-11-2026.csv", "2026-11-20")]
    [InlineData("Data Peserta 20.11.2026.xlsx", "2026-11-20")]
    [InlineData("kepesertaan_20112026.csv", "2026-11-20")]
    [InlineData("kepesertaan_01022026.csv", "2026-02-01")]
    [InlineData("periode_01-11-2026_sd_30-11-2026.csv", "2026-11-30")]
    [InlineData("Data_Peserta_3604_05-12-2026.csv", "2026-12-05")]
    [InlineData("kepesertaan_3604_2026-12-05.csv", "2026-12-05")]
    [InlineData("KEPESERTAAN KAB SERANG 05 DES 2026.xlsx", "2026-12-05")]
    [InlineData("peserta_5-12-2026.csv", "2026-12-05")]
    [InlineData("peserta 5 Desember 2026.csv", "2026-12-05")]
    public void A_date_in_the_name_is_read_year_first_or_day_first(string name, string asOf)
    {
        Assert.Equal(DateOnly.Parse(asOf, System.Globalization.CultureInfo.InvariantCulture), MembershipImporter.AsOf(Path.Combine(Path.GetTempPath(), name)));
    }

    [Fact]
    public async Task A_file_with_a_stray_opening_quote_is_held_back_naming_row_and_field()
    {
        await using var database = await TestDatabase.CreateAsync();
        using var host = database.BuildHost();
        using var files = new MembershipFiles();
        var people = MembershipFiles.People(6).ToList();
        people[2] = MembershipFiles.Row(Ahmad, "KPJ-9", "Ahmad Fauzi", iuranSampai: "\"2027-01-31");

        var result = await host.Services.GetRequiredService<MembershipImporter>()
            .ImportAsync(files.Csv("kepesertaan_2026-11-20.csv", [MembershipFiles.Header, .. people]), CancellationToken.None);

        Assert.Equal(MembershipImportOutcome.Held, result.Outcome);
        Assert.Equal(
            "Membership file kepesertaan_2026-11-20.csv is held back: row 4, field iuran_sampai: a quote (\") opens in this cell and is not closed on its row, so the rows after it were read into the cell; remove the quote or close it; the register is unchanged.",
            result.Message);
        Assert.Empty(await RegisterAsync(database));
    }

    [Theory]
    [InlineData("stray quote")]
    [InlineData("cell too long")]
    public async Task A_file_without_a_header_row_that_cannot_be_read_is_held_back_without_quoting_the_person_in_its_first_row(string fault)
    {
        await using var database = await TestDatabase.CreateAsync();
        using var host = database.BuildHost();
        using var files = new MembershipFiles();
        // An export without its header row: its first row is Ahmad's, and naming a column by that row's cell put his NIK or
        // name in the sentence (SPEC 6), which the command line prints, the held/ report keeps and the job's failure shows.
        var people = MembershipFiles.People(14).ToList();
        people[0] = MembershipFiles.Row(Ahmad, "KPJ-9", "Ahmad Fauzi");
        people[11] = fault == "stray quote"
            ? $"{Aminah},KPJ-2,\"Siti Aminah,1985-07-15,BPU,JKK,AKTIF,2027-01-31"
            : MembershipFiles.Row(Aminah, "KPJ-2", new string('x', 5000));

        var result = await host.Services.GetRequiredService<MembershipImporter>()
            .ImportAsync(files.Csv("kepesertaan_2026-11-20.csv", people), CancellationToken.None);

        Assert.Equal(MembershipImportOutcome.Held, result.Outcome);
        // Named by its letter, as a column beyond a header is: the row above is no header, so its cells name nothing.
        Assert.StartsWith("Membership file kepesertaan_2026-11-20.csv is held back: row 12, field column C: ", result.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Ahmad, result.Report(), StringComparison.Ordinal);
        Assert.DoesNotContain("Fauzi", result.Report(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_file_with_a_cell_too_long_deep_inside_is_held_back_whole_naming_the_row_and_field(bool first)
    {
        await using var database = await TestDatabase.CreateAsync();
        using var host = database.BuildHost();
        using var files = new MembershipFiles();
        var importer = host.Services.GetRequiredService<MembershipImporter>();
        if (!first)
        {
            await importer.ImportAsync(files.Csv("kepesertaan_2026-11-01.csv", [MembershipFiles.Header, .. MembershipFiles.People(3)]), CancellationToken.None);
        }

        // Far past the first chunks the reading thread hands to the COPY: thousands of good rows are copied already.
        var people = MembershipFiles.People(5000, 100).ToList();
        people.Insert(4500, MembershipFiles.Row(Ahmad, "KPJ-X", new string('x', 5000)));
        var broken = files.Csv("kepesertaan_2026-11-20.csv", [MembershipFiles.Header, .. people]);

        var result = await importer.ImportAsync(broken, CancellationToken.None);

        Assert.Equal(MembershipImportOutcome.Held, result.Outcome);
        Assert.Equal("Membership file kepesertaan_2026-11-20.csv is held back: row 4502, field nama: the cell is longer than 4096 characters; shorten it or empty it; the register is unchanged.", result.Message);
        Assert.Equal(first ? 0 : 3, (await RegisterAsync(database)).Count);
        await using var connection = await database.DataSource.OpenConnectionAsync();
        Assert.Equal(first ? 0 : 1, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM membership.import"));
        // The held file leaves the register as the next file finds it: the first file of a register again, or a later one.
        var next = await importer.ImportAsync(files.Csv("kepesertaan_2026-11-21.csv", [MembershipFiles.Header, .. MembershipFiles.People(4)]), CancellationToken.None);
        Assert.Equal((MembershipImportOutcome.Imported, 4), (next.Outcome, (await RegisterAsync(database)).Count));
    }

    [Fact]
    public async Task A_file_missing_a_required_column_is_held_back_naming_the_column()
    {
        await using var database = await TestDatabase.CreateAsync();
        using var host = database.BuildHost();
        using var files = new MembershipFiles();
        var importer = host.Services.GetRequiredService<MembershipImporter>();
        await importer.ImportAsync(files.Csv("lama.csv", [MembershipFiles.Header, .. MembershipFiles.People(3)]), CancellationToken.None);
        var noStatus = files.Csv("baru.csv", ["NIK;KPJ;Nama;Tanggal_Lahir;Segmen;Program;Iuran_Sampai", $"{Ahmad};KPJ-1;Ahmad;1990-03-12;BPU;JKK;2027-01-01"]);

        var result = await importer.ImportAsync(noStatus, CancellationToken.None);

        Assert.Equal(MembershipImportOutcome.Held, result.Outcome);
        Assert.Equal("Membership file baru.csv is held back: the required column 'status' is missing from its header (row 1); the register is unchanged.", result.Message);
        Assert.Equal(3, (await RegisterAsync(database)).Count);

        // Below the branch's title line the header is row 2, the row to mend.
        var titled = files.Csv("berjudul.csv", ["DATA PESERTA BPJS KETENAGAKERJAAN CABANG SERANG", "NIK;KPJ;Nama;Tanggal_Lahir;Segmen;Program;Iuran_Sampai", $"{Ahmad};KPJ-1;Ahmad;1990-03-12;BPU;JKK;2027-01-01"]);
        var belowTitle = await importer.ImportAsync(titled, CancellationToken.None);
        Assert.Equal("Membership file berjudul.csv is held back: the required column 'status' is missing from its header (row 2); the register is unchanged.", belowTitle.Message);
    }

    [Fact]
    public async Task A_workbook_with_the_register_in_two_sheets_is_held_back_naming_them_rather_than_read_from_the_first_alone()
    {
        await using var database = await TestDatabase.CreateAsync();
        using var host = database.BuildHost();
        using var files = new MembershipFiles();
        var importer = host.Services.GetRequiredService<MembershipImporter>();
        await importer.ImportAsync(files.Csv("lama.csv", [MembershipFiles.Header, .. MembershipFiles.People(3)]), CancellationToken.None);
        // An office's export with wage earners and the self-employed on sheets of their own.
        var path = Path.Combine(files.Folder, "peserta_pu_bpu.xlsx");
        MiniExcel.SaveAs(path, new Dictionary<string, object>
        {
            ["PU"] = new List<Dictionary<string, object?>> { XlsxRow(Ahmad, "KPJ-1", "Ahmad Fauzi", "1990-03-12") },
            ["BPU"] = new List<Dictionary<string, object?>> { XlsxRow(Aminah, "KPJ-2", "Siti Aminah", "1985-07-15") },
        });

        var result = await importer.ImportAsync(path, CancellationToken.None);

        Assert.Equal(MembershipImportOutcome.Held, result.Outcome);
        Assert.Equal(
            "Membership file peserta_pu_bpu.xlsx is held back: sheets 'PU' and 'BPU' each hold a table with a nik column, and only one would be read; put every row in one sheet; the register is unchanged.",
            result.Message);
        Assert.Equal(3, (await RegisterAsync(database)).Count);
    }

    [Fact]
    public async Task The_longer_column_names_of_an_office_export_are_read_and_every_missing_column_is_named_at_once()
    {
        await using var database = await TestDatabase.CreateAsync();
        using var host = database.BuildHost();
        using var files = new MembershipFiles();
        var importer = host.Services.GetRequiredService<MembershipImporter>();
        var longer = files.Csv("kepesertaan_2026-11-01.csv",
        [
            "NIK,No. KPJ,Nama Peserta,Tgl Lahir,Segmen Peserta,Program Kepesertaan,Status Kepesertaan,Iuran Sampai Dengan",
            MembershipFiles.Row(Ahmad, "KPJ-1", "Ahmad Fauzi"),
        ]);
        // The day of the last payment is not the day paid through: that column is not taken for it.
        var lastPayment = files.Csv("kepesertaan_2026-11-02.csv",
        [
            "NIK,KPJ,Nama,Tanggal Lahir,Segmen,Program,Tgl Iuran Terakhir",
            $"{Ahmad},KPJ-1,Ahmad Fauzi,1990-03-12,BPU,JKK;JKM,2026-10-31",
        ]);

        var read = await importer.ImportAsync(longer, CancellationToken.None);
        var held = await importer.ImportAsync(lastPayment, CancellationToken.None);

        Assert.Equal((MembershipImportOutcome.Imported, 1, 0), (read.Outcome, read.Records, read.BadRows));
        Assert.Equal(
            "Membership file kepesertaan_2026-11-02.csv is held back: the required columns 'status', 'iuran_sampai' are missing from its header (row 1); the register is unchanged.",
            held.Message);
    }

    [Theory]
    [InlineData("nama")]
    [InlineData("tanggal_lahir")]
    [InlineData("segmen")]
    [InlineData("program")]
    [InlineData("status")]
    [InlineData("iuran_sampai")]
    [InlineData("")]
    public async Task A_later_file_rewrites_exactly_the_records_that_differ_in_any_column(string changed)
    {
        await using var database = await TestDatabase.CreateAsync();
        using var host = database.BuildHost();
        using var files = new MembershipFiles();
        var importer = host.Services.GetRequiredService<MembershipImporter>();
        string Aminahs(string column) => MembershipFiles.Row(
            Aminah,
            "KPJ-2",
            column == "nama" ? "Siti Aminah Rahayu" : "Siti Aminah",
            tanggalLahir: column == "tanggal_lahir" ? "1985-07-16" : "1985-07-15",
            segmen: column == "segmen" ? "PU" : "BPU",
            program: column == "program" ? "JKK;JKM;JHT" : "JKK;JKM",
            status: column == "status" ? "NONAKTIF" : "AKTIF",
            iuranSampai: column == "iuran_sampai" ? "2027-02-28" : "2027-01-31");
        var ahmads = MembershipFiles.Row(Ahmad, "KPJ-1", "Ahmad Fauzi");
        await importer.ImportAsync(files.Csv("kepesertaan_2026-11-01.csv", [MembershipFiles.Header, ahmads, Aminahs("")]), CancellationToken.None);
        // A record written by hand has no content key: the next file replaces it, identical or not.
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync(
            """
            INSERT INTO membership.record (nik, kpj, nama, nama_normal, tanggal_lahir, segmen, program, status, iuran_sampai)
            VALUES ('3604050101800001', 'KPJ-3', 'Budi', 'BUDI', date '1980-01-01', 'BPU', '{JKK,JKM}', 'AKTIF', date '2027-01-31')
            """);
        var budis = MembershipFiles.Row("3604050101800001", "KPJ-3", "Budi", tanggalLahir: "1980-01-01");
        var before = await VersionsAsync(connection);

        var taken = await importer.ImportAsync(
            files.Csv("kepesertaan_2026-11-20.csv", [MembershipFiles.Header, ahmads, Aminahs(changed), budis]), CancellationToken.None);
        var after = await VersionsAsync(connection);

        Assert.Equal(MembershipImportOutcome.Imported, taken.Outcome);
        Assert.Equal(before["KPJ-1"], after["KPJ-1"]);
        Assert.Equal(changed == "", before["KPJ-2"] == after["KPJ-2"]);
        Assert.NotEqual(before["KPJ-3"], after["KPJ-3"]);
        Assert.Equal(3, after.Count);
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM membership.record WHERE kunci IS NULL"));
        var aminah = await connection.QuerySingleAsync<string>(
            "SELECT concat_ws('|', nama, tanggal_lahir, segmen, array_to_string(program, ';'), status, iuran_sampai) FROM membership.record WHERE kpj = 'KPJ-2'");
        var expected = Aminahs(changed).Split(',');
        Assert.Equal(string.Join('|', expected[2], expected[3], expected[4], expected[5].Trim('"'), expected[6], expected[7]), aminah);
    }

    /// <summary>Each record's row version: a record left as it was keeps it.</summary>
    private static async Task<Dictionary<string, string>> VersionsAsync(Npgsql.NpgsqlConnection connection) =>
        (await connection.QueryAsync<(string Kpj, string Version)>("SELECT kpj, xmin::text || ctid::text FROM membership.record"))
            .ToDictionary(r => r.Kpj, r => r.Version, StringComparer.Ordinal);

    [Fact]
    public async Task Importing_the_same_file_again_changes_nothing()
    {
        await using var database = await TestDatabase.CreateAsync();
        using var host = database.BuildHost();
        using var files = new MembershipFiles();
        var importer = host.Services.GetRequiredService<MembershipImporter>();
        var path = files.Csv("kepesertaan.csv", [MembershipFiles.Header, .. MembershipFiles.People(10)]);
        await importer.ImportAsync(path, CancellationToken.None);
        var before = await IdsAsync(database);

        var again = await importer.ImportAsync(path, CancellationToken.None);

        Assert.Equal(MembershipImportOutcome.AlreadyImported, again.Outcome);
        Assert.Equal(before, await IdsAsync(database));
        await using var connection = await database.DataSource.OpenConnectionAsync();
        Assert.Equal(1, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM membership.import"));
    }

    [Fact]
    public async Task A_file_older_than_the_register_is_held_back()
    {
        await using var database = await TestDatabase.CreateAsync();
        using var host = database.BuildHost();
        using var files = new MembershipFiles();
        var importer = host.Services.GetRequiredService<MembershipImporter>();
        await importer.ImportAsync(files.Csv("kepesertaan_2026-11-20.csv", [MembershipFiles.Header, .. MembershipFiles.People(4)]), CancellationToken.None);

        var result = await importer.ImportAsync(files.Csv("kepesertaan_2026-10-01.csv", [MembershipFiles.Header, .. MembershipFiles.People(6)]), CancellationToken.None);

        Assert.Equal(MembershipImportOutcome.Held, result.Outcome);
        Assert.Contains("older than the register (as of 2026-11-20)", result.Message, StringComparison.Ordinal);
        Assert.Equal(4, (await RegisterAsync(database)).Count);
    }

    [Fact]
    public async Task The_inbox_sync_imports_oldest_first_archives_what_it_took_and_holds_back_the_rest_with_a_report()
    {
        await using var database = await TestDatabase.CreateAsync();
        using var files = new MembershipFiles();
        var inbox = Path.Combine(files.Folder, "inbox");
        using var host = database.BuildHost(new Dictionary<string, string?> { ["Membership:InboxPath"] = inbox });
        files.Csv("kepesertaan_2026-11-20.csv", [MembershipFiles.Header, .. MembershipFiles.People(8), MembershipFiles.Row("123", "KPJ-X", "X")], folder: inbox);
        files.Csv("kepesertaan_2026-11-01.csv", [MembershipFiles.Header, .. MembershipFiles.People(10, 100)], folder: inbox);
        files.Csv("kepesertaan_2026-11-25.csv", [MembershipFiles.Header, .. MembershipFiles.People(2, 300)], folder: inbox);
        // Excel's lock file beside a workbook someone has open is not a file anyone dropped.
        var lockFile = Path.Combine(inbox, "~$kepesertaan_2026-11-26.xlsx");
        await File.WriteAllBytesAsync(lockFile, [0x12, 0x34]);

        var results = (await host.Services.GetRequiredService<MembershipInbox>().SyncAsync(CancellationToken.None)).Files;

        Assert.Equal(
            [MembershipImportOutcome.Imported, MembershipImportOutcome.Imported, MembershipImportOutcome.Held],
            results.Select(r => r.Outcome));
        Assert.Equal([lockFile], Directory.GetFiles(inbox));
        Assert.Equal(
            ["kepesertaan_2026-11-01.csv", "kepesertaan_2026-11-20.csv", "kepesertaan_2026-11-20.csv.report.txt"],
            Directory.GetFiles(Path.Combine(inbox, "archive")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(
            ["kepesertaan_2026-11-25.csv", "kepesertaan_2026-11-25.csv.report.txt"],
            Directory.GetFiles(Path.Combine(inbox, "held")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.StartsWith("Membership file kepesertaan_2026-11-25.csv is held back", await File.ReadAllTextAsync(Path.Combine(inbox, "held", "kepesertaan_2026-11-25.csv.report.txt")), StringComparison.Ordinal);
        Assert.Contains("kepesertaan_2026-11-20.csv, row 10, field nik: not 16 digits.", await File.ReadAllTextAsync(Path.Combine(inbox, "archive", "kepesertaan_2026-11-20.csv.report.txt")), StringComparison.Ordinal);
        Assert.Equal(8, (await RegisterAsync(database)).Count);
    }

    [Fact]
    public async Task A_NUL_character_in_a_cell_is_dropped_and_the_file_is_imported_after_the_other_file_of_the_inbox_sync()
    {
        await using var database = await TestDatabase.CreateAsync();
        using var files = new MembershipFiles();
        var inbox = Path.Combine(files.Folder, "inbox");
        using var host = database.BuildHost(new Dictionary<string, string?> { ["Membership:InboxPath"] = inbox });
        files.Csv("kepesertaan_2026-11-01.csv", [MembershipFiles.Header, MembershipFiles.Row(Ahmad, "KPJ-1", "Ahmad Fauzi")], folder: inbox);
        files.Csv("kepesertaan_2026-11-20.csv",
            [MembershipFiles.Header, MembershipFiles.Row(Ahmad, "KPJ-1", "Ahmad Fauzi"), MembershipFiles.Row(Aminah, "KPJ\0-2", "Siti\0 Aminah\0", tanggalLahir: "1985-07-15")],
            folder: inbox);

        var results = (await host.Services.GetRequiredService<MembershipInbox>().SyncAsync(CancellationToken.None)).Files;

        Assert.Equal([(MembershipImportOutcome.Imported, 0), (MembershipImportOutcome.Imported, 0)], results.Select(r => (r.Outcome, r.BadRows)));
        Assert.Empty(Directory.GetFiles(inbox));
        Assert.Equal(
            ["kepesertaan_2026-11-01.csv", "kepesertaan_2026-11-20.csv"],
            Directory.GetFiles(Path.Combine(inbox, "archive")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        await using var connection = await database.DataSource.OpenConnectionAsync();
        Assert.Equal(
            [("KPJ-1", "Ahmad Fauzi"), ("KPJ-2", "Siti Aminah")],
            await connection.QueryAsync<(string, string)>("SELECT kpj, nama FROM membership.record ORDER BY kpj"));
    }

    [Fact]
    public async Task An_empty_inbox_path_stops_the_service_with_a_message_naming_the_key()
    {
        await using var database = await TestDatabase.CreateAsync();
        using var host = database.BuildHost(new Dictionary<string, string?> { ["Membership:InboxPath"] = " " });

        var error = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("Membership:InboxPath", error.Message, StringComparison.Ordinal);
    }

    private static Dictionary<string, object?> XlsxRow(object nik, string kpj, string nama, object tanggalLahir) => new()
    {
        ["nik"] = nik,
        ["kpj"] = kpj,
        ["nama"] = nama,
        ["tanggal_lahir"] = tanggalLahir,
        ["segmen"] = "BPU",
        ["program"] = "JKK;JKM",
        ["status"] = "AKTIF",
        ["iuran_sampai"] = "2027-01-31",
    };

    private static async Task<List<string>> RegisterAsync(TestDatabase database)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        return [.. await connection.QueryAsync<string>(
            "SELECT concat_ws(' ', nik, kpj, segmen, status, array_to_string(program, ',')) FROM membership.record ORDER BY nik, kpj")];
    }

    private static async Task<List<long>> IdsAsync(TestDatabase database)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        return [.. await connection.QueryAsync<long>("SELECT id FROM membership.record ORDER BY id")];
    }
}
