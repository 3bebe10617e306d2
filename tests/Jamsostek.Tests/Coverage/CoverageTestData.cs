using Dapper;
using Jamsostek.Coverage;
using Jamsostek.Matching;
using Jamsostek.Tests.Infrastructure;
using Jamsostek.Worker.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Jamsostek.Tests.Coverage;

/// <summary>Roster entries and membership records written straight into their contract tables, as the rosters and membership capabilities would.</summary>
public sealed class CoverageTestData(TestDatabase database)
{
    public const string Kramatwatu = "360405";
    public const string DesaKramatwatu = "3604052001";
    public const string DesaMargasana = "3604052002";
    public const string Waringinkurung = "360406";
    public const string DesaWaringinkurung = "3604062001";

    /// <summary>A day well in the past, so no test depends on the clock.</summary>
    public static readonly DateOnly Day = new(2026, 10, 1);

    private int serial;

    public string NextNik() => $"3604051203850{Interlocked.Increment(ref serial):D3}";

    /// <summary>A worker of Desa Kramatwatu with one active JKK and JKM membership, KPJ-1, paid through the day given.</summary>
    public async Task<long> PaidEntryAsync(DateOnly? iuranSampai)
    {
        var nik = NextNik();
        var entry = await EntryAsync(DesaKramatwatu, nik);
        await MembershipAsync(nik, "KPJ-1", "AKTIF", "JKK;JKM", iuranSampai);
        return entry;
    }

    public async Task<long> EntryAsync(string kodeDesa, string nik, string peran = "KETUA_RT", string nama = "Budi Santoso")
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<long>(
            """
            INSERT INTO roster.entry (kode_desa, nik, peran, nama, nama_normal, tanggal_lahir, jenis_kelamin, first_seen_at, changed_at)
            VALUES (@kodeDesa, @nik, @peran, @nama, @namaNormal, date '1985-03-12', 'L', now(), now())
            RETURNING id
            """,
            new { kodeDesa, nik, peran, nama, namaNormal = NamaNormal.Of(nama) });
    }

    /// <summary>A membership record; <paramref name="program"/> is SPEC 2.3's ;-separated list; the name is the roster entries' default.</summary>
    public async Task MembershipAsync(string nik, string kpj, string status, string program, DateOnly? iuranSampai, string segmen = "BPU", string nama = "Budi Santoso")
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync(
            """
            INSERT INTO membership.record (nik, kpj, nama, nama_normal, tanggal_lahir, segmen, program, status, iuran_sampai)
            VALUES (@nik, @kpj, @nama, @namaNormal, date '1985-03-12', @segmen, @programs, @status, @iuranSampai)
            """,
            new { nik, kpj, nama, namaNormal = NamaNormal.Of(nama), segmen, programs = program.Split(';'), status, iuranSampai });
    }

    public async Task SetIuranSampaiAsync(string kpj, DateOnly? iuranSampai, string status = "AKTIF")
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync("UPDATE membership.record SET iuran_sampai = @iuranSampai, status = @status WHERE kpj = @kpj", new { kpj, iuranSampai, status });
    }

    public async Task LeaveAsync(long entryId)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync("UPDATE roster.entry SET left_at = now() WHERE id = @entryId", new { entryId });
    }

    public async Task<string?> StatusAsync(long entryId)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<string?>("SELECT status FROM coverage.entry_status WHERE entry_id = @entryId", new { entryId });
    }

    public async Task<EntryStatusRow?> EntryStatusAsync(long entryId)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        return await connection.QuerySingleOrDefaultAsync<EntryStatusRow>(
            "SELECT status, kpj, metode, skor, alasan, as_of::text AS as_of FROM coverage.entry_status WHERE entry_id = @entryId", new { entryId });
    }

    public async Task<IReadOnlyList<FlagRow>> FlagsAsync(long entryId)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        var flags = await connection.QueryAsync<FlagRow>(
            "SELECT id, status, opened_on::text AS opened_on, resolved_on::text AS resolved_on FROM coverage.flag WHERE entry_id = @entryId ORDER BY id",
            new { entryId });
        return [.. flags];
    }

    /// <summary>Everything reconciliation wrote, keyed by person and role rather than generated ids, for comparing two runs.</summary>
    public async Task<IReadOnlyList<string>> SnapshotAsync()
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        var statuses = await connection.QueryAsync<string>(
            """
            SELECT concat_ws('|', 'status', e.nik, e.peran, s.as_of, s.kode_desa, s.kecamatan_code, s.status, s.kpj, s.metode, s.skor, s.alasan, s.iuran_sampai)
            FROM coverage.entry_status s JOIN roster.entry e ON e.id = s.entry_id ORDER BY 1
            """);
        var flags = await connection.QueryAsync<string>(
            """
            SELECT concat_ws('|', 'flag', e.nik, e.peran, f.status, f.opened_on, coalesce(f.resolved_on::text, 'open'))
            FROM coverage.flag f JOIN roster.entry e ON e.id = f.entry_id ORDER BY 1
            """);
        var counts = await connection.QueryAsync<string>(
            "SELECT concat_ws('|', 'count', as_of, kode_desa, peran, status, people) FROM coverage.daily_count ORDER BY 1");
        var people = await connection.QueryAsync<string>(
            "SELECT concat_ws('|', 'people', as_of, kode_desa, status, people) FROM coverage.daily_people ORDER BY 1");
        var scopes = await connection.QueryAsync<string>(
            "SELECT concat_ws('|', 'scope', as_of, scope_code, status, people) FROM coverage.daily_scope_people ORDER BY 1");
        var shared = await connection.QueryAsync<string>(
            "SELECT concat_ws('|', 'shared', as_of, kecamatan_code, kode_desa, nik, status) FROM coverage.shard_shared_person ORDER BY 1");
        var runs = await connection.QueryAsync<string>(
            "SELECT concat_ws('|', 'run', as_of, kecamatan_code, mode, entries) FROM coverage.run ORDER BY 1");
        return [.. statuses, .. flags, .. counts, .. people, .. scopes, .. shared, .. runs];
    }

    /// <summary>
    /// A few hundred people over every desa of the regency with every kind of membership, written in two set-based statements.
    /// Relative to <paramref name="day"/> so that each status of SPEC 3.2 occurs.
    /// </summary>
    public async Task SeedRegencyAsync(int people, DateOnly day)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync(
            """
            INSERT INTO roster.entry (kode_desa, nik, peran, nama, nama_normal, tanggal_lahir, jenis_kelamin, first_seen_at, changed_at)
            SELECT d.codes[1 + (g * 7) % cardinality(d.codes)], '3604' || lpad(g::text, 12, '0'),
                   (ARRAY['BPD', 'KETUA_RT', 'PETANI', 'NELAYAN'])[1 + g % 4], 'Warga ' || g, @wargaNormal, date '1980-01-01', 'L', now(), now()
            FROM generate_series(1, @people) g
            CROSS JOIN (SELECT array_agg(code ORDER BY code) AS codes FROM ref.desa) d;

            INSERT INTO membership.record (nik, kpj, nama, nama_normal, tanggal_lahir, segmen, program, status, iuran_sampai)
            SELECT e.nik, 'KPJ' || e.nik || '-' || k, e.nama, e.nama_normal, e.tanggal_lahir, 'BPU',
                   CASE WHEN g % 6 = 3 THEN ARRAY['JKK'] ELSE ARRAY['JKK', 'JKM'] END,
                   CASE WHEN g % 12 = 1 OR (g % 12 = 7 AND k = 1) THEN 'NONAKTIF' ELSE 'AKTIF' END,
                   @day::date + CASE g % 6 WHEN 2 THEN -20 WHEN 4 THEN 10 ELSE 90 END - k
            FROM generate_series(1, @people) g
            JOIN roster.entry e ON e.nik = '3604' || lpad(g::text, 12, '0')
            CROSS JOIN generate_series(1, 1 + g % 2) k
            WHERE g % 6 <> 0;
            """,
            // The number is not part of a name (digits separate words): every 'Warga n' normalises as 'Warga 1' does.
            new { people, day, wargaNormal = NamaNormal.Of("Warga 1") });
    }

    /// <summary>The worker's services on the test database, with a clock fixed at <paramref name="clock"/> and optionally a Hangfire server.</summary>
    public static IHost BuildHost(TestDatabase database, TimeProvider clock, bool withServer = false, IDictionary<string, string?>? settings = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(database.Settings(new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>())
        {
            ["Jobs:WorkerCount"] = "2",
        }));
        builder.AddWorkerServices();
        builder.Services.AddJamsostekHangfire(withServer);
        builder.Services.AddSingleton(clock);
        return builder.Build();
    }

    public static CoverageReconciler Reconciler(IHost host) => host.Services.GetRequiredService<CoverageReconciler>();
}

public sealed class EntryStatusRow
{
    public string Status { get; init; } = "";

    public string? Kpj { get; init; }

    public string? Metode { get; init; }

    public decimal? Skor { get; init; }

    public string? Alasan { get; init; }

    public string AsOf { get; init; } = "";
}

public sealed class FlagRow
{
    public long Id { get; init; }

    public string Status { get; init; } = "";

    public string OpenedOn { get; init; } = "";

    public string? ResolvedOn { get; init; }
}

/// <summary>A clock the test moves: the business day is what the reconciler reads, never the machine's date.</summary>
public sealed class TestClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now.ToUniversalTime();

    /// <summary>02:00 in Jakarta (19:00 UTC the day before) on <paramref name="day"/>, when reconcile-coverage runs.</summary>
    public static TestClock NightOf(DateOnly day) => new(new DateTimeOffset(day.ToDateTime(new TimeOnly(2, 0)), TimeSpan.FromHours(7)));
}
