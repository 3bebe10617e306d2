using Dapper;
using Jamsostek.Database;
using Jamsostek.Matching;
using Jamsostek.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Jamsostek.Tests.Matching;

/// <summary>Roster entries and register records written straight into a test database, and the matcher run on them.</summary>
internal sealed class MatchingWorld(TestDatabase database)
{
    public const string Kramatwatu = "360405";
    public const string DesaKramatwatu = "3604052001";
    public const string DesaMargasana = "3604052002";

    public TestDatabase Database => database;

    /// <summary>
    /// A roster entry as the rosters capability stores it: the birth date is the one the NIK encodes (SPEC 3.1);
    /// <paramref name="tanggalTertulis"/> is the one the village wrote, if it wrote one.
    /// </summary>
    public async Task<long> RosterAsync(string nik, string nama, string kodeDesa = DesaKramatwatu, string peran = "PETANI", DateOnly? tanggalTertulis = null)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<long>(
            """
            INSERT INTO roster.entry (kode_desa, nik, peran, nama, nama_normal, tanggal_lahir, tanggal_lahir_tertulis, jenis_kelamin, first_seen_at, changed_at)
            VALUES (@KodeDesa, @Nik, @Peran, @Nama, @NamaNormal, @TanggalLahir, @TanggalTertulis, @JenisKelamin, now(), now())
            RETURNING id
            """,
            new
            {
                KodeDesa = kodeDesa,
                Nik = nik,
                Peran = peran,
                Nama = nama,
                NamaNormal = NamaNormal.Of(nama),
                TanggalLahir = Nik.BirthDate(nik).ToDateTime(TimeOnly.MinValue),
                TanggalTertulis = tanggalTertulis?.ToDateTime(TimeOnly.MinValue),
                JenisKelamin = Nik.Sex(nik),
            });
    }

    public async Task MemberAsync(string nik, string nama, string status = "AKTIF", string kpj = "KPJ")
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync(
            """
            INSERT INTO membership.record (nik, kpj, nama, nama_normal, tanggal_lahir, segmen, program, status, iuran_sampai)
            VALUES (@Nik, @Kpj, @Nama, @NamaNormal, @TanggalLahir, 'BPU', '{JKK,JKM}', @Status, DATE '2027-12-31')
            """,
            new { Nik = nik, Kpj = kpj, Nama = nama, NamaNormal = NamaNormal.Of(nama), TanggalLahir = Nik.BirthDate(nik).ToDateTime(TimeOnly.MinValue), Status = status });
    }

    /// <summary>The matching policy of the next <see cref="MatchAsync"/> (Matching:SerialDifference).</summary>
    public SerialDifference SerialDifference { get; set; }

    public async Task MatchAsync(params string[] kodeKecamatan)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var matcher = new Matcher(Options.Create(new MatchingOptions { SerialDifference = SerialDifference }), NullLogger<Matcher>.Instance);
        var queries = new TransactionQueries(connection, transaction, CancellationToken.None);
        foreach (var kode in kodeKecamatan.DefaultIfEmpty(Kramatwatu))
        {
            await matcher.MatchKecamatanAsync(queries, kode);
        }

        await transaction.CommitAsync();
    }

    public async Task<MatchRow?> MatchOfAsync(long entryId)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        return await connection.QuerySingleOrDefaultAsync<MatchRow>(
            "SELECT entry_id AS entryid, trim(member_nik) AS membernik, metode, is_probable AS isprobable, skor, alasan FROM matching.match WHERE entry_id = @EntryId",
            new { EntryId = entryId });
    }

    public async Task<IReadOnlyList<MatchRow>> MatchesAsync()
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        return [.. await connection.QueryAsync<MatchRow>(
            "SELECT entry_id AS entryid, trim(member_nik) AS membernik, metode, is_probable AS isprobable, skor, alasan FROM matching.match")];
    }

    public async Task<IReadOnlyList<string>> DesaOfAsync(string kodeKecamatan)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        return [.. await connection.QueryAsync<string>("SELECT code FROM ref.desa WHERE kecamatan_code = @Kode ORDER BY code", new { Kode = kodeKecamatan })];
    }
}

public sealed record MatchRow(long EntryId, string MemberNik, string Metode, bool IsProbable, decimal Skor, string Alasan);

/// <summary>NIK arithmetic for building test people (SPEC 3.1): digits 7-12 are the birth date, women add 40 to the day.</summary>
internal static class Nik
{
    public static string Of(string kecamatan, DateOnly birthDate, bool female, int serial) =>
        $"{kecamatan}{birthDate.Day + (female ? 40 : 0):00}{birthDate.Month:00}{birthDate.Year % 100:00}{serial:0000}";

    public static DateOnly BirthDate(string nik)
    {
        var day = int.Parse(nik.AsSpan(6, 2), System.Globalization.CultureInfo.InvariantCulture) % 40;
        var month = int.Parse(nik.AsSpan(8, 2), System.Globalization.CultureInfo.InvariantCulture);
        var yy = int.Parse(nik.AsSpan(10, 2), System.Globalization.CultureInfo.InvariantCulture);
        return new DateOnly(yy <= 26 ? 2000 + yy : 1900 + yy, month, day);
    }

    public static string Sex(string nik) => int.Parse(nik.AsSpan(6, 2), System.Globalization.CultureInfo.InvariantCulture) > 40 ? "P" : "L";

    /// <summary>Whether the rosters capability would take the NIK at all: a real birth date, serial not 0000, no leading 0.</summary>
    public static bool LooksValid(string nik)
    {
        if (nik[0] == '0' || nik.EndsWith("0000", StringComparison.Ordinal))
        {
            return false;
        }

        var dayCode = int.Parse(nik.AsSpan(6, 2), System.Globalization.CultureInfo.InvariantCulture);
        var month = int.Parse(nik.AsSpan(8, 2), System.Globalization.CultureInfo.InvariantCulture);
        var yy = int.Parse(nik.AsSpan(10, 2), System.Globalization.CultureInfo.InvariantCulture);
        var day = dayCode > 40 ? dayCode - 40 : dayCode;
        return dayCode is >= 1 and <= 71 and not (>= 32 and <= 40) && month is >= 1 and <= 12
            && day <= DateTime.DaysInMonth(yy <= 26 ? 2000 + yy : 1900 + yy, month);
    }

    public static string ChangeDigit(string nik, int position, char digit) =>
        string.Concat(nik.AsSpan(0, position - 1), digit.ToString(), nik.AsSpan(position));

    public static string Swap(string nik, int position) =>
        string.Concat(nik.AsSpan(0, position - 1), nik[position].ToString(), nik[position - 1].ToString(), nik.AsSpan(position + 1));
}
