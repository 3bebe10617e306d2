using Dapper;
using Jamsostek.Coverage;
using Jamsostek.Tests.Infrastructure;

namespace Jamsostek.Tests.Coverage;

public sealed class CoverageFlagTests
{
    private static readonly DateOnly Day1 = CoverageTestData.Day;
    private static readonly DateOnly Day2 = Day1.AddDays(1);
    private static readonly DateOnly Day3 = Day1.AddDays(2);
    private static readonly DateOnly Day4 = Day1.AddDays(3);

    [Fact]
    public async Task A_flag_opens_when_its_status_first_appears_resolves_when_it_is_gone_and_its_history_is_kept()
    {
        await using var database = await TestDatabase.CreateAsync();
        var data = new CoverageTestData(database);
        var entry = await data.PaidEntryAsync(Day1.AddDays(-5));

        await ReconcileAsync(database, Day1);
        await ReconcileAsync(database, Day2);
        await data.SetIuranSampaiAsync("KPJ-1", Day1.AddDays(90));
        await ReconcileAsync(database, Day3);
        await data.SetIuranSampaiAsync("KPJ-1", Day1.AddDays(-1));
        await ReconcileAsync(database, Day4);

        var flags = await data.FlagsAsync(entry);
        Assert.Equal(
            [("LAPSED", "2026-10-01", "2026-10-03"), ("LAPSED", "2026-10-04", null)],
            flags.Select(f => (f.Status, f.OpenedOn, f.ResolvedOn)).ToArray());
    }

    [Fact]
    public async Task A_change_from_lapsed_to_inactive_resolves_one_flag_and_opens_the_other()
    {
        await using var database = await TestDatabase.CreateAsync();
        var data = new CoverageTestData(database);
        var entry = await data.PaidEntryAsync(Day1.AddDays(-5));

        await ReconcileAsync(database, Day1);
        await data.SetIuranSampaiAsync("KPJ-1", Day1.AddDays(-5), status: "NONAKTIF");
        await ReconcileAsync(database, Day2);

        var flags = await data.FlagsAsync(entry);
        Assert.Equal(
            [("LAPSED", "2026-10-01", "2026-10-02"), ("INACTIVE", "2026-10-02", null)],
            flags.Select(f => (f.Status, f.OpenedOn, f.ResolvedOn)).ToArray());
    }

    [Fact]
    public async Task A_covered_entry_has_no_flag()
    {
        await using var database = await TestDatabase.CreateAsync();
        var data = new CoverageTestData(database);
        var entry = await data.PaidEntryAsync(Day1.AddDays(90));

        await ReconcileAsync(database, Day1);

        Assert.Equal(CoverageStatus.Covered, await data.StatusAsync(entry));
        Assert.Empty(await data.FlagsAsync(entry));
    }

    [Fact]
    public async Task Reconciling_the_same_day_again_changes_nothing()
    {
        await using var database = await TestDatabase.CreateAsync();
        var data = new CoverageTestData(database);
        await data.SeedRegencyAsync(120, Day2);
        using var host = CoverageTestData.BuildHost(database, TestClock.NightOf(Day2));
        var reconciler = CoverageTestData.Reconciler(host);
        await reconciler.ReconcileDayAsync(Day1, CancellationToken.None);
        await reconciler.ReconcileDayAsync(Day2, CancellationToken.None);
        var once = await data.SnapshotAsync();
        var flagIds = await FlagIdsAsync(database);

        await reconciler.ReconcileDayAsync(Day2, CancellationToken.None);

        Assert.Equal(once, await data.SnapshotAsync());
        Assert.Equal(flagIds, await FlagIdsAsync(database));
    }

    [Fact]
    public async Task The_same_shard_started_twice_at_once_ends_as_one_run()
    {
        await using var once = await TestDatabase.CreateAsync();
        await using var twice = await TestDatabase.CreateAsync();
        await new CoverageTestData(once).SeedRegencyAsync(600, Day1);
        await new CoverageTestData(twice).SeedRegencyAsync(600, Day1);
        using var onceHost = CoverageTestData.BuildHost(once, TestClock.NightOf(Day1));
        using var firstHost = CoverageTestData.BuildHost(twice, TestClock.NightOf(Day1));
        using var secondHost = CoverageTestData.BuildHost(twice, TestClock.NightOf(Day1));

        await CoverageTestData.Reconciler(onceHost).ReconcileKecamatanAsync(CoverageTestData.Kramatwatu, Day1, CancellationToken.None);
        await Task.WhenAll(
            CoverageTestData.Reconciler(firstHost).ReconcileKecamatanAsync(CoverageTestData.Kramatwatu, Day1, CancellationToken.None),
            CoverageTestData.Reconciler(secondHost).ReconcileKecamatanAsync(CoverageTestData.Kramatwatu, Day1, CancellationToken.None));

        Assert.Equal(await new CoverageTestData(once).SnapshotAsync(), await new CoverageTestData(twice).SnapshotAsync());
    }

    [Fact]
    public async Task A_second_run_of_the_day_on_corrected_data_withdraws_the_flag_it_opened_instead_of_resolving_it()
    {
        await using var database = await TestDatabase.CreateAsync();
        var data = new CoverageTestData(database);
        var entry = await data.PaidEntryAsync(Day1.AddDays(90));
        await ReconcileAsync(database, Day1);

        // A wrong membership file arrives, the night runs, then the right file and a second run of the same day.
        await data.SetIuranSampaiAsync("KPJ-1", Day1.AddDays(-30));
        await ReconcileAsync(database, Day2);
        await data.SetIuranSampaiAsync("KPJ-1", Day1.AddDays(90));
        await ReconcileAsync(database, Day2);

        Assert.Equal(CoverageStatus.Covered, await data.StatusAsync(entry));
        Assert.Empty(await data.FlagsAsync(entry));
    }

    [Fact]
    public async Task A_second_run_of_the_day_reopens_a_flag_the_first_run_resolved_keeping_its_opening_day()
    {
        await using var database = await TestDatabase.CreateAsync();
        var data = new CoverageTestData(database);
        var entry = await data.PaidEntryAsync(Day1.AddDays(-30));
        await ReconcileAsync(database, Day1);
        var opened = Assert.Single(await data.FlagsAsync(entry));

        await data.SetIuranSampaiAsync("KPJ-1", Day1.AddDays(90));
        await ReconcileAsync(database, Day2);
        await data.SetIuranSampaiAsync("KPJ-1", Day1.AddDays(-30));
        await ReconcileAsync(database, Day2);

        var flag = Assert.Single(await data.FlagsAsync(entry));
        Assert.Equal((opened.Id, "LAPSED", "2026-10-01", (string?)null), (flag.Id, flag.Status, flag.OpenedOn, flag.ResolvedOn));
    }

    [Fact]
    public async Task A_missed_earlier_day_gets_its_counts_but_leaves_the_present_status_and_the_flag_history_alone()
    {
        await using var database = await TestDatabase.CreateAsync();
        var data = new CoverageTestData(database);
        var entry = await data.PaidEntryAsync(Day2);
        using var host = CoverageTestData.BuildHost(database, TestClock.NightOf(Day4));
        var reconciler = CoverageTestData.Reconciler(host);
        await reconciler.ReconcileDayAsync(Day1, CancellationToken.None);
        await reconciler.ReconcileDayAsync(Day3, CancellationToken.None);
        var statusAfterDay3 = await data.EntryStatusAsync(entry);
        var flagsAfterDay3 = await data.FlagsAsync(entry);

        var summary = await reconciler.ReconcileDayAsync(Day2, CancellationToken.None);

        Assert.All(summary.Shards, s => Assert.Equal(ShardMode.Backfill, s.Mode));
        // Paid through day 2 itself: expiring as of day 2, whereas it lapsed on day 3.
        Assert.Equal(1, summary.People[CoverageStatus.Expiring]);
        Assert.Equal(["2026-10-02|3604052001|KETUA_RT|EXPIRING|1"], await CountsAsync(database, Day2));
        Assert.Equivalent(statusAfterDay3, await data.EntryStatusAsync(entry));
        Assert.Equivalent(flagsAfterDay3, await data.FlagsAsync(entry));
        Assert.Equal("2026-10-03", (await data.EntryStatusAsync(entry))!.AsOf);
    }

    [Fact]
    public async Task A_recorded_earlier_day_keeps_its_figures_when_run_again_after_a_later_day()
    {
        await using var database = await TestDatabase.CreateAsync();
        var data = new CoverageTestData(database);
        await data.PaidEntryAsync(Day1.AddDays(90));
        using var host = CoverageTestData.BuildHost(database, TestClock.NightOf(Day4));
        var reconciler = CoverageTestData.Reconciler(host);
        await reconciler.ReconcileDayAsync(Day1, CancellationToken.None);
        await reconciler.ReconcileDayAsync(Day2, CancellationToken.None);
        var before = await data.SnapshotAsync();

        // The register changes afterwards; day 1 was recorded with what was known on day 1.
        await data.SetIuranSampaiAsync("KPJ-1", Day1.AddDays(-30), status: "NONAKTIF");
        var summary = await reconciler.ReconcileDayAsync(Day1, CancellationToken.None);

        Assert.All(summary.Shards, s => Assert.Equal(ShardMode.Skipped, s.Mode));
        Assert.Equal(before, await data.SnapshotAsync());
    }

    [Fact]
    public async Task A_day_in_the_future_is_refused()
    {
        await using var database = await TestDatabase.CreateAsync();
        using var host = CoverageTestData.BuildHost(database, TestClock.NightOf(Day1));

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(
            () => CoverageTestData.Reconciler(host).ReconcileKecamatanAsync(CoverageTestData.Kramatwatu, Day2, CancellationToken.None));
    }

    [Fact]
    public async Task Shards_start_with_the_largest_kecamatan_by_the_roster_at_first_and_by_their_latest_run_after()
    {
        await using var database = await TestDatabase.CreateAsync();
        var data = new CoverageTestData(database);
        await data.EntryAsync(CoverageTestData.DesaKramatwatu, data.NextNik());
        await data.EntryAsync(CoverageTestData.DesaWaringinkurung, data.NextNik());
        await data.EntryAsync(CoverageTestData.DesaWaringinkurung, data.NextNik());
        using var host = CoverageTestData.BuildHost(database, TestClock.NightOf(Day2));
        var reconciler = CoverageTestData.Reconciler(host);

        var first = await reconciler.KecamatanCodesAsync(runId: null, CancellationToken.None);
        await reconciler.ReconcileDayAsync(Day1, CancellationToken.None);
        // Kramatwatu grows past Waringinkurung after the run: the next night still goes by what the runs counted.
        for (var i = 0; i < 3; i++)
        {
            await data.EntryAsync(CoverageTestData.DesaKramatwatu, data.NextNik());
        }

        var next = await reconciler.KecamatanCodesAsync(runId: null, CancellationToken.None);

        Assert.Equal(29, first.Count);
        Assert.Equal([CoverageTestData.Waringinkurung, CoverageTestData.Kramatwatu], first.Take(2));
        Assert.Equal([CoverageTestData.Waringinkurung, CoverageTestData.Kramatwatu], next.Take(2));
        Assert.Equal(first.Order(StringComparer.Ordinal), next.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Daily_counts_per_desa_role_and_status_appear_only_once_every_kecamatan_completed_the_day()
    {
        await using var database = await TestDatabase.CreateAsync();
        var data = new CoverageTestData(database);
        var covered = data.NextNik();
        await data.EntryAsync(CoverageTestData.DesaKramatwatu, covered, peran: "BPD");
        await data.MembershipAsync(covered, "KPJ-1", "AKTIF", "JKK;JKM", Day1.AddDays(90));
        // Other people (not namesakes of the covered one born the same day, whom SPEC 3.3 would propose for review).
        await data.EntryAsync(CoverageTestData.DesaKramatwatu, data.NextNik(), peran: "BPD", nama: "Siti Aminah");
        await data.EntryAsync(CoverageTestData.DesaKramatwatu, data.NextNik(), peran: "BPD", nama: "Dedi Kurniawan");
        await data.EntryAsync(CoverageTestData.DesaMargasana, data.NextNik(), peran: "PETANI", nama: "Ujang Sutisna");
        await data.EntryAsync(CoverageTestData.DesaWaringinkurung, data.NextNik(), peran: "NELAYAN", nama: "Asep Saepudin");
        using var host = CoverageTestData.BuildHost(database, TestClock.NightOf(Day1));
        var reconciler = CoverageTestData.Reconciler(host);

        var early = await reconciler.ReconcileKecamatanAsync(CoverageTestData.Kramatwatu, Day1, CancellationToken.None);
        var countsEarly = await CountsAsync(database, Day1);
        await reconciler.ReconcileDayAsync(Day1, CancellationToken.None);

        Assert.False(early.FinishedDay);
        Assert.Empty(countsEarly);
        Assert.Equal(
            [
                "2026-10-01|3604052001|BPD|COVERED|1",
                "2026-10-01|3604052001|BPD|NOT_REGISTERED|2",
                "2026-10-01|3604052002|PETANI|NOT_REGISTERED|1",
                "2026-10-01|3604062001|NELAYAN|NOT_REGISTERED|1",
            ],
            await CountsAsync(database, Day1));
    }

    [Fact]
    public async Task A_shard_of_a_finished_run_run_again_finishes_the_day_again_only_when_it_changed_the_counts()
    {
        await using var database = await TestDatabase.CreateAsync();
        var data = new CoverageTestData(database);
        await data.EntryAsync(CoverageTestData.DesaKramatwatu, data.NextNik(), peran: "BPD");
        await data.EntryAsync(CoverageTestData.DesaWaringinkurung, data.NextNik(), peran: "NELAYAN", nama: "Asep Saepudin");
        using var host = CoverageTestData.BuildHost(database, TestClock.NightOf(Day1));
        var reconciler = CoverageTestData.Reconciler(host);
        await reconciler.ReconcileDayAsync(Day1, CancellationToken.None);
        var run = await ScalarAsync<long>(database, "SELECT max(id) FROM coverage.day_run");
        await DayFinishes.CountFromNowAsync(database);

        // Requeued from the dashboard (the same run) and as a job of before runs had ids: nothing changed, nothing written.
        var same = await reconciler.ReconcileKecamatanAsync(CoverageTestData.Kramatwatu, Day1, run, CancellationToken.None);
        var sameOutside = await reconciler.ReconcileKecamatanAsync(CoverageTestData.Kramatwatu, Day1, CancellationToken.None);
        var finishesUnchanged = await ScalarAsync<int>(database, "SELECT count(*)::integer FROM public.finishing");
        // A roster update came in before the next requeue: the day's counts follow the shard's.
        await data.EntryAsync(CoverageTestData.DesaKramatwatu, data.NextNik(), peran: "BPD", nama: "Siti Aminah");
        var changed = await reconciler.ReconcileKecamatanAsync(CoverageTestData.Kramatwatu, Day1, run, CancellationToken.None);

        Assert.False(same.FinishedDay);
        Assert.False(sameOutside.FinishedDay);
        Assert.Equal(0, finishesUnchanged);
        Assert.True(changed.FinishedDay);
        Assert.Equal(1, await ScalarAsync<int>(database, "SELECT count(*)::integer FROM public.finishing"));
        Assert.Equal(
            ["2026-10-01|3604052001|BPD|NOT_REGISTERED|2", "2026-10-01|3604062001|NELAYAN|NOT_REGISTERED|1"],
            await CountsAsync(database, Day1));
    }

    [Fact]
    public async Task A_run_whose_shard_failed_is_finished_once_by_that_shard_requeued_after_the_next_night()
    {
        await using var database = await TestDatabase.CreateAsync();
        var data = new CoverageTestData(database);
        await data.EntryAsync(CoverageTestData.DesaKramatwatu, data.NextNik(), peran: "BPD");
        await data.EntryAsync(CoverageTestData.DesaWaringinkurung, data.NextNik(), peran: "NELAYAN", nama: "Asep Saepudin");
        using var host = CoverageTestData.BuildHost(database, TestClock.NightOf(Day2));
        var reconciler = CoverageTestData.Reconciler(host);
        await DayFinishes.CountFromNowAsync(database);
        // The night of day 1: Kramatwatu's shard fails for good; the others complete, and the day is not finished.
        var night = await reconciler.StartRunAsync(Day1, CancellationToken.None);
        var others = new List<ShardOutcome>();
        foreach (var code in (await reconciler.KecamatanCodesAsync(runId: null, CancellationToken.None)).Where(c => c != CoverageTestData.Kramatwatu))
        {
            others.Add(await reconciler.ReconcileKecamatanAsync(code, Day1, night, CancellationToken.None));
        }

        var countsBefore = await CountsAsync(database, Day1);
        await reconciler.ReconcileDayAsync(Day2, CancellationToken.None);

        // Requeued the day after: a missed day for Kramatwatu (a backfill) that completes the night's run.
        var requeued = await reconciler.ReconcileKecamatanAsync(CoverageTestData.Kramatwatu, Day1, night, CancellationToken.None);
        var again = await reconciler.ReconcileKecamatanAsync(CoverageTestData.Kramatwatu, Day1, night, CancellationToken.None);

        Assert.DoesNotContain(others, o => o.FinishedDay);
        Assert.Empty(countsBefore);
        Assert.Equal(ShardMode.Backfill, requeued.Mode);
        Assert.True(requeued.FinishedDay);
        Assert.Equal(ShardMode.Skipped, again.Mode);
        Assert.False(again.FinishedDay);
        Assert.Equal(
            ["2026-10-01|3604052001|BPD|NOT_REGISTERED|1", "2026-10-01|3604062001|NELAYAN|NOT_REGISTERED|1"],
            await CountsAsync(database, Day1));
        Assert.Equal(
            ["2026-10-01|1", "2026-10-02|1"],
            await QueryAsync(database, "SELECT concat_ws('|', as_of, count(*)) FROM public.finishing GROUP BY as_of ORDER BY as_of"));
        Assert.Equal(0, await ScalarAsync<int>(database, "SELECT count(*)::integer FROM coverage.day_run WHERE finished_at IS NULL"));
    }

    [Fact]
    public async Task A_shard_given_a_run_of_another_day_is_refused_and_records_nothing()
    {
        await using var database = await TestDatabase.CreateAsync();
        var data = new CoverageTestData(database);
        await data.EntryAsync(CoverageTestData.DesaKramatwatu, data.NextNik(), peran: "BPD");
        using var host = CoverageTestData.BuildHost(database, TestClock.NightOf(Day2));
        var reconciler = CoverageTestData.Reconciler(host);
        var run = await reconciler.StartRunAsync(Day1, CancellationToken.None);

        await Assert.ThrowsAsync<ArgumentException>(
            () => reconciler.ReconcileKecamatanAsync(CoverageTestData.Kramatwatu, Day2, run, CancellationToken.None));

        Assert.Equal(0, await ScalarAsync<int>(database, "SELECT count(*)::integer FROM coverage.run"));
        Assert.Equal(0, await ScalarAsync<int>(database, "SELECT count(*)::integer FROM coverage.day_run_shard"));
    }

    [Fact]
    public async Task A_past_day_reconciled_again_by_the_command_is_finished_once_per_run_with_the_figures_it_had()
    {
        await using var database = await TestDatabase.CreateAsync();
        var data = new CoverageTestData(database);
        await data.SeedRegencyAsync(120, Day1);
        using var host = CoverageTestData.BuildHost(database, TestClock.NightOf(Day3));
        var reconciler = CoverageTestData.Reconciler(host);
        await reconciler.ReconcileDayAsync(Day1, CancellationToken.None);
        await reconciler.ReconcileDayAsync(Day3, CancellationToken.None);
        await DayFinishes.CountFromNowAsync(database);

        // Day 2 was missed: backfilled, then backfilled again (kept as recorded), each a run of the command.
        var backfill = await reconciler.ReconcileDayAsync(Day2, CancellationToken.None);
        var counts = await CountsAsync(database, Day2);
        var again = await reconciler.ReconcileDayAsync(Day2, CancellationToken.None);

        Assert.All(backfill.Shards, s => Assert.Equal(ShardMode.Backfill, s.Mode));
        Assert.All(again.Shards, s => Assert.Equal(ShardMode.Skipped, s.Mode));
        Assert.Single(backfill.Shards, s => s.FinishedDay);
        Assert.Single(again.Shards, s => s.FinishedDay);
        Assert.NotEmpty(counts);
        Assert.Equal(counts, await CountsAsync(database, Day2));
        Assert.Equal(2, await ScalarAsync<int>(database, "SELECT count(*)::integer FROM public.finishing WHERE as_of = '2026-10-02'"));
    }

    [Fact]
    public async Task A_person_listed_under_two_roles_in_a_desa_is_two_entries_per_role_and_one_person_per_desa_under_the_first_status_on_a_full_and_a_backfilled_day()
    {
        await using var database = await TestDatabase.CreateAsync();
        var data = new CoverageTestData(database);
        var twoRoles = data.NextNik();
        await data.EntryAsync(CoverageTestData.DesaKramatwatu, twoRoles, peran: "PERANGKAT_DESA");
        await data.EntryAsync(CoverageTestData.DesaKramatwatu, twoRoles, peran: "PETANI");
        // The same person listed in a second desa counts once there too.
        await data.EntryAsync(CoverageTestData.DesaMargasana, twoRoles, peran: "PETANI");
        // A third role the village no longer lists: not a person of the desa any more.
        await data.LeaveAsync(await data.EntryAsync(CoverageTestData.DesaKramatwatu, twoRoles, peran: "NELAYAN"));
        var covered = data.NextNik();
        await data.EntryAsync(CoverageTestData.DesaKramatwatu, covered, peran: "PETANI", nama: "Siti Aminah");
        // The same NIK under a name sharing no word with the register's (SPEC 3.3 rule 5 here: for review): one person,
        // counted under the first of the two statuses in SPEC 3.2's order.
        await data.EntryAsync(CoverageTestData.DesaKramatwatu, covered, peran: "KADER_POSYANDU", nama: "Ibu Ijah");
        await data.MembershipAsync(covered, "KPJ-1", "AKTIF", "JKK;JKM", Day1.AddDays(90), nama: "Siti Aminah");
        using (var host = CoverageTestData.BuildHost(database, TestClock.NightOf(Day2)))
        {
            var reconciler = CoverageTestData.Reconciler(host);
            await reconciler.ReconcileDayAsync(Day2, CancellationToken.None);
            // Day 1 after day 2: a missed night, counted by a BACKFILL shard.
            await reconciler.ReconcileDayAsync(Day1, CancellationToken.None);
        }

        await using var connection = await database.DataSource.OpenConnectionAsync();
        foreach (var day in new[] { Day1, Day2 })
        {
            Assert.Equal(
                [
                    $"{day:yyyy-MM-dd}|3604052001|KADER_POSYANDU|NEEDS_REVIEW|1",
                    $"{day:yyyy-MM-dd}|3604052001|PERANGKAT_DESA|NOT_REGISTERED|1",
                    $"{day:yyyy-MM-dd}|3604052001|PETANI|COVERED|1",
                    $"{day:yyyy-MM-dd}|3604052001|PETANI|NOT_REGISTERED|1",
                    $"{day:yyyy-MM-dd}|3604052002|PETANI|NOT_REGISTERED|1",
                ],
                await CountsAsync(database, day));
            Assert.Equal(
                [
                    $"{day:yyyy-MM-dd}|3604052001|NEEDS_REVIEW|1",
                    $"{day:yyyy-MM-dd}|3604052001|NOT_REGISTERED|1",
                    $"{day:yyyy-MM-dd}|3604052002|NOT_REGISTERED|1",
                ],
                await connection.QueryAsync<string>(
                    "SELECT concat_ws('|', as_of, kode_desa, status, people) FROM coverage.daily_people WHERE as_of = @day ORDER BY 1", new { day }));
            // The kecamatan and the regency count the person of two desa once, under the status that desa gave them both.
            Assert.Equal(
                [
                    $"{day:yyyy-MM-dd}|3604|NEEDS_REVIEW|1",
                    $"{day:yyyy-MM-dd}|3604|NOT_REGISTERED|1",
                    $"{day:yyyy-MM-dd}|360405|NEEDS_REVIEW|1",
                    $"{day:yyyy-MM-dd}|360405|NOT_REGISTERED|1",
                ],
                await connection.QueryAsync<string>(
                    "SELECT concat_ws('|', as_of, scope_code, status, people) FROM coverage.daily_scope_people WHERE as_of = @day ORDER BY scope_code, status", new { day }));
        }

        Assert.Equal(
            ["BACKFILL", "FULL"],
            await connection.QueryAsync<string>("SELECT DISTINCT mode FROM coverage.run WHERE kecamatan_code = @k ORDER BY 1", new { k = CoverageTestData.Kramatwatu }));
    }

    private static async Task ReconcileAsync(TestDatabase database, DateOnly day) =>
        await CoverageStatusTests.ReconcileAsync(database, CoverageTestData.Kramatwatu, day);

    private static async Task<IReadOnlyList<string>> CountsAsync(TestDatabase database, DateOnly day)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        var rows = await connection.QueryAsync<string>(
            "SELECT concat_ws('|', as_of, kode_desa, peran, status, people) FROM coverage.daily_count WHERE as_of = @day ORDER BY 1", new { day });
        return [.. rows];
    }

    private static async Task<T> ScalarAsync<T>(TestDatabase database, string sql)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<T>(sql) ?? throw new InvalidOperationException("No value.");
    }

    private static async Task<IReadOnlyList<string>> QueryAsync(TestDatabase database, string sql)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        return [.. await connection.QueryAsync<string>(sql)];
    }

    private static async Task<IReadOnlyList<long>> FlagIdsAsync(TestDatabase database)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        return [.. await connection.QueryAsync<long>("SELECT id FROM coverage.flag ORDER BY id")];
    }
}
