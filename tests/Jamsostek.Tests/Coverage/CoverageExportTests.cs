using Jamsostek.Coverage;
using Jamsostek.Csv;
using Jamsostek.Regions;
using Jamsostek.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Jamsostek.Tests.Coverage;

public sealed class CoverageExportTests
{
    private static readonly DateOnly Day = CoverageTestData.Day;

    [Fact]
    public async Task The_export_is_the_CSV_of_SPEC_5_one_row_per_active_entry()
    {
        await using var database = await TestDatabase.CreateAsync();
        var data = new CoverageTestData(database);
        await data.EntryAsync(CoverageTestData.DesaKramatwatu, "3604051203850001", peran: "BPD", nama: "Siti Aminah");
        await data.MembershipAsync("3604051203850001", "21012345678", "AKTIF", "JKK;JKM", Day.AddDays(90), nama: "SITI AMINAH");
        await data.EntryAsync(CoverageTestData.DesaKramatwatu, "3604051203850002", peran: "KETUA_RT", nama: "Ahmad, bin Salim");
        var left = await data.EntryAsync(CoverageTestData.DesaKramatwatu, "3604051203850003");
        await data.LeaveAsync(left);
        await ReconcileAsync(database);

        var lines = await ExportLinesAsync(database, "3604");

        Assert.Equal(
            [
                "kode_desa,nik,nama,peran,status,kpj,metode,skor,alasan",
                "3604052001,3604051203850001,Siti Aminah,BPD,COVERED,21012345678,NIK,1.000,NIK sama persis dengan data kepesertaan BPJS Ketenagakerjaan",
                "3604052001,3604051203850002,\"Ahmad, bin Salim\",KETUA_RT,NOT_REGISTERED,,,,",
            ],
            lines);
    }

    [Theory]
    [InlineData("3604", 3)]
    [InlineData("36.04", 3)]
    [InlineData("36.04.05", 2)]
    [InlineData("360405", 2)]
    [InlineData("36.04.05.2002", 1)]
    [InlineData("3604062001", 1)]
    [InlineData("3604052003", 0)]
    public async Task The_scope_is_the_regency_a_kecamatan_or_a_desa_dotted_or_plain(string scope, int rows)
    {
        await using var database = await TestDatabase.CreateAsync();
        var data = new CoverageTestData(database);
        await data.EntryAsync(CoverageTestData.DesaKramatwatu, data.NextNik());
        await data.EntryAsync(CoverageTestData.DesaMargasana, data.NextNik());
        await data.EntryAsync(CoverageTestData.DesaWaringinkurung, data.NextNik());
        await ReconcileAsync(database);

        var lines = await ExportLinesAsync(database, scope);

        Assert.Equal(rows, lines.Count - 1);
        Assert.All(lines.Skip(1), l => Assert.StartsWith(scope.Replace(".", "", StringComparison.Ordinal), l, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("3605")]
    [InlineData("36.04.99")]
    [InlineData("3604059999")]
    [InlineData("36O4")]
    [InlineData("360")]
    public async Task A_scope_outside_Kabupaten_Serang_is_refused(string scope)
    {
        await using var database = await TestDatabase.CreateAsync();

        var known = RegionScope.TryParse(scope, out var region) && await region.ExistsAsync(database.DataSource, CancellationToken.None);

        Assert.False(known);
    }

    [Fact]
    public async Task Cells_a_spreadsheet_would_run_as_formulas_are_neutralised()
    {
        await using var database = await TestDatabase.CreateAsync();
        var data = new CoverageTestData(database);
        await data.EntryAsync(CoverageTestData.DesaKramatwatu, "3604051203850001", nama: "=HYPERLINK(\"http://x\",\"klik\")");
        await data.EntryAsync(CoverageTestData.DesaKramatwatu, "3604051203850002", nama: "@SUM(A1)");
        await data.EntryAsync(CoverageTestData.DesaKramatwatu, "3604051203850003", nama: "-2+3");
        await ReconcileAsync(database);

        var lines = await ExportLinesAsync(database, "3604");

        Assert.Equal("3604052001,3604051203850001,\"'=HYPERLINK(\"\"http://x\"\",\"\"klik\"\")\",KETUA_RT,NOT_REGISTERED,,,,", lines[1]);
        Assert.Equal("3604052001,3604051203850002,'@SUM(A1),KETUA_RT,NOT_REGISTERED,,,,", lines[2]);
        Assert.Equal("3604052001,3604051203850003,'-2+3,KETUA_RT,NOT_REGISTERED,,,,", lines[3]);
    }

    [Theory]
    [InlineData("=1+1", "'=1+1")]
    [InlineData("+6281234", "'+6281234")]
    [InlineData("-1", "'-1")]
    [InlineData("@cmd", "'@cmd")]
    [InlineData("\tx", "'\tx")]
    [InlineData("\rx", "'\rx")]
    [InlineData("Budi = Santoso", "Budi = Santoso")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void A_cell_is_neutralised_only_when_it_starts_with_a_formula_character(string? cell, string expected) =>
        Assert.Equal(expected, SafeCsv.Neutralise(cell));

    private static async Task ReconcileAsync(TestDatabase database)
    {
        using var host = CoverageTestData.BuildHost(database, TestClock.NightOf(Day));
        await CoverageTestData.Reconciler(host).ReconcileDayAsync(Day, CancellationToken.None);
    }

    private static async Task<IReadOnlyList<string>> ExportLinesAsync(TestDatabase database, string scope)
    {
        using var host = CoverageTestData.BuildHost(database, TestClock.NightOf(Day));
        var exporter = host.Services.GetRequiredService<CoverageExporter>();
        Assert.True(RegionScope.TryParse(scope, out var region));
        using var writer = new StringWriter();
        await exporter.WriteAsync(writer, region, CancellationToken.None);
        return writer.ToString().Split('\n')[..^1];
    }
}
