using Dapper;
using Jamsostek.Tests.Infrastructure;

namespace Jamsostek.Tests.Coverage;

public sealed class CoverageCommandLineTests
{
    [Fact]
    public async Task Reconcile_as_of_a_day_prints_one_line_with_the_count_of_every_status()
    {
        await using var database = await TestDatabase.CreateAsync();
        var data = new CoverageTestData(database);
        var nik = data.NextNik();
        await data.EntryAsync(CoverageTestData.DesaKramatwatu, nik);
        await data.MembershipAsync(nik, "KPJ-1", "AKTIF", "JKK", new DateOnly(2026, 12, 31));
        // Someone else: under the same name, a NIK one serial digit from a registered one would be proposed for review.
        await data.EntryAsync(CoverageTestData.DesaWaringinkurung, data.NextNik(), nama: "Ujang Sutisna");

        var run = await WorkerProcess.RunAsync(
            ["reconcile", "--as-of", "2026-10-01"],
            database.Settings(new Dictionary<string, string?> { ["Logging:Console:LogLevel:Jamsostek.Coverage"] = "Information" }));

        Assert.True(run.ExitCode == 0, run.Stderr);
        // Days in the log as the service writes them everywhere else, not in the invariant culture's month-first order.
        Assert.Contains("Reconciled kecamatan 360405 as of 2026-10-01 (Full, every entry)", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("Coverage of 2026-10-01 finished", run.Stderr, StringComparison.Ordinal);
        var line = Assert.Single(run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(
            "Reconciled 2026-10-01 for 29 kecamatan: 2 entries; NOT_REGISTERED 1, NEEDS_REVIEW 0, INACTIVE 0, LAPSED 0, PARTIAL 1, EXPIRING 0, COVERED 0; flags opened 2, resolved 0.",
            line);
        await using var connection = await database.DataSource.OpenConnectionAsync();
        Assert.Equal(2, await connection.ExecuteScalarAsync<int>("SELECT sum(people)::int FROM coverage.daily_count WHERE as_of = date '2026-10-01'"));
        // The day again: the same flags, said to be the day's rather than new ones.
        var again = await WorkerProcess.RunAsync(["reconcile", "--as-of", "2026-10-01"], database.Settings());
        Assert.True(again.ExitCode == 0, again.Stderr);
        Assert.EndsWith("; flags opened 2, resolved 0 (both runs of the day counted together).", again.Stdout.Trim(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("01-10-2026")]
    [InlineData("2026-02-30")]
    [InlineData("2999-01-01")]
    public async Task Reconcile_refuses_a_day_that_is_not_a_date_or_has_not_begun_as_wrong_usage(string asOf)
    {
        await using var database = await TestDatabase.CreateAsync();

        var run = await WorkerProcess.RunAsync(["reconcile", "--as-of", asOf], database.Settings());

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--as-of", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(run.Stdout);
    }

    [Fact]
    public async Task Export_coverage_writes_the_scope_to_the_file_and_says_how_many_rows()
    {
        await using var database = await TestDatabase.CreateAsync();
        var data = new CoverageTestData(database);
        await data.EntryAsync(CoverageTestData.DesaKramatwatu, "3604051203850001", nama: "+62 812");
        await data.EntryAsync(CoverageTestData.DesaWaringinkurung, "3604051203850002");
        var reconciled = await WorkerProcess.RunAsync(["reconcile", "--as-of", "2026-10-01"], database.Settings());
        Assert.True(reconciled.ExitCode == 0, reconciled.Stderr);
        var directory = Directory.CreateTempSubdirectory("jamsostek-export-");
        var file = Path.Combine(directory.FullName, "kramatwatu.csv");

        var run = await WorkerProcess.RunAsync(["export", "coverage", "--out", file, "--scope", "36.04.05"], database.Settings());

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains("Wrote 1 coverage rows of scope 360405", run.Stdout, StringComparison.Ordinal);
        Assert.Equal(
            "kode_desa,nik,nama,peran,status,kpj,metode,skor,alasan\n3604052001,3604051203850001,'+62 812,KETUA_RT,NOT_REGISTERED,,,,\n",
            await File.ReadAllTextAsync(file));
        Assert.Equal(["kramatwatu.csv"], directory.GetFiles().Select(f => f.Name));
        directory.Delete(recursive: true);
    }

    [Fact]
    public async Task Export_coverage_to_an_xlsx_file_writes_the_same_columns_as_a_workbook_with_whole_NIKs_as_text()
    {
        await using var database = await TestDatabase.CreateAsync();
        var data = new CoverageTestData(database);
        var nik = data.NextNik();
        await data.EntryAsync(CoverageTestData.DesaKramatwatu, nik, nama: "=1+2");
        await data.MembershipAsync(nik, "KPJ-1", "AKTIF", "JKK;JKM", new DateOnly(2027, 6, 30));
        await data.EntryAsync(CoverageTestData.DesaKramatwatu, data.NextNik(), nama: "Siti Aminah");
        Assert.Equal(0, (await WorkerProcess.RunAsync(["reconcile", "--as-of", "2026-10-01"], database.Settings())).ExitCode);
        var directory = Directory.CreateTempSubdirectory("jamsostek-export-");
        var csvFile = Path.Combine(directory.FullName, "cakupan.csv");
        var workbookFile = Path.Combine(directory.FullName, "cakupan.XLSX");

        var csvRun = await WorkerProcess.RunAsync(["export", "coverage", "--out", csvFile], database.Settings());
        var workbookRun = await WorkerProcess.RunAsync(["export", "coverage", "--out", workbookFile], database.Settings());

        Assert.True(workbookRun.ExitCode == 0, workbookRun.Stderr);
        Assert.Contains("Wrote 2 coverage rows of scope 3604", workbookRun.Stdout, StringComparison.Ordinal);
        var workbook = WrittenWorkbook.Read(workbookFile);
        Assert.Equal(("Cakupan", "kode_desa,nik,nama,peran,status,kpj,metode,skor,alasan"), (workbook.SheetName, string.Join(',', workbook.Header)));
        Assert.All(workbook.Rows, r => Assert.IsType<string>(r["nik"]));
        Assert.Equal("=1+2", workbook.Rows.Single(r => Equals(r["nik"], nik))["nama"]);
        // Row for row what the CSV says, but for the CSV's apostrophe before a cell a spreadsheet would run.
        var csvRows = (await File.ReadAllLinesAsync(csvFile)).Skip(1).Select(l => l.Replace(",'=1+2,", ",=1+2,", StringComparison.Ordinal));
        Assert.Equal(csvRows, workbook.Rows.Select(r => string.Join(',', workbook.Header.Select(c => WrittenWorkbook.Text(r, c)))));
        Assert.Equal(["cakupan.XLSX", "cakupan.csv"], directory.GetFiles().Select(f => f.Name).Order(StringComparer.Ordinal));
        directory.Delete(recursive: true);
    }

    [Fact]
    public async Task Export_coverage_says_the_day_of_the_latest_reconcile_even_when_no_status_changed_that_day()
    {
        await using var database = await TestDatabase.CreateAsync();
        var data = new CoverageTestData(database);
        await data.PaidEntryAsync(new DateOnly(2027, 6, 30));
        // Two nights in which nothing changed, then a missed earlier night backfilled: the statuses hold as of the 3rd.
        foreach (var day in new[] { "2026-10-01", "2026-10-03", "2026-10-02" })
        {
            var reconciled = await WorkerProcess.RunAsync(["reconcile", "--as-of", day], database.Settings());
            Assert.True(reconciled.ExitCode == 0, reconciled.Stderr);
        }

        var directory = Directory.CreateTempSubdirectory("jamsostek-export-");
        var file = Path.Combine(directory.FullName, "kramatwatu.csv");

        var run = await WorkerProcess.RunAsync(["export", "coverage", "--out", file, "--scope", "36.04.05.2001"], database.Settings());

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal($"Wrote 1 coverage rows of scope 3604052001 as reconciled on 2026-10-03 to {file}.", run.Stdout.Trim());
        directory.Delete(recursive: true);
    }

    [Fact]
    public async Task Export_coverage_leaves_out_who_left_since_the_reconcile_and_says_as_of_when_and_how_many_are_not_in_it_yet()
    {
        await using var database = await TestDatabase.CreateAsync();
        var data = new CoverageTestData(database);
        var leaving = await data.EntryAsync(CoverageTestData.DesaKramatwatu, "3604051203850001");
        await data.EntryAsync(CoverageTestData.DesaKramatwatu, "3604051203850002");
        var reconciled = await WorkerProcess.RunAsync(["reconcile", "--as-of", "2026-10-01"], database.Settings());
        Assert.True(reconciled.ExitCode == 0, reconciled.Stderr);
        // The hourly roster pull between two nights: one person left, one arrived.
        await data.LeaveAsync(leaving);
        await data.EntryAsync(CoverageTestData.DesaKramatwatu, "3604051203850003");
        var directory = Directory.CreateTempSubdirectory("jamsostek-export-");
        var file = Path.Combine(directory.FullName, "kramatwatu.csv");

        var run = await WorkerProcess.RunAsync(["export", "coverage", "--out", file, "--scope", "3604052001"], database.Settings());

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal(
            $"Wrote 1 coverage rows of scope 3604052001 as reconciled on 2026-10-01 to {file}; 1 roster entries taken since are not in it until the next reconcile.",
            run.Stdout.Trim());
        Assert.Equal(
            "kode_desa,nik,nama,peran,status,kpj,metode,skor,alasan\n3604052001,3604051203850002,Budi Santoso,KETUA_RT,NOT_REGISTERED,,,,\n",
            await File.ReadAllTextAsync(file));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }

        directory.Delete(recursive: true);
    }

    [Fact]
    public async Task Export_coverage_to_a_file_that_cannot_be_written_is_wrong_usage_and_leaves_nothing_behind()
    {
        await using var database = await TestDatabase.CreateAsync();
        var data = new CoverageTestData(database);
        await data.EntryAsync(CoverageTestData.DesaKramatwatu, "3604051203850001", nama: "Nama Rahasia");
        await WorkerProcess.RunAsync(["reconcile", "--as-of", "2026-10-01"], database.Settings());
        var directory = Directory.CreateTempSubdirectory("jamsostek-export-");
        // Longer than a file name may be: the export's rows are written, then the file cannot be.
        var tooLong = Path.Combine(directory.FullName, new string('k', 300) + ".csv");

        // A spreadsheet format of its own would have been CSV under that name.
        var oldExcel = Path.Combine(directory.FullName, "kecamatan.xls");

        var folder = await WorkerProcess.RunAsync(["export", "coverage", "--out", directory.FullName], database.Settings());
        var name = await WorkerProcess.RunAsync(["export", "coverage", "--out", tooLong], database.Settings());
        var xls = await WorkerProcess.RunAsync(["export", "coverage", "--out", oldExcel], database.Settings());

        Assert.Equal(2, folder.ExitCode);
        Assert.Equal($"--out {directory.FullName} is a directory, not a file.", folder.Stderr.Trim());
        Assert.Equal(2, name.ExitCode);
        Assert.StartsWith($"--out {tooLong} cannot be written: ", name.Stderr.Trim(), StringComparison.Ordinal);
        Assert.Single(name.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.DoesNotContain("Rahasia", name.Stdout + name.Stderr, StringComparison.Ordinal);
        Assert.Equal((2, $"--out {oldExcel}: a .xls file is not written; name it .xlsx for an Excel workbook or .csv for CSV."), (xls.ExitCode, xls.Stderr.Trim()));
        Assert.Empty(directory.GetFileSystemInfos());
        directory.Delete(recursive: true);
    }

    [Theory]
    [InlineData("--scope", "3201")]
    [InlineData("--scope", "36.04.99")]
    public async Task Export_coverage_refuses_a_scope_outside_the_regency_as_wrong_usage(string option, string scope)
    {
        await using var database = await TestDatabase.CreateAsync();
        var file = Path.Combine(Path.GetTempPath(), $"coverage-{Guid.NewGuid():N}.csv");

        var run = await WorkerProcess.RunAsync(["export", "coverage", "--out", file, option, scope], database.Settings());

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(scope, run.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(file));
    }

    [Fact]
    public async Task Export_coverage_without_an_output_file_is_wrong_usage()
    {
        var run = await WorkerProcess.RunAsync(["export", "coverage"], new Dictionary<string, string?>());

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--out", run.Stderr, StringComparison.Ordinal);
    }
}
