using CsvHelper;
using Jamsostek.Coverage;
using Jamsostek.Regions;
using Jamsostek.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static Jamsostek.Tests.Digest.DigestTestData;

namespace Jamsostek.Tests.Digest;

/// <summary>Digest:AttachmentMaxRows and Digest:ListLimit: no email carries an unbounded list, and every count stays exact.</summary>
public sealed class DigestListLimitTests
{
    private static readonly DateOnly Sunday = new(2026, 11, 22);

    [Fact]
    public async Task A_scope_with_more_uncovered_people_than_the_cap_gets_no_attachment_but_the_exact_count_and_the_export_command()
    {
        await using var harness = await DigestHarness.CreateAsync(new Dictionary<string, string?> { ["Digest:AttachmentMaxRows"] = "3" });
        foreach (var status in new[] { "NOT_REGISTERED", "NOT_REGISTERED", "LAPSED" })
        {
            await harness.Data.PersonAsync(DesaKramatwatu, status);
        }

        await harness.Data.PersonAsync(DesaMargasana, "PARTIAL", iuranSampai: new DateOnly(2027, 3, 1));
        await harness.Data.PersonAsync(DesaMargasana, "COVERED", iuranSampai: new DateOnly(2027, 3, 1));
        await harness.Data.PersonAsync("3604062001", "NOT_REGISTERED");
        await harness.Data.SnapshotDailyCountsAsync(Sunday);

        using var digest = await harness.ComposeAsync(Kramatwatu);

        Assert.Empty(digest.Message.Attachments);
        Assert.Contains("Per 22 November 2026, 4 orang di Kecamatan Kramatwatu belum terlindungi.", digest.Text, StringComparison.Ordinal);
        Assert.Contains("melebihi batas 3 baris per email", digest.Text, StringComparison.Ordinal);
        Assert.Contains("  Jamsostek.Worker export coverage --scope 360405 --out cakupan-360405.xlsx\n", digest.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Lampiran", digest.Text, StringComparison.Ordinal);
        Assert.Contains("Per 22 November 2026, <strong>4</strong> orang di Kecamatan Kramatwatu belum terlindungi.", digest.Message.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("export coverage --scope 360405", digest.Message.HtmlBody, StringComparison.Ordinal);
        // The figures do not depend on the cap.
        Assert.Contains("- Belum terdaftar: 2", digest.Text, StringComparison.Ordinal);
        Assert.Contains("4 orang belum terlindungi x Rp16.800", digest.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_scope_with_exactly_as_many_uncovered_people_as_the_cap_gets_them_all_attached()
    {
        await using var harness = await DigestHarness.CreateAsync(new Dictionary<string, string?> { ["Digest:AttachmentMaxRows"] = "2" });
        await harness.Data.PersonAsync(DesaKramatwatu, "NOT_REGISTERED");
        await harness.Data.PersonAsync(DesaKramatwatu, "INACTIVE");
        await harness.Data.PersonAsync(DesaKramatwatu, "COVERED");
        await harness.Data.PersonAsync(DesaMargasana, "NOT_REGISTERED");
        await harness.Data.SnapshotDailyCountsAsync(Sunday);

        using var desa = await harness.ComposeAsync(DesaKramatwatu);
        using var kecamatan = await harness.ComposeAsync(Kramatwatu);

        Assert.Equal(2, WrittenWorkbook.Of(desa.Message).Rows.Count);
        Assert.Contains("Lampiran belum-terlindungi-3604052001-2026-W47.xlsx: 2 orang belum terlindungi", desa.Text, StringComparison.Ordinal);
        Assert.Empty(kecamatan.Message.Attachments);
        Assert.Contains("Per 22 November 2026, 3 orang di Kecamatan Kramatwatu belum terlindungi.", kecamatan.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_attachment_lists_exactly_the_uncovered_rows_that_export_coverage_gives_for_the_scope()
    {
        await using var harness = await DigestHarness.CreateAsync();
        var statuses = new[] { "COVERED", "EXPIRING", "PARTIAL", "LAPSED", "INACTIVE", "NEEDS_REVIEW", "NOT_REGISTERED" };
        for (var i = 0; i < 70; i++)
        {
            await harness.Data.PersonAsync(i % 3 == 0 ? DesaMargasana : DesaKramatwatu, statuses[i % statuses.Length], nama: $"Warga {i:D2}, RT {i % 4}");
        }

        await harness.Data.PersonAsync("3604062001", "NOT_REGISTERED");
        await harness.Data.SnapshotDailyCountsAsync(Sunday);

        using var digest = await harness.ComposeAsync(Kramatwatu, fullNik: true);
        var exported = new StringWriter();
        Assert.True(RegionScope.TryParse(Kramatwatu, out var scope));
        await harness.Services.GetRequiredService<CoverageExporter>().WriteAsync(exported, scope, CancellationToken.None);

        var uncovered = new HashSet<string>(["NOT_REGISTERED", "INACTIVE", "LAPSED", "PARTIAL"]);
        var expected = ReadRows(exported.ToString())
            .Where(r => uncovered.Contains(r["status"]))
            .Select(r => (r["kode_desa"], r["nik"], r["nama"], r["peran"], r["status"], r["kpj"]))
            .Order()
            .ToList();
        var attached = WrittenWorkbook.Of(digest.Message).Rows
            .Select(r => (WrittenWorkbook.Text(r, "kode_desa"), WrittenWorkbook.Text(r, "nik"), WrittenWorkbook.Text(r, "nama"), WrittenWorkbook.Text(r, "peran"), WrittenWorkbook.Text(r, "status"), WrittenWorkbook.Text(r, "kpj")))
            .Order()
            .ToList();
        Assert.Equal(40, expected.Count);
        Assert.Equal(expected, attached);
    }

    [Fact]
    public async Task Expiring_members_are_listed_soonest_first_across_desa_up_to_the_limit_with_the_exact_total()
    {
        await using var harness = await DigestHarness.CreateAsync(new Dictionary<string, string?> { ["Digest:ListLimit"] = "2" });
        // Expiring on Sunday 22 November; Kramatwatu's desa has the first and the third, Margasana the second.
        await harness.Data.PersonAsync(DesaKramatwatu, "EXPIRING", nama: "Pertama", iuranSampai: new DateOnly(2026, 11, 24));
        await harness.Data.PersonAsync(DesaKramatwatu, "EXPIRING", nama: "Ketiga", iuranSampai: new DateOnly(2026, 11, 30));
        await harness.Data.PersonAsync(DesaKramatwatu, "EXPIRING", nama: "Keempat", iuranSampai: new DateOnly(2026, 12, 5));
        await harness.Data.PersonAsync(DesaMargasana, "EXPIRING", nama: "Kedua", iuranSampai: new DateOnly(2026, 11, 25));
        await harness.Data.PersonAsync("3604062001", "EXPIRING", nama: "Di Luar", iuranSampai: new DateOnly(2026, 11, 23));
        await harness.Data.SnapshotDailyCountsAsync(Sunday);

        using var kecamatan = await harness.ComposeAsync(Kramatwatu);
        using var regency = await harness.ComposeAsync("3604");

        Assert.Contains("IURAN BERAKHIR DALAM 30 HARI: 4 orang", kecamatan.Text, StringComparison.Ordinal);
        Assert.Equal(["Pertama", "Kedua"], ListedNames(kecamatan.Text));
        Assert.Contains("... dan 2 baris lainnya.", kecamatan.Text, StringComparison.Ordinal);
        Assert.Contains("IURAN BERAKHIR DALAM 30 HARI: 5 orang", regency.Text, StringComparison.Ordinal);
        Assert.Equal(["Di Luar", "Pertama"], ListedNames(regency.Text));
        Assert.Contains("... dan 3 baris lainnya.", regency.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Quarantined_rows_are_listed_per_desa_up_to_the_limit_and_counted_in_full()
    {
        await using var harness = await DigestHarness.CreateAsync(new Dictionary<string, string?> { ["Digest:ListLimit"] = "2" });
        foreach (var (kode, rows) in new[] { (DesaKramatwatu, 3), (DesaMargasana, 2), ("3604052003", 1), ("3604062001", 5) })
        {
            for (var i = 0; i < rows; i++)
            {
                await harness.Data.QuarantineAsync(kode, Jakarta(2026, 11, 18));
            }
        }

        using var digest = await harness.ComposeAsync(Kramatwatu);

        Assert.Contains("Baris roster dikarantina minggu ini, belum diperbaiki: 6\n- Kramatwatu (3604052001): 3 baris\n- Margasana (3604052002): 2 baris\n... dan 1 kode desa lainnya.\n", digest.Text, StringComparison.Ordinal);
        Assert.Contains("… dan 1 kode desa lainnya.", digest.Message.HtmlBody, StringComparison.Ordinal);
    }

    private static List<string> ListedNames(string text) =>
        [.. text.Split('\n')
            .SkipWhile(l => !l.StartsWith("IURAN BERAKHIR", StringComparison.Ordinal))
            .Skip(1)
            .TakeWhile(l => l.StartsWith("- ", StringComparison.Ordinal))
            .Select(l => l.Split("  ")[2].Split(" (")[0])];

    private static List<Dictionary<string, string>> ReadRows(string csv)
    {
        using var reader = CsvReader.FromText(csv, new CsvReaderOptions { Separator = ',', AllowLineBreaksInQuotes = true });
        var header = reader.Headers;
        var rows = new List<Dictionary<string, string>>();
        while (reader.Read())
        {
            rows.Add(header.ToDictionary(h => h, reader.GetString));
        }

        return rows;
    }
}
