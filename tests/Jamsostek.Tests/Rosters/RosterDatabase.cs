using Dapper;
using Jamsostek.Rosters;
using Jamsostek.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Jamsostek.Tests.Rosters;

/// <summary>A fresh database with the worker's own services on it, and what the roster tests read back.</summary>
public sealed class RosterDatabase : IAsyncDisposable
{
    public const string Kramatwatu = "3604052001";
    public const string Margasana = "3604052002";

    private RosterDatabase(TestDatabase database, IHost host)
    {
        Database = database;
        Host = host;
    }

    public TestDatabase Database { get; }

    public IHost Host { get; }

    public RosterUpdates Updates => Host.Services.GetRequiredService<RosterUpdates>();

    public static async Task<RosterDatabase> CreateAsync(IDictionary<string, string?>? settings = null, TimeProvider? clock = null)
    {
        var database = await TestDatabase.CreateAsync();
        return new RosterDatabase(database, database.BuildHost(settings, clock));
    }

    /// <summary>A valid Kramatwatu NIK: born 17 May 1980 (a woman's day is 57), with the given serial.</summary>
    public static string Nik(int serial, bool woman = false) => $"360405{(woman ? 57 : 17)}0580{serial:0000}";

    public async Task<List<EntryRow>> EntriesAsync()
    {
        await using var connection = await Database.DataSource.OpenConnectionAsync();
        return [.. await connection.QueryAsync<EntryRow>(
            "SELECT id, kode_desa, nik, peran, nama, tanggal_lahir, tanggal_lahir_tertulis, jenis_kelamin, no_hp, peringatan, first_seen_at, changed_at, left_at FROM roster.entry ORDER BY kode_desa, nik, peran")];
    }

    public async Task<List<(long EntryId, string Kind)>> EventsAsync()
    {
        await using var connection = await Database.DataSource.OpenConnectionAsync();
        return [.. await connection.QueryAsync<(long, string)>("SELECT entry_id, kind FROM roster.entry_event ORDER BY id")];
    }

    public async Task<List<QuarantineRow>> QuarantineAsync()
    {
        await using var connection = await Database.DataSource.OpenConnectionAsync();
        return [.. await connection.QueryAsync<QuarantineRow>(
            "SELECT sumber, baris, kode_desa, nik, nama, alasan, resolved_at FROM roster.quarantine ORDER BY id")];
    }

    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = await Database.DataSource.OpenConnectionAsync();
        return (await connection.ExecuteScalarAsync<T>(sql))!;
    }

    public async ValueTask DisposeAsync()
    {
        Host.Dispose();
        await Database.DisposeAsync();
    }
}

public sealed class EntryRow
{
    public long Id { get; init; }

    public string KodeDesa { get; init; } = "";

    public string Nik { get; init; } = "";

    public string Peran { get; init; } = "";

    public string Nama { get; init; } = "";

    public DateOnly TanggalLahir { get; init; }

    public DateOnly? TanggalLahirTertulis { get; init; }

    public string JenisKelamin { get; init; } = "";

    public string? NoHp { get; init; }

    public string[] Peringatan { get; init; } = [];

    public DateTime FirstSeenAt { get; init; }

    public DateTime ChangedAt { get; init; }

    public DateTime? LeftAt { get; init; }

    /// <summary>Every column, for comparing the whole table before and after.</summary>
    public override string ToString() =>
        $"{Id}|{KodeDesa}|{Nik}|{Peran}|{Nama}|{TanggalLahir:O}|{TanggalLahirTertulis:O}|{JenisKelamin}|{NoHp}|{string.Join(';', Peringatan)}|{FirstSeenAt:O}|{ChangedAt:O}|{LeftAt:O}";
}

public sealed record QuarantineRow(string Sumber, int Baris, string? KodeDesa, string? Nik, string? Nama, string Alasan, DateTime? ResolvedAt);
