using Jamsostek.Matching;
using Jamsostek.Tests.Infrastructure;

namespace Jamsostek.Tests.Digest;

/// <summary>
/// Writes the rows the digest reads straight into the contract tables that the rosters and coverage capabilities own
/// (roster.entry, coverage.entry_status, coverage.flag, coverage.daily_count, coverage.daily_people, coverage.daily_scope_people,
/// roster.quarantine, roster.desa_snapshot).
/// </summary>
public sealed class DigestTestData(TestDatabase database)
{
    public const string Kramatwatu = "360405";
    public const string DesaKramatwatu = "3604052001";
    public const string DesaMargasana = "3604052002";
    public const string Waringinkurung = "360406";

    private int serial;

    /// <summary>When an entry is first listed unless a test says otherwise: before any week the tests send a digest of.</summary>
    public static readonly DateTimeOffset ListedLongAgo = Jakarta(2026, 1, 5);

    /// <summary>
    /// A roster entry and its coverage status as of <paramref name="asOf"/> (default Sunday 22 November 2026), with the flag
    /// reconciliation opens that day for a status other than COVERED (SPEC 3.2) unless <paramref name="flag"/> is false;
    /// returns the entry id. The NIK is made up unless given; the entry is first listed at <paramref name="listedAt"/>
    /// (default <see cref="ListedLongAgo"/>), without a roster event, as entries listed before events were kept.
    /// </summary>
    public async Task<long> PersonAsync(
        string kodeDesa,
        string status,
        string peran = "PETANI",
        string? nama = null,
        string? nik = null,
        DateOnly? iuranSampai = null,
        DateOnly? asOf = null,
        bool flag = true,
        DateTimeOffset? listedAt = null)
    {
        var number = Interlocked.Increment(ref serial);
        nik ??= $"{kodeDesa[..6]}0101{90 + (number % 10):D2}{number:D4}";
        nama ??= $"Warga {number}";
        await using var command = database.DataSource.CreateCommand(
            """
            WITH e AS (
                INSERT INTO roster.entry (kode_desa, nik, peran, nama, nama_normal, tanggal_lahir, jenis_kelamin, first_seen_at, changed_at)
                VALUES ($1, $2, $3, $4, $9, DATE '1990-01-01', 'L', $10, $10)
                RETURNING id
            )
            INSERT INTO coverage.entry_status (entry_id, as_of, kode_desa, kecamatan_code, peran, status, kpj, iuran_sampai)
            SELECT e.id, $5, $1, left($1, 6), $3, $6, $7, $8 FROM e
            RETURNING entry_id
            """);
        command.Parameters.AddWithValue(kodeDesa);
        command.Parameters.AddWithValue(nik);
        command.Parameters.AddWithValue(peran);
        command.Parameters.AddWithValue(nama);
        command.Parameters.AddWithValue(asOf ?? new DateOnly(2026, 11, 22));
        command.Parameters.AddWithValue(status);
        command.Parameters.AddWithValue(status == "NOT_REGISTERED" ? DBNull.Value : $"KPJ{number:D8}");
        command.Parameters.AddWithValue(NpgsqlTypes.NpgsqlDbType.Date, iuranSampai is { } paid ? paid : DBNull.Value);
        command.Parameters.AddWithValue(NamaNormal.Of(nama));
        command.Parameters.AddWithValue((listedAt ?? ListedLongAgo).ToUniversalTime());
        var id = (long)(await command.ExecuteScalarAsync())!;
        if (flag && status != "COVERED")
        {
            await FlagAsync(id, status, asOf ?? new DateOnly(2026, 11, 22));
        }

        return id;
    }

    /// <summary>
    /// What a later night's reconciliation does to an entry whose status changed on <paramref name="day"/>: its present status
    /// (coverage.entry_status) is rewritten, its open flag resolves and a new one opens unless it is now COVERED.
    /// </summary>
    public async Task ChangeStatusAsync(long entryId, string status, DateOnly day, DateOnly? iuranSampai = null)
    {
        await using (var command = database.DataSource.CreateCommand(
            """
            UPDATE coverage.entry_status SET status = $2, as_of = $3, iuran_sampai = coalesce($4, iuran_sampai),
                kpj = CASE WHEN $2 = 'NOT_REGISTERED' THEN NULL ELSE coalesce(kpj, 'KPJ' || lpad(entry_id::text, 8, '0')) END
            WHERE entry_id = $1
            """))
        {
            command.Parameters.AddWithValue(entryId);
            command.Parameters.AddWithValue(status);
            command.Parameters.AddWithValue(day);
            command.Parameters.AddWithValue(NpgsqlTypes.NpgsqlDbType.Date, iuranSampai is { } paid ? paid : DBNull.Value);
            await command.ExecuteNonQueryAsync();
        }

        await ResolveFlagsAsync(entryId, day);
        if (status != "COVERED")
        {
            await FlagAsync(entryId, status, day);
        }
    }

    /// <summary>What a later night does to an entry whose person left the roster: it leaves the present status, and its flag resolves.</summary>
    public async Task LeaveAsync(long entryId, DateOnly day)
    {
        await using (var command = database.DataSource.CreateCommand("UPDATE roster.entry SET left_at = $2 WHERE id = $1"))
        {
            command.Parameters.AddWithValue(entryId);
            command.Parameters.AddWithValue(BusinessDay.StartsAt(day));
            await command.ExecuteNonQueryAsync();
        }

        await using (var command = database.DataSource.CreateCommand("DELETE FROM coverage.entry_status WHERE entry_id = $1"))
        {
            command.Parameters.AddWithValue(entryId);
            await command.ExecuteNonQueryAsync();
        }

        await ResolveFlagsAsync(entryId, day);
    }

    /// <summary>
    /// What a roster import records of an entry (roster.entry_event, SPEC 2.1 history): <c>APPEAR</c> lists it (again),
    /// <c>LEAVE</c> drops it, at <paramref name="at"/>; the entry's <c>left_at</c> follows as the merge writes it.
    /// </summary>
    public async Task RosterEventAsync(long entryId, string kind, DateTimeOffset at)
    {
        await using var command = database.DataSource.CreateCommand(
            """
            WITH ev AS (INSERT INTO roster.entry_event (entry_id, import_id, kind, at) VALUES ($1, 0, $2, $3))
            UPDATE roster.entry SET left_at = CASE WHEN $2 = 'LEAVE' THEN $3 WHEN $2 = 'APPEAR' THEN NULL ELSE left_at END WHERE id = $1
            """);
        command.Parameters.AddWithValue(entryId);
        command.Parameters.AddWithValue(kind);
        command.Parameters.AddWithValue(at.ToUniversalTime());
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// A desa's roster arrives at <paramref name="at"/>, as the rosters capability records it (rosters/record_snapshot): its
    /// latest snapshot, and the day it was heard from (roster.desa_heard, migration 0113).
    /// </summary>
    public async Task HeardFromAsync(string kodeDesa, DateTimeOffset at)
    {
        await using var command = database.DataSource.CreateCommand(
            """
            WITH snapshot AS (
                INSERT INTO roster.desa_snapshot (kode_desa, sumber, snapshot_at, heard_at) VALUES ($1, 'roster.csv', $2, $2)
                ON CONFLICT (kode_desa) DO UPDATE SET snapshot_at = excluded.snapshot_at, heard_at = excluded.heard_at
            )
            INSERT INTO roster.desa_heard (kode_desa, hari, heard_at) VALUES ($1, ($2 AT TIME ZONE 'Asia/Jakarta')::date, $2)
            ON CONFLICT (kode_desa, hari) DO UPDATE SET heard_at = greatest(roster.desa_heard.heard_at, excluded.heard_at)
            """);
        command.Parameters.AddWithValue(kodeDesa);
        command.Parameters.AddWithValue(at.ToUniversalTime());
        await command.ExecuteNonQueryAsync();
    }

    private async Task ResolveFlagsAsync(long entryId, DateOnly day)
    {
        await using var command = database.DataSource.CreateCommand("UPDATE coverage.flag SET resolved_on = $2 WHERE entry_id = $1 AND resolved_on IS NULL");
        command.Parameters.AddWithValue(entryId);
        command.Parameters.AddWithValue(day);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// The day's figures as reconciliation would snapshot them: the current statuses counted per desa, role and status (entries),
    /// per desa and status with a NIK once per desa, and per kecamatan and for the regency with a NIK once in each (people,
    /// under its first status in SPEC 3.2's order).
    /// </summary>
    public async Task SnapshotDailyCountsAsync(DateOnly asOf)
    {
        await using var command = database.DataSource.CreateCommand(
            """
            WITH entries AS (
                INSERT INTO coverage.daily_count (as_of, kode_desa, peran, status, people)
                SELECT $1, kode_desa, peran, status, count(*) FROM coverage.entry_status GROUP BY kode_desa, peran, status
            ),
            scopes AS (
                INSERT INTO coverage.daily_scope_people (as_of, scope_code, status, people)
                SELECT $1, scope, (coverage.status_order())[rank], count(*)
                FROM (
                    SELECT scope.code AS scope, min(array_position(coverage.status_order(), s.status)) AS rank
                    FROM coverage.entry_status s JOIN roster.entry e ON e.id = s.entry_id
                    CROSS JOIN LATERAL (VALUES (left(s.kode_desa, 6)), (left(s.kode_desa, 4))) scope(code)
                    GROUP BY scope.code, e.nik
                ) person
                GROUP BY scope, rank
            )
            INSERT INTO coverage.daily_people (as_of, kode_desa, status, people)
            SELECT $1, kode_desa, (coverage.status_order())[rank], count(*)
            FROM (
                SELECT s.kode_desa, min(array_position(coverage.status_order(), s.status)) AS rank
                FROM coverage.entry_status s JOIN roster.entry e ON e.id = s.entry_id
                GROUP BY s.kode_desa, e.nik
            ) person
            GROUP BY kode_desa, rank
            """);
        command.Parameters.AddWithValue(asOf);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>A day's count of entries in one role, each a different person (added to the desa's people of that status).</summary>
    public async Task DailyCountAsync(DateOnly asOf, string kodeDesa, string status, int people, string peran = "PETANI")
    {
        await using var command = database.DataSource.CreateCommand(
            """
            WITH entries AS (INSERT INTO coverage.daily_count (as_of, kode_desa, peran, status, people) VALUES ($1, $2, $3, $4, $5)),
            scopes AS (
                INSERT INTO coverage.daily_scope_people (as_of, scope_code, status, people)
                VALUES ($1, left($2, 6), $4, $5), ($1, left($2, 4), $4, $5)
                ON CONFLICT (as_of, scope_code, status) DO UPDATE SET people = coverage.daily_scope_people.people + excluded.people
            )
            INSERT INTO coverage.daily_people (as_of, kode_desa, status, people) VALUES ($1, $2, $4, $5)
            ON CONFLICT (as_of, kode_desa, status) DO UPDATE SET people = coverage.daily_people.people + excluded.people
            """);
        command.Parameters.AddWithValue(asOf);
        command.Parameters.AddWithValue(kodeDesa);
        command.Parameters.AddWithValue(peran);
        command.Parameters.AddWithValue(status);
        command.Parameters.AddWithValue(people);
        await command.ExecuteNonQueryAsync();
    }

    public async Task FlagAsync(long entryId, string status, DateOnly openedOn, DateOnly? resolvedOn = null)
    {
        await using var command = database.DataSource.CreateCommand(
            "INSERT INTO coverage.flag (entry_id, status, opened_on, resolved_on) VALUES ($1, $2, $3, $4)");
        command.Parameters.AddWithValue(entryId);
        command.Parameters.AddWithValue(status);
        command.Parameters.AddWithValue(openedOn);
        command.Parameters.AddWithValue(NpgsqlTypes.NpgsqlDbType.Date, resolvedOn is { } resolved ? resolved : DBNull.Value);
        await command.ExecuteNonQueryAsync();
    }

    public async Task QuarantineAsync(string? kodeDesa, DateTimeOffset at, string alasan = "NIK tidak 16 digit", DateTimeOffset? resolvedAt = null)
    {
        await using var command = database.DataSource.CreateCommand(
            "INSERT INTO roster.quarantine (sumber, baris, kode_desa, nik, nama, alasan, quarantined_at, resolved_at) VALUES ('roster.csv', $1, $2, '123', 'X', $3, $4, $5)");
        command.Parameters.AddWithValue(Interlocked.Increment(ref serial));
        command.Parameters.AddWithValue(NpgsqlTypes.NpgsqlDbType.Text, (object?)kodeDesa ?? DBNull.Value);
        command.Parameters.AddWithValue(alasan);
        command.Parameters.AddWithValue(at.ToUniversalTime());
        command.Parameters.AddWithValue(NpgsqlTypes.NpgsqlDbType.TimestampTz, (object?)resolvedAt?.ToUniversalTime() ?? DBNull.Value);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Marks a desa (or, with a prefix, every desa under it) as having sent its roster at <paramref name="at"/>.</summary>
    public async Task SnapshotAsync(string kodePrefix, DateTimeOffset at)
    {
        await using var command = database.DataSource.CreateCommand(
            """
            INSERT INTO roster.desa_snapshot (kode_desa, sumber, snapshot_at)
            SELECT d.code, 'opensid', $2 FROM ref.desa d WHERE d.code LIKE $1 || '%'
            ON CONFLICT (kode_desa) DO UPDATE SET snapshot_at = excluded.snapshot_at
            """);
        command.Parameters.AddWithValue(kodePrefix);
        command.Parameters.AddWithValue(at.ToUniversalTime());
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// A BPJS membership file accepted at <paramref name="importedAt"/>, the register as of <paramref name="asOf"/>
    /// (membership.import, which the membership capability writes for every file it takes in; SPEC 2.4).
    /// </summary>
    public async Task MembershipImportAsync(DateOnly asOf, DateTimeOffset importedAt)
    {
        await using var command = database.DataSource.CreateCommand(
            "INSERT INTO membership.import (file_name, file_hash, rows, bad_rows, as_of, imported_at) VALUES ($1, $2, 1000, 0, $3, $4)");
        var number = Interlocked.Increment(ref serial);
        command.Parameters.AddWithValue($"kepesertaan-{number}.csv");
        command.Parameters.AddWithValue(number.ToString("D64", System.Globalization.CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue(asOf);
        command.Parameters.AddWithValue(importedAt.ToUniversalTime());
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Records <paramref name="asOf"/> as finished (coverage.day), as reconciliation does once every kecamatan has reached it.</summary>
    public async Task DayFinishedAsync(DateOnly asOf, DateTimeOffset finishedAt)
    {
        await using var command = database.DataSource.CreateCommand("INSERT INTO coverage.day (as_of, finished_at) VALUES ($1, $2)");
        command.Parameters.AddWithValue(asOf);
        command.Parameters.AddWithValue(finishedAt.ToUniversalTime());
        await command.ExecuteNonQueryAsync();
    }

    public static DateTimeOffset Jakarta(int year, int month, int day, int hour = 9) =>
        new(year, month, day, hour, 0, 0, TimeSpan.FromHours(7));
}
