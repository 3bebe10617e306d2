using Dapper;
using Jamsostek.Coverage;
using Jamsostek.Database;
using Jamsostek.Digest;
using Jamsostek.Tests.Coverage;
using Jamsostek.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static Jamsostek.Tests.Digest.DigestTestData;

namespace Jamsostek.Tests.Digest;

public sealed class DigestContentTests
{
    private static readonly DateOnly Sunday = new(2026, 11, 22);
    private static readonly DateOnly LastSunday = new(2026, 11, 15);

    [Fact]
    public async Task Coverage_and_its_change_compare_the_latest_day_of_the_week_with_the_latest_day_of_the_week_before()
    {
        await using var harness = await DigestHarness.CreateAsync();
        // Last week 1 of 4 covered (25%); this week an early day says 2 of 4, the latest day 3 of 4 (75%).
        await harness.Data.DailyCountAsync(LastSunday, DesaKramatwatu, "COVERED", 1);
        await harness.Data.DailyCountAsync(LastSunday, DesaKramatwatu, "NOT_REGISTERED", 3);
        await harness.Data.DailyCountAsync(new DateOnly(2026, 11, 18), DesaKramatwatu, "COVERED", 2);
        await harness.Data.DailyCountAsync(new DateOnly(2026, 11, 18), DesaKramatwatu, "NOT_REGISTERED", 2);
        await harness.Data.DailyCountAsync(new DateOnly(2026, 11, 21), DesaKramatwatu, "COVERED", 2);
        await harness.Data.DailyCountAsync(new DateOnly(2026, 11, 21), DesaKramatwatu, "EXPIRING", 1);
        await harness.Data.DailyCountAsync(new DateOnly(2026, 11, 21), DesaKramatwatu, "LAPSED", 1);

        var digest = await harness.ComposeAsync(Kramatwatu);

        Assert.Contains("3 dari 4 orang terlindungi (75,0%)", digest.Text, StringComparison.Ordinal);
        Assert.Contains("Data per 21 November 2026", digest.Text, StringComparison.Ordinal);
        Assert.Contains("Minggu lalu (per 15 November 2026): 25,0%; perubahan +50,0 poin", digest.Text, StringComparison.Ordinal);
        Assert.Contains("Kecamatan Kramatwatu", digest.Message.Subject, StringComparison.Ordinal);
        Assert.Contains("minggu ke-47 tahun 2026", digest.Message.Subject, StringComparison.Ordinal);
        // One person is uncovered, in arrears: the email says what a desa can do about that kind, and no other.
        Assert.Contains("\nYANG DAPAT DILAKUKAN\n- Kepesertaan tidak aktif atau menunggak iuran: lunasi iuran", digest.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Belum terdaftar: daftarkan", digest.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Program belum lengkap:", digest.Html, StringComparison.Ordinal);
        Assert.Contains("<h2 style=\"font-size:16px;color:#006837;\">Yang dapat dilakukan</h2>", digest.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_role_listed_last_week_and_empty_now_says_so_rather_than_no_data()
    {
        await using var harness = await DigestHarness.CreateAsync();
        await harness.Data.DailyCountAsync(LastSunday, DesaKramatwatu, "COVERED", 1, peran: "BPD");
        await harness.Data.DailyCountAsync(LastSunday, DesaKramatwatu, "COVERED", 2);
        await harness.Data.DailyCountAsync(Sunday, DesaKramatwatu, "COVERED", 2);

        var digest = await harness.ComposeAsync(DesaKramatwatu);

        Assert.Contains("- Anggota BPD: tidak ada lagi (minggu lalu 1 orang)\n", digest.Text, StringComparison.Ordinal);
        Assert.Contains("tidak ada lagi (minggu lalu 1 orang)</td>", digest.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Terlindungi_means_covered_or_expiring_everywhere_and_the_counts_by_status_add_up_under_the_emails_words()
    {
        await using var harness = await DigestHarness.CreateAsync();
        await harness.Data.DailyCountAsync(Sunday, DesaKramatwatu, "COVERED", 7);
        await harness.Data.DailyCountAsync(Sunday, DesaKramatwatu, "EXPIRING", 2);
        await harness.Data.DailyCountAsync(Sunday, DesaKramatwatu, "PARTIAL", 1);
        await harness.Data.DailyCountAsync(Sunday, DesaKramatwatu, "LAPSED", 3);
        await harness.Data.DailyCountAsync(Sunday, DesaKramatwatu, "NOT_REGISTERED", 4);
        await harness.Data.DailyCountAsync(Sunday, DesaKramatwatu, "NEEDS_REVIEW", 1);

        var digest = await harness.ComposeAsync(DesaKramatwatu);

        // The headline's 9 "terlindungi" are the status table's "Terlindungi" (7 + 2), not its COVERED line alone.
        Assert.Contains("9 dari 18 orang terlindungi (50,0%)", digest.Text, StringComparison.Ordinal);
        Assert.Contains(
            "JUMLAH MENURUT STATUS\n" +
            "Terlindungi: 9\n" +
            "- Iuran terbayar 30 hari ke depan atau lebih: 7\n" +
            "- Iuran berakhir dalam 30 hari: 2\n" +
            "Belum terlindungi: 8\n" +
            "- Program belum lengkap (JKK/JKM): 1\n" +
            "- Menunggak iuran: 3\n" +
            "- Kepesertaan tidak aktif: 0\n" +
            "- Belum terdaftar: 4\n" +
            "Perlu diperiksa admin: 1\n\n",
            digest.Text,
            StringComparison.Ordinal);
        // "Belum terlindungi" is the estimate's 8 and the attachment's, and the heading of the expiring list is its line's words.
        Assert.Contains("8 orang belum terlindungi x Rp16.800", digest.Text, StringComparison.Ordinal);
        Assert.Contains("IURAN BERAKHIR DALAM 30 HARI: 2 orang", digest.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("- Terlindungi", digest.Text, StringComparison.Ordinal);
        Assert.Contains(">Terlindungi</td><td style=\"padding:3px 6px;border-bottom:1px solid #e4e7eb;text-align:right;font-weight:bold;\">9</td>", digest.Html, StringComparison.Ordinal);
        Assert.Contains(">Iuran terbayar 30 hari ke depan atau lebih</td>", digest.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Counts_by_status_are_those_of_the_scope_only()
    {
        await using var harness = await DigestHarness.CreateAsync();
        await harness.Data.DailyCountAsync(Sunday, DesaKramatwatu, "LAPSED", 7);
        await harness.Data.DailyCountAsync(Sunday, DesaMargasana, "LAPSED", 5);
        await harness.Data.DailyCountAsync(Sunday, "3604062001", "LAPSED", 1000);

        var kecamatan = await harness.ComposeAsync(Kramatwatu);
        var desa = await harness.ComposeAsync(DesaMargasana);

        Assert.Contains("- Menunggak iuran: 12", kecamatan.Text, StringComparison.Ordinal);
        Assert.Contains("- Menunggak iuran: 5", desa.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_regency_table_lists_its_kecamatan_worst_coverage_first_and_those_without_data_last()
    {
        await using var harness = await DigestHarness.CreateAsync();
        await harness.Data.DailyCountAsync(Sunday, DesaKramatwatu, "COVERED", 9);
        await harness.Data.DailyCountAsync(Sunday, DesaKramatwatu, "NOT_REGISTERED", 1);
        await harness.Data.DailyCountAsync(Sunday, "3604062001", "COVERED", 1);
        await harness.Data.DailyCountAsync(Sunday, "3604062001", "NOT_REGISTERED", 9);
        await harness.Data.DailyCountAsync(Sunday, "3604072001", "COVERED", 5);
        await harness.Data.DailyCountAsync(Sunday, "3604072001", "NOT_REGISTERED", 5);

        var digest = await harness.ComposeAsync("3604");

        var lines = digest.Text.Split('\n').SkipWhile(l => !l.StartsWith("KECAMATAN", StringComparison.Ordinal)).Skip(1).TakeWhile(l => l.StartsWith("- ", StringComparison.Ordinal)).ToList();
        Assert.Equal(29, lines.Count);
        Assert.StartsWith("- Waringinkurung: 10,0%", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("- Bojonegara: 50,0%", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("- Kramatwatu: 90,0%", lines[2], StringComparison.Ordinal);
        Assert.All(lines.Skip(3), l => Assert.EndsWith("belum ada data", l, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_desa_digest_breaks_its_figures_down_by_role()
    {
        await using var harness = await DigestHarness.CreateAsync();
        await harness.Data.DailyCountAsync(Sunday, DesaKramatwatu, "COVERED", 3, peran: "KETUA_RT");
        await harness.Data.DailyCountAsync(Sunday, DesaKramatwatu, "NOT_REGISTERED", 1, peran: "KETUA_RT");
        await harness.Data.DailyCountAsync(Sunday, DesaKramatwatu, "NOT_REGISTERED", 4, peran: "NELAYAN");

        var digest = await harness.ComposeAsync(DesaKramatwatu);

        Assert.Contains("PERAN (CAKUPAN TERENDAH LEBIH DULU)\n- Nelayan: 0,0% (0/4)", digest.Text, StringComparison.Ordinal);
        Assert.Contains("- Ketua RT: 75,0% (3/4)", digest.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_person_listed_under_two_roles_counts_once_in_the_headline_the_status_counts_and_the_estimate_and_once_per_role_in_the_role_table()
    {
        await using var harness = await DigestHarness.CreateAsync();
        const string Nik = "3604051203850001";
        await harness.Data.PersonAsync(DesaKramatwatu, "NOT_REGISTERED", peran: "PERANGKAT_DESA", nik: Nik, nama: "Budi Santoso");
        await harness.Data.PersonAsync(DesaKramatwatu, "NOT_REGISTERED", peran: "PETANI", nik: Nik, nama: "Budi Santoso");
        await harness.Data.PersonAsync(DesaKramatwatu, "COVERED", peran: "PETANI");
        await harness.Data.SnapshotDailyCountsAsync(Sunday);

        var desa = await harness.ComposeAsync(DesaKramatwatu);
        var regency = await harness.ComposeAsync("3604");

        foreach (var digest in new[] { desa, regency })
        {
            Assert.Contains("1 dari 2 orang terlindungi (50,0%)", digest.Text, StringComparison.Ordinal);
            Assert.Contains("Belum terlindungi: 1\n", digest.Text, StringComparison.Ordinal);
            Assert.Contains("- Belum terdaftar: 1\n", digest.Text, StringComparison.Ordinal);
            Assert.Contains("1 orang belum terlindungi x Rp16.800", digest.Text, StringComparison.Ordinal);
            Assert.Contains("= Rp16.800 per bulan.", digest.Text, StringComparison.Ordinal);
        }

        Assert.Contains("- Kramatwatu: 50,0% (1/2)", regency.Text, StringComparison.Ordinal);
        Assert.Contains("- Perangkat desa: 0,0% (0/1)", desa.Text, StringComparison.Ordinal);
        Assert.Contains("- Petani: 50,0% (1/2)", desa.Text, StringComparison.Ordinal);
        // The role table adds up to 3 for 2 people, as the other tables that count a person more than once say.
        Assert.Contains("Satu orang dengan lebih dari satu peran dihitung di setiap perannya, jadi jumlahnya bisa lebih dari 2 orang.\n", desa.Text, StringComparison.Ordinal);
        Assert.Contains("dihitung di setiap perannya, jadi jumlahnya bisa lebih dari 2 orang.</p>", desa.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("dihitung di setiap", regency.Text, StringComparison.Ordinal);
        // The attachment has a line per entry: both of the person's roles, said so beside the one person.
        Assert.Contains(": 2 baris (satu per orang dan peran; 1 orang) belum terlindungi per 22 November 2026", desa.Text, StringComparison.Ordinal);
        Assert.Equal(["Budi Santoso", "Budi Santoso"], WrittenWorkbook.Of(desa.Message).Column("nama"));
    }

    [Fact]
    public async Task A_person_listed_in_two_desa_counts_once_in_the_kecamatans_and_the_regencys_headline_estimate_flags_and_trend_and_once_in_each_desa()
    {
        await using var harness = await DigestHarness.CreateAsync();
        var roster = new CoverageTestData(harness.Database);
        // A PKH companion serving two villages of Kramatwatu, listed by both under one NIK, not registered; a covered
        // neighbour. Reconciled as the night does it, so the day's counts are what the finishing step writes.
        const string Pendamping = "3604054506880002";
        await roster.EntryAsync(DesaKramatwatu, Pendamping, peran: "PENDAMPING_PKH", nama: "Siti Aminah");
        await roster.EntryAsync(DesaMargasana, Pendamping, peran: "PENDAMPING_PKH", nama: "Siti Aminah");
        var neighbour = roster.NextNik();
        await roster.EntryAsync(DesaKramatwatu, neighbour);
        await roster.MembershipAsync(neighbour, "KPJ-1", "AKTIF", "JKK;JKM", Sunday.AddDays(90));
        await harness.Services.GetRequiredService<CoverageReconciler>().ReconcileDayAsync(Sunday, CancellationToken.None);

        var kecamatan = await harness.ComposeAsync(Kramatwatu);
        var regency = await harness.ComposeAsync("3604");
        var desaKramatwatu = await harness.ComposeAsync(DesaKramatwatu);
        var desaMargasana = await harness.ComposeAsync(DesaMargasana);

        foreach (var (digest, scope) in new[] { (kecamatan, Kramatwatu), (regency, "3604") })
        {
            Assert.Contains("1 dari 2 orang terlindungi (50,0%)", digest.Text, StringComparison.Ordinal);
            Assert.Contains("Belum terlindungi: 1\n", digest.Text, StringComparison.Ordinal);
            Assert.Contains("1 orang belum terlindungi x Rp16.800", digest.Text, StringComparison.Ordinal);
            Assert.Contains("= Rp16.800 per bulan.", digest.Text, StringComparison.Ordinal);
            Assert.Contains("Masalah baru: 1 orang (Belum terdaftar: 1)", digest.Text, StringComparison.Ordinal);
            // The chart's latest point is the headline's.
            var latest = (await TrendAsync(harness, scope))[^1];
            Assert.Equal((Sunday, 2, 1), (latest.AsOf!.Value, latest.People, latest.Covered));
        }

        // Each desa chases its own list: the companion is in both.
        Assert.Contains("1 dari 2 orang terlindungi (50,0%)", desaKramatwatu.Text, StringComparison.Ordinal);
        Assert.Contains("0 dari 1 orang terlindungi (0,0%)", desaMargasana.Text, StringComparison.Ordinal);
        Assert.Contains("- Kramatwatu: 50,0% (1/2)", kecamatan.Text, StringComparison.Ordinal);
        Assert.Contains("- Margasana: 0,0% (0/1)", kecamatan.Text, StringComparison.Ordinal);
        Assert.Contains("Satu orang yang tercatat di lebih dari satu desa dihitung di setiap desanya, jadi jumlahnya bisa lebih dari 2 orang.", kecamatan.Text, StringComparison.Ordinal);
        Assert.Contains("Satu orang yang tercatat di lebih dari satu desa dihitung di setiap desanya, jadi jumlahnya bisa lebih dari 2 orang.</p>", kecamatan.Html, StringComparison.Ordinal);
        Assert.Contains("- Kramatwatu: 50,0% (1/2)", regency.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("dihitung di setiap", regency.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_person_listed_in_two_kecamatan_is_in_both_lines_of_the_regencys_table_and_once_in_its_headline_which_the_table_says()
    {
        await using var harness = await DigestHarness.CreateAsync();
        var roster = new CoverageTestData(harness.Database);
        // An RT head in Kramatwatu who farms in Waringinkurung, covered.
        const string KetuaRt = "3604051203850777";
        await roster.EntryAsync(DesaKramatwatu, KetuaRt, peran: "KETUA_RT");
        await roster.EntryAsync(CoverageTestData.DesaWaringinkurung, KetuaRt, peran: "PETANI");
        await roster.MembershipAsync(KetuaRt, "KPJ-1", "AKTIF", "JKK;JKM", Sunday.AddDays(90));
        await harness.Services.GetRequiredService<CoverageReconciler>().ReconcileDayAsync(Sunday, CancellationToken.None);

        var regency = await harness.ComposeAsync("3604");

        Assert.Contains("1 dari 1 orang terlindungi (100,0%)", regency.Text, StringComparison.Ordinal);
        Assert.Contains("- Kramatwatu: 100,0% (1/1)", regency.Text, StringComparison.Ordinal);
        Assert.Contains("- Waringinkurung: 100,0% (1/1)", regency.Text, StringComparison.Ordinal);
        Assert.Contains("Satu orang yang tercatat di lebih dari satu kecamatan dihitung di setiap kecamatannya, jadi jumlahnya bisa lebih dari 1 orang.", regency.Text, StringComparison.Ordinal);
        var latest = (await TrendAsync(harness, "3604"))[^1];
        Assert.Equal((1, 1), (latest.People, latest.Covered));
    }

    [Fact]
    public async Task Flags_opened_and_resolved_during_the_week_are_counted_and_others_are_not()
    {
        await using var harness = await DigestHarness.CreateAsync();
        var a = await harness.Data.PersonAsync(DesaKramatwatu, "LAPSED", flag: false);
        var b = await harness.Data.PersonAsync(DesaMargasana, "NOT_REGISTERED", flag: false);
        var c = await harness.Data.PersonAsync(DesaMargasana, "COVERED", flag: false);
        var elsewhere = await harness.Data.PersonAsync("3604062001", "LAPSED", flag: false);
        await harness.Data.FlagAsync(a, "LAPSED", new DateOnly(2026, 11, 16));
        await harness.Data.FlagAsync(b, "NOT_REGISTERED", new DateOnly(2026, 11, 22));
        await harness.Data.FlagAsync(b, "LAPSED", new DateOnly(2026, 11, 15));
        await harness.Data.FlagAsync(c, "EXPIRING", new DateOnly(2026, 10, 1), resolvedOn: new DateOnly(2026, 11, 20));
        await harness.Data.FlagAsync(elsewhere, "LAPSED", new DateOnly(2026, 11, 17));
        // The village dropped d from its roster: the flag resolves, but d is not protected.
        var d = await harness.Data.PersonAsync(DesaKramatwatu, "NOT_REGISTERED", flag: false);
        await harness.Data.FlagAsync(d, "NOT_REGISTERED", new DateOnly(2026, 10, 1));
        await harness.Data.LeaveAsync(d, new DateOnly(2026, 11, 19));

        var digest = await harness.ComposeAsync(Kramatwatu);

        Assert.Contains("Masalah baru: 2 orang (Menunggak iuran: 1, Belum terdaftar: 1)", digest.Text, StringComparison.Ordinal);
        Assert.Contains("Masalah selesai: 2 orang (Iuran berakhir dalam 30 hari: 1, Belum terdaftar: 1)\nKeadaan mereka di akhir minggu: terlindungi 1 orang, tidak lagi tercatat di daftar desa 1 orang.\n", digest.Text, StringComparison.Ordinal);
        Assert.Contains("Keadaan mereka di akhir minggu: terlindungi <strong>1</strong> orang, tidak lagi tercatat di daftar desa <strong>1</strong> orang.", digest.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Where_a_person_of_two_desa_stands_at_the_weeks_end_looks_at_both_desa_in_the_kecamatan_and_the_regency()
    {
        await using var harness = await DigestHarness.CreateAsync();
        // Both are listed in Kramatwatu and Margasana, and Kramatwatu dropped both this week (the flag resolves there).
        // In Margasana one is still in arrears and the other covered: their kecamatan and the regency still list them.
        const string InArrears = "3604050101900801";
        const string Covered = "3604050101900802";
        var leftInArrears = await harness.Data.PersonAsync(DesaKramatwatu, "NOT_REGISTERED", nik: InArrears, flag: false);
        var leftCovered = await harness.Data.PersonAsync(DesaKramatwatu, "NOT_REGISTERED", nik: Covered, flag: false);
        foreach (var left in new[] { leftInArrears, leftCovered })
        {
            await harness.Data.FlagAsync(left, "NOT_REGISTERED", new DateOnly(2026, 10, 1));
            await harness.Data.LeaveAsync(left, new DateOnly(2026, 11, 19));
        }

        var stillInArrears = await harness.Data.PersonAsync(DesaMargasana, "LAPSED", nik: InArrears, flag: false);
        await harness.Data.FlagAsync(stillInArrears, "LAPSED", new DateOnly(2026, 10, 1));
        await harness.Data.PersonAsync(DesaMargasana, "COVERED", nik: Covered);

        var desa = await harness.ComposeAsync(DesaKramatwatu);
        var kecamatan = await harness.ComposeAsync(Kramatwatu);
        var regency = await harness.ComposeAsync("3604");

        // Gone from Kramatwatu's roster, so its desa says so; not gone from the kecamatan's or the regency's.
        Assert.Contains("Masalah selesai: 2 orang (Belum terdaftar: 2)\nKeadaan mereka di akhir minggu: tidak lagi tercatat di daftar desa 2 orang.\n", desa.Text, StringComparison.Ordinal);
        foreach (var digest in new[] { kecamatan, regency })
        {
            Assert.Contains("Masalah selesai: 2 orang (Belum terdaftar: 2)\nKeadaan mereka di akhir minggu: terlindungi 1 orang, pindah ke masalah lain 1 orang.\n", digest.Text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_person_listed_under_two_roles_or_flagged_twice_is_one_person_in_the_weeks_flag_counts()
    {
        await using var harness = await DigestHarness.CreateAsync();
        var petani = await harness.Data.PersonAsync(DesaKramatwatu, "LAPSED", nik: "3604050101900777", flag: false);
        var ketuaRt = await harness.Data.PersonAsync(DesaKramatwatu, "LAPSED", peran: "KETUA_RT", nik: "3604050101900777", flag: false);
        var other = await harness.Data.PersonAsync(DesaKramatwatu, "INACTIVE", flag: false);
        foreach (var entry in new[] { petani, ketuaRt })
        {
            await harness.Data.FlagAsync(entry, "LAPSED", new DateOnly(2026, 11, 16), resolvedOn: new DateOnly(2026, 11, 20));
            await harness.Data.FlagAsync(entry, "INACTIVE", new DateOnly(2026, 11, 20));
        }

        await harness.Data.FlagAsync(other, "INACTIVE", new DateOnly(2026, 11, 18));

        var digest = await harness.ComposeAsync(Kramatwatu);

        // The two-role person went from LAPSED to INACTIVE: in both lines, once in the total.
        Assert.Contains("Masalah baru: 2 orang (Menunggak iuran: 1, Kepesertaan tidak aktif: 2); satu orang bisa tercatat di lebih dari satu masalah\n", digest.Text, StringComparison.Ordinal);
        Assert.Contains("Masalah selesai: 1 orang (Menunggak iuran: 1)\nKeadaan mereka di akhir minggu: pindah ke masalah lain 1 orang.\n", digest.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task One_who_paid_arrears_only_weeks_ahead_is_protected_under_problems_solved_as_in_the_headline()
    {
        await using var harness = await DigestHarness.CreateAsync();
        var paid = await harness.Data.PersonAsync(DesaKramatwatu, "EXPIRING", flag: false);
        await harness.Data.FlagAsync(paid, "LAPSED", new DateOnly(2026, 10, 1), resolvedOn: new DateOnly(2026, 11, 19));
        await harness.Data.FlagAsync(paid, "EXPIRING", new DateOnly(2026, 11, 19));

        var digest = await harness.ComposeAsync(Kramatwatu);

        Assert.Contains("Masalah selesai: 1 orang (Menunggak iuran: 1)\nKeadaan mereka di akhir minggu: terlindungi 1 orang.\n", digest.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Workers_whose_contributions_end_within_30_days_of_the_digest_are_listed_soonest_first()
    {
        await using var harness = await DigestHarness.CreateAsync();
        // As of Sunday 22 November, the week's day: EXPIRING means paid through 22 November to 21 December (Coverage:ExpiringWindowDays).
        await harness.Data.PersonAsync(DesaKramatwatu, "EXPIRING", nama: "Siti Aminah", iuranSampai: new DateOnly(2026, 12, 10));
        await harness.Data.PersonAsync(DesaKramatwatu, "EXPIRING", nama: "Ahmad Fauzi", iuranSampai: new DateOnly(2026, 11, 23));
        await harness.Data.PersonAsync(DesaKramatwatu, "COVERED", nama: "Lewat Jendela", iuranSampai: new DateOnly(2026, 12, 23));
        await harness.Data.PersonAsync(DesaKramatwatu, "LAPSED", nama: "Sudah Lewat", iuranSampai: new DateOnly(2026, 11, 1));
        await harness.Data.SnapshotDailyCountsAsync(Sunday);

        var digest = await harness.ComposeAsync(Kramatwatu);
        var regency = await harness.ComposeAsync("3604");
        var desa = await harness.ComposeAsync(DesaKramatwatu);

        Assert.Contains("IURAN BERAKHIR DALAM 30 HARI: 2 orang", digest.Text, StringComparison.Ordinal);
        // The regency's list names the kecamatan too: 13 desa names recur in Kab. Serang. A desa's own list names no desa.
        Assert.Contains("Ahmad Fauzi (Petani, Kramatwatu)", digest.Text, StringComparison.Ordinal);
        Assert.Contains("Ahmad Fauzi (Petani, Kramatwatu, Kec. Kramatwatu)", regency.Text, StringComparison.Ordinal);
        Assert.Contains("Ahmad Fauzi (Petani)\n", desa.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(">Desa</th>", desa.Html, StringComparison.Ordinal);
        var ahmad = digest.Text.IndexOf("23 November 2026  ", StringComparison.Ordinal);
        var siti = digest.Text.IndexOf("10 Desember 2026  ", StringComparison.Ordinal);
        Assert.True(ahmad >= 0 && siti > ahmad, digest.Text);
        Assert.DoesNotContain("Lewat Jendela", digest.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Sudah Lewat", digest.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_person_expiring_under_two_roles_is_two_lines_of_the_list_and_one_person_as_the_status_count_says()
    {
        await using var harness = await DigestHarness.CreateAsync();
        const string Nik = "3604050101900888";
        await harness.Data.PersonAsync(DesaKramatwatu, "EXPIRING", peran: "KETUA_RT", nik: Nik, nama: "Dua Peran", iuranSampai: new DateOnly(2026, 12, 1));
        await harness.Data.PersonAsync(DesaKramatwatu, "EXPIRING", peran: "PETANI", nik: Nik, nama: "Dua Peran", iuranSampai: new DateOnly(2026, 12, 1));
        await harness.Data.PersonAsync(DesaKramatwatu, "EXPIRING", nama: "Satu Peran", iuranSampai: new DateOnly(2026, 12, 5));
        await harness.Data.SnapshotDailyCountsAsync(Sunday);

        var digest = await harness.ComposeAsync(DesaKramatwatu);

        Assert.Contains("- Iuran berakhir dalam 30 hari: 2\n", digest.Text, StringComparison.Ordinal);
        Assert.Contains("IURAN BERAKHIR DALAM 30 HARI: 3 baris (satu per orang dan peran; 2 orang)\n", digest.Text, StringComparison.Ordinal);
        Assert.Contains("Iuran berakhir dalam 30 hari: 3 baris (satu per orang dan peran; 2 orang)</h2>", digest.Html, StringComparison.Ordinal);
        Assert.Equal(2, digest.Text.Split("Dua Peran").Length - 1);
    }

    [Fact]
    public async Task The_expiring_list_is_the_people_counted_as_expiring_that_day_by_the_one_coverage_window()
    {
        await using var harness = await DigestHarness.CreateAsync(new Dictionary<string, string?> { ["Coverage:ExpiringWindowDays"] = "30" });
        // Reconciled on Sunday 22 November with the 30-day window: EXPIRING is paid through 22 November to 21 December.
        await harness.Data.PersonAsync(DesaKramatwatu, "EXPIRING", nama: "Hari Ini", iuranSampai: Sunday);
        await harness.Data.PersonAsync(DesaKramatwatu, "EXPIRING", nama: "Bulan Depan", iuranSampai: new DateOnly(2026, 12, 21));
        // Paid through 22 December: COVERED that day, however close to the window.
        await harness.Data.PersonAsync(DesaKramatwatu, "COVERED", nama: "Sehari Lewat", iuranSampai: new DateOnly(2026, 12, 22));
        // Paid, but without JKK or JKM: PARTIAL, uncovered (SPEC 3.4), in the attachment, not in a list of the covered.
        await harness.Data.PersonAsync(DesaKramatwatu, "PARTIAL", nama: "Program Kurang", iuranSampai: new DateOnly(2026, 12, 1));
        await harness.Data.SnapshotDailyCountsAsync(Sunday);

        var digest = await harness.ComposeAsync(DesaKramatwatu);

        Assert.Contains("- Iuran berakhir dalam 30 hari: 2\n", digest.Text, StringComparison.Ordinal);
        Assert.Contains("IURAN BERAKHIR DALAM 30 HARI: 2 orang\n", digest.Text, StringComparison.Ordinal);
        Assert.Contains("Iuran berakhir dalam 30 hari: 2 orang</h2>", digest.Html, StringComparison.Ordinal);
        Assert.Contains("22 November 2026  ", digest.Text, StringComparison.Ordinal);
        Assert.Contains("Bulan Depan", digest.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Sehari Lewat", digest.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Program Kurang", digest.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_expiring_window_is_Coverage_ExpiringWindowDays_and_a_member_renewed_since_the_day_is_listed_last_as_renewed()
    {
        await using var harness = await DigestHarness.CreateAsync(new Dictionary<string, string?> { ["Coverage:ExpiringWindowDays"] = "14" });
        var renewed = await harness.Data.PersonAsync(DesaKramatwatu, "EXPIRING", nama: "Sudah Bayar", iuranSampai: new DateOnly(2026, 11, 25));
        await harness.Data.PersonAsync(DesaKramatwatu, "EXPIRING", nama: "Belum Bayar", iuranSampai: new DateOnly(2026, 12, 5));
        await harness.Data.SnapshotDailyCountsAsync(Sunday);
        // Monday's night: one of them has paid for another year.
        await harness.Data.ChangeStatusAsync(renewed, "COVERED", new DateOnly(2026, 11, 23), iuranSampai: new DateOnly(2027, 11, 25));

        var digest = await harness.ComposeAsync(DesaKramatwatu);

        Assert.Contains("IURAN BERAKHIR DALAM 14 HARI: 2 orang\n- 5 Desember 2026  ", digest.Text, StringComparison.Ordinal);
        Assert.Contains("- sudah diperpanjang  ", digest.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("2027", digest.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Data_quality_counts_the_weeks_quarantined_rows_per_desa_and_lists_desa_silent_for_90_days()
    {
        await using var harness = await DigestHarness.CreateAsync();
        await harness.Data.QuarantineAsync("36.04.05.2001", Jakarta(2026, 11, 16, 0));
        await harness.Data.QuarantineAsync("3604052001", Jakarta(2026, 11, 22, 23));
        await harness.Data.QuarantineAsync("3604052002", Jakarta(2026, 11, 23, 0));
        await harness.Data.QuarantineAsync("3604052002", Jakarta(2026, 11, 15, 23));
        // Fixed by a corrected file within the week: no longer the village's to fix. Fixed after the week: counted.
        await harness.Data.QuarantineAsync("3604052001", Jakarta(2026, 11, 17, 8), resolvedAt: Jakarta(2026, 11, 18, 9));
        await harness.Data.QuarantineAsync("3604052001", Jakarta(2026, 11, 17, 8), resolvedAt: Jakarta(2026, 11, 23, 9));
        await harness.Data.SnapshotAsync(Kramatwatu, Jakarta(2026, 11, 1));
        await harness.Data.SnapshotAsync(DesaMargasana, Jakarta(2026, 8, 1));
        await using (var command = harness.Database.DataSource.CreateCommand("DELETE FROM roster.desa_snapshot WHERE kode_desa = '3604052003'"))
        {
            await command.ExecuteNonQueryAsync();
        }

        var digest = await harness.ComposeAsync(Kramatwatu);

        Assert.Contains("Baris roster dikarantina minggu ini, belum diperbaiki: 3\n- Kramatwatu (3604052001): 3 baris", digest.Text, StringComparison.Ordinal);
        Assert.Contains("Desa tanpa pembaruan roster lebih dari 90 hari: 2", digest.Text, StringComparison.Ordinal);
        Assert.Contains("- Pejaten (3604052003): belum pernah mengirim", digest.Text, StringComparison.Ordinal);
        Assert.Contains("- Margasana (3604052002): terakhir 1 Agustus 2026", digest.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_NIK_written_in_the_kode_desa_column_of_a_quarantined_row_is_masked_like_any_NIK_in_the_regencys_and_the_kecamatans_email()
    {
        await using var harness = await DigestHarness.CreateAsync();
        // Cells shifted left (a row without its desa code): the NIK in the kode_desa column. Its first six digits are the
        // kecamatan of issue, so the camat's email lists it as well as the regency's.
        const string Nik = "3604051203850001";
        await harness.Data.QuarantineAsync(Nik, Jakarta(2026, 11, 18, 9));
        await harness.Data.QuarantineAsync("3604059999", Jakarta(2026, 11, 18, 9));

        var regency = await harness.ComposeAsync("3604");
        var kecamatan = await harness.ComposeAsync(Kramatwatu);
        var allowed = await harness.ComposeAsync("3604", fullNik: true);

        foreach (var digest in new[] { regency, kecamatan })
        {
            Assert.DoesNotContain(Nik, digest.Text, StringComparison.Ordinal);
            Assert.DoesNotContain(Nik, digest.Html, StringComparison.Ordinal);
            Assert.Contains("- Kode desa tidak dikenal \"360405********01\": 1 baris", digest.Text, StringComparison.Ordinal);
        }

        // A mistyped desa code is no one's: shown as written, so the regency can tell which village to ask.
        Assert.Contains("- Kode desa tidak dikenal \"3604059999\": 1 baris", regency.Text, StringComparison.Ordinal);
        Assert.Contains($"- Kode desa tidak dikenal \"{Nik}\": 1 baris", allowed.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_desa_that_resent_its_roster_unchanged_is_not_listed_as_silent()
    {
        await using var harness = await DigestHarness.CreateAsync();
        await harness.Data.SnapshotAsync(Kramatwatu, Jakarta(2026, 11, 1));
        await harness.Data.SnapshotAsync(DesaMargasana, Jakarta(2026, 8, 1));
        await using (var command = harness.Database.DataSource.CreateCommand("UPDATE roster.desa_snapshot SET heard_at = $1 WHERE kode_desa = '3604052002'"))
        {
            command.Parameters.AddWithValue(Jakarta(2026, 11, 20).ToUniversalTime());
            await command.ExecuteNonQueryAsync();
        }

        var digest = await harness.ComposeAsync(Kramatwatu);

        Assert.DoesNotContain("- Margasana (3604052002)", digest.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_desas_email_lists_its_quarantined_rows_by_file_row_and_reason_and_a_kecamatans_does_not()
    {
        await using var harness = await DigestHarness.CreateAsync();
        await harness.Data.QuarantineAsync("3604052001", Jakarta(2026, 11, 17, 9), "Kolom nama kosong atau tidak berisi huruf.");
        await harness.Data.QuarantineAsync("36.04.05.2001", Jakarta(2026, 11, 18, 9), "Kolom nik tidak berisi tepat 16 angka.");
        await harness.Data.QuarantineAsync("3604052002", Jakarta(2026, 11, 18, 9));

        var desa = await harness.ComposeAsync(DesaKramatwatu);
        var kecamatan = await harness.ComposeAsync(Kramatwatu);

        var lines = desa.Text.Split('\n').Where(l => l.StartsWith("  - roster.csv, baris ", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, lines.Count);
        Assert.EndsWith(": Kolom nama kosong atau tidak berisi huruf.", lines[0], StringComparison.Ordinal);
        Assert.EndsWith(": Kolom nik tidak berisi tepat 16 angka.", lines[1], StringComparison.Ordinal);
        Assert.Contains("<li>roster.csv, baris ", desa.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("roster.csv, baris", kecamatan.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_monthly_estimate_multiplies_the_uncovered_by_the_configured_rates()
    {
        await using var harness = await DigestHarness.CreateAsync();
        await harness.Data.DailyCountAsync(Sunday, DesaKramatwatu, "NOT_REGISTERED", 40);
        await harness.Data.DailyCountAsync(Sunday, DesaKramatwatu, "INACTIVE", 30);
        await harness.Data.DailyCountAsync(Sunday, DesaKramatwatu, "LAPSED", 20);
        await harness.Data.DailyCountAsync(Sunday, DesaKramatwatu, "PARTIAL", 10);
        await harness.Data.DailyCountAsync(Sunday, DesaKramatwatu, "NEEDS_REVIEW", 500);
        await harness.Data.DailyCountAsync(Sunday, DesaKramatwatu, "EXPIRING", 500);

        var digest = await harness.ComposeAsync(DesaKramatwatu);
        await using var otherRates = await DigestHarness.CreateAsync(new Dictionary<string, string?> { ["Digest:Iuran:Jkk"] = "12000", ["Digest:Iuran:Jkm"] = "7000" });
        await otherRates.Data.DailyCountAsync(Sunday, DesaKramatwatu, "NOT_REGISTERED", 100);
        var configured = await otherRates.ComposeAsync(DesaKramatwatu);

        Assert.Contains("100 orang belum terlindungi x Rp16.800 (JKK Rp10.000 + JKM Rp6.800", digest.Text, StringComparison.Ordinal);
        Assert.Contains("= Rp1.680.000 per bulan.", digest.Text, StringComparison.Ordinal);
        Assert.Contains("= Rp1.900.000 per bulan.", configured.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_scope_with_nobody_in_the_reconciled_roster_says_so_instead_of_showing_zero_coverage()
    {
        await using var harness = await DigestHarness.CreateAsync();
        await harness.Data.DailyCountAsync(Sunday, DesaKramatwatu, "COVERED", 3);

        var digest = await harness.ComposeAsync("3604062001");

        Assert.Contains("Belum ada orang dari Desa Waringinkurung, Kecamatan Waringinkurung dalam roster per 22 November 2026: roster pekerja desa belum diterima", digest.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Belum ada hasil rekonsiliasi", digest.Text, StringComparison.Ordinal);
        // Not the all-clear a desa with a roster and nobody uncovered gets, nor an estimate of Rp0.
        Assert.Contains("Karena belum ada roster, belum dapat diketahui siapa di Desa Waringinkurung, Kecamatan Waringinkurung yang belum terlindungi.", digest.Text, StringComparison.Ordinal);
        Assert.Contains("Belum dapat diperkirakan: belum ada roster.", digest.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("tidak ada orang belum terlindungi", digest.Text + digest.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("Rp0", digest.Text + digest.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("YANG DAPAT DILAKUKAN", digest.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("0,0%", digest.Message.Subject, StringComparison.Ordinal);
    }

    /// <summary>The 12 weeks the digest's chart draws for the scope (digest/trend.sql, which the composer renders).</summary>
    private static async Task<IReadOnlyList<TrendPoint>> TrendAsync(DigestHarness harness, string scope)
    {
        await using var connection = await harness.Database.DataSource.OpenConnectionAsync();
        return [.. await connection.QueryAsync<TrendPoint>(SqlText.Get("digest/trend"), new { Scope = scope, WeekStart = DigestHarness.Week.Monday })];
    }
}
