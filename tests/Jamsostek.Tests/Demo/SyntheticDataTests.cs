using Dapper;
using Jamsostek.Demo;
using Jamsostek.Tests.Infrastructure;

namespace Jamsostek.Tests.Demo;

public sealed class SyntheticDataTests
{
    private static readonly SyntheticDataParameters Tiny = new() { RosterEntries = 3_000, MembershipRecords = 9_000 };

    [Fact]
    public void The_same_seed_writes_byte_identical_files_and_another_seed_does_not()
    {
        using var first = GeneratedData.Create(Tiny);
        using var second = GeneratedData.Create(Tiny);
        using var other = GeneratedData.Create(Tiny with { Seed = Tiny.Seed + 1 });

        var expected = first.Files();
        var again = second.Files();
        Assert.Equal(expected.Keys.Order(), again.Keys.Order());
        Assert.All(expected, file => Assert.True(file.Value.AsSpan().SequenceEqual(again[file.Key]), $"{file.Key} differs between two runs"));
        Assert.False(expected[SyntheticData.TruthFileName].AsSpan().SequenceEqual(other.Files()[SyntheticData.TruthFileName]));
    }

    [Fact]
    public async Task Every_desa_in_the_reference_data_gets_its_own_roster_file_with_people_in_it()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var connection = await database.DataSource.OpenConnectionAsync();
        var desa = (await connection.QueryAsync<string>("SELECT code FROM ref.desa")).ToHashSet();

        using var data = GeneratedData.Create(Tiny);

        Assert.Equal(326, desa.Count);
        Assert.Equal(desa.Count, data.Summary.RosterFiles);
        var rostered = data.Truth().Select(r => r["kode_desa_benar"]).ToHashSet();
        Assert.Equal(desa.Order(), rostered.Order());
        Assert.All(data.Summary.RosterPaths, path => Assert.Contains(Path.GetFileName(path)[7..17], desa));
    }

    [Fact]
    public void Both_layouts_carry_the_same_rows()
    {
        using var perDesa = GeneratedData.Create(Tiny);
        using var single = GeneratedData.Create(Tiny with { Layout = RosterLayout.SingleFile });

        Assert.Single(single.Summary.RosterPaths);
        Assert.Equal(perDesa.Summary.RosterRows, File.ReadLines(single.Summary.RosterPaths[0]).Count() - 1);
        Assert.Equal(perDesa.Truth().Select(r => r["nik_benar"] + r["peran"]), single.Truth().Select(r => r["nik_benar"] + r["peran"]));
    }

    [Fact]
    public async Task Written_NIKs_are_wrong_about_as_often_as_configured_and_true_NIKs_are_always_valid()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var connection = await database.DataSource.OpenConnectionAsync();
        var regencies = (await connection.QueryAsync<string>("SELECT code FROM ref.regency")).ToHashSet();
        var parameters = new SyntheticDataParameters
        {
            RosterEntries = 20_000,
            MembershipRecords = 20_000,
            Mistakes = new RosterMistakeRates { NikOneDigit = 0.02, NikSwappedNeighbours = 0.01, NikExcelScientific = 0.005, NikOpenSidTemporary = 0.005 },
        };

        using var data = GeneratedData.Create(parameters);
        var rows = data.Truth().ToList();

        var wrong = rows.Count(r => Digits(r["nik"]) != r["nik_benar"]);
        Assert.InRange((double)wrong / rows.Count, parameters.Mistakes.AnyNik - 0.006, parameters.Mistakes.AnyNik + 0.006);
        var invalid = rows.Count(r => !LooksValid(Digits(r["nik"]), regencies));
        // Every scientific-notation and temporary NIK is invalid; a typo is invalid only sometimes (it may land on another valid NIK).
        Assert.InRange(invalid, (int)(rows.Count * 0.008), wrong);
        Assert.All(rows, r => Assert.True(LooksValid(r["nik_benar"], regencies), $"true NIK of row {r["baris"]} of {r["file"]} is invalid"));
        Assert.Equal(rows.Count, rows.Select(r => (r["kode_desa_benar"], r["nik_benar"], r["peran"])).Distinct().Count());
    }

    [Fact]
    public void The_answer_key_status_is_SPEC_3_2_applied_to_the_membership_file_and_the_NIK_encodes_the_birth_date()
    {
        using var data = GeneratedData.Create(Tiny);
        var asOf = Tiny.TruthDate;
        var records = data.Membership().ToLookup(m => m["nik"]);

        var rows = data.Truth().Where(r => r["karantina"] == "tidak").ToList();
        Assert.NotEmpty(rows);
        foreach (var row in rows)
        {
            var own = records[row["nik_benar"]].ToList();
            Assert.Equal(ExpectedStatus(own, asOf), row["status_benar"]);
            foreach (var record in own.Where(r => r["tanggal_lahir"].Length > 0))
            {
                var born = DateOnly.ParseExact(record["tanggal_lahir"], "yyyy-MM-dd");
                var nik = row["nik_benar"];
                Assert.Equal(born.Day, int.Parse(nik[6..8]) % 40);
                Assert.Equal($"{born.Month:D2}{born.Year % 100:D2}", nik[8..12]);
            }
        }

        var statuses = rows.Select(r => r["status_benar"]).ToHashSet();
        Assert.Superset(new HashSet<string> { "NOT_REGISTERED", "INACTIVE", "LAPSED", "PARTIAL", "EXPIRING", "COVERED" }, statuses);
        Assert.Equal(6, statuses.Count);
    }

    [Fact]
    public void The_register_has_several_records_for_some_people_and_other_people_of_Banten_beyond_the_rosters()
    {
        using var data = GeneratedData.Create(Tiny);
        var rostered = data.Truth().Select(r => r["nik_benar"]).ToHashSet();
        var members = data.Membership().ToList();

        Assert.Equal(Tiny.MembershipRecords, members.Count);
        Assert.Equal(members.Count, members.Select(m => m["kpj"]).Distinct().Count());
        Assert.Contains(members.GroupBy(m => m["nik"]), g => g.Count() > 1 && rostered.Contains(g.Key));
        Assert.True(members.Count(m => !rostered.Contains(m["nik"])) > members.Count / 2);
        Assert.All(members, m => Assert.StartsWith("3", m["nik"], StringComparison.Ordinal));
    }

    [Fact]
    public void The_changed_night_keeps_everyone_s_NIK_and_changes_about_one_entry_in_a_hundred()
    {
        var parameters = Tiny with { RosterEntries = 20_000, MembershipRecords = 20_000 };
        using var first = GeneratedData.Create(parameters);
        using var night = GeneratedData.Create(parameters with { ChangedFraction = 0.01, AsOf = parameters.ReferenceDate.AddDays(1) });

        var before = first.Truth().Select(r => (r["kode_desa_benar"], r["nik_benar"], r["peran"])).ToHashSet();
        var after = night.Truth().Select(r => (r["kode_desa_benar"], r["nik_benar"], r["peran"])).ToHashSet();

        var gone = before.Except(after).Count();
        var added = after.Except(before).Count();
        Assert.InRange((double)gone / before.Count, 0.006, 0.014);
        Assert.InRange((double)added / before.Count, 0.002, 0.008);
    }

    private static string Digits(string written) => string.Concat(written.Where(c => c is not (' ' or '.' or '-')));

    /// <summary>SPEC 3.1's rejections, written again here so the test does not trust the generator's own check.</summary>
    private static bool LooksValid(string nik, HashSet<string> regencies)
    {
        if (nik.Length != 16 || !nik.All(char.IsAsciiDigit) || nik[0] == '0' || !regencies.Contains(nik[..4]) || nik[12..] == "0000")
        {
            return false;
        }

        var day = int.Parse(nik[6..8]);
        var month = int.Parse(nik[8..10]);
        var year = int.Parse(nik[10..12]);
        year += year <= DateTime.UtcNow.Year % 100 ? 2000 : 1900;
        day -= day > 40 ? 40 : 0;
        return month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month);
    }

    private static string ExpectedStatus(List<Dictionary<string, string>> records, DateOnly asOf)
    {
        var best = records
            .OrderByDescending(r => r["status"] == "AKTIF")
            .ThenByDescending(r => r["iuran_sampai"], StringComparer.Ordinal)
            .FirstOrDefault();
        if (best is null)
        {
            return "NOT_REGISTERED";
        }

        var paidThrough = DateOnly.ParseExact(best["iuran_sampai"], "yyyy-MM-dd");
        var programs = best["program"].Split(';');
        return best["status"] != "AKTIF" ? "INACTIVE"
            : paidThrough < asOf ? "LAPSED"
            : !programs.Contains("JKK") || !programs.Contains("JKM") ? "PARTIAL"
            : paidThrough < asOf.AddDays(30) ? "EXPIRING"
            : "COVERED";
    }
}
