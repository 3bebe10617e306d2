using Dapper;
using Jamsostek.Coverage;
using Jamsostek.Database;
using Jamsostek.Tests.Infrastructure;

namespace Jamsostek.Tests.Coverage;

public sealed class CoverageStatusTests
{
    private static readonly DateOnly Day = CoverageTestData.Day;

    [Theory]
    // No record with the NIK.
    [InlineData(null, null, null, "NOT_REGISTERED")]
    [InlineData("NONAKTIF", "JKK;JKM", 100, "INACTIVE")]
    // Inactive wins over arrears and missing programmes.
    [InlineData("NONAKTIF", "JKK", -100, "INACTIVE")]
    [InlineData("AKTIF", "JKK;JKM", -1, "LAPSED")]
    // Arrears win over a missing programme.
    [InlineData("AKTIF", "JKK", -1, "LAPSED")]
    [InlineData("AKTIF", "JKK;JHT;JP", 100, "PARTIAL")]
    [InlineData("AKTIF", "JKM;JHT", 100, "PARTIAL")]
    // A missing programme wins over expiring soon.
    [InlineData("AKTIF", "JKM", 5, "PARTIAL")]
    // Paid through the day itself is not in arrears, only expiring.
    [InlineData("AKTIF", "JKK;JKM", 0, "EXPIRING")]
    [InlineData("AKTIF", "JKK;JKM", 29, "EXPIRING")]
    [InlineData("AKTIF", "JKK;JKM", 30, "COVERED")]
    [InlineData("AKTIF", "JKK;JKM;JHT;JP", 365, "COVERED")]
    public async Task Each_status_follows_its_rule_and_the_precedence_of_SPEC_3_2(string? status, string? program, int? paidDaysAfter, string expected)
    {
        await using var database = await TestDatabase.CreateAsync();
        var data = new CoverageTestData(database);
        var nik = data.NextNik();
        var entry = await data.EntryAsync(CoverageTestData.DesaKramatwatu, nik);
        if (status is not null)
        {
            await data.MembershipAsync(nik, "KPJ-1", status, program!, Day.AddDays(paidDaysAfter!.Value));
        }

        await ReconcileAsync(database, CoverageTestData.Kramatwatu, Day);

        Assert.Equal(expected, await data.StatusAsync(entry));
    }

    [Fact]
    public async Task An_active_record_without_a_paid_through_date_is_lapsed_never_covered()
    {
        await using var database = await TestDatabase.CreateAsync();
        var data = new CoverageTestData(database);
        var entry = await data.PaidEntryAsync(null);

        await ReconcileAsync(database, CoverageTestData.Kramatwatu, Day);

        Assert.Equal(CoverageStatus.Lapsed, await data.StatusAsync(entry));
    }

    [Fact]
    public async Task The_expiring_window_comes_from_configuration()
    {
        await using var database = await TestDatabase.CreateAsync();
        var data = new CoverageTestData(database);
        var soon = data.NextNik();
        var later = data.NextNik();
        var soonEntry = await data.EntryAsync(CoverageTestData.DesaKramatwatu, soon);
        var laterEntry = await data.EntryAsync(CoverageTestData.DesaKramatwatu, later);
        await data.MembershipAsync(soon, "KPJ-1", "AKTIF", "JKK;JKM", Day.AddDays(6));
        await data.MembershipAsync(later, "KPJ-2", "AKTIF", "JKK;JKM", Day.AddDays(10));

        await ReconcileAsync(database, CoverageTestData.Kramatwatu, Day, new Dictionary<string, string?> { ["Coverage:ExpiringWindowDays"] = "7" });

        Assert.Equal(CoverageStatus.Expiring, await data.StatusAsync(soonEntry));
        Assert.Equal(CoverageStatus.Covered, await data.StatusAsync(laterEntry));
    }

    [Fact]
    public async Task An_exact_NIK_match_records_its_kpj_method_score_and_explanation()
    {
        await using var database = await TestDatabase.CreateAsync();
        var data = new CoverageTestData(database);
        var nik = data.NextNik();
        var entry = await data.EntryAsync(CoverageTestData.DesaKramatwatu, nik);
        await data.MembershipAsync(nik, "KPJ-77", "AKTIF", "JKK;JKM", Day.AddDays(90));

        await ReconcileAsync(database, CoverageTestData.Kramatwatu, Day);
        var row = await data.EntryStatusAsync(entry);

        Assert.NotNull(row);
        Assert.Equal(("COVERED", "KPJ-77", "NIK", 1.000m, "2026-10-01"), (row.Status, row.Kpj, row.Metode, row.Skor, row.AsOf));
        Assert.False(string.IsNullOrWhiteSpace(row.Alasan));
    }

    [Fact]
    public async Task Of_an_old_inactive_kpj_and_a_new_active_one_the_active_one_counts()
    {
        await using var database = await TestDatabase.CreateAsync();
        var data = new CoverageTestData(database);
        var nik = data.NextNik();
        var entry = await data.EntryAsync(CoverageTestData.DesaKramatwatu, nik);
        await data.MembershipAsync(nik, "KPJ-OLD", "NONAKTIF", "JKK;JKM", Day.AddDays(200), segmen: "PU");
        await data.MembershipAsync(nik, "KPJ-NEW", "AKTIF", "JKK;JKM", Day.AddDays(90));

        await ReconcileAsync(database, CoverageTestData.Kramatwatu, Day);
        var row = await data.EntryStatusAsync(entry);

        Assert.Equal(("COVERED", "KPJ-NEW"), (row!.Status, row.Kpj));
    }

    [Fact]
    public async Task Of_two_active_memberships_the_one_paid_later_counts()
    {
        await using var database = await TestDatabase.CreateAsync();
        var data = new CoverageTestData(database);
        var nik = data.NextNik();
        var entry = await data.EntryAsync(CoverageTestData.DesaKramatwatu, nik);
        await data.MembershipAsync(nik, "KPJ-BPU", "AKTIF", "JKK;JKM", Day.AddDays(-40));
        await data.MembershipAsync(nik, "KPJ-PU", "AKTIF", "JKK;JKM;JHT;JP", Day.AddDays(120), segmen: "PU");

        await ReconcileAsync(database, CoverageTestData.Kramatwatu, Day);
        var row = await data.EntryStatusAsync(entry);

        Assert.Equal(("COVERED", "KPJ-PU"), (row!.Status, row.Kpj));
    }

    [Fact]
    public async Task An_active_membership_in_arrears_outranks_an_inactive_one_paid_later()
    {
        await using var database = await TestDatabase.CreateAsync();
        var data = new CoverageTestData(database);
        var nik = data.NextNik();
        var entry = await data.EntryAsync(CoverageTestData.DesaKramatwatu, nik);
        await data.MembershipAsync(nik, "KPJ-ACTIVE", "AKTIF", "JKK;JKM", Day.AddDays(-10));
        await data.MembershipAsync(nik, "KPJ-INACTIVE", "NONAKTIF", "JKK;JKM", Day.AddDays(300));

        await ReconcileAsync(database, CoverageTestData.Kramatwatu, Day);
        var row = await data.EntryStatusAsync(entry);

        Assert.Equal(("LAPSED", "KPJ-ACTIVE"), (row!.Status, row.Kpj));
    }

    [Theory]
    [InlineData("AKTIF", 120)]
    [InlineData("NONAKTIF", -120)]
    public async Task A_probable_match_needs_review_whatever_the_record_says(string status, int paidDaysAfter)
    {
        await using var database = await TestDatabase.CreateAsync();
        var data = new CoverageTestData(database);
        var entry = await data.EntryAsync(CoverageTestData.DesaKramatwatu, data.NextNik());
        var memberNik = "3604054506900002";
        await data.MembershipAsync(memberNik, "KPJ-9", status, "JKK;JKM", Day.AddDays(paidDaysAfter));
        using var host = CoverageTestData.BuildHost(database, TestClock.NightOf(Day));
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        // SPEC 3.3 rule 3 as the matcher records it: same name and birth date, a NIK that differs more.
        await connection.ExecuteAsync(
            """
            INSERT INTO matching.match (entry_id, member_nik, metode, is_probable, skor, alasan)
            VALUES (@entry, @memberNik, 'NAMA_TGL_LAHIR', true, 0.700, 'Nama dan tanggal lahir sama, NIK berbeda')
            """,
            new { entry, memberNik },
            transaction);

        await CoverageTestData.Reconciler(host).ClassifyAsync(
            new TransactionQueries(connection, transaction, CancellationToken.None), CoverageTestData.Kramatwatu, Day);
        var classified = await connection.QuerySingleAsync<(string Status, string Kpj, string Metode)>(
            "SELECT status, kpj, metode FROM coverage_shard WHERE entry_id = @entry", new { entry }, transaction);

        Assert.Equal(("NEEDS_REVIEW", "KPJ-9", "NAMA_TGL_LAHIR"), classified);
    }

    [Fact]
    public async Task An_entry_that_left_the_roster_loses_its_status_and_its_flag_resolves()
    {
        await using var database = await TestDatabase.CreateAsync();
        var data = new CoverageTestData(database);
        var entry = await data.EntryAsync(CoverageTestData.DesaKramatwatu, data.NextNik());
        await ReconcileAsync(database, CoverageTestData.Kramatwatu, Day);

        await data.LeaveAsync(entry);
        await ReconcileAsync(database, CoverageTestData.Kramatwatu, Day.AddDays(1));

        Assert.Null(await data.StatusAsync(entry));
        var flag = Assert.Single(await data.FlagsAsync(entry));
        Assert.Equal(("NOT_REGISTERED", "2026-10-01", "2026-10-02"), (flag.Status, flag.OpenedOn, flag.ResolvedOn));
    }

    [Fact]
    public async Task A_shard_touches_only_its_own_kecamatan()
    {
        await using var database = await TestDatabase.CreateAsync();
        var data = new CoverageTestData(database);
        var here = await data.EntryAsync(CoverageTestData.DesaKramatwatu, data.NextNik());
        var there = await data.EntryAsync(CoverageTestData.DesaWaringinkurung, data.NextNik());

        await ReconcileAsync(database, CoverageTestData.Kramatwatu, Day);

        Assert.Equal(CoverageStatus.NotRegistered, await data.StatusAsync(here));
        Assert.Null(await data.StatusAsync(there));
        Assert.Empty(await data.FlagsAsync(there));
    }

    internal static async Task<ShardOutcome> ReconcileAsync(TestDatabase database, string kodeKecamatan, DateOnly day, IDictionary<string, string?>? settings = null)
    {
        using var host = CoverageTestData.BuildHost(database, TestClock.NightOf(day), settings: settings);
        return await CoverageTestData.Reconciler(host).ReconcileKecamatanAsync(kodeKecamatan, day, CancellationToken.None);
    }
}
