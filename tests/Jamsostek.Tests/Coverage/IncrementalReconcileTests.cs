using System.Globalization;
using Dapper;
using Jamsostek.Coverage;
using Jamsostek.Database;
using Jamsostek.Matching;
using Jamsostek.Tests.Infrastructure;
using Jamsostek.Tests.Matching;
using Microsoft.Extensions.DependencyInjection;

namespace Jamsostek.Tests.Coverage;

/// <summary>
/// The incremental night (docs/coverage.md) against the full one: the same data and the same changes lived through by three
/// databases, one whose shards always recompute every entry, two whose shards carry their state forward and redo only
/// what the night's changes affect: gathered once before the shards (the command line's and the job's night), or by the
/// first shard that finds none (shards run on their own). After every night, matches, candidates, statuses, flags, daily
/// counts and runs must be identical.
/// </summary>
public sealed class IncrementalReconcileTests
{
    private static readonly DateOnly Day1 = CoverageTestData.Day;

    // A man registered under his own NIK, listed in Kramatwatu with one digit mistyped (rule 2).
    private static readonly string Ahmad = Nik.Of("360405", new DateOnly(1990, 3, 12), female: false, serial: 23);

    // Registered; listed with another serial (only probable), then accepted by an admin.
    private static readonly string Budi = Nik.Of("360405", new DateOnly(1988, 7, 4), female: false, serial: 31);

    // Registered; listed with a NIK further off, same name and birth date (rule 3), then rejected by an admin.
    private static readonly string Siti = Nik.Of("360405", new DateOnly(1992, 1, 20), female: true, serial: 45);

    // Listed unregistered; later a register person appears with another serial, then the roster renames her.
    private static readonly string Dewi = Nik.Of("360405", new DateOnly(1995, 5, 5), female: true, serial: 12);

    // Listed unregistered; later a register person appears whose NIK has a typo in the birth date (rule 2, dates differ).
    private static readonly string Rina = Nik.Of("360405", new DateOnly(1987, 9, 12), female: true, serial: 64);

    // Paid through the day after day 1, and through 31 days after it: statuses that move with the date alone.
    private static readonly string PaidTomorrow = Nik.Of("360405", new DateOnly(1980, 2, 2), female: false, serial: 101);
    private static readonly string PaidMonth = Nik.Of("360405", new DateOnly(1980, 2, 3), female: false, serial: 102);

    // Registered; listed with one digit mistyped (rule 2), while a roster entry elsewhere under a NIK one typo from his is
    // renamed to his name and back, then registered under another name: his corrected NIK turns into a proposal and back.
    private static readonly string Hendra = Nik.Of("360405", new DateOnly(1985, 6, 15), female: false, serial: 55);

    // Registered; first listed only under a NIK further off (rule 3), which an admin accepts; later listed with one digit
    // mistyped (rule 2), which the admin's decision for the other entry blocks until that entry leaves.
    private static readonly string Yusuf = Nik.Of("360405", new DateOnly(1991, 8, 8), female: false, serial: 66);

    private enum Nights
    {
        /// <summary>Every shard recomputes every entry (its state forgotten before each night).</summary>
        Full,

        /// <summary>The command line's night: the regency's changes gathered once, then the shards.</summary>
        Gathered,

        /// <summary>Shards run one by one with nothing gathered before them: the first gathers for the others.</summary>
        ShardsAlone,
    }

    [Fact]
    public async Task Every_incremental_night_ends_exactly_where_a_full_reconciliation_of_the_same_data_ends()
    {
        await using var fullDatabase = await TestDatabase.CreateAsync();
        await using var gatheredDatabase = await TestDatabase.CreateAsync();
        await using var aloneDatabase = await TestDatabase.CreateAsync();

        var full = await LiveAsync(fullDatabase, Nights.Full);
        var gathered = await LiveAsync(gatheredDatabase, Nights.Gathered);
        var alone = await LiveAsync(aloneDatabase, Nights.ShardsAlone);

        Assert.Equal(full.Select(n => n.Day), gathered.Select(n => n.Day));
        Assert.Equal(full.Select(n => n.Day), alone.Select(n => n.Day));
        for (var i = 0; i < full.Count; i++)
        {
            Assert.Equal(full[i].State, gathered[i].State);
            Assert.Equal(full[i].State, alone[i].State);
        }

        Assert.All(full, n => Assert.False(n.Incremental));
        Assert.All(gathered.Skip(1), n => Assert.True(n.Incremental, $"night of {n.Day} was not incremental"));
        Assert.All(alone.Skip(1), n => Assert.True(n.Incremental, $"night of {n.Day} was not incremental"));
        // A night without changes redoes only the entries an admin decided on: no candidate's inputs changed.
        Assert.All([gathered[3], alone[3]], quiet => Assert.Equal(quiet.Decided, quiet.Redone));
    }

    [Fact]
    public async Task A_change_of_Matching_SerialDifference_matches_every_entry_again_the_next_night_though_nothing_else_changed()
    {
        await using var database = await TestDatabase.CreateAsync();
        var data = new CoverageTestData(database);
        var registered = data.NextNik();
        var entry = await data.EntryAsync(CoverageTestData.DesaKramatwatu, Nik.ChangeDigit(registered, 16, '9'));
        await data.MembershipAsync(registered, "KPJ-1", "AKTIF", "JKK;JKM", Day1.AddDays(365));
        var correct = new Dictionary<string, string?> { ["Matching:SerialDifference"] = "Correct" };

        var review = await CoverageStatusTests.ReconcileAsync(database, CoverageTestData.Kramatwatu, Day1);
        Assert.Equal(CoverageStatus.NeedsReview, await data.StatusAsync(entry));

        var corrected = await CoverageStatusTests.ReconcileAsync(database, CoverageTestData.Kramatwatu, Day1.AddDays(1), correct);
        Assert.Equal(CoverageStatus.Covered, await data.StatusAsync(entry));

        var carried = await CoverageStatusTests.ReconcileAsync(database, CoverageTestData.Kramatwatu, Day1.AddDays(2), correct);
        Assert.Equal(CoverageStatus.Covered, await data.StatusAsync(entry));

        var reviewAgain = await CoverageStatusTests.ReconcileAsync(database, CoverageTestData.Kramatwatu, Day1.AddDays(3));
        Assert.Equal(CoverageStatus.NeedsReview, await data.StatusAsync(entry));

        // Only the nights after a change of policy recompute every entry; the one in between carries its state forward.
        Assert.Equal((false, false, true, false), (review.Incremental, corrected.Incremental, carried.Incremental, reviewAgain.Incremental));
    }

    [Fact]
    public async Task With_Matching_SerialDifference_Correct_every_incremental_night_ends_where_a_full_one_does_as_serial_corrections_come_into_doubt_and_out()
    {
        await using var fullDatabase = await TestDatabase.CreateAsync();
        await using var gatheredDatabase = await TestDatabase.CreateAsync();

        var full = await LiveSerialCorrectionsAsync(fullDatabase, Nights.Full);
        var gathered = await LiveSerialCorrectionsAsync(gatheredDatabase, Nights.Gathered);

        Assert.Equal(full.Select(n => n.Day), gathered.Select(n => n.Day));
        for (var i = 0; i < full.Count; i++)
        {
            Assert.Equal(full[i].State, gathered[i].State);
        }

        Assert.All(gathered.Skip(1), n => Assert.True(n.Incremental, $"night of {n.Day} was not incremental"));
    }

    [Fact]
    public async Task Servers_gathering_the_nights_changes_at_once_all_succeed()
    {
        // The gathering reads in one repeatable-read snapshot; taken while it waited for another gathering, that snapshot
        // did not see it, and its writes failed with a serialization error (40001): a shard job failed, to be retried.
        await using var database = await TestDatabase.CreateAsync();
        // Small: the seeded people share a few names, so each has dozens of candidates, and a CI run once planned this
        // regency's gathering badly under load (two minutes a gathering at 300 people; 0.3 s alone).
        await new CoverageTestData(database).SeedRegencyAsync(60, Day1);
        using var host = CoverageTestData.BuildHost(database, TestClock.NightOf(Day1.AddDays(4)));
        var reconciler = CoverageTestData.Reconciler(host);
        await reconciler.ReconcileDayAsync(Day1, CancellationToken.None);

        for (var night = 1; night <= 3; night++)
        {
            await ExecuteAsync(
                database,
                "UPDATE membership.record SET iuran_sampai = iuran_sampai + @night WHERE right(nik, 1) = @digit",
                new { night, digit = night.ToString(CultureInfo.InvariantCulture) });
            await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => reconciler.GatherChangesAsync(CancellationToken.None))));
            await reconciler.ReconcileDayAsync(Day1.AddDays(night), CancellationToken.None);
        }

        Assert.Equal(
            (await reconciler.KecamatanCodesAsync(runId: null, CancellationToken.None)).Count,
            await ScalarAsync(database, "SELECT count(*)::integer FROM coverage.shard_state WHERE as_of = date '2026-10-04'"));
    }

    [Fact]
    public async Task Shards_that_find_the_gathering_stale_together_gather_once_not_one_after_the_other()
    {
        // Each gathered the whole regency under the lock in turn; under a test suite's load that was minutes, during which
        // every other shard waited (the two-server test timed out on it).
        await using var database = await TestDatabase.CreateAsync();
        await new CoverageTestData(database).SeedRegencyAsync(60, Day1);
        using var host = CoverageTestData.BuildHost(database, TestClock.NightOf(Day1.AddDays(1)));
        var reconciler = CoverageTestData.Reconciler(host);
        await reconciler.ReconcileDayAsync(Day1, CancellationToken.None);
        await ExecuteAsync(
            database,
            """
            CREATE TABLE public.gathering (at timestamptz NOT NULL);
            CREATE FUNCTION public.count_gathering() RETURNS trigger LANGUAGE plpgsql AS
                $$ BEGIN INSERT INTO public.gathering VALUES (now()); RETURN NULL; END $$;
            CREATE TRIGGER count_gathering AFTER INSERT ON coverage.changed_entry_state
                FOR EACH ROW EXECUTE FUNCTION public.count_gathering();
            UPDATE membership.record SET iuran_sampai = iuran_sampai + 1 WHERE right(nik, 1) = '3';
            """);
        var codes = await reconciler.KecamatanCodesAsync(runId: null, CancellationToken.None);

        // Without the night's gathering first: every shard finds the last one stale.
        var shards = await Task.WhenAll(codes.Take(8).Select(code => Task.Run(() => reconciler.ReconcileKecamatanAsync(code, Day1.AddDays(1), CancellationToken.None))));

        Assert.Equal(1, await ScalarAsync(database, "SELECT count(*)::integer FROM public.gathering"));
        Assert.All(shards, shard => Assert.True(shard.Incremental, shard.KodeKecamatan));
    }

    [Fact]
    public async Task A_state_day_counted_per_entry_before_migration_0308_is_counted_again_so_the_nights_after_it_count_people()
    {
        await using var database = await TestDatabase.CreateAsync();
        var data = new CoverageTestData(database);
        var twoRoles = data.NextNik();
        await data.EntryAsync(CoverageTestData.DesaKramatwatu, twoRoles, peran: "BPD");
        await data.EntryAsync(CoverageTestData.DesaKramatwatu, twoRoles, peran: "PETANI");
        using var host = CoverageTestData.BuildHost(database, TestClock.NightOf(Day1.AddDays(1)));
        var reconciler = CoverageTestData.Reconciler(host);
        await reconciler.ReconcileDayAsync(Day1, CancellationToken.None);
        // The day's people as migration 0308 left a day counted before it: its entries.
        await ExecuteAsync(
            database,
            """
            DELETE FROM coverage.shard_people;
            INSERT INTO coverage.shard_people (as_of, kecamatan_code, kode_desa, status, people)
            SELECT as_of, kecamatan_code, kode_desa, status, sum(people) FROM coverage.shard_count GROUP BY 1, 2, 3, 4;
            """);

        await ExecuteAsync(database, SqlText.Get("migrations/0309_coverage_people_of_the_state_day"));
        await data.EntryAsync(CoverageTestData.DesaKramatwatu, data.NextNik(), peran: "PETANI");
        var night = await reconciler.ReconcileDayAsync(Day1.AddDays(1), CancellationToken.None);

        Assert.All(night.Shards, s => Assert.True(s.Incremental));
        Assert.Equal(
            ["2026-10-01|3604052001|NOT_REGISTERED|1", "2026-10-02|3604052001|NOT_REGISTERED|2"],
            await QueryAsync(database, "SELECT concat_ws('|', as_of, kode_desa, status, people) FROM coverage.shard_people ORDER BY 1"));
    }

    [Fact]
    public async Task A_person_listed_in_several_desa_counts_once_in_each_kecamatan_and_the_regency_night_after_night()
    {
        await using var database = await TestDatabase.CreateAsync();
        var data = new CoverageTestData(database);
        var companion = data.NextNik();
        var kramatwatu = await data.EntryAsync(CoverageTestData.DesaKramatwatu, companion, peran: "PENDAMPING_PKH", nama: "Siti Aminah");
        var neighbour = data.NextNik();
        await data.EntryAsync(CoverageTestData.DesaKramatwatu, neighbour);
        await data.MembershipAsync(neighbour, "KPJ-1", "AKTIF", "JKK;JKM", Day1.AddDays(90));
        using var host = CoverageTestData.BuildHost(database, TestClock.NightOf(Day1.AddDays(10)));
        var reconciler = CoverageTestData.Reconciler(host);
        async Task<IReadOnlyList<string>> NightAsync(DateOnly day)
        {
            var night = await reconciler.ReconcileDayAsync(day, CancellationToken.None);
            Assert.All(night.Shards, s => Assert.Equal(day != Day1, s.Incremental));
            return await QueryAsync(
                database,
                $"SELECT concat_ws('|', scope_code, status, people) FROM coverage.daily_scope_people WHERE as_of = date '{day:yyyy-MM-dd}' ORDER BY scope_code, status");
        }

        var alone = await NightAsync(Day1);
        // Another desa of the kecamatan and a desa of another kecamatan list the companion too: one person of each
        // kecamatan, and one of the regency, though three desa count her.
        var margasana = await data.EntryAsync(CoverageTestData.DesaMargasana, companion, peran: "PENDAMPING_PKH", nama: "Siti Aminah");
        await data.EntryAsync(CoverageTestData.DesaWaringinkurung, companion, peran: "PENDAMPING_PKH", nama: "Siti Aminah");
        var listedThrice = await NightAsync(Day1.AddDays(1));
        // One desa drops her and she registers: covered everywhere, still once.
        await data.LeaveAsync(margasana);
        await data.MembershipAsync(companion, "KPJ-2", "AKTIF", "JKK;JKM", Day1.AddDays(90), nama: "Siti Aminah");
        var registered = await NightAsync(Day1.AddDays(2));
        // Nothing changes: the night carries the day before forward.
        var quiet = await NightAsync(Day1.AddDays(3));
        // Her first desa drops her too: the regency still has her, from Waringinkurung alone.
        await data.LeaveAsync(kramatwatu);
        var elsewhere = await NightAsync(Day1.AddDays(4));

        Assert.Equal(["3604|COVERED|1", "3604|NOT_REGISTERED|1", "360405|COVERED|1", "360405|NOT_REGISTERED|1"], alone);
        Assert.Equal(["3604|COVERED|1", "3604|NOT_REGISTERED|1", "360405|COVERED|1", "360405|NOT_REGISTERED|1", "360406|NOT_REGISTERED|1"], listedThrice);
        Assert.Equal(["3604|COVERED|2", "360405|COVERED|2", "360406|COVERED|1"], registered);
        Assert.Equal(registered, quiet);
        Assert.Equal(["3604|COVERED|2", "360405|COVERED|1", "360406|COVERED|1"], elsewhere);
    }

    [Fact]
    public async Task Migration_0311_counts_the_state_day_once_per_person_keeps_earlier_days_as_they_were_summed_and_the_nights_after_it_carry_on()
    {
        await using var database = await TestDatabase.CreateAsync();
        var data = new CoverageTestData(database);
        var companion = data.NextNik();
        await data.EntryAsync(CoverageTestData.DesaKramatwatu, companion, peran: "PENDAMPING_PKH", nama: "Siti Aminah");
        await data.EntryAsync(CoverageTestData.DesaWaringinkurung, companion, peran: "PENDAMPING_PKH", nama: "Siti Aminah");
        using var host = CoverageTestData.BuildHost(database, TestClock.NightOf(Day1.AddDays(3)));
        var reconciler = CoverageTestData.Reconciler(host);
        await reconciler.ReconcileDayAsync(Day1, CancellationToken.None);
        await reconciler.ReconcileDayAsync(Day1.AddDays(1), CancellationToken.None);
        // The database as it was before the migration: two finished days, the second every kecamatan's state day.
        await ExecuteAsync(database, "DROP TABLE coverage.shard_shared_person, coverage.daily_scope_people");

        await ExecuteAsync(database, SqlText.Get("migrations/0311_coverage_people_per_kecamatan_and_regency"));
        var migrated = await QueryAsync(database, "SELECT concat_ws('|', as_of, scope_code, status, people) FROM coverage.daily_scope_people ORDER BY as_of, scope_code, status");
        var night = await reconciler.ReconcileDayAsync(Day1.AddDays(2), CancellationToken.None);

        Assert.Equal(
            [
                // Day 1 has no record of who was listed twice: the sum over desa, the best figure left.
                "2026-10-01|3604|NOT_REGISTERED|2", "2026-10-01|360405|NOT_REGISTERED|1", "2026-10-01|360406|NOT_REGISTERED|1",
                "2026-10-02|3604|NOT_REGISTERED|1", "2026-10-02|360405|NOT_REGISTERED|1", "2026-10-02|360406|NOT_REGISTERED|1",
            ],
            migrated);
        Assert.All(night.Shards, s => Assert.True(s.Incremental));
        Assert.Equal(
            ["3604|NOT_REGISTERED|1", "360405|NOT_REGISTERED|1", "360406|NOT_REGISTERED|1"],
            await QueryAsync(database, "SELECT concat_ws('|', scope_code, status, people) FROM coverage.daily_scope_people WHERE as_of = date '2026-10-03' ORDER BY scope_code, status"));
    }

    private static async Task<IReadOnlyList<Night>> LiveAsync(TestDatabase database, Nights kind)
    {
        var data = new CoverageTestData(database);
        var world = new MatchingWorld(database);
        using var host = CoverageTestData.BuildHost(database, TestClock.NightOf(Day1.AddDays(60)));
        var reconciler = CoverageTestData.Reconciler(host);
        var review = host.Services.GetRequiredService<ReviewQueue>();
        var nights = new List<Night>();

        // afterGathering: a change written after the night's changes were gathered and before its shards ran.
        async Task NightAsync(DateOnly day, Func<Task>? afterGathering = null)
        {
            DaySummary summary;
            if (kind == Nights.Gathered && afterGathering is null)
            {
                summary = await reconciler.ReconcileDayAsync(day, CancellationToken.None);
            }
            else
            {
                if (kind == Nights.Full)
                {
                    await ExecuteAsync(database, "DELETE FROM coverage.shard_state");
                }
                else if (kind == Nights.Gathered)
                {
                    await reconciler.GatherChangesAsync(CancellationToken.None);
                }

                if (afterGathering is not null)
                {
                    await afterGathering();
                }

                var shards = new List<ShardOutcome>();
                var runId = await reconciler.StartRunAsync(day, CancellationToken.None);
                foreach (var kodeKecamatan in await reconciler.KecamatanCodesAsync(runId, CancellationToken.None))
                {
                    shards.Add(await reconciler.ReconcileKecamatanAsync(kodeKecamatan, day, runId, CancellationToken.None));
                }

                Assert.Single(shards, s => s.FinishedDay);
                summary = await reconciler.SummarizeAsync(day, shards, CancellationToken.None);
            }

            nights.Add(new Night(
                day,
                summary.Shards.All(s => s.Incremental),
                summary.Shards.Sum(s => s.Entries),
                summary.People.Values.Sum(),
                await ScalarAsync(database, "SELECT count(DISTINCT entry_id)::integer FROM matching.review_decision"),
                await StateAsync(database, data)));
        }

        await data.SeedRegencyAsync(240, Day1);
        await world.MemberAsync(Ahmad, "Ahmad Fauzi");
        var ahmadTypo = await world.RosterAsync(Nik.ChangeDigit(Ahmad, 6, '9'), "H. Ahmad Fauzi, S.Pd.");
        await world.MemberAsync(Budi, "Budi Hartono");
        var budi = await world.RosterAsync(Nik.ChangeDigit(Budi, 16, '7'), "Budi Hartono");
        await world.MemberAsync(Siti, "Siti Rahma");
        var siti = await world.RosterAsync(Nik.Of("360409", new DateOnly(1992, 1, 20), female: true, serial: 77), "St. Rahma", MatchingWorld.DesaMargasana);
        var dewi = await world.RosterAsync(Dewi, "Dewi Lestari");
        // Rina's village wrote the birth date of the register record that appears on day 2 (rule 3': a birth-date typo).
        var rina = await world.RosterAsync(Rina, "Rina Marlina", MatchingWorld.DesaMargasana, tanggalTertulis: Nik.BirthDate(Nik.ChangeDigit(Rina, 8, '3')));
        await world.RosterAsync(PaidTomorrow, "Joko Susilo");
        await data.MembershipAsync(PaidTomorrow, "KPJ-T", "AKTIF", "JKK;JKM", Day1.AddDays(1));
        await world.RosterAsync(PaidMonth, "Eko Prasetyo");
        await data.MembershipAsync(PaidMonth, "KPJ-M", "AKTIF", "JKK;JKM", Day1.AddDays(31));
        await world.MemberAsync(Hendra, "Hendra Gunawan");
        var hendraTypo = await world.RosterAsync(Nik.ChangeDigit(Hendra, 6, '7'), "Hendra Gunawan", MatchingWorld.DesaMargasana);
        var hendraRival = await world.RosterAsync(Nik.ChangeDigit(Hendra, 15, '8'), "Hendra Saputra", CoverageTestData.DesaWaringinkurung);
        await world.MemberAsync(Yusuf, "Yusuf Maulana");
        var yusufElsewhere = await world.RosterAsync(Nik.Of("360406", new DateOnly(1991, 8, 8), female: false, serial: 91), "Yusuf Maulana", CoverageTestData.DesaWaringinkurung);
        await NightAsync(Day1);
        async Task<string> MetodeAsync(long entry) => (await world.MatchOfAsync(entry))?.Metode ?? "-";
        Assert.Equal(["NIK_KOREKSI", "NAMA_TGL_LAHIR", "NAMA_TGL_LAHIR"], [await MetodeAsync(ahmadTypo), await MetodeAsync(budi), await MetodeAsync(siti)]);

        // Day 2: a namesake one typo from Ahmad's NIK appears in another kecamatan (his corrected NIK is only proposed);
        // register people appear for Dewi and Rina; an admin accepts Budi and rejects Siti; payments; someone leaves.
        var rival = await world.RosterAsync(Nik.ChangeDigit(Ahmad, 15, '8'), "Ahmad Fauzi", CoverageTestData.DesaWaringinkurung);
        await world.MemberAsync(Nik.ChangeDigit(Dewi, 16, '9'), "Dewi Lestari");
        await world.MemberAsync(Nik.ChangeDigit(Rina, 8, '3'), "Rina Marlina");
        await review.AcceptAsync(budi, "admin", CancellationToken.None);
        await review.RejectAsync(siti, "admin", CancellationToken.None);
        // Eko is listed in his desa under a second role by a name sharing no word with the register's (for review): he
        // is one person there, now under that status, as the people counts carried from the night before must say.
        var ekoSecondRole = await world.RosterAsync(PaidMonth, "Pak Haji", peran: "BPD");
        await ExecuteAsync(
            database,
            """
            UPDATE membership.record SET iuran_sampai = date '2026-10-01' + 120 WHERE nik LIKE '3604000%' AND right(nik, 1) IN ('2', '8');
            UPDATE membership.record SET status = 'NONAKTIF' WHERE nik LIKE '3604000%' AND right(nik, 2) = '11';
            UPDATE roster.entry SET left_at = now() WHERE nik LIKE '3604000%' AND right(nik, 2) IN ('13', '24');
            """);
        await NightAsync(Day1.AddDays(1));
        Assert.Equal(["NAMA_TGL_LAHIR", "KEPUTUSAN_ADMIN", "-", "NAMA_TGL_LAHIR", "NIK_KOREKSI"], [await MetodeAsync(ahmadTypo), await MetodeAsync(budi), await MetodeAsync(siti), await MetodeAsync(dewi), await MetodeAsync(rina)]);

        // Day 3: the namesake leaves again; Budi's record leaves the register; Dewi is renamed; a newcomer; the date moves;
        // the admin takes back the rejection of Siti (typed for the wrong id): she is proposed again.
        await ExecuteAsync(database, "UPDATE roster.entry SET left_at = now() WHERE id = @rival", new { rival });
        await ExecuteAsync(database, "UPDATE roster.entry SET left_at = now() WHERE id = @ekoSecondRole", new { ekoSecondRole });
        await ExecuteAsync(database, "DELETE FROM membership.record WHERE nik = @Budi", new { Budi });
        await ExecuteAsync(
            database,
            "UPDATE roster.entry SET nama = @nama, nama_normal = @normal, changed_at = now() WHERE id = @dewi",
            new { nama = "Dewi Lestari Ningsih", normal = NamaNormal.Of("Dewi Lestari Ningsih"), dewi });
        await world.RosterAsync(Nik.Of("360405", new DateOnly(1999, 9, 9), female: false, serial: 5), "Agus Salim", MatchingWorld.DesaMargasana);
        await review.UndoAsync(siti, "admin", CancellationToken.None);
        await NightAsync(Day1.AddDays(2));
        Assert.Equal(["NIK_KOREKSI", "-", "-", "NAMA_TGL_LAHIR"], [await MetodeAsync(ahmadTypo), await MetodeAsync(budi), await MetodeAsync(dewi), await MetodeAsync(siti)]);

        // The same night again, nothing changed in between.
        await NightAsync(Day1.AddDays(2));

        // Day 4: Ahmad himself is listed in another kecamatan (the mistyped entry may be him listed twice, or a namesake:
        // only proposed); Budi's record returns.
        await world.RosterAsync(Ahmad, "Ahmad Fauzi", CoverageTestData.DesaWaringinkurung);
        await world.MemberAsync(Budi, "Budi Hartono");
        await NightAsync(Day1.AddDays(3));
        Assert.Equal(["NAMA_TGL_LAHIR", "KEPUTUSAN_ADMIN"], [await MetodeAsync(ahmadTypo), await MetodeAsync(budi)]);

        // Day 5: the rival elsewhere is renamed to Hendra's name (a namesake one typo from his NIK: his correction only proposed); an admin
        // accepts Yusuf's probable match in another kecamatan.
        async Task RenameAsync(long entry, string nama) => await ExecuteAsync(
            database,
            "UPDATE roster.entry SET nama = @nama, nama_normal = @normal, changed_at = now() WHERE id = @entry",
            new { nama, normal = NamaNormal.Of(nama), entry });
        Assert.Equal(["NIK_KOREKSI", "NAMA_TGL_LAHIR"], [await MetodeAsync(hendraTypo), await MetodeAsync(yusufElsewhere)]);
        await RenameAsync(hendraRival, "Hendra Gunawan");
        await review.AcceptAsync(yusufElsewhere, "admin", CancellationToken.None);
        await NightAsync(Day1.AddDays(4));
        Assert.Equal(["NAMA_TGL_LAHIR", "KEPUTUSAN_ADMIN"], [await MetodeAsync(hendraTypo), await MetodeAsync(yusufElsewhere)]);

        // Day 6: the rival gets its old name back (only the roster's change log still knows the name it had); Yusuf is
        // listed with a mistyped NIK, but the admin gave him to the other entry, which is renamed.
        await RenameAsync(hendraRival, "Hendra Saputra");
        await RenameAsync(yusufElsewhere, "Yusuf Mahendra");
        var yusufTypo = await world.RosterAsync(Nik.ChangeDigit(Yusuf, 6, '7'), "Yusuf Maulana");
        await NightAsync(Day1.AddDays(5));
        Assert.Equal(["NIK_KOREKSI", "-"], [await MetodeAsync(hendraTypo), await MetodeAsync(yusufTypo)]);

        // Day 7: the rival is renamed to Hendra's name again; the entry the admin gave Yusuf to leaves the roster, which
        // frees his corrected NIK though nothing about that entry resembles him any more.
        await RenameAsync(hendraRival, "Hendra Gunawan");
        await ExecuteAsync(database, "UPDATE roster.entry SET left_at = now() WHERE id = @yusufElsewhere", new { yusufElsewhere });
        await NightAsync(Day1.AddDays(6));
        Assert.Equal(["NAMA_TGL_LAHIR", "NIK_KOREKSI"], [await MetodeAsync(hendraTypo), await MetodeAsync(yusufTypo)]);

        // Day 8: the rival's NIK arrives in the register under another name: a registered NIK is nobody's rival.
        await world.MemberAsync(Nik.ChangeDigit(Hendra, 15, '8'), "Rudi Hartono");
        await NightAsync(Day1.AddDays(7));
        // The rival's exact NIK is under a name sharing no word with its own, so rule 1 does not match it, and rule 5 yields
        // to Hendra, its namesake born the same day one serial digit away: only proposed either way.
        Assert.Equal(["NIK_KOREKSI", "NAMA_TGL_LAHIR"], [await MetodeAsync(hendraTypo), await MetodeAsync(hendraRival)]);
        Assert.True((await world.MatchOfAsync(hendraRival))?.IsProbable);

        // Day 9: the register corrects that record's name to the rival's: its exact NIK is a match again.
        await ExecuteAsync(
            database,
            "UPDATE membership.record SET nama = @nama, nama_normal = @normal WHERE nik = @nik",
            new { nama = "HENDRA GUNAWAN", normal = NamaNormal.Of("HENDRA GUNAWAN"), nik = Nik.ChangeDigit(Hendra, 15, '8') });
        await NightAsync(Day1.AddDays(8));
        Assert.False((await world.MatchOfAsync(hendraRival))?.IsProbable);

        // Days 10-12: namesakes one typo from Hendra's NIK in other digits appear elsewhere, one at a time: in the birth
        // month (digit 10), which leaves only digits 1-5 and 12-16 as they are, then, after it left, in the region (digit 5,
        // same birth date).
        var rivalMonth = await world.RosterAsync(Nik.ChangeDigit(Hendra, 10, '7'), "Hendra Gunawan", CoverageTestData.DesaWaringinkurung);
        await NightAsync(Day1.AddDays(9));
        Assert.Equal("NAMA_TGL_LAHIR", await MetodeAsync(hendraTypo));
        await ExecuteAsync(database, "UPDATE roster.entry SET left_at = now() WHERE id = @rivalMonth", new { rivalMonth });
        await NightAsync(Day1.AddDays(10));
        Assert.Equal("NIK_KOREKSI", await MetodeAsync(hendraTypo));
        await world.RosterAsync(Nik.ChangeDigit(Hendra, 5, '1'), "Hendra Gunawan", CoverageTestData.DesaWaringinkurung);
        await NightAsync(Day1.AddDays(11));
        Assert.Equal("NAMA_TGL_LAHIR", await MetodeAsync(hendraTypo));

        // Day 13: Rina's village drops the birth date it wrote, after the night's changes were gathered (the shards gather
        // them again): nothing but the village's date said her NIK's birth-date digits were the typo, so her correction is
        // only proposed.
        async Task WriteRinasBirthDateAsync(DateOnly? tertulis) => await ExecuteAsync(
            database,
            "UPDATE roster.entry SET tanggal_lahir_tertulis = @tertulis, changed_at = now() WHERE id = @rina",
            new { tertulis, rina });
        await NightAsync(Day1.AddDays(12), afterGathering: () => WriteRinasBirthDateAsync(null));
        Assert.Equal("NAMA_TGL_LAHIR", await MetodeAsync(rina));

        // Day 14: the village writes it again; nothing else changed (only the written date: the change log has it).
        await WriteRinasBirthDateAsync(Nik.BirthDate(Nik.ChangeDigit(Rina, 8, '3')));
        await NightAsync(Day1.AddDays(13));
        Assert.Equal("NIK_KOREKSI", await MetodeAsync(rina));

        // Day 15: a second register person named as Siti's entry and born the same day arrives, far from her NIK. An entry
        // proposed by name and birth date (rule 3) has a new candidate; only an entry rule 1 matched outright is left alone.
        await world.MemberAsync(Nik.Of("360410", new DateOnly(1992, 1, 20), female: true, serial: 5), "Siti Rahma");
        await NightAsync(Day1.AddDays(14));
        Assert.Equal("NAMA_TGL_LAHIR", await MetodeAsync(siti));

        // Day 16: Slamet's NIK is in the register under a name sharing no word with his (rule 5: only proposed); then a
        // register person with his name and birth date arrives: rules 2 and 3 come before rule 5, so he is proposed instead.
        var slametNik = Nik.Of("360405", new DateOnly(1979, 4, 1), female: false, serial: 88);
        await world.MemberAsync(slametNik, "Bambang Pamungkas");
        var slamet = await world.RosterAsync(slametNik, "Slamet Riyadi");
        await NightAsync(Day1.AddDays(15));
        Assert.Equal(slametNik, (await world.MatchOfAsync(slamet))?.MemberNik);
        await world.MemberAsync(Nik.Of("360411", new DateOnly(1979, 4, 1), female: false, serial: 3), "Slamet Riyadi");
        await NightAsync(Day1.AddDays(16));
        Assert.Equal("NAMA_TGL_LAHIR", await MetodeAsync(slamet));

        // Weeks later, nothing changed but the date.
        await NightAsync(Day1.AddDays(40));

        return nights;
    }

    // Andi is registered and listed with the last serial digit mistyped: corrected under Correct, until a rival roster NIK,
    // a register namesake one digit away or Andi's own entry puts the correction in doubt, and again once it is gone.
    private static async Task<IReadOnlyList<Night>> LiveSerialCorrectionsAsync(TestDatabase database, Nights kind)
    {
        var data = new CoverageTestData(database);
        var world = new MatchingWorld(database);
        var correct = new Dictionary<string, string?> { ["Matching:SerialDifference"] = "Correct" };
        using var host = CoverageTestData.BuildHost(database, TestClock.NightOf(Day1.AddDays(60)), settings: correct);
        var reconciler = CoverageTestData.Reconciler(host);
        var nights = new List<Night>();
        var andi = Nik.Of("360405", new DateOnly(1993, 2, 11), female: false, serial: 41);
        await world.MemberAsync(andi, "Andi Wijaya");
        var andiTypo = await world.RosterAsync(Nik.ChangeDigit(andi, 16, '7'), "Andi Wijaya");

        async Task<string> NightAsync(DateOnly day)
        {
            if (kind == Nights.Full)
            {
                await ExecuteAsync(database, "DELETE FROM coverage.shard_state");
            }

            var summary = await reconciler.ReconcileDayAsync(day, CancellationToken.None);
            // Only the state and whether the night was incremental are compared here.
            nights.Add(new Night(day, summary.Shards.All(s => s.Incremental), Redone: 0, Entries: 0, Decided: 0, await StateAsync(database, data)));
            return (await world.MatchOfAsync(andiTypo))?.Metode ?? "-";
        }

        Assert.Equal("NIK_KOREKSI", await NightAsync(Day1));

        // Another unregistered NIK one serial digit from Andi's, with his name, listed in another kecamatan: either could be him.
        var rival = await world.RosterAsync(Nik.ChangeDigit(andi, 15, '9'), "Andi Wijaya", CoverageTestData.DesaWaringinkurung);
        Assert.Equal("NAMA_TGL_LAHIR", await NightAsync(Day1.AddDays(1)));
        await ExecuteAsync(database, "UPDATE roster.entry SET left_at = now() WHERE id = @rival", new { rival });
        Assert.Equal("NIK_KOREKSI", await NightAsync(Day1.AddDays(2)));

        // A registered namesake born the same day whose serial is one digit from the listed NIK too: two fit.
        var namesake = Nik.ChangeDigit(andi, 16, '8');
        await world.MemberAsync(namesake, "Andi Wijaya");
        Assert.Equal("NAMA_TGL_LAHIR", await NightAsync(Day1.AddDays(3)));
        await ExecuteAsync(database, "DELETE FROM membership.record WHERE nik = @namesake", new { namesake });
        Assert.Equal("NIK_KOREKSI", await NightAsync(Day1.AddDays(4)));

        // Andi listed under his own NIK as well, in another role: the mistyped entry may be someone else.
        await world.RosterAsync(andi, "Andi Wijaya", MatchingWorld.DesaMargasana, "BPD");
        Assert.Equal("NAMA_TGL_LAHIR", await NightAsync(Day1.AddDays(5)));

        return nights;
    }

    private static async Task<IReadOnlyList<string>> StateAsync(TestDatabase database, CoverageTestData data)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        var matches = await connection.QueryAsync<string>(
            """
            SELECT concat_ws('|', 'match', e.kode_desa, e.nik, e.peran, m.member_nik, m.metode, m.is_probable, m.skor, m.alasan)
            FROM matching.match m JOIN roster.entry e ON e.id = m.entry_id ORDER BY 1
            """);
        var candidates = await connection.QueryAsync<string>(
            """
            SELECT concat_ws('|', 'kandidat', e.kode_desa, e.nik, e.peran, k.member_nik, k.nama_normal, k.tanggal_anggota)
            FROM matching.kandidat k JOIN roster.entry e ON e.id = k.entry_id ORDER BY 1
            """);
        return [.. matches, .. candidates, .. await data.SnapshotAsync()];
    }

    private static async Task ExecuteAsync(TestDatabase database, string sql, object? parameters = null)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync(sql, parameters);
    }

    private static async Task<IReadOnlyList<string>> QueryAsync(TestDatabase database, string sql)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        return [.. await connection.QueryAsync<string>(sql)];
    }

    private static async Task<int> ScalarAsync(TestDatabase database, string sql)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<int>(sql);
    }

    private sealed record Night(DateOnly Day, bool Incremental, int Redone, int Entries, int Decided, IReadOnlyList<string> State);
}
