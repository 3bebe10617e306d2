using Jamsostek.Tests.Infrastructure;
using static Jamsostek.Tests.Digest.DigestTestData;

namespace Jamsostek.Tests.Digest;

public sealed class UncoveredWorkbookTests
{
    private static readonly DateOnly Sunday = new(2026, 11, 22);

    [Theory]
    [InlineData("=HYPERLINK(\"http://contoh.test\",\"klik\")")]
    [InlineData("+6281234567890")]
    [InlineData("-2+3")]
    [InlineData("@SUM(A1:A9)")]
    [InlineData("\tTab di depan")]
    public async Task A_name_a_spreadsheet_would_run_as_a_formula_is_a_text_cell_kept_as_written(string nama)
    {
        await using var harness = await DigestHarness.CreateAsync();
        await harness.Data.PersonAsync(DesaKramatwatu, "NOT_REGISTERED", nama: nama);
        await harness.Data.SnapshotDailyCountsAsync(Sunday);

        using var digest = await harness.ComposeAsync(DesaKramatwatu);

        var list = WrittenWorkbook.Of(digest.Message);
        Assert.Equal(nama, Assert.IsType<string>(Assert.Single(list.Rows)["nama"]));
        Assert.DoesNotContain("<x:f", list.SheetXml, StringComparison.Ordinal);
        Assert.DoesNotContain("<f>", list.SheetXml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Names_with_punctuation_quotes_and_commas_are_written_as_they_are()
    {
        await using var harness = await DigestHarness.CreateAsync();
        await harness.Data.PersonAsync(DesaKramatwatu, "NOT_REGISTERED", nama: "Hj. Siti Nur'aini, S.Pd.");
        await harness.Data.PersonAsync(DesaKramatwatu, "LAPSED", nama: "Dede \"Ujang\" Suryana; RT 3");
        await harness.Data.SnapshotDailyCountsAsync(Sunday);

        using var digest = await harness.ComposeAsync(DesaKramatwatu);

        Assert.Equal(["Dede \"Ujang\" Suryana; RT 3", "Hj. Siti Nur'aini, S.Pd."], WrittenWorkbook.Of(digest.Message).Column("nama").Order(StringComparer.Ordinal));
    }
}
