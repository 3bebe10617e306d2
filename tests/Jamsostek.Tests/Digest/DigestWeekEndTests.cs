using Jamsostek.Digest;
using Jamsostek.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using static Jamsostek.Tests.Digest.DigestTestData;

namespace Jamsostek.Tests.Digest;

/// <summary>
/// A week's digest says where things stood at the week's end (Monday 00:00 in Jakarta), whenever it is sent: on the Monday
/// morning after a village's roster arrived, or weeks later with <c>digest send --week</c>.
/// </summary>
public sealed class DigestWeekEndTests
{
    private static readonly IsoWeek NextWeek = new(2026, 48);

    /// <summary>Monday 23 November, 08:00: a roster imported after the night's reconcile and before the digest goes out.</summary>
    private static readonly DateTimeOffset MondayMorning = Jakarta(2026, 11, 23, 8);

    [Fact]
    public async Task An_entry_first_listed_after_the_weeks_end_is_not_in_that_weeks_digest_of_its_desa_kecamatan_or_the_regency_and_is_in_the_next_weeks()
    {
        await using var smtp = await SmtpServer.StartAsync();
        await using var harness = await DigestHarness.CreateAsync(smtp.Settings());
        // Kramatwatu drops Ahmad, Budi and Cecep on Thursday 19 November, their flags resolving that day. On Monday morning
        // they are listed again: Ahmad by Kramatwatu under another role, Budi by Margasana (the same kecamatan), Cecep by a
        // desa of Waringinkurung. At the week's end none of them was on any roster.
        await harness.Data.PersonAsync(DesaKramatwatu, "COVERED", nama: "Dewi");
        string[] names = ["Ahmad", "Budi", "Cecep"];
        var niks = new List<string>();
        foreach (var (nama, number) in names.Select((n, i) => (n, i)))
        {
            var nik = $"36040501019{number + 1:D5}";
            niks.Add(nik);
            var dropped = await harness.Data.PersonAsync(DesaKramatwatu, "NOT_REGISTERED", nama: nama, nik: nik, flag: false);
            await harness.Data.FlagAsync(dropped, "NOT_REGISTERED", new DateOnly(2026, 10, 1));
            await harness.Data.LeaveAsync(dropped, new DateOnly(2026, 11, 19));
        }

        await harness.Data.SnapshotDailyCountsAsync(new DateOnly(2026, 11, 22));
        string[] listedBy = [DesaKramatwatu, DesaMargasana, "3604062001"];
        foreach (var (desa, i) in listedBy.Select((d, i) => (d, i)))
        {
            // Reconciled on Tuesday's night: their flags open on 24 November, in the next week.
            var listed = await harness.Data.PersonAsync(
                desa, "NOT_REGISTERED", peran: "PERANGKAT_DESA", nama: names[i], nik: niks[i], asOf: new DateOnly(2026, 11, 24), listedAt: MondayMorning);
            await harness.Data.RosterEventAsync(listed, "APPEAR", MondayMorning);
        }

        await harness.Data.SnapshotDailyCountsAsync(new DateOnly(2026, 11, 29));
        await harness.RecipientAsync("kades.kramatwatu@serangkab.test", DesaKramatwatu);
        await harness.RecipientAsync("camat.kramatwatu@serangkab.test", Kramatwatu);
        await harness.RecipientAsync("sekda@serangkab.test", "3604");
        var digests = harness.Services.GetRequiredService<WeeklyDigest>();

        await digests.SendAsync(DigestHarness.Week, CancellationToken.None);
        await digests.SendAsync(NextWeek, CancellationToken.None);

        var messages = smtp.Messages();
        foreach (var scope in new[] { DesaKramatwatu, Kramatwatu, "3604" })
        {
            // Week 47: all three had left, whoever lists them now.
            var week = Of(messages, DigestHarness.Week, scope);
            Assert.Contains("Masalah selesai: 3 orang (Belum terdaftar: 3)", week.TextBody, StringComparison.Ordinal);
            Assert.Contains("Keadaan mereka di akhir minggu: tidak lagi tercatat di daftar desa 3 orang.", week.TextBody, StringComparison.Ordinal);
            Assert.DoesNotContain("terlindungi 1 orang", week.TextBody, StringComparison.Ordinal);
        }

        // Week 48: listed, and not registered, in each scope that lists them.
        Assert.Contains("Masalah baru: 1 orang (Belum terdaftar: 1)", Of(messages, NextWeek, DesaKramatwatu).TextBody, StringComparison.Ordinal);
        Assert.Contains("Masalah baru: 2 orang (Belum terdaftar: 2)", Of(messages, NextWeek, Kramatwatu).TextBody, StringComparison.Ordinal);
        Assert.Contains("Masalah baru: 3 orang (Belum terdaftar: 3)", Of(messages, NextWeek, "3604").TextBody, StringComparison.Ordinal);
        var list = WrittenWorkbook.Of(Of(messages, NextWeek, DesaKramatwatu));
        var row = Assert.Single(list.Rows);
        Assert.Equal(("Ahmad", "PERANGKAT_DESA"), (WrittenWorkbook.Text(row, "nama"), WrittenWorkbook.Text(row, "peran")));
    }

    [Fact]
    public async Task An_entry_dropped_in_the_week_and_listed_again_after_it_had_left_at_its_end_and_one_dropped_after_it_was_still_listed()
    {
        await using var harness = await DigestHarness.CreateAsync();
        // Ahmad is dropped on Thursday and listed again on Monday morning (the same entry: APPEAR after LEAVE).
        var ahmad = await harness.Data.PersonAsync(DesaKramatwatu, "NOT_REGISTERED", nama: "Ahmad", flag: false);
        await harness.Data.FlagAsync(ahmad, "NOT_REGISTERED", new DateOnly(2026, 10, 1), resolvedOn: new DateOnly(2026, 11, 19));
        await harness.Data.RosterEventAsync(ahmad, "APPEAR", ListedLongAgo);
        await harness.Data.RosterEventAsync(ahmad, "LEAVE", Jakarta(2026, 11, 19, 1));
        await harness.Data.RosterEventAsync(ahmad, "APPEAR", MondayMorning);
        // Budi paid his arrears on Friday and was dropped on Tuesday, after the week.
        var budi = await harness.Data.PersonAsync(DesaKramatwatu, "COVERED", nama: "Budi", flag: false);
        await harness.Data.FlagAsync(budi, "LAPSED", new DateOnly(2026, 10, 1), resolvedOn: new DateOnly(2026, 11, 20));
        await harness.Data.RosterEventAsync(budi, "APPEAR", ListedLongAgo);
        await harness.Data.RosterEventAsync(budi, "LEAVE", Jakarta(2026, 11, 24, 1));

        foreach (var scope in new[] { DesaKramatwatu, Kramatwatu, "3604" })
        {
            using var digest = await harness.ComposeAsync(scope);

            Assert.Contains(
                "Keadaan mereka di akhir minggu: terlindungi 1 orang, tidak lagi tercatat di daftar desa 1 orang.", digest.Text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_desa_silent_at_the_weeks_end_is_listed_as_silent_in_that_weeks_digest_though_its_roster_arrived_since()
    {
        await using var harness = await DigestHarness.CreateAsync();
        await harness.Data.SnapshotAsync(Kramatwatu, Jakarta(2026, 11, 1));
        // Margasana last sent its roster on 1 August, then on Monday morning; Pejaten sent its first on Monday morning.
        await harness.Data.HeardFromAsync(DesaMargasana, Jakarta(2026, 8, 1));
        await harness.Data.HeardFromAsync(DesaMargasana, MondayMorning);
        await using (var command = harness.Database.DataSource.CreateCommand("DELETE FROM roster.desa_snapshot WHERE kode_desa = '3604052003'"))
        {
            await command.ExecuteNonQueryAsync();
        }

        await harness.Data.HeardFromAsync("3604052003", MondayMorning);

        foreach (var scope in new[] { DesaMargasana, Kramatwatu })
        {
            using var week = await harness.ComposeAsync(scope);
            using var next = await harness.ComposeAsync(scope, week: NextWeek);

            Assert.Contains("- Margasana (3604052002): terakhir 1 Agustus 2026", week.Text, StringComparison.Ordinal);
            Assert.DoesNotContain("- Margasana (3604052002)", next.Text, StringComparison.Ordinal);
            if (scope == Kramatwatu)
            {
                Assert.Contains("- Pejaten (3604052003): belum pernah mengirim", week.Text, StringComparison.Ordinal);
                Assert.DoesNotContain("- Pejaten (3604052003)", next.Text, StringComparison.Ordinal);
            }
        }

        // The regency's list shows the 25 silent longest (desa of other kecamatan that never sent one); its count has both.
        using var regency = await harness.ComposeAsync("3604");
        using var regencyNext = await harness.ComposeAsync("3604", week: NextWeek);
        Assert.Equal(SilentCount(regencyNext.Text) + 2, SilentCount(regency.Text));
    }

    private static int SilentCount(string text)
    {
        const string Heading = "Desa tanpa pembaruan roster lebih dari 90 hari: ";
        var line = text.Split('\n').Single(l => l.StartsWith(Heading, StringComparison.Ordinal));
        return int.Parse(line[Heading.Length..].Replace(".", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static MimeMessage Of(IReadOnlyList<MimeMessage> messages, IsoWeek week, string scope) =>
        Assert.Single(messages, m => m.Headers["X-Jamsostek-Digest-Week"] == week.ToString() && m.Headers["X-Jamsostek-Digest-Scope"] == scope);
}
