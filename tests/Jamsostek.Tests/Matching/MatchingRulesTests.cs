using Jamsostek.Matching;
using Jamsostek.Tests.Coverage;
using Jamsostek.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace Jamsostek.Tests.Matching;

/// <summary>SPEC 3.3, rule by rule, with the explanation each match keeps.</summary>
public sealed class MatchingRulesTests
{
    // Born 12 March 1990 in Kramatwatu, serial 0023; a woman born 15 July 1985, serial 0107.
    private const string Ahmad = "3604051203900023";
    private const string Aminah = "3604055507850107";

    [Fact]
    public async Task An_exact_NIK_is_a_match_for_every_entry_of_that_person_even_with_several_memberships()
    {
        await using var database = await TestDatabase.CreateAsync();
        var world = new MatchingWorld(database);
        await world.MemberAsync(Ahmad, "Ahmad Fauzi", status: "NONAKTIF", kpj: "KPJ-OLD");
        await world.MemberAsync(Ahmad, "Ahmad Fauzi", kpj: "KPJ-NEW");
        var bpd = await world.RosterAsync(Ahmad, "AHMAD FAUZI", MatchingWorld.DesaKramatwatu, "BPD");
        var petani = await world.RosterAsync(Ahmad, "Ahmad Fauzi", MatchingWorld.DesaMargasana, "PETANI");

        await world.MatchAsync();

        foreach (var entry in new[] { bpd, petani })
        {
            var match = await world.MatchOfAsync(entry);
            Assert.NotNull(match);
            Assert.Equal(("NIK", false, Ahmad, 1.000m), (match.Metode, match.IsProbable, match.MemberNik, match.Skor));
            Assert.Equal("NIK sama persis dengan data kepesertaan BPJS Ketenagakerjaan", match.Alasan);
        }
    }

    [Fact]
    public async Task A_NIK_off_by_one_digit_with_the_same_name_and_birth_date_is_a_corrected_NIK_naming_the_position()
    {
        await using var database = await TestDatabase.CreateAsync();
        var world = new MatchingWorld(database);
        await world.MemberAsync(Ahmad, "Ahmad Fauzi");
        // Kramatwatu (05) written as Ciruas (09).
        var entry = await world.RosterAsync(Nik.ChangeDigit(Ahmad, 6, '9'), "H. Ahmad Fauzi, S.Pd.");

        await world.MatchAsync();

        var match = await world.MatchOfAsync(entry);
        Assert.NotNull(match);
        Assert.Equal(("NIK_KOREKSI", false, Ahmad), (match.Metode, match.IsProbable, match.MemberNik));
        Assert.Equal("NIK berbeda satu digit (posisi 6) dari NIK terdaftar; nama dan tanggal lahir sama", match.Alasan);
        Assert.InRange(match.Skor, 0.9m, 0.99m);
    }

    [Fact]
    public async Task Two_swapped_neighbouring_digits_are_a_corrected_NIK_naming_both_positions()
    {
        await using var database = await TestDatabase.CreateAsync();
        var world = new MatchingWorld(database);
        await world.MemberAsync(Aminah, "Siti Aminah");
        var entry = await world.RosterAsync(Nik.Swap(Aminah, 5), "St. Aminah");

        await world.MatchAsync();

        var match = await world.MatchOfAsync(entry);
        Assert.NotNull(match);
        Assert.Equal(("NIK_KOREKSI", false, Aminah), (match.Metode, match.IsProbable, match.MemberNik));
        Assert.Equal("NIK berbeda karena dua digit bersebelahan tertukar (posisi 5 dan 6) dari NIK terdaftar; nama dan tanggal lahir sama", match.Alasan);
    }

    [Fact]
    public async Task A_NIK_that_differs_only_in_region_digits_is_only_probable_unless_the_desa_is_in_the_register_NIKs_kecamatan()
    {
        await using var database = await TestDatabase.CreateAsync();
        var world = new MatchingWorld(database);
        // Another Ahmad Fauzi born the same day in Ciruas (09), with the same low serial; ours is unregistered.
        var namesake = Nik.ChangeDigit(Ahmad, 6, '9');
        await world.MemberAsync(namesake, "Ahmad Fauzi");
        // Listed by a Kramatwatu desa under a Kramatwatu NIK: the village corroborates the roster's region digits.
        var entry = await world.RosterAsync(Ahmad, "Ahmad Fauzi", MatchingWorld.DesaKramatwatu);
        // Listed by a Waringinkurung desa under a Kramatwatu NIK, one digit from the Ciruas one: nothing corroborates either.
        var elsewhere = await world.RosterAsync(Ahmad, "Ahmad Fauzi", CoverageTestData.DesaWaringinkurung, "NELAYAN");
        // Budi of Kramatwatu, registered under his Kramatwatu NIK and listed by his Kramatwatu desa under a Ciruas typo.
        const string Budi = "3604051507880031";
        await world.MemberAsync(Budi, "Budi Hartono");
        var typo = await world.RosterAsync(Nik.ChangeDigit(Budi, 6, '9'), "Budi Hartono", MatchingWorld.DesaKramatwatu);

        await world.MatchAsync("360405", "360406");

        foreach (var probable in new[] { entry, elsewhere })
        {
            var match = await world.MatchOfAsync(probable);
            Assert.NotNull(match);
            Assert.Equal(("NAMA_TGL_LAHIR", true, namesake, 0.800m), (match.Metode, match.IsProbable, match.MemberNik, match.Skor));
            Assert.StartsWith("NIK hanya berbeda pada kode wilayah (posisi 6)", match.Alasan, StringComparison.Ordinal);
            Assert.Contains("perlu diperiksa admin", match.Alasan, StringComparison.Ordinal);
        }

        var corrected = await world.MatchOfAsync(typo);
        Assert.Equal(("NIK_KOREKSI", false, Budi), (corrected?.Metode, corrected?.IsProbable, corrected?.MemberNik));
    }

    [Theory]
    [InlineData(16, false)]
    [InlineData(13, false)]
    [InlineData(15, true)]
    public async Task A_NIK_that_differs_only_in_the_serial_number_is_only_probable_because_a_namesake_born_the_same_day_there_has_one_too(int position, bool swap)
    {
        await using var database = await TestDatabase.CreateAsync();
        var world = new MatchingWorld(database);
        await world.MemberAsync(Ahmad, "Ahmad Fauzi");
        var entry = await world.RosterAsync(swap ? Nik.Swap(Ahmad, position) : Nik.ChangeDigit(Ahmad, position, '7'), "Ahmad Fauzi");

        await world.MatchAsync();

        var match = await world.MatchOfAsync(entry);
        Assert.NotNull(match);
        Assert.Equal(("NAMA_TGL_LAHIR", true, Ahmad, 0.800m), (match.Metode, match.IsProbable, match.MemberNik, match.Skor));
        Assert.StartsWith($"NIK hanya berbeda pada nomor urut (posisi {position}", match.Alasan, StringComparison.Ordinal);
        Assert.Contains("perlu diperiksa admin", match.Alasan, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(16, false)]
    [InlineData(14, false)]
    [InlineData(15, true)]
    public async Task With_Matching_SerialDifference_Correct_a_NIK_that_differs_only_in_the_serial_number_is_a_corrected_NIK_as_SPEC_rule_2_reads(int position, bool swap)
    {
        await using var database = await TestDatabase.CreateAsync();
        var world = new MatchingWorld(database) { SerialDifference = SerialDifference.Correct };
        await world.MemberAsync(Ahmad, "Ahmad Fauzi");
        var entry = await world.RosterAsync(swap ? Nik.Swap(Ahmad, position) : Nik.ChangeDigit(Ahmad, position, '7'), "Ahmad Fauzi");

        await world.MatchAsync();

        var match = await world.MatchOfAsync(entry);
        Assert.NotNull(match);
        Assert.Equal(("NIK_KOREKSI", false, Ahmad, swap ? 0.930m : 0.950m), (match.Metode, match.IsProbable, match.MemberNik, match.Skor));
        Assert.Equal(
            swap
                ? $"NIK berbeda karena dua digit bersebelahan tertukar (posisi {position} dan {position + 1}) dari NIK terdaftar; nama dan tanggal lahir sama"
                : $"NIK berbeda satu digit (posisi {position}) dari NIK terdaftar; nama dan tanggal lahir sama",
            match.Alasan);
    }

    [Fact]
    public async Task With_Matching_SerialDifference_Correct_a_serial_difference_is_still_only_proposed_when_two_register_namesakes_fit()
    {
        await using var database = await TestDatabase.CreateAsync();
        var world = new MatchingWorld(database) { SerialDifference = SerialDifference.Correct };
        // Dukcapil's numbering: two Ahmad Fauzi born 12 March 1990 in Kramatwatu, serials 0023 and 0025; the roster's 0024
        // is one digit from both, so no correction can say which.
        await world.MemberAsync(Ahmad, "Ahmad Fauzi");
        await world.MemberAsync("3604051203900025", "Ahmad Fauzi");
        var entry = await world.RosterAsync("3604051203900024", "Ahmad Fauzi");

        await world.MatchAsync();

        var match = await world.MatchOfAsync(entry);
        Assert.Equal(("NAMA_TGL_LAHIR", true, Ahmad), (match?.Metode, match?.IsProbable, match?.MemberNik));
        Assert.StartsWith("2 orang terdaftar di BPJS cocok dengan nama dan tanggal lahir ini", match?.Alasan, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_typo_in_the_birth_date_digits_is_only_proposed_for_review_when_the_village_wrote_no_birth_date()
    {
        await using var database = await TestDatabase.CreateAsync();
        var world = new MatchingWorld(database);
        await world.MemberAsync(Ahmad, "Ahmad Fauzi");
        // Day 13 instead of 12, and no birth date beside it: a typo, or a namesake born a day later; only the admin knows.
        var entry = await world.RosterAsync(Nik.ChangeDigit(Ahmad, 8, '3'), "Ahmad Fauzi");
        var swapped = await world.RosterAsync(Nik.Swap(Ahmad, 11), "Ahmad Fauzi", MatchingWorld.DesaMargasana);

        await world.MatchAsync();

        var match = await world.MatchOfAsync(entry);
        Assert.NotNull(match);
        Assert.Equal(("NAMA_TGL_LAHIR", true, Ahmad, 0.800m), (match.Metode, match.IsProbable, match.MemberNik, match.Skor));
        Assert.StartsWith("NIK berbeda pada bagian tanggal lahir (posisi 8) dari NIK terdaftar dan desa tidak mencatat tanggal lahir", match.Alasan, StringComparison.Ordinal);
        var swap = await world.MatchOfAsync(swapped);
        Assert.NotNull(swap);
        Assert.Equal(("NAMA_TGL_LAHIR", true, Ahmad), (swap.Metode, swap.IsProbable, swap.MemberNik));
        Assert.Contains("(posisi 11 dan 12 tertukar)", swap.Alasan, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_birth_date_typo_is_corrected_only_when_the_birth_date_the_village_wrote_does_not_vouch_for_the_NIK()
    {
        await using var database = await TestDatabase.CreateAsync();
        var world = new MatchingWorld(database);
        await world.MemberAsync(Ahmad, "Ahmad Fauzi");
        // Day 13 instead of 12 in three villages' rosters, each with another birth date written beside it.
        var neighbour = Nik.ChangeDigit(Ahmad, 8, '3');
        var wroteRegisterDate = await world.RosterAsync(neighbour, "Ahmad Fauzi", MatchingWorld.DesaKramatwatu, tanggalTertulis: Nik.BirthDate(Ahmad));
        var wroteNikDate = await world.RosterAsync(neighbour, "Ahmad Fauzi", MatchingWorld.DesaMargasana, tanggalTertulis: Nik.BirthDate(neighbour));
        var wroteOtherDate = await world.RosterAsync(neighbour, "Ahmad Fauzi", MatchingWorld.DesaKramatwatu, peran: "NELAYAN", tanggalTertulis: Nik.BirthDate(Ahmad).AddYears(1));

        await world.MatchAsync();

        var corrected = await world.MatchOfAsync(wroteRegisterDate);
        Assert.NotNull(corrected);
        Assert.Equal(("NIK_KOREKSI", false, Ahmad), (corrected.Metode, corrected.IsProbable, corrected.MemberNik));
        Assert.Contains("posisi 8, bagian tanggal lahir", corrected.Alasan, StringComparison.Ordinal);
        // The village's own date for the same NIK says the register person, born a day earlier, is a namesake.
        Assert.Null(await world.MatchOfAsync(wroteNikDate));
        Assert.Null(await world.MatchOfAsync(wroteOtherDate));
    }

    [Fact]
    public async Task An_exact_NIK_whose_register_name_shares_no_word_with_the_rosters_is_only_probable()
    {
        await using var database = await TestDatabase.CreateAsync();
        var world = new MatchingWorld(database);
        await world.MemberAsync(Ahmad, "MUHAMMAD AHMAD FAUZI");
        // Typos that turned two other people's NIKs into Ahmad's; and Ahmad himself, written as his village writes him.
        var stranger = await world.RosterAsync(Ahmad, "Ujang Sutisna");
        var namesakeInPart = await world.RosterAsync(Ahmad, "Moh. Jajang", peran: "NELAYAN");
        var variant = await world.RosterAsync(Ahmad, "H. M. Achmad Fauzi bin Salim", MatchingWorld.DesaMargasana);

        await world.MatchAsync();

        foreach (var entry in new[] { stranger, namesakeInPart })
        {
            var probable = await world.MatchOfAsync(entry);
            Assert.NotNull(probable);
            Assert.Equal(("NIK", true, Ahmad, 0.500m), (probable.Metode, probable.IsProbable, probable.MemberNik, probable.Skor));
            Assert.Contains("nama tidak mirip sama sekali", probable.Alasan, StringComparison.Ordinal);
        }

        Assert.Equal(("NIK", false), ((await world.MatchOfAsync(variant))?.Metode, (await world.MatchOfAsync(variant))?.IsProbable));
    }

    [Fact]
    public async Task A_name_written_apart_by_the_village_and_joined_by_BPJS_is_the_same_name_for_every_rule()
    {
        await using var database = await TestDatabase.CreateAsync();
        var world = new MatchingWorld(database);
        var nurhidayat = Nik.ChangeDigit(Ahmad, 16, '7');
        var nurhasanah = Nik.ChangeDigit(Aminah, 16, '8');
        await world.MemberAsync(Aminah, "SITI NURHALIZA");
        await world.MemberAsync(nurhasanah, "NUR HASANAH");
        await world.MemberAsync(Ahmad, "ABDURRAHMAN");
        await world.MemberAsync(nurhidayat, "MUHAMMAD NURHIDAYAT");
        // Digit 6 mistyped; the same NIK; a stranger whose NIK a typo turned into Nur Hasanah's, sharing only Nur.
        var siti = await world.RosterAsync(Nik.ChangeDigit(Aminah, 6, '9'), "Siti Nur Haliza");
        var abdurrahman = await world.RosterAsync(Nik.ChangeDigit(Ahmad, 6, '9'), "Abdul Rahman", peran: "NELAYAN");
        var nur = await world.RosterAsync(nurhidayat, "Nur Hidayat");
        var stranger = await world.RosterAsync(nurhasanah, "Nur Aini", MatchingWorld.DesaMargasana);

        await world.MatchAsync();

        var matches = (await world.MatchesAsync()).ToDictionary(m => m.EntryId);
        Assert.Equal(("NIK_KOREKSI", false, Aminah), Of(siti));
        Assert.Equal(("NIK_KOREKSI", false, Ahmad), Of(abdurrahman));
        Assert.Equal(("NIK", false, nurhidayat), Of(nur));
        Assert.Equal(("NIK", true, nurhasanah), Of(stranger));

        (string?, bool?, string?) Of(long entry) => matches.TryGetValue(entry, out var m) ? (m.Metode, m.IsProbable, m.MemberNik) : (null, null, null);
    }

    [Fact]
    public async Task A_name_written_with_CH_or_KH_by_one_side_and_H_by_the_other_is_the_same_name_for_every_rule()
    {
        await using var database = await TestDatabase.CreateAsync();
        var world = new MatchingWorld(database);
        var holid = Nik.ChangeDigit(Ahmad, 16, '7');
        await world.MemberAsync(Ahmad, "RAHMAT HIDAYAT");
        await world.MemberAsync(holid, "HOLID");
        // Digit 6 mistyped; the same NIK under the only word, spelled the old way.
        var rachmat = await world.RosterAsync(Nik.ChangeDigit(Ahmad, 6, '9'), "Rachmat Hidayat");
        var kholid = await world.RosterAsync(holid, "Kholid", peran: "NELAYAN");

        await world.MatchAsync();

        var corrected = await world.MatchOfAsync(rachmat);
        var exact = await world.MatchOfAsync(kholid);
        Assert.Equal(("NIK_KOREKSI", false, Ahmad), (corrected?.Metode, corrected?.IsProbable, corrected?.MemberNik));
        Assert.Equal(("NIK", false, holid), (exact?.Metode, exact?.IsProbable, exact?.MemberNik));
    }

    [Fact]
    public async Task A_NIK_mistyped_into_another_registered_persons_NIK_is_corrected_toward_the_person_the_name_fits()
    {
        await using var database = await TestDatabase.CreateAsync();
        var world = new MatchingWorld(database);
        var other = Nik.ChangeDigit(Ahmad, 5, '9');
        await world.MemberAsync(Ahmad, "Ahmad Fauzi");
        await world.MemberAsync(other, "Dedi Kurniawan");
        // Ahmad listed under Dedi's NIK: digit 5 typed wrong.
        var entry = await world.RosterAsync(other, "Ahmad Fauzi");

        await world.MatchAsync();

        var match = await world.MatchOfAsync(entry);
        Assert.NotNull(match);
        Assert.Equal(("NIK_KOREKSI", false, Ahmad), (match.Metode, match.IsProbable, match.MemberNik));
    }

    [Fact]
    public async Task Same_name_and_birth_date_with_a_NIK_further_off_is_only_probable_and_says_so()
    {
        await using var database = await TestDatabase.CreateAsync();
        var world = new MatchingWorld(database);
        await world.MemberAsync(Ahmad, "Muhammad Ahmad");
        // Registered in Kramatwatu, listed with a NIK from Ciruas and another serial.
        var entry = await world.RosterAsync("3604091203900517", "M. Ahmad");

        await world.MatchAsync();

        var match = await world.MatchOfAsync(entry);
        Assert.NotNull(match);
        Assert.Equal(("NAMA_TGL_LAHIR", true, Ahmad), (match.Metode, match.IsProbable, match.MemberNik));
        Assert.Equal("Nama dan tanggal lahir sama, tetapi NIK berbeda di 4 posisi dari NIK terdaftar; kemungkinan orang yang sama, perlu diperiksa admin", match.Alasan);
        Assert.True(match.Skor < 0.9m);
    }

    [Fact]
    public async Task A_different_name_or_birth_date_is_never_matched_by_a_near_NIK()
    {
        await using var database = await TestDatabase.CreateAsync();
        var world = new MatchingWorld(database);
        await world.MemberAsync(Ahmad, "Ahmad Fauzi");
        var otherName = await world.RosterAsync(Nik.ChangeDigit(Ahmad, 16, '4'), "Ahmad Fauzan");
        // A woman's day code: the birth date differs and the register's does not explain it.
        await world.MemberAsync(Aminah, "Siti Aminah");
        var otherDate = await world.RosterAsync("3604055507860107", "Siti Aminah", peran: "NELAYAN");
        await using (var connection = await database.DataSource.OpenConnectionAsync())
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "UPDATE membership.record SET tanggal_lahir = DATE '1985-07-16' WHERE nik = '3604055507850107'";
            await command.ExecuteNonQueryAsync();
        }

        await world.MatchAsync();

        Assert.Null(await world.MatchOfAsync(otherName));
        Assert.Null(await world.MatchOfAsync(otherDate));
    }

    [Fact]
    public async Task The_same_mistyped_NIK_in_two_roles_is_corrected_for_both()
    {
        await using var database = await TestDatabase.CreateAsync();
        var world = new MatchingWorld(database);
        await world.MemberAsync(Ahmad, "Ahmad Fauzi");
        var mistyped = Nik.ChangeDigit(Ahmad, 6, '8');
        var bpd = await world.RosterAsync(mistyped, "Ahmad Fauzi", MatchingWorld.DesaKramatwatu, "BPD");
        var petani = await world.RosterAsync(mistyped, "H. Ahmad Fauzi", MatchingWorld.DesaMargasana, "PETANI");

        await world.MatchAsync();

        Assert.Equal(("NIK_KOREKSI", Ahmad), ((await world.MatchOfAsync(bpd))?.Metode, (await world.MatchOfAsync(bpd))?.MemberNik));
        Assert.Equal(("NIK_KOREKSI", Ahmad), ((await world.MatchOfAsync(petani))?.Metode, (await world.MatchOfAsync(petani))?.MemberNik));
    }

    [Fact]
    public async Task An_entry_that_two_register_people_fit_is_only_proposed_with_the_closest_and_how_many_fit()
    {
        await using var database = await TestDatabase.CreateAsync();
        var world = new MatchingWorld(database);
        await world.MemberAsync(Ahmad, "Ahmad Fauzi");
        await world.MemberAsync(Nik.ChangeDigit(Ahmad, 16, '5'), "Ahmad Fauzi");
        // A namesake born the same day further off: not the closest.
        await world.MemberAsync("3604091203900517", "Ahmad Fauzi");
        var entry = await world.RosterAsync(Nik.ChangeDigit(Ahmad, 16, '4'), "Ahmad Fauzi");

        await world.MatchAsync();

        // Two register people one typo away: SPEC 3.3 calls that a probable match, never a choice between them; of the two
        // equally close, the lower NIK, so every run proposes the same.
        var proposed = await world.MatchOfAsync(entry);
        Assert.Equal(("NAMA_TGL_LAHIR", true, Ahmad), (proposed?.Metode, proposed?.IsProbable, proposed?.MemberNik));
        Assert.StartsWith("2 orang terdaftar di BPJS cocok dengan nama dan tanggal lahir ini", proposed?.Alasan, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_explanation_of_an_entry_several_register_people_fit_claims_only_what_is_true_of_them()
    {
        await using var database = await TestDatabase.CreateAsync();
        var world = new MatchingWorld(database);
        // Two namesakes born 12 March 1990, both further off than one typo from 3604051203900999: the lower NIK (serial
        // 0023, 3 digits apart) is proposed, not the more similar one (serial 1989, 2 digits apart).
        await world.MemberAsync("3604051203900023", "Budi Santoso");
        await world.MemberAsync("3604051203901989", "Budi Santoso");
        var namesakes = await world.RosterAsync("3604051203900999", "Budi Santoso");
        // Born on the 12th by its NIK, no birth date written; one register person born on the 13th (digit 8), one on the
        // 22nd (digit 7): neither shares the entry's birth date.
        await world.MemberAsync("3604051303900031", "Ahmad Fauzi");
        await world.MemberAsync("3604052203900031", "Ahmad Fauzi");
        var otherDays = await world.RosterAsync("3604051203900031", "Ahmad Fauzi", MatchingWorld.DesaMargasana);

        await world.MatchAsync();

        var namesake = await world.MatchOfAsync(namesakes);
        Assert.Equal(("NAMA_TGL_LAHIR", true, "3604051203900023"), (namesake?.Metode, namesake?.IsProbable, namesake?.MemberNik));
        Assert.Equal(
            "2 orang terdaftar di BPJS cocok dengan nama dan tanggal lahir ini; NIK berbeda di 3 posisi dari NIK terdaftar yang diusulkan; perlu diperiksa admin",
            namesake?.Alasan);
        var otherDay = await world.MatchOfAsync(otherDays);
        Assert.Equal(("NAMA_TGL_LAHIR", true), (otherDay?.Metode, otherDay?.IsProbable));
        Assert.Equal(
            "2 orang terdaftar di BPJS cocok dengan nama ini dan NIK-nya hanya satu salah ketik dari NIK ini, tetapi tidak semua lahir pada tanggal menurut NIK ini; "
            + $"NIK berbeda satu digit (posisi {(otherDay?.MemberNik == "3604051303900031" ? 8 : 7)}) dari NIK terdaftar yang diusulkan, tanggal lahir berbeda; perlu diperiksa admin",
            otherDay?.Alasan);
    }

    [Fact]
    public async Task A_person_an_admin_gave_to_another_entry_is_dropped_alone_and_a_namesake_further_off_is_still_proposed()
    {
        await using var database = await TestDatabase.CreateAsync();
        var world = new MatchingWorld(database);
        // Two Budi Santoso born 12 March 1990: P1 in Kramatwatu, P3 in Ciruas.
        const string P1 = "3604051203900023";
        const string P3 = "3604091203900517";
        await world.MemberAsync(P1, "Budi Santoso");
        await world.MemberAsync(P3, "Budi Santoso");
        var taker = await world.RosterAsync("3604051203900032", "Budi Santoso");
        await world.MatchAsync();
        await Review(database).AcceptAsync(taker, "admin", CancellationToken.None);
        var entry = await world.RosterAsync("3604051203900024", "Budi Santoso", MatchingWorld.DesaMargasana);

        await world.MatchAsync();

        Assert.Equal(("KEPUTUSAN_ADMIN", P1), ((await world.MatchOfAsync(taker))?.Metode, (await world.MatchOfAsync(taker))?.MemberNik));
        // P1, one serial digit off, is taken; P3 is a rule 3 namesake: NEEDS_REVIEW, not NOT_REGISTERED.
        var match = await world.MatchOfAsync(entry);
        Assert.NotNull(match);
        Assert.Equal(("NAMA_TGL_LAHIR", true, P3, 0.600m), (match.Metode, match.IsProbable, match.MemberNik, match.Skor));
        Assert.Equal("Nama dan tanggal lahir sama, tetapi NIK berbeda di 4 posisi dari NIK terdaftar; kemungkinan orang yang sama, perlu diperiksa admin", match.Alasan);
    }

    [Fact]
    public async Task How_many_register_people_fit_an_entry_leaves_out_the_one_an_admin_gave_to_another_entry()
    {
        await using var database = await TestDatabase.CreateAsync();
        var world = new MatchingWorld(database);
        // Three Budi Santoso born 12 March 1990 in Kramatwatu, serials 0023, 0025 and 0026.
        const string P1 = "3604051203900023";
        await world.MemberAsync(P1, "Budi Santoso");
        await world.MemberAsync("3604051203900025", "Budi Santoso");
        await world.MemberAsync("3604051203900026", "Budi Santoso");
        var taker = await world.RosterAsync("3604051203900032", "Budi Santoso");
        await world.MatchAsync();
        Assert.Equal(P1, (await world.MatchOfAsync(taker))?.MemberNik);
        await Review(database).AcceptAsync(taker, "admin", CancellationToken.None);
        // One serial digit from all three; P1 is taken, so two fit.
        var entry = await world.RosterAsync("3604051203900024", "Budi Santoso", MatchingWorld.DesaMargasana);

        await world.MatchAsync();

        var match = await world.MatchOfAsync(entry);
        Assert.Equal(("NAMA_TGL_LAHIR", true, "3604051203900025"), (match?.Metode, match?.IsProbable, match?.MemberNik));
        Assert.StartsWith("2 orang terdaftar di BPJS cocok dengan nama dan tanggal lahir ini", match?.Alasan, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_roster_NIKs_claiming_one_register_person_are_both_only_proposed_even_across_kecamatan()
    {
        await using var database = await TestDatabase.CreateAsync();
        var world = new MatchingWorld(database);
        var ciruas = (await world.DesaOfAsync("360409"))[0];
        await world.MemberAsync(Ahmad, "Ahmad Fauzi");
        var first = await world.RosterAsync(Nik.ChangeDigit(Ahmad, 6, '8'), "Ahmad Fauzi");
        var second = await world.RosterAsync(Nik.Swap(Ahmad, 5), "Ahmad Fauzi", ciruas);

        await world.MatchAsync(MatchingWorld.Kramatwatu, "360409");

        // The first would be a corrected NIK (the person's kecamatan is its desa's), were it not for the second.
        var proposed = await world.MatchOfAsync(first);
        Assert.Equal(("NAMA_TGL_LAHIR", true, Ahmad), (proposed?.Metode, proposed?.IsProbable, proposed?.MemberNik));
        Assert.Contains("NIK lain di daftar desa juga cocok dengan orang terdaftar itu", proposed?.Alasan, StringComparison.Ordinal);
        var other = await world.MatchOfAsync(second);
        Assert.Equal(("NAMA_TGL_LAHIR", true, Ahmad), (other?.Metode, other?.IsProbable, other?.MemberNik));
    }

    [Fact]
    public async Task A_probable_match_is_still_proposed_when_another_roster_NIK_one_typo_from_the_person_has_the_name_while_that_correction_is_withheld()
    {
        await using var database = await TestDatabase.CreateAsync();
        var world = new MatchingWorld(database);
        var ciruas = (await world.DesaOfAsync("360409"))[0];
        await world.MemberAsync(Ahmad, "Ahmad Fauzi");
        // A typo in the birth-date digits: born the 14th by this NIK, so not the person's birth date.
        var typo = await world.RosterAsync(Nik.ChangeDigit(Ahmad, 8, '4'), "Ahmad Fauzi");
        // Same name and birth date, a NIK from Ciruas four digits off: only ever probable, so an admin sees it anyway.
        var far = await world.RosterAsync("3604091203900517", "Ahmad Fauzi", ciruas);

        await world.MatchAsync(MatchingWorld.Kramatwatu, "360409");

        // Two roster NIKs fit the person: the one a typo away is no corrected NIK, only proposed as well.
        var withheld = await world.MatchOfAsync(typo);
        Assert.Equal(("NAMA_TGL_LAHIR", true, Ahmad), (withheld?.Metode, withheld?.IsProbable, withheld?.MemberNik));
        var proposed = await world.MatchOfAsync(far);
        Assert.Equal(("NAMA_TGL_LAHIR", true, Ahmad), (proposed?.Metode, proposed?.IsProbable, proposed?.MemberNik));
    }

    [Theory]
    [InlineData(16, '4', MatchingWorld.DesaMargasana, "PETANI", "berbeda satu digit (posisi 16)")]
    [InlineData(6, '8', MatchingWorld.DesaKramatwatu, "BPD", "berbeda satu digit (posisi 6)")]
    public async Task A_near_NIK_of_a_register_person_listed_under_their_own_NIK_is_only_proposed_for_review(int position, char digit, string desa, string peran, string beda)
    {
        await using var database = await TestDatabase.CreateAsync();
        var world = new MatchingWorld(database);
        await world.MemberAsync(Ahmad, "Ahmad Fauzi");
        var own = await world.RosterAsync(Ahmad, "Ahmad Fauzi");
        // Another Ahmad Fauzi born the same day, serial 0024, not registered; or Ahmad once more, as BPD member of his own
        // desa, with digit 6 mistyped (a typo rule 3 would correct if he were not listed already).
        var near = await world.RosterAsync(Nik.ChangeDigit(Ahmad, position, digit), "H. Ahmad Fauzi", desa, peran);

        await world.MatchAsync();

        var exact = await world.MatchOfAsync(own);
        Assert.Equal(("NIK", false), (exact?.Metode, exact?.IsProbable));
        var match = await world.MatchOfAsync(near);
        Assert.NotNull(match);
        Assert.Equal(("NAMA_TGL_LAHIR", true, Ahmad, 0.800m), (match.Metode, match.IsProbable, match.MemberNik, match.Skor));
        Assert.StartsWith($"NIK {beda} dari NIK terdaftar dan namanya sama, tetapi orang terdaftar itu juga tercatat di daftar desa dengan NIK-nya sendiri", match.Alasan, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_one_candidate_a_single_typo_away_is_proposed_over_namesakes_whose_NIK_is_further_off()
    {
        await using var database = await TestDatabase.CreateAsync();
        var world = new MatchingWorld(database);
        await world.MemberAsync(Ahmad, "Ahmad Fauzi");
        // Another Ahmad Fauzi born the same day in Ciruas, serial 0311: a rule 3 namesake, several digits off.
        await world.MemberAsync("3604091203900311", "Ahmad Fauzi");
        var entry = await world.RosterAsync(Nik.ChangeDigit(Ahmad, 16, '4'), "Ahmad Fauzi");

        await world.MatchAsync();

        var match = await world.MatchOfAsync(entry);
        Assert.NotNull(match);
        Assert.Equal(("NAMA_TGL_LAHIR", true, Ahmad, 0.800m), (match.Metode, match.IsProbable, match.MemberNik, match.Skor));
        Assert.StartsWith("NIK hanya berbeda pada nomor urut (posisi 16)", match.Alasan, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_namesake_further_off_who_is_listed_under_their_own_NIK_is_not_proposed()
    {
        await using var database = await TestDatabase.CreateAsync();
        var world = new MatchingWorld(database);
        await world.MemberAsync(Ahmad, "Ahmad Fauzi");
        var own = await world.RosterAsync(Ahmad, "Ahmad Fauzi");
        // Another Ahmad Fauzi born the same day in Ciruas, serial 0311: no typo makes one NIK the other.
        var namesake = await world.RosterAsync("3604091203900311", "Ahmad Fauzi", MatchingWorld.DesaMargasana);

        await world.MatchAsync();

        Assert.Equal("NIK", (await world.MatchOfAsync(own))?.Metode);
        Assert.Null(await world.MatchOfAsync(namesake));
    }

    [Fact]
    public async Task Explanations_name_positions_but_never_a_NIK_a_name_or_a_birth_date()
    {
        await using var database = await TestDatabase.CreateAsync();
        var world = new MatchingWorld(database);
        await world.MemberAsync(Ahmad, "Ahmad Fauzi");
        await world.MemberAsync(Aminah, "Siti Aminah");
        await world.RosterAsync(Nik.ChangeDigit(Ahmad, 6, '8'), "Ahmad Fauzi");
        await world.RosterAsync("3604095507850999", "Siti Aminah");

        await world.MatchAsync();

        var matches = await world.MatchesAsync();
        Assert.Equal(2, matches.Count);
        Assert.All(matches, m =>
        {
            Assert.DoesNotMatch(@"\d{6,}", m.Alasan);
            Assert.DoesNotContain("Aminah", m.Alasan, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("Fauzi", m.Alasan, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("1990", m.Alasan, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Entries_that_left_the_roster_are_not_matched_and_a_rerun_replaces_earlier_matches()
    {
        await using var database = await TestDatabase.CreateAsync();
        var world = new MatchingWorld(database);
        await world.MemberAsync(Ahmad, "Ahmad Fauzi");
        var entry = await world.RosterAsync(Ahmad, "Ahmad Fauzi");
        await world.MatchAsync();
        Assert.NotNull(await world.MatchOfAsync(entry));

        await using (var connection = await database.DataSource.OpenConnectionAsync())
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "UPDATE roster.entry SET left_at = now()";
            await command.ExecuteNonQueryAsync();
        }

        await world.MatchAsync();

        Assert.Null(await world.MatchOfAsync(entry));
    }

    private static ReviewQueue Review(TestDatabase database) => new(database.DataSource, TimeProvider.System, NullLogger<ReviewQueue>.Instance);
}
