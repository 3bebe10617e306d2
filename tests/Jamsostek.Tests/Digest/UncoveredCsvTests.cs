using System.Globalization;
using CsvHelper;
using static Jamsostek.Tests.Digest.DigestTestData;

namespace Jamsostek.Tests.Digest;

public sealed class UncoveredCsvTests
{
    private static readonly DateOnly Sunday = new(2026, 11, 22);

    [Theory]
    [InlineData("=HYPERLINK(\"http://contoh.test\",\"klik\")")]
    [InlineData("+6281234567890")]
    [InlineData("-2+3")]
    [InlineData("@SUM(A1:A9)")]
    [InlineData("\tTab di depan")]
    [InlineData("\rCR di depan")]
    public async Task A_cell_a_spreadsheet_would_run_as_a_formula_is_prefixed_with_an_apostrophe(string nama)
    {
        await using var harness = await DigestHarness.CreateAsync();
        await harness.Data.PersonAsync(DesaKramatwatu, "NOT_REGISTERED", nama: nama);
        await harness.Data.SnapshotDailyCountsAsync(Sunday);

        var digest = await harness.ComposeAsync(DesaKramatwatu);

        var cell = Assert.Single(ReadColumn(DigestHarness.Csv(digest.Message), "nama"));
        Assert.Equal("'" + nama, cell);
    }

    [Fact]
    public async Task Ordinary_names_with_punctuation_are_written_as_they_are()
    {
        await using var harness = await DigestHarness.CreateAsync();
        await harness.Data.PersonAsync(DesaKramatwatu, "NOT_REGISTERED", nama: "Hj. Siti Nur'aini, S.Pd.");
        await harness.Data.PersonAsync(DesaKramatwatu, "LAPSED", nama: "Dede \"Ujang\" Suryana");
        await harness.Data.SnapshotDailyCountsAsync(Sunday);

        var digest = await harness.ComposeAsync(DesaKramatwatu);

        Assert.Equal(["Dede \"Ujang\" Suryana", "Hj. Siti Nur'aini, S.Pd."], ReadColumn(DigestHarness.Csv(digest.Message), "nama").Order());
    }

    private static List<string> ReadColumn(string csv, string column)
    {
        using var reader = new CsvReader(new StringReader(csv), CultureInfo.InvariantCulture);
        reader.Read();
        reader.ReadHeader();
        var values = new List<string>();
        while (reader.Read())
        {
            values.Add(reader.GetField(column)!);
        }

        return values;
    }
}
