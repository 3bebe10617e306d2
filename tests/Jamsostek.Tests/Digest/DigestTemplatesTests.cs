using System.Globalization;
using Jamsostek.Digest;

namespace Jamsostek.Tests.Digest;

public sealed class DigestTemplatesTests
{
    [Fact]
    public async Task Numbers_money_rates_changes_and_dates_are_written_the_Indonesian_way_whatever_the_server_culture()
    {
        var previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("en-US");
        try
        {
            var templates = new DigestTemplates();
            var model = new Sample(1234567, 16800m * 1234, 0.8534m, -0.0151m, new DateTime(2026, 3, 17));

            var text = await templates.RenderSourceAsync(
                "{{ jumlah | angka }} | {{ iuran | rupiah }} | {{ rate | persen }} | {{ change | poin }} | {{ day | tanggal }} | {{ day | date: '%A, %d %B %Y' }}",
                model);

            Assert.Equal("1.234.567 | Rp20.731.200 | 85,3% | -1,5 poin | 17 Maret 2026 | Selasa, 17 Maret 2026", text);
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Theory]
    [InlineData(16800, "Rp16.800")]
    [InlineData(0, "Rp0")]
    [InlineData(1680000, "Rp1.680.000")]
    public void Rupiah_amounts_use_dots_between_thousands_and_no_decimals(int amount, string expected) =>
        Assert.Equal(expected, DigestTemplates.FormatRupiah(amount));

    [Theory]
    [InlineData("0.021", "+2,1 poin")]
    [InlineData("0", "0,0 poin")]
    [InlineData("-0.0004", "0,0 poin")]
    public void Rate_changes_are_signed_percentage_points(string change, string expected) =>
        Assert.Equal(expected, DigestTemplates.FormatPointChange(decimal.Parse(change, CultureInfo.InvariantCulture)));

    [Fact]
    public void A_rate_change_is_the_difference_of_the_rates_as_shown()
    {
        // 23.43% this week and 23.57% the week before read 23,4% and 23,6%: the change beside them is -0,2, not -0,1.
        var child = new ChildLine("3604052001", "Gunungsari", People: 10_000, Covered: 2_343, LastWeekPeople: 10_000, LastWeekCovered: 2_357);

        Assert.Equal(("23,4%", "23,6%"), (DigestTemplates.FormatPercent(child.Rate!.Value), DigestTemplates.FormatPercent(child.LastWeekRate!.Value)));
        Assert.Equal("-0,2 poin", DigestTemplates.FormatPointChange(child.Change!.Value));
    }

    [Fact]
    public async Task Names_from_villages_are_HTML_encoded_in_the_HTML_part()
    {
        await using var harness = await DigestHarness.CreateAsync();
        await harness.Data.PersonAsync(DigestTestData.DesaKramatwatu, "EXPIRING", nama: "<script>alert(1)</script>", iuranSampai: new DateOnly(2026, 11, 30));
        await harness.Data.SnapshotDailyCountsAsync(new DateOnly(2026, 11, 22));

        var digest = await harness.ComposeAsync(DigestTestData.DesaKramatwatu);

        Assert.DoesNotContain("<script>", digest.Html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", digest.Html, StringComparison.Ordinal);
    }

    private sealed record Sample(int Jumlah, decimal Iuran, decimal Rate, decimal Change, DateTime Day);
}
