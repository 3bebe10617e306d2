using Dapper;
using Jamsostek.Database;
using Jamsostek.Matching;
using Jamsostek.Regions;
using Jamsostek.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace Jamsostek.Tests.Matching;

/// <summary>SPEC 3.3: an admin's accept or reject of a probable match is stored and wins in every later run.</summary>
public sealed class ReviewTests
{
    private const string Registered = "3604051203900023";
    private const string Listed = "3604091203900517";
    private const string Other = "3604101203900777";

    [Fact]
    public async Task The_queue_lists_probable_matches_with_both_sides_method_score_and_reason()
    {
        await using var review = await ProbableMatch.CreateAsync();

        var probable = Assert.Single(await AllAsync(review.Queue));

        Assert.Equal(review.Entry, probable.Id);
        Assert.Equal(MatchingWorld.DesaKramatwatu, probable.KodeDesa);
        Assert.Equal((Listed, Registered), (probable.EntryNik, probable.MemberNik));
        Assert.Equal(("Ahmad Fauzi", "Ahmad Fauzi"), (probable.EntryNama, probable.MemberNama));
        Assert.Equal(probable.EntryTanggalLahir, probable.MemberTanggalLahir);
        Assert.NotNull(probable.EntryTanggalLahir);
        Assert.Equal("NAMA_TGL_LAHIR", probable.Metode);
        Assert.Contains("perlu diperiksa admin", probable.Alasan, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_queue_lists_a_scope_the_likeliest_first_and_says_how_many_a_limit_left_out()
    {
        await using var database = await TestDatabase.CreateAsync();
        var world = new MatchingWorld(database);
        var ciruas = (await world.DesaOfAsync("360409"))[0];
        await world.MemberAsync(Registered, "Ahmad Fauzi");
        await world.MemberAsync("3604055507850107", "Siti Aminah");
        await world.MemberAsync("3604096302880045", "Dewi Lestari");
        // A namesake further off (0.600), a NIK one serial digit off (0.800), both in Kramatwatu; a namesake in Ciruas.
        var namesake = await world.RosterAsync(Listed, "Ahmad Fauzi");
        var serial = await world.RosterAsync("3604055507850108", "Siti Aminah", MatchingWorld.DesaMargasana);
        var elsewhere = await world.RosterAsync("3604096302880917", "Dewi Lestari", ciruas);
        await world.MatchAsync(MatchingWorld.Kramatwatu, "360409");
        var queue = Queue(database);
        Assert.True(RegionScope.TryParse("36.04.05", out var kramatwatu));
        Assert.True(RegionScope.TryParse(ciruas, out var desa));

        var all = await ListAsync(queue, RegionScope.Whole, null);
        var first = await ListAsync(queue, kramatwatu, 1);
        var one = await ListAsync(queue, desa, 10);

        Assert.Equal([serial, namesake, elsewhere], all.Matches.Select(m => m.Id));
        Assert.Equal([0.800m, 0.600m, 0.600m], all.Matches.Select(m => m.Skor));
        Assert.Equal([serial], first.Matches.Select(m => m.Id));
        Assert.Equal([elsewhere], one.Matches.Select(m => m.Id));
        Assert.Equal([3L, 2L, 1L], [all.Total, first.Total, one.Total]);
    }

    [Fact]
    public async Task An_accepted_match_becomes_an_admin_decision_and_stays_one_in_every_later_run()
    {
        await using var review = await ProbableMatch.CreateAsync();

        await review.Queue.AcceptAsync(review.Entry, "admin", CancellationToken.None);
        var now = await review.World.MatchOfAsync(review.Entry);
        await review.World.MatchAsync();
        await review.World.MatchAsync();
        var later = await review.World.MatchOfAsync(review.Entry);

        foreach (var match in new[] { now, later })
        {
            Assert.NotNull(match);
            Assert.Equal(("KEPUTUSAN_ADMIN", false, Registered, 1.000m), (match.Metode, match.IsProbable, match.MemberNik, match.Skor));
            Assert.StartsWith("Dicocokkan oleh admin pada ", match.Alasan, StringComparison.Ordinal);
            Assert.EndsWith(": nama dan tanggal lahir sama, NIK berbeda di 4 posisi (6, 14, 15, 16) dari NIK terdaftar", match.Alasan, StringComparison.Ordinal);
        }

        Assert.Empty(await AllAsync(review.Queue));
    }

    [Fact]
    public async Task An_accepted_birth_date_typo_listed_without_a_written_date_is_explained_as_what_it_is()
    {
        await using var database = await TestDatabase.CreateAsync();
        var world = new MatchingWorld(database);
        await world.MemberAsync(Registered, "Ahmad Fauzi");
        // Born the 12th by the register, the 13th by the roster NIK (digit 8), no birth date written by the village.
        var entry = await world.RosterAsync("3604051303900023", "Ahmad Fauzi");
        await world.MatchAsync();
        Assert.StartsWith("NIK berbeda pada bagian tanggal lahir (posisi 8)", (await world.MatchOfAsync(entry))?.Alasan, StringComparison.Ordinal);

        await Queue(database).AcceptAsync(entry, "admin", CancellationToken.None);
        var now = await world.MatchOfAsync(entry);
        await world.MatchAsync();
        var later = await world.MatchOfAsync(entry);

        foreach (var match in new[] { now, later })
        {
            Assert.NotNull(match);
            Assert.Equal(("KEPUTUSAN_ADMIN", Registered), (match.Metode, match.MemberNik));
            Assert.StartsWith("Dicocokkan oleh admin pada ", match.Alasan, StringComparison.Ordinal);
            Assert.EndsWith(
                ": nama sama, tanggal lahir menurut NIK berbeda (desa tidak mencatat tanggal lahir), NIK berbeda di 1 posisi (8) dari NIK terdaftar",
                match.Alasan,
                StringComparison.Ordinal);
            Assert.DoesNotContain("tanggal lahir sama", match.Alasan, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task An_accepted_match_wins_even_when_the_names_no_longer_agree()
    {
        await using var review = await ProbableMatch.CreateAsync();
        await review.Queue.AcceptAsync(review.Entry, "admin", CancellationToken.None);

        await using (var connection = await review.Database.DataSource.OpenConnectionAsync())
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "UPDATE roster.entry SET nama = 'Ahmad Fauzan'";
            await command.ExecuteNonQueryAsync();
        }

        await review.World.MatchAsync();

        Assert.Equal("KEPUTUSAN_ADMIN", (await review.World.MatchOfAsync(review.Entry))?.Metode);
    }

    [Fact]
    public async Task Decisions_hold_when_the_village_lists_the_person_under_another_role()
    {
        await using var database = await TestDatabase.CreateAsync();
        var (world, accepted, rejected) = await TwoProposalsAsync(database);
        await Queue(database).AcceptAsync(accepted, "admin", CancellationToken.None);
        await Queue(database).RejectAsync(rejected, "admin", CancellationToken.None);

        // A role is part of a roster entry's key: the next snapshot of the desa makes new entries and the old ones leave.
        await using (var connection = await database.DataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync("UPDATE roster.entry SET left_at = now()");
        }

        var acceptedNow = await world.RosterAsync(Listed, "Ahmad Fauzi", peran: "KETUA_RT");
        var rejectedNow = await world.RosterAsync("3604095507850999", "St. Aminah", peran: "KADER_POSYANDU");
        await world.MatchAsync();

        var match = await world.MatchOfAsync(acceptedNow);
        Assert.Equal(("KEPUTUSAN_ADMIN", false, Registered), (match?.Metode, match?.IsProbable, match?.MemberNik));
        Assert.Null(await world.MatchOfAsync(rejectedNow));
        Assert.Empty(await AllAsync(Queue(database)));
    }

    [Fact]
    public async Task A_mistaken_acceptance_can_be_taken_back_by_rejecting_it()
    {
        await using var review = await ProbableMatch.CreateAsync();
        await review.Queue.AcceptAsync(review.Entry, "admin", CancellationToken.None);
        await review.World.MatchAsync();

        await review.Queue.RejectAsync(review.Entry, "admin", CancellationToken.None);
        var now = await review.World.MatchOfAsync(review.Entry);
        await review.World.MatchAsync();

        Assert.Null(now);
        Assert.Null(await review.World.MatchOfAsync(review.Entry));
        Assert.Empty(await AllAsync(review.Queue));
    }

    [Fact]
    public async Task A_rejection_or_an_acceptance_taken_back_lets_the_rules_propose_the_match_again()
    {
        await using var review = await ProbableMatch.CreateAsync();
        // A rejection typed for the wrong id: without undo, the registered worker stayed NOT_REGISTERED for good.
        await review.Queue.RejectAsync(review.Entry, "admin", CancellationToken.None);
        await review.World.MatchAsync();

        await review.Queue.UndoAsync(review.Entry, "admin", CancellationToken.None);
        var tooEarly = await Assert.ThrowsAsync<InputRejectedException>(() => review.Queue.AcceptAsync(review.Entry, "admin", CancellationToken.None));
        await review.World.MatchAsync();
        var proposedAgain = await review.World.MatchOfAsync(review.Entry);
        await review.Queue.AcceptAsync(review.Entry, "admin", CancellationToken.None);
        var accepted = Assert.Single(await DecisionsAsync(review.Queue));
        await review.Queue.UndoAsync(review.Entry, "admin", CancellationToken.None);
        var rightAfterUndo = await review.World.MatchOfAsync(review.Entry);
        var withdrawn = Assert.Single(await DecisionsAsync(review.Queue));
        await review.World.MatchAsync();
        var matchedByTheRules = await review.World.MatchOfAsync(review.Entry);

        Assert.Equal(
            $"Review ID {review.Entry} had its decision taken back, and the match is proposed again only by the next reconcile: decide on it after that (`review list`).",
            tooEarly.Message);
        Assert.Equal(("NAMA_TGL_LAHIR", true), (proposedAgain?.Metode, proposedAgain?.IsProbable));
        Assert.Null(rightAfterUndo);
        // The acceptance after the undone rejection is a decision of its own; undone in turn, it is kept as what it was.
        Assert.Equal(("DITERIMA", null), (accepted.Keputusan, accepted.KeputusanSemula));
        Assert.Equal(("DIBATALKAN", "DITERIMA", accepted.DecidedAt), (withdrawn.Keputusan, withdrawn.KeputusanSemula, withdrawn.DiputuskanSemulaAt));
        Assert.Equal(("NAMA_TGL_LAHIR", true), (matchedByTheRules?.Metode, matchedByTheRules?.IsProbable));
        Assert.Equal([review.Entry], (await AllAsync(review.Queue)).Select(m => m.Id));
        var nothingLeft = await Assert.ThrowsAsync<InputRejectedException>(() => review.Queue.UndoAsync(review.Entry, "admin", CancellationToken.None));
        Assert.Equal($"Review ID {review.Entry} has no decision to take back: nobody accepted or rejected a match for it, it has left the roster, or it does not exist.", nothingLeft.Message);
    }

    [Fact]
    public async Task A_rejected_match_is_never_proposed_again()
    {
        await using var review = await ProbableMatch.CreateAsync();

        await review.Queue.RejectAsync(review.Entry, "admin", CancellationToken.None);
        var now = await review.World.MatchOfAsync(review.Entry);
        await review.World.MatchAsync();
        await review.World.MatchAsync();

        Assert.Null(now);
        Assert.Null(await review.World.MatchOfAsync(review.Entry));
        Assert.Empty(await AllAsync(review.Queue));
    }

    [Fact]
    public async Task An_exact_NIK_under_a_strangers_name_is_the_admins_to_accept_or_reject_and_the_decision_stays()
    {
        await using var database = await TestDatabase.CreateAsync();
        var world = new MatchingWorld(database);
        await world.MemberAsync(Registered, "Ahmad Fauzi");
        var accepted = await world.RosterAsync(Registered, "Ujang Sutisna");
        var rejected = await world.RosterAsync(Registered, "Asep Hidayat", MatchingWorld.DesaMargasana);
        await world.MatchAsync();

        await Queue(database).AcceptAsync(accepted, "admin", CancellationToken.None);
        await Queue(database).RejectAsync(rejected, "admin", CancellationToken.None);
        await world.MatchAsync();

        var match = await world.MatchOfAsync(accepted);
        Assert.NotNull(match);
        Assert.Equal(("KEPUTUSAN_ADMIN", false, Registered), (match.Metode, match.IsProbable, match.MemberNik));
        Assert.EndsWith(": nama berbeda, tanggal lahir sama, NIK sama persis dengan NIK terdaftar", match.Alasan, StringComparison.Ordinal);
        Assert.Null(await world.MatchOfAsync(rejected));
        Assert.Empty(await AllAsync(Queue(database)));
    }

    [Fact]
    public async Task A_register_person_an_admin_gave_to_one_roster_NIK_cannot_be_accepted_for_another()
    {
        await using var database = await TestDatabase.CreateAsync();
        var (world, first, second) = await TwoNamesakesAsync(database);
        var queue = Queue(database);
        await queue.AcceptAsync(first, "admin", CancellationToken.None);

        var error = await Assert.ThrowsAsync<InputRejectedException>(() => queue.AcceptAsync(second, "admin", CancellationToken.None));
        await world.MatchAsync();

        Assert.Equal(
            $"Review ID {second} cannot be accepted: an admin already matched that register person to roster entry {first}, listed under another NIK, and one register person is one roster person (`review reject {first}` takes that acceptance back).",
            error.Message);
        Assert.Equal("KEPUTUSAN_ADMIN", (await world.MatchOfAsync(first))?.Metode);
        // Never COVERED as somebody else's membership: rules 2 and 3 no longer propose a person an admin gave away.
        Assert.Null(await world.MatchOfAsync(second));
    }

    [Fact]
    public async Task An_acceptance_made_while_another_accepted_person_was_away_is_the_one_that_holds_when_they_come_back()
    {
        await using var database = await TestDatabase.CreateAsync();
        var (world, first, second) = await TwoNamesakesAsync(database);
        var queue = Queue(database);
        await queue.AcceptAsync(first, "admin", CancellationToken.None);
        await SetLeftAsync(database, first, left: true);
        await world.MatchAsync();
        await queue.AcceptAsync(second, "admin", CancellationToken.None);

        await SetLeftAsync(database, first, left: false);
        await world.MatchAsync();

        // One register person is one roster person: the later decision holds, and Ahmad's membership covers one worker.
        Assert.Equal(("KEPUTUSAN_ADMIN", Registered), ((await world.MatchOfAsync(second))?.Metode, (await world.MatchOfAsync(second))?.MemberNik));
        Assert.Null(await world.MatchOfAsync(first));
    }

    [Fact]
    public async Task Rejecting_an_acceptance_on_the_persons_other_role_frees_the_register_person_for_everybody_else()
    {
        await using var database = await TestDatabase.CreateAsync();
        var world = new MatchingWorld(database);
        await world.MemberAsync(Registered, "Ahmad Fauzi");
        var petani = await world.RosterAsync(Listed, "Ahmad Fauzi");
        var ketuaRt = await world.RosterAsync(Listed, "Ahmad Fauzi", peran: "KETUA_RT");
        var namesake = await world.RosterAsync(Other, "Ahmad Fauzi", MatchingWorld.DesaMargasana);
        await world.MatchAsync();
        var queue = Queue(database);
        await queue.AcceptAsync(petani, "admin", CancellationToken.None);
        await world.MatchAsync();

        await queue.RejectAsync(ketuaRt, "admin", CancellationToken.None);
        await world.MatchAsync();

        Assert.Null(await world.MatchOfAsync(petani));
        Assert.Null(await world.MatchOfAsync(ketuaRt));
        var proposed = await world.MatchOfAsync(namesake);
        Assert.Equal(("NAMA_TGL_LAHIR", true, Registered), (proposed?.Metode, proposed?.IsProbable, proposed?.MemberNik));
    }

    [Fact]
    public async Task An_accepted_person_who_appears_on_the_roster_under_their_own_NIK_after_the_decision_is_decided_again()
    {
        await using var database = await TestDatabase.CreateAsync();
        var world = new MatchingWorld(database);
        const string aminah = "3604055507850107";
        await world.MemberAsync(Registered, "Ahmad Fauzi");
        await world.MemberAsync(aminah, "Siti Aminah");
        // Siti is listed under her own NIK and, as a farmer, under a NIK with the serial mistyped: the admin saw both and
        // accepted. Ahmad's namesake was accepted while Ahmad himself was not on the roster.
        var ownNik = await world.RosterAsync(aminah, "Siti Aminah", peran: "KADER_POSYANDU");
        await AppearedAsync(database, ownNik, TimeSpan.FromDays(-1));
        var typo = await world.RosterAsync(Nik.ChangeDigit(aminah, 16, '9'), "Siti Aminah");
        var namesake = await world.RosterAsync(Listed, "Ahmad Fauzi");
        await world.MatchAsync();
        var queue = Queue(database);
        await queue.AcceptAsync(typo, "admin", CancellationToken.None);
        await queue.AcceptAsync(namesake, "admin", CancellationToken.None);

        var ahmad = await world.RosterAsync(Registered, "Ahmad Fauzi", MatchingWorld.DesaMargasana);
        await AppearedAsync(database, ahmad, TimeSpan.FromMinutes(1));
        await world.MatchAsync();

        Assert.Equal("KEPUTUSAN_ADMIN", (await world.MatchOfAsync(typo))?.Metode);
        Assert.Equal(("NIK", Registered), ((await world.MatchOfAsync(ahmad))?.Metode, (await world.MatchOfAsync(ahmad))?.MemberNik));
        // As when Ahmad was listed first: a namesake further off is not proposed for a person listed under their own NIK.
        Assert.Null(await world.MatchOfAsync(namesake));
    }

    [Fact]
    public async Task An_entry_that_left_the_roster_is_not_in_the_queue_and_cannot_be_decided_on()
    {
        await using var review = await ProbableMatch.CreateAsync();
        await SetLeftAsync(review.Database, review.Entry, left: true);

        var queue = await AllAsync(review.Queue);
        var error = await Assert.ThrowsAsync<InputRejectedException>(() => review.Queue.AcceptAsync(review.Entry, "admin", CancellationToken.None));

        Assert.Empty(queue);
        Assert.Equal($"Review ID {review.Entry} has left the roster: there is nothing to decide for it.", error.Message);
    }

    [Fact]
    public async Task Deciding_twice_or_on_an_id_that_is_no_entry_says_which_it_is()
    {
        await using var review = await ProbableMatch.CreateAsync();
        await review.Queue.AcceptAsync(review.Entry, "admin", CancellationToken.None);

        var twice = await Assert.ThrowsAsync<InputRejectedException>(() => review.Queue.AcceptAsync(review.Entry, "admin", CancellationToken.None));
        var unknown = await Assert.ThrowsAsync<InputRejectedException>(() => review.Queue.RejectAsync(99_999_999, "admin", CancellationToken.None));

        Assert.Equal($"Review ID {review.Entry} was accepted already (`review decisions` lists it); `review undo {review.Entry}` takes that back.", twice.Message);
        Assert.Equal("Review ID 99999999 is no roster entry: use the number in the first column of `review list`.", unknown.Message);
    }

    [Fact]
    public async Task Two_admins_accepting_two_entries_for_one_register_person_at_once_cannot_both_succeed()
    {
        await using var database = await TestDatabase.CreateAsync();
        var (world, first, second) = await TwoNamesakesAsync(database);
        var queue = Queue(database);

        // The first admin's acceptance, caught between its check and its commit.
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var firstDecision = new { LockClass = AdvisoryLockKeys.MatchingDecisionClass, Id = first, Keputusan = "DITERIMA", DecidedAt = DateTimeOffset.UtcNow, DecidedBy = "first admin", Proposed = (string?)null };
        await connection.ExecuteAsync(SqlText.Get("matching/review_lock"), firstDecision, transaction);
        await connection.ExecuteAsync(SqlText.Get("matching/review_decide"), firstDecision, transaction);
        var secondAdmin = queue.AcceptAsync(second, "admin", CancellationToken.None);
        await Task.WhenAny(secondAdmin, Task.Delay(TimeSpan.FromSeconds(1)));
        var waited = !secondAdmin.IsCompleted;
        await transaction.CommitAsync();

        Assert.True(waited, "the second acceptance did not wait for the first");
        await Assert.ThrowsAsync<InputRejectedException>(() => secondAdmin);
        Assert.Equal("KEPUTUSAN_ADMIN", (await world.MatchOfAsync(first))?.Metode);
        Assert.True((await world.MatchOfAsync(second))?.IsProbable);
    }

    [Fact]
    public async Task A_decision_on_an_id_without_a_probable_match_is_rejected_input()
    {
        await using var database = await TestDatabase.CreateAsync();
        var world = new MatchingWorld(database);
        await world.MemberAsync(Registered, "Ahmad Fauzi");
        var exact = await world.RosterAsync(Registered, "Ahmad Fauzi");
        await world.MatchAsync();

        var error = await Assert.ThrowsAsync<InputRejectedException>(() => Queue(database).AcceptAsync(exact, "admin", CancellationToken.None));

        Assert.Contains($"Review ID {exact}", error.Message, StringComparison.Ordinal);
        Assert.Equal("NIK", (await world.MatchOfAsync(exact))?.Metode);
    }

    [Fact]
    public async Task A_decision_made_through_sudo_records_the_admin_who_ran_sudo_not_the_service_account()
    {
        // The server's `jamsostek` command (deploy/) runs the worker as the service's user, under sudo.
        await using var database = await TestDatabase.CreateAsync();
        var (_, accepted, _) = await TwoProposalsAsync(database);
        var settings = database.Settings();
        settings["SUDO_USER"] = "siti";

        var accept = await WorkerProcess.RunAsync(["review", "accept", accepted.ToString(System.Globalization.CultureInfo.InvariantCulture)], settings);
        var decisions = await WorkerProcess.RunAsync(["review", "decisions"], database.Settings());

        Assert.True(accept.ExitCode == 0, accept.Stderr);
        Assert.True(decisions.ExitCode == 0, decisions.Stderr);
        Assert.Equal("siti", decisions.Stdout.Split('\n')[0].Split('\t')[6]);
    }

    [Fact]
    public async Task Review_list_accept_reject_undo_and_decisions_work_through_the_real_command_line()
    {
        await using var database = await TestDatabase.CreateAsync();
        var (world, accepted, rejected) = await TwoProposalsAsync(database);

        var list = await WorkerProcess.RunAsync(["review", "list"], database.Settings());
        var compare = await WorkerProcess.RunAsync(["review", "list", "--full", "--limit", "1"], database.Settings());
        var limited = await WorkerProcess.RunAsync(["review", "list", "--scope", "36.04.05.2001", "--limit", "1"], database.Settings());
        var elsewhere = await WorkerProcess.RunAsync(["review", "list", "--scope", "3603"], database.Settings());
        var accept = await WorkerProcess.RunAsync(["review", "accept", accepted.ToString(System.Globalization.CultureInfo.InvariantCulture), "--by", "Rina (Disnaker)"], database.Settings());
        var nobody = await WorkerProcess.RunAsync(["review", "accept", accepted.ToString(System.Globalization.CultureInfo.InvariantCulture), "--by", " "], database.Settings());
        var reject = await WorkerProcess.RunAsync(["review", "reject", rejected.ToString(System.Globalization.CultureInfo.InvariantCulture)], database.Settings());
        var again = await WorkerProcess.RunAsync(["review", "reject", rejected.ToString(System.Globalization.CultureInfo.InvariantCulture)], database.Settings());
        var notANumber = await WorkerProcess.RunAsync(["review", "accept", "abc"], database.Settings());
        var limitNotANumber = await WorkerProcess.RunAsync(["review", "list", "--limit", "x"], database.Settings());
        var after = await WorkerProcess.RunAsync(["review", "list"], database.Settings());
        var reconciled = await WorkerProcess.RunAsync(["reconcile"], database.Settings());
        var export = Path.Combine(Path.GetTempPath(), $"jamsostek-review-{Guid.NewGuid():N}.csv");
        var exported = await WorkerProcess.RunAsync(["export", "coverage", "--out", export], database.Settings());
        var undo = await WorkerProcess.RunAsync(["review", "undo", rejected.ToString(System.Globalization.CultureInfo.InvariantCulture), "--by", "Budi"], database.Settings());
        var undoAgain = await WorkerProcess.RunAsync(["review", "undo", rejected.ToString(System.Globalization.CultureInfo.InvariantCulture)], database.Settings());
        var decisions = await WorkerProcess.RunAsync(["review", "decisions"], database.Settings());
        var compareDecisions = await WorkerProcess.RunAsync(["review", "decisions", "--full", "--scope", "36.04.05"], database.Settings());

        Assert.True(list.ExitCode == 0, list.Stderr);
        Assert.Contains("360409********17", list.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(Listed, list.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(Registered, list.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("Ahmad", list.Stdout, StringComparison.Ordinal);
        Assert.Contains("2 probable matches await review in scope 3604 ", list.Stdout, StringComparison.Ordinal);
        // An admin who asked to compare sees both sides whole: the masked NIKs hide exactly the digits a typo changes.
        Assert.True(compare.ExitCode == 0, compare.Stderr);
        var fields = compare.Stdout.Split('\n')[0].Split('\t');
        Assert.Equal([Listed, "Ahmad Fauzi", Registered, "Ahmad Fauzi"], new[] { fields[2], fields[3], fields[5], fields[6] });
        Assert.Equal(fields[4], fields[7]);
        Assert.True(limited.ExitCode == 0, limited.Stderr);
        Assert.Equal(2, limited.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Contains("1 of 2 probable matches await review in scope 3604052001 ", limited.Stdout, StringComparison.Ordinal);
        Assert.Equal(2, elsewhere.ExitCode);
        Assert.Equal("--scope '3603' is not Kabupaten Serang (3604), one of its kecamatan (6 digits) or one of its desa (10 digits).", elsewhere.Stderr.Trim());
        Assert.True(accept.ExitCode == 0, accept.Stderr);
        Assert.Equal((2, "--by must name the admin in 1 to 100 characters on one line."), (nobody.ExitCode, nobody.Stderr.Trim()));
        Assert.True(reject.ExitCode == 0, reject.Stderr);
        Assert.Equal(1, again.ExitCode);
        Assert.Single(again.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(2, notANumber.ExitCode);
        Assert.Contains("ID 'abc' is not a review id: use the number in the first column of `review list`.", notANumber.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, limitNotANumber.ExitCode);
        Assert.Contains("--limit 'x' is not a positive number.", limitNotANumber.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", limitNotANumber.Stderr, StringComparison.Ordinal);
        Assert.Contains("its status changes with the next reconcile", accept.Stdout, StringComparison.Ordinal);
        Assert.Contains("0 probable matches", after.Stdout, StringComparison.Ordinal);
        Assert.Equal("KEPUTUSAN_ADMIN", (await world.MatchOfAsync(accepted))?.Metode);
        Assert.Null(await world.MatchOfAsync(rejected));
        // The rejected entry is NOT_REGISTERED, and its row says an admin rejected the candidate (and when, in WIB).
        Assert.True(reconciled.ExitCode == 0, reconciled.Stderr);
        Assert.True(exported.ExitCode == 0, exported.Stderr);
        var rows = (await File.ReadAllLinesAsync(export)).ToDictionary(l => l.Split(',')[1]);
        File.Delete(export);
        var today = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Asia/Jakarta")).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(
            $"3604052001,3604095507850999,St. Aminah,PETANI,NOT_REGISTERED,,,,Tanpa kecocokan: kemungkinan kecocokan ditolak admin pada {today}",
            rows["3604095507850999"]);
        Assert.True(rows[Listed].StartsWith($"3604052001,{Listed},Ahmad Fauzi,PETANI,COVERED,KPJ,KEPUTUSAN_ADMIN,1.000,\"Dicocokkan oleh admin pada {today}:", StringComparison.Ordinal), rows[Listed]);
        Assert.True(undo.ExitCode == 0, undo.Stderr);
        Assert.Equal($"Probable match {rejected} had its decision taken back: the next reconcile matches it by the rules again.", undo.Stdout.Trim());
        Assert.Equal((1, $"Review ID {rejected} has no decision to take back: nobody accepted or rejected a match for it, it has left the roster, or it does not exist."), (undoAgain.ExitCode, undoAgain.Stderr.Trim()));
        // The decisions, the latest first: the undone rejection stays as DIBATALKAN, so an admin sees what was taken back.
        Assert.True(decisions.ExitCode == 0, decisions.Stderr);
        var lines = decisions.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.Equal([rejected.ToString(System.Globalization.CultureInfo.InvariantCulture), MatchingWorld.DesaKramatwatu, "360409********99", "360405********07"], lines[0].Split('\t')[..4]);
        // What was taken back, when and by whom it had been decided (the account that ran `review reject`), and who took it back.
        Assert.Matches($@"^DIBATALKAN \(DITOLAK \d{{4}}-\d{{2}}-\d{{2}} \d{{2}}:\d{{2}} by {Environment.UserName}\)$", lines[0].Split('\t')[4]);
        Assert.Equal("Budi", lines[0].Split('\t')[6]);
        Assert.Equal([accepted.ToString(System.Globalization.CultureInfo.InvariantCulture), MatchingWorld.DesaKramatwatu, "360409********17", "360405********23", "DITERIMA"], lines[1].Split('\t')[..5]);
        Assert.Matches(@"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$", lines[1].Split('\t')[5]);
        Assert.Equal("Rina (Disnaker)", lines[1].Split('\t')[6]);
        Assert.StartsWith("2 review decisions in scope 3604 (", lines[2], StringComparison.Ordinal);
        Assert.Contains("`review undo ID` takes one back", lines[2], StringComparison.Ordinal);
        Assert.DoesNotContain("Aminah", decisions.Stdout, StringComparison.Ordinal);
        Assert.True(compareDecisions.ExitCode == 0, compareDecisions.Stderr);
        Assert.Equal([Listed, "Ahmad Fauzi"], compareDecisions.Stdout.Split('\n')[1].Split('\t')[2..4]);
        Assert.Equal(["3604095507850999", "St. Aminah"], compareDecisions.Stdout.Split('\n')[0].Split('\t')[2..4]);
        await world.MatchAsync();
        Assert.Equal("NAMA_TGL_LAHIR", (await world.MatchOfAsync(rejected))?.Metode);
    }

    private static async Task<List<ReviewDecision>> DecisionsAsync(ReviewQueue queue)
    {
        var decisions = new List<ReviewDecision>();
        await queue.ListDecisionsAsync(RegionScope.Whole, null, decisions.Add, CancellationToken.None);
        return decisions;
    }

    private static async Task<IReadOnlyList<Jamsostek.Matching.ProbableMatch>> AllAsync(ReviewQueue queue) =>
        (await ListAsync(queue, RegionScope.Whole, null)).Matches;

    private static async Task<(List<Jamsostek.Matching.ProbableMatch> Matches, long Total)> ListAsync(ReviewQueue queue, RegionScope scope, int? limit)
    {
        var matches = new List<Jamsostek.Matching.ProbableMatch>();
        var total = await queue.ListAsync(scope, limit, matches.Add, CancellationToken.None);
        return (matches, total);
    }

    /// <summary>Ahmad, registered under his Kramatwatu NIK, listed under a Ciruas NIK with another serial: a probable match.</summary>
    private sealed class ProbableMatch : IAsyncDisposable
    {
        private ProbableMatch(TestDatabase database, MatchingWorld world, long entry) => (Database, World, Entry) = (database, world, entry);

        public TestDatabase Database { get; }

        public MatchingWorld World { get; }

        public long Entry { get; }

        public ReviewQueue Queue => ReviewTests.Queue(Database);

        public static async Task<ProbableMatch> CreateAsync()
        {
            var database = await TestDatabase.CreateAsync();
            var world = new MatchingWorld(database);
            await world.MemberAsync(Registered, "Ahmad Fauzi");
            var entry = await world.RosterAsync(Listed, "Ahmad Fauzi");
            await world.MatchAsync();
            return new ProbableMatch(database, world, entry);
        }

        public ValueTask DisposeAsync() => Database.DisposeAsync();
    }

    /// <summary>Two probable matches: Ahmad, listed under a NIK further off (to accept), and St. Aminah, Siti's namesake under another NIK (to reject).</summary>
    /// <summary>Two namesakes born the same day under two other NIKs, in two desa: both probable matches of the one registered Ahmad.</summary>
    private static async Task<(MatchingWorld World, long First, long Second)> TwoNamesakesAsync(TestDatabase database)
    {
        var world = new MatchingWorld(database);
        await world.MemberAsync(Registered, "Ahmad Fauzi");
        var first = await world.RosterAsync(Listed, "Ahmad Fauzi");
        var second = await world.RosterAsync(Other, "Ahmad Fauzi", MatchingWorld.DesaMargasana);
        await world.MatchAsync();
        return (world, first, second);
    }

    private static async Task<(MatchingWorld World, long Accepted, long Rejected)> TwoProposalsAsync(TestDatabase database)
    {
        var world = new MatchingWorld(database);
        await world.MemberAsync(Registered, "Ahmad Fauzi");
        await world.MemberAsync("3604055507850107", "Siti Aminah");
        var accepted = await world.RosterAsync(Listed, "Ahmad Fauzi");
        var rejected = await world.RosterAsync("3604095507850999", "St. Aminah");
        await world.MatchAsync();
        return (world, accepted, rejected);
    }

    private static async Task SetLeftAsync(TestDatabase database, long entry, bool left)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync("UPDATE roster.entry SET left_at = CASE WHEN @Left THEN now() END WHERE id = @Entry", new { Entry = entry, Left = left });
    }

    /// <summary>The entry's APPEAR event, as a snapshot records it, <paramref name="from"/> now.</summary>
    private static async Task AppearedAsync(TestDatabase database, long entry, TimeSpan from)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync(
            "INSERT INTO roster.entry_event (entry_id, import_id, kind, at) VALUES (@Entry, 0, 'APPEAR', now() + @From)",
            new { Entry = entry, From = from });
    }

    private static ReviewQueue Queue(TestDatabase database) => new(database.DataSource, TimeProvider.System, NullLogger<ReviewQueue>.Instance);
}
