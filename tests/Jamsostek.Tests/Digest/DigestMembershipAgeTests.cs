using static Jamsostek.Tests.Digest.DigestTestData;

namespace Jamsostek.Tests.Digest;

/// <summary>
/// SPEC 2.4 and 3.2: LAPSED is measured against the figures' day, but the register is only as new as the branch office's last
/// file. The digest says how old it is, and warns when it is older than <c>Digest:MembershipStaleDays</c> or missing.
/// </summary>
public sealed class DigestMembershipAgeTests
{
    /// <summary>The week's day (2026-W47): the figures the digest shows are of Sunday 22 November 2026.</summary>
    private static readonly DateOnly Sunday = new(2026, 11, 22);

    [Fact]
    public async Task The_digest_says_the_date_of_the_membership_file_its_figures_were_reconciled_with()
    {
        await using var harness = await DigestHarness.CreateAsync();
        await harness.Data.MembershipImportAsync(new DateOnly(2026, 11, 10), Jakarta(2026, 11, 12));
        await harness.Data.MembershipImportAsync(new DateOnly(2026, 11, 20), Jakarta(2026, 11, 21));
        await harness.Data.DailyCountAsync(Sunday, DesaKramatwatu, "COVERED", 3);
        await harness.Data.DailyCountAsync(Sunday, DesaKramatwatu, "LAPSED", 1);

        var digest = await harness.ComposeAsync(Kramatwatu);

        Assert.Contains("Data kepesertaan BPJS Ketenagakerjaan per 20 November 2026.", digest.Text, StringComparison.Ordinal);
        Assert.Contains("Data kepesertaan BPJS Ketenagakerjaan per 20 November 2026.", digest.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("10 November 2026", digest.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("dihitung belakangan", digest.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_that_arrived_after_the_day_was_reconciled_is_not_the_one_its_figures_are_of()
    {
        await using var harness = await DigestHarness.CreateAsync();
        await harness.Data.MembershipImportAsync(new DateOnly(2026, 11, 10), Jakarta(2026, 11, 12));
        await harness.Data.DailyCountAsync(Sunday, DesaKramatwatu, "LAPSED", 1);
        await harness.Data.DayFinishedAsync(Sunday, Jakarta(2026, 11, 22, hour: 3));
        // Monday: the branch office's new file; Sunday's LAPSED were still classified with the old one.
        await harness.Data.MembershipImportAsync(new DateOnly(2026, 11, 23), Jakarta(2026, 11, 23));

        var digest = await harness.ComposeAsync(Kramatwatu);

        Assert.Contains("Data kepesertaan BPJS Ketenagakerjaan per 10 November 2026.", digest.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("23 November 2026", digest.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Figures_backfilled_after_a_newer_file_arrived_say_they_were_counted_later_with_it()
    {
        await using var harness = await DigestHarness.CreateAsync();
        // Sunday was missed and reconciled on Wednesday (reconcile --as-of), after Tuesday's file: the only register there was.
        await harness.Data.MembershipImportAsync(new DateOnly(2026, 11, 24), Jakarta(2026, 11, 24));
        await harness.Data.DailyCountAsync(Sunday, DesaKramatwatu, "COVERED", 3);
        await harness.Data.DayFinishedAsync(Sunday, Jakarta(2026, 11, 25, hour: 9));

        var digest = await harness.ComposeAsync(Kramatwatu);

        const string Said = "Data kepesertaan BPJS Ketenagakerjaan per 24 November 2026. Angka per 22 November 2026 dihitung belakangan dengan data kepesertaan yang lebih baru itu, sehingga iuran yang dibayar sesudah 22 November 2026 sudah ikut terhitung.";
        Assert.Contains(Said, digest.Text, StringComparison.Ordinal);
        Assert.Contains(Said, digest.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("PERHATIAN", digest.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_membership_file_older_than_the_configured_days_is_warned_about_in_both_parts()
    {
        await using var harness = await DigestHarness.CreateAsync(new Dictionary<string, string?> { ["Digest:MembershipStaleDays"] = "14" });
        // 15 days before the figures' day: paid members may have turned LAPSED only because no newer file came.
        await harness.Data.MembershipImportAsync(new DateOnly(2026, 11, 7), Jakarta(2026, 11, 9));
        await harness.Data.DailyCountAsync(Sunday, DesaKramatwatu, "COVERED", 3);
        await harness.Data.DailyCountAsync(Sunday, DesaKramatwatu, "LAPSED", 4);

        var digest = await harness.ComposeAsync(DesaKramatwatu);

        Assert.Contains("Data kepesertaan BPJS Ketenagakerjaan per 7 November 2026.", digest.Text, StringComparison.Ordinal);
        Assert.Contains(
            "PERHATIAN: data kepesertaan sudah berumur 15 hari pada 22 November 2026 (lebih dari 14 hari): status \"Menunggak iuran\" dan tanggal iuran mungkin tidak mutakhir.",
            digest.Text,
            StringComparison.Ordinal);
        Assert.Contains("data kepesertaan sudah berumur 15 hari pada 22 November 2026 (lebih dari 14 hari)", digest.Html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, 2026, 11, 8)] // the default, 14 days: exactly 14 days old is not yet stale
    [InlineData("30", 2026, 10, 24)] // 29 days old, within a configured 30
    public async Task A_membership_file_within_the_configured_days_gets_its_date_and_no_warning(string? staleDays, int year, int month, int day)
    {
        await using var harness = await DigestHarness.CreateAsync(
            staleDays is null ? null : new Dictionary<string, string?> { ["Digest:MembershipStaleDays"] = staleDays });
        await harness.Data.MembershipImportAsync(new DateOnly(year, month, day), Jakarta(year, month, day));
        await harness.Data.DailyCountAsync(Sunday, DesaKramatwatu, "LAPSED", 4);

        var digest = await harness.ComposeAsync(DesaKramatwatu);

        Assert.Contains($"Data kepesertaan BPJS Ketenagakerjaan per {DigestFormat(new DateOnly(year, month, day))}.", digest.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("PERHATIAN", digest.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("data kepesertaan sudah", digest.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Figures_reconciled_without_any_membership_file_say_so_in_both_parts()
    {
        await using var harness = await DigestHarness.CreateAsync();
        await harness.Data.DailyCountAsync(Sunday, DesaKramatwatu, "NOT_REGISTERED", 5);

        var digest = await harness.ComposeAsync(DesaKramatwatu);

        Assert.Contains("PERHATIAN: belum ada data kepesertaan BPJS Ketenagakerjaan", digest.Text, StringComparison.Ordinal);
        Assert.Contains("belum ada data kepesertaan BPJS Ketenagakerjaan", digest.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("Data kepesertaan BPJS Ketenagakerjaan per", digest.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Data kepesertaan BPJS Ketenagakerjaan per", digest.Html, StringComparison.Ordinal);
    }

    private static string DigestFormat(DateOnly day) => Jamsostek.Digest.DigestTemplates.FormatDate(day);
}
