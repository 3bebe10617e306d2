using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Jamsostek.Database;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;
// What rosters/merge_snapshot counts, a value tuple as Dapper maps its columns by position.
using MergeCounts = (long Appeared, long Returned, long Changed, long Departed, string[] PeransAbsent);

namespace Jamsostek.Rosters;

/// <summary>Where a snapshot comes from: a file (every desa it lists, every role) or one desa's pull from a feed (its target roles).
/// <paramref name="Feed"/>: the feed's name, for a pull, whose success is recorded with it (roster.feed_pull).</summary>
public sealed record RosterSource(string Sumber, RosterSourceKind Kind, string? KodeDesa = null, string? Feed = null)
{
    public string Jenis => Kind == RosterSourceKind.File ? "FILE" : "FEED";
}

public enum RosterSourceKind
{
    File,
    Feed,
}

/// <summary>
/// Writes one snapshot (SPEC 2.1, 2.2) in one transaction, or under a savepoint in a run's (<see cref="RosterBatch"/>): every row is checked, streamed by binary COPY into a temp staging
/// table, and merged into roster.entry with a few set-based statements; bad rows go to roster.quarantine.
/// </summary>
public sealed partial class RosterSnapshotWriter(NpgsqlDataSource dataSource, TimeProvider time, ILogger<RosterSnapshotWriter> logger)
{
    private static readonly string[] NoWarnings = [];

    // A desa this small can halve for real between two snapshots (a BPD term ends); a bigger one that halves is far more
    // often a filtered spreadsheet or a pull cut short (the register's import has the same guard, SPEC 2.4).
    private const int ShrinkGuardFromEntries = 10;

    // Below this many staged rows the planner's default for a table never analysed (its size in pages) already picks index
    // probes into roster.entry; ANALYZE was a fixed cost on each of a district's 326 per-desa files.
    private const int AnalyzeFromRows = 10_000;

    private const string FileSavepoint = "roster_file";

    /// <summary>
    /// One transaction for the files of a run (the command line's, the inbox's), each written under its own savepoint: fewer
    /// commits and, for a first import into an empty roster, the secondary indexes built once at the end (<see cref="RosterBatch.CommitAsync"/>).
    /// Holds the merge lock until it ends.
    /// </summary>
    public async Task<RosterBatch> BeginBatchAsync(CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var sql = new TransactionQueries(connection, transaction, cancellationToken);
            await sql.ExecuteAsync("rosters/lock_merge", new { Key = AdvisoryLockKeys.RosterMerge });
            var bulk = await sql.ExecuteScalarAsync<bool>("rosters/roster_empty");
            if (bulk)
            {
                await sql.ExecuteAsync("rosters/bulk_begin");
            }

            return new RosterBatch(connection, transaction, bulk, time, logger);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Writes the snapshot <paramref name="rows"/> of <paramref name="source"/> in its own transaction, limited to the roles it speaks for (<paramref name="roles"/>).
    /// <paramref name="sha256"/> is the file's content hash; null for a feed, whose rows are hashed as they arrive.
    /// Throws <see cref="InputRejectedException"/>, writing nothing, when a desa would lose more than half of its people:
    /// only an admin's file import may allow that.
    /// </summary>
    public async Task<RosterImportResult> WriteAsync(
        RosterSource source,
        RosterSnapshotRoles roles,
        string? sha256,
        IAsyncEnumerable<RosterRow> rows,
        RosterRowValidator validator,
        CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var checks = rows.Select(row => validator.Check(row));
        try
        {
            var result = await WriteAsync(connection, transaction, batch: null, source, roles, sha256, checks, allowShrink: false, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return result;
        }
        catch (PostgresException ex) when (IsRefusedValue(ex))
        {
            throw RefusedValue(source, ex);
        }
    }

    /// <summary>
    /// The file snapshot <paramref name="rows"/> (content hash <paramref name="sha256"/>) inside <paramref name="batch"/>, under a savepoint:
    /// a file rejected whole while its rows are read, or held back because a desa would shrink (unless <paramref name="allowShrink"/>),
    /// leaves nothing, and the batch goes on.
    /// </summary>
    public async Task<RosterImportResult> WriteAsync(
        RosterBatch batch,
        RosterSource source,
        RosterSnapshotRoles roles,
        string sha256,
        IAsyncEnumerable<RosterRowCheck> rows,
        CancellationToken cancellationToken,
        bool allowShrink = false)
    {
        await batch.Transaction.SaveAsync(FileSavepoint, cancellationToken);
        try
        {
            var result = await WriteAsync(batch.Connection, batch.Transaction, batch, source, roles, sha256, rows, allowShrink, cancellationToken);
            await batch.Transaction.ReleaseAsync(FileSavepoint, cancellationToken);
            return result;
        }
        catch (Exception ex) when (ex is not OperationCanceledException && (ex is not NpgsqlException || IsRefusedValue(ex)))
        {
            // The file's own content (a cell too long, a broken workbook, a value the database refuses) stopped it; a
            // database error ends the run instead.
            await batch.Transaction.RollbackAsync(FileSavepoint, cancellationToken);
            if (ex is PostgresException refused && IsRefusedValue(refused))
            {
                throw RefusedValue(source, refused);
            }

            throw;
        }
    }

    // SQLSTATE class 22, data exception: a value of the snapshot itself, not the database's state.
    private static bool IsRefusedValue(Exception ex) => ex is PostgresException { SqlState: ['2', '2', ..] };

    /// <summary>The shrink guard's sentence for the village operator: what the file holds against the desa's roster, the roles
    /// it lists nobody in, and what to do (the admin's <c>--allow-shrink</c> is not theirs to use).</summary>
    private static string HeldBackInIndonesian(RosterSource source, string kodeDesa, string? namaDesa, long tercantum, long aktif, string[] peranTidakAda)
    {
        var desa = namaDesa is null ? $"desa {kodeDesa}" : $"Desa {namaDesa} ({kodeDesa})";
        var peran = peranTidakAda.Length > 0
            ? $" Berkas ini tidak memuat seorang pun dengan peran {string.Join(", ", peranTidakAda.Select(RosterPeran.Label))}."
            : "";
        return $"{source.Sumber} ditahan: berkas ini hanya memuat {tercantum} orang untuk {desa}, padahal roster desa itu sekarang {aktif} orang, sehingga belum ada yang dicatat keluar.{peran} Jika daftar ini memang sudah lengkap, minta admin kabupaten mengimpornya; jika belum, kirim satu berkas yang memuat semua orang desa (semua peran).";
    }

    // The database's message can quote the value (a name, a date): only its code goes into the sentence.
    private static InputRejectedException RefusedValue(RosterSource source, PostgresException ex) =>
        new($"{source.Sumber} is rejected: the database refused one of its values (SQLSTATE {ex.SqlState}), so none of its rows were taken.")
        {
            Indonesian = $"{source.Sumber} ditolak: basis data menolak salah satu nilainya (SQLSTATE {ex.SqlState}), jadi tidak ada barisnya yang diambil.",
        };

    /// <summary>
    /// The refusal of a value the staging COPY was sent, naming its row (a pull's record) and field: a binary COPY's error
    /// context names the line and column, never the value. Without that context (the refusal came later), the file or pull
    /// as a whole.
    /// </summary>
    private static InputRejectedException RefusedValue(RosterSource source, PostgresException ex, StagedBaris stagedBaris)
    {
        if (ex.Where is not { } where || CopyContext().Match(where) is not { Success: true } context
            || !int.TryParse(context.Groups["line"].ValueSpan, out var line) || stagedBaris.Of(line) is not { } baris)
        {
            return RefusedValue(source, ex);
        }

        var field = StagedField(context.Groups["column"].Value);
        var (row, rowIndonesian) = source.Kind == RosterSourceKind.File ? ($"row {baris}", $"baris {baris}") : ($"record {baris}", $"data ke-{baris}");
        return new($"{source.Sumber} is rejected: {row}, field {field}: the database refused its value (SQLSTATE {ex.SqlState}), so none of its rows were taken.", ex)
        {
            Indonesian = $"{source.Sumber} ditolak: {rowIndonesian}, kolom {field}: basis data menolak nilainya (SQLSTATE {ex.SqlState}), jadi tidak ada barisnya yang diambil.",
        };
    }

    /// <summary>The source's field a staging column holds (rosters/create_stage), as the village or the feed names it.</summary>
    private static string StagedField(string column) => column switch
    {
        "kode_desa_asli" => "kode_desa",
        "nik_asli" => "nik",
        "nama_normal" => "nama",
        "tanggal_lahir_tertulis" => "tanggal_lahir",
        _ => column,
    };

    [GeneratedRegex(@"^COPY roster_stage, line (?<line>\d+), column (?<column>\w+)")]
    private static partial Regex CopyContext();

    /// <summary>
    /// One snapshot in its caller's transaction, step by step: stage its rows, skip a pull that is unchanged, leave OpenSID's
    /// roles to OpenSID, hold back a desa that would shrink, diff and merge, quarantine and report the bad rows, record it.
    /// Each phase's time goes into the log line.
    /// </summary>
    private async Task<RosterImportResult> WriteAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        RosterBatch? batch,
        RosterSource source,
        RosterSnapshotRoles roles,
        string? sha256,
        IAsyncEnumerable<RosterRowCheck> rows,
        bool allowShrink,
        CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var now = time.GetUtcNow();
        var sql = new TransactionQueries(connection, transaction, cancellationToken);
        var staged = await StageAsync(sql, source, hashRows: sha256 is null, rows);
        var copied = time.GetElapsedTime(started);

        // Only now, after the COPY: pulls parse and stage side by side, only their merges take turns (rosters/lock_merge).
        await sql.ExecuteAsync("rosters/lock_merge", new { Key = AdvisoryLockKeys.RosterMerge });
        var desaCodes = staged.DesaCodes;
        if (staged.FeedSha256 is { } feedSha256)
        {
            sha256 = feedSha256;
            if (await TouchIfFeedUnchangedAsync(sql, source, feedSha256, now))
            {
                await RecordPullSucceededAsync(sql, source, now);
                return RosterImportResult.Unchanged(source.Sumber);
            }
        }

        roles = await WidenForOpenSidDesaAsync(sql, roles, desaCodes);

        // Planner statistics for the staging table: without them a million rows look like a few pages and get nested loops.
        if (staged.Rows >= AnalyzeFromRows)
        {
            await sql.ExecuteAsync("rosters/analyze_stage");
        }

        // A first import's file whose desa nobody wrote yet: nothing to diff against, nobody to lose.
        var firstSnapshot = batch is not null && batch.IsFirstSnapshotOf(desaCodes);
        if (!allowShrink && !firstSnapshot)
        {
            await HoldBackIfDesaShrinksAsync(sql, source, roles, desaCodes);
        }

        await sql.ExecuteAsync("rosters/mark_duplicates", new { Alasan = RosterReasons.BarisGanda });
        var deduplicated = time.GetElapsedTime(started);
        var importId = await InsertImportAsync(sql, source, roles, desaCodes, sha256, now);
        var merged = await MergeAsync(sql, batch, roles, desaCodes, staged.Rows, firstSnapshot, importId, now);
        var mergedAt = time.GetElapsedTime(started);
        var result = await QuarantineAndReportAsync(sql, source, roles, desaCodes, staged, merged, importId, now);
        await RecordAsync(sql, source, desaCodes, result, importId, now);
        await RecordPullSucceededAsync(sql, source, now);
        batch?.Written(desaCodes);
        var total = time.GetElapsedTime(started);
        LogWritten(source.Sumber, desaCodes.Length, result.Taken, result.Appeared, result.Returned, result.Changed, result.Left, result.QuarantinedTotal,
            (long)copied.TotalMilliseconds, (long)(deduplicated - copied).TotalMilliseconds, (long)(mergedAt - deduplicated).TotalMilliseconds, (long)total.TotalMilliseconds);
        return result;
    }

    /// <summary>
    /// Stage: every row, good or bad, streamed by binary COPY into roster_stage (rosters/create_stage) as it is read, so no
    /// snapshot is held in memory. With <paramref name="hashRows"/> (a pull, which has no file to hash) the rows are hashed
    /// as they pass. A value the database refuses rejects the whole source, naming its row and field where the COPY says.
    /// </summary>
    private static async Task<StagedSnapshot> StageAsync(TransactionQueries sql, RosterSource source, bool hashRows, IAsyncEnumerable<RosterRowCheck> rows)
    {
        var cancellationToken = sql.CancellationToken;
        await sql.ExecuteAsync("rosters/create_stage");

        var desa = new HashSet<string>(StringComparer.Ordinal);
        if (source.KodeDesa is not null)
        {
            desa.Add(source.KodeDesa);
        }

        using var feedHash = hashRows ? IncrementalHash.CreateHash(HashAlgorithmName.SHA256) : null;
        int staged = 0, taken = 0, warned = 0;
        // Each staged row's number by its COPY line: a value the database refuses is reported by that line.
        var stagedBaris = new StagedBaris();
        try
        {
            await using (var importer = await sql.Connection.BeginBinaryImportAsync(SqlText.Get("rosters/copy_stage"), cancellationToken))
            {
                await foreach (var check in rows.WithCancellation(cancellationToken))
                {
                    var row = check.Row;
                    if (feedHash is not null)
                    {
                        AppendToHash(feedHash, row);
                    }

                    importer.StartRow();
                    staged++;
                    stagedBaris.Add(row.Baris);
                    importer.Write(row.Baris, NpgsqlDbType.Integer);
                    if (check.Valid is { } valid)
                    {
                        taken++;
                        if (valid.Peringatan.Length > 0)
                        {
                            warned++;
                        }

                        desa.Add(valid.KodeDesa);
                        WriteTaken(importer, check, valid);
                    }
                    else
                    {
                        WriteQuarantined(importer, check);
                    }
                }

                await importer.CompleteAsync(cancellationToken);
            }
        }
        catch (PostgresException ex) when (IsRefusedValue(ex))
        {
            throw RefusedValue(source, ex, stagedBaris);
        }

        var feedSha256 = feedHash is null ? null : Convert.ToHexStringLower(feedHash.GetHashAndReset());
        return new(desa.Order(StringComparer.Ordinal).ToArray(), staged, taken, warned, feedSha256);
    }

    /// <summary>A good row's columns after its baris, in rosters/copy_stage's order: alasan and the *_asli columns stay null.</summary>
    private static void WriteTaken(NpgsqlBinaryImporter importer, in RosterRowCheck check, in ValidRosterRow valid)
    {
        importer.Write(valid.KodeDesa, NpgsqlDbType.Char);
        importer.Write(valid.Nik, NpgsqlDbType.Char);
        importer.Write(valid.Peran, NpgsqlDbType.Text);
        importer.Write(valid.Nama, NpgsqlDbType.Text);
        importer.Write(check.NamaNormal, NpgsqlDbType.Text);
        importer.Write(valid.TanggalLahir, NpgsqlDbType.Date);
        WriteNullable(importer, valid.TanggalLahirTertulis);
        importer.Write(valid.JenisKelamin == 'P' ? "P" : "L", NpgsqlDbType.Char);
        WriteNullable(importer, valid.NoHp);
        importer.Write(valid.Peringatan.Length == 0 ? NoWarnings : valid.Peringatan, NpgsqlDbType.Array | NpgsqlDbType.Text);
        importer.WriteNull();
        importer.WriteNull();
        importer.WriteNull();
    }

    /// <summary>A bad row's columns after its baris, in rosters/copy_stage's order: the codes that did parse, its alasan, and what the village wrote.</summary>
    private static void WriteQuarantined(NpgsqlBinaryImporter importer, in RosterRowCheck check)
    {
        var row = check.Row;
        WriteNullable(importer, check.KodeDesa, NpgsqlDbType.Char);
        WriteNullable(importer, check.Nik, NpgsqlDbType.Char);
        WriteNullable(importer, row.Peran);
        WriteNullable(importer, row.Nama);
        WriteNullable(importer, check.NamaNormal);
        importer.WriteNull();
        importer.WriteNull();
        importer.WriteNull();
        WriteNullable(importer, row.NoHp);
        importer.WriteNull();
        importer.Write(check.Alasan, NpgsqlDbType.Text);
        WriteNullable(importer, row.KodeDesa);
        WriteNullable(importer, row.Nik);
    }

    /// <summary>
    /// A pull whose rows hash as the desa's latest snapshot from the same feed: nothing to write but the time the desa was
    /// last heard from (rosters/touch_snapshot), so an unchanged desa costs no diff. True when so.
    /// </summary>
    private async Task<bool> TouchIfFeedUnchangedAsync(TransactionQueries sql, RosterSource source, string sha256, DateTimeOffset now)
    {
        if (!await sql.ExecuteScalarAsync<bool>("rosters/feed_unchanged", new { source.KodeDesa, source.Sumber, Sha256 = sha256 }))
        {
            return false;
        }

        await sql.ExecuteAsync("rosters/touch_snapshot", new { source.KodeDesa, Now = now });
        LogUnchanged(source.Sumber, source.KodeDesa);
        return true;
    }

    /// <summary>A pull taken ends its desa's failing state in the same commit: a pull rolled back leaves it as it was.</summary>
    private static async Task RecordPullSucceededAsync(TransactionQueries sql, RosterSource source, DateTimeOffset now)
    {
        if (source.Feed is not null)
        {
            await sql.ExecuteAsync("rosters/feed_pull_succeeded", new { source.Feed, source.KodeDesa, Now = now });
        }
    }

    /// <summary>
    /// A template file (every role) leaves alone the OpenSID roles of a desa an OpenSID export wrote, as those of a desa a
    /// feed pulls: those desa join <see cref="RosterSnapshotRoles.FeedDesa"/>. The roles of a source of some roles only come
    /// back as they are.
    /// </summary>
    private static async Task<RosterSnapshotRoles> WidenForOpenSidDesaAsync(TransactionQueries sql, RosterSnapshotRoles roles, string[] desaCodes)
    {
        if (roles.Perans is null && desaCodes.Length > 0)
        {
            var openSidDesa = await sql.QueryAsync<string>("rosters/opensid_desa", new { Desa = desaCodes });
            roles = roles.WithFeedDesa(openSidDesa);
        }

        return roles;
    }

    /// <summary>
    /// The shrink guard: throws <see cref="RosterHeldBackException"/>, before the roster changes, when the snapshot lists
    /// fewer than half of a desa's people on its roster now (a desa of <see cref="ShrinkGuardFromEntries"/> or more, or one it
    /// lists nobody in), as a filtered spreadsheet or a pull cut short would make the others leave.
    /// </summary>
    private static async Task HoldBackIfDesaShrinksAsync(TransactionQueries sql, RosterSource source, RosterSnapshotRoles roles, string[] desaCodes)
    {
        var shrunk = await sql.QuerySingleOrDefaultAsync<(string KodeDesa, long Tercantum, long Aktif, string? NamaDesa, string[] PeranTidakAda)?>(
            "rosters/shrunk_desa",
            new { Desa = desaCodes, Perans = roles.Perans?.ToArray(), FeedDesa = roles.FeedDesa.ToArray(), FeedPerans = roles.FeedPerans.ToArray(), FromEntries = ShrinkGuardFromEntries });
        if (shrunk is { } desaShrunk)
        {
            throw new RosterHeldBackException(
                $"{source.Sumber} is held back: desa {desaShrunk.KodeDesa} lists {desaShrunk.Tercantum} people, fewer than half of the {desaShrunk.Aktif} on its roster now, so nobody leaves until an admin imports it with --allow-shrink.")
            {
                Indonesian = HeldBackInIndonesian(source, desaShrunk.KodeDesa, desaShrunk.NamaDesa, desaShrunk.Tercantum, desaShrunk.Aktif, desaShrunk.PeranTidakAda),
            };
        }
    }

    /// <summary>The snapshot's row in roster.import, which its entry events, quarantined rows and desa snapshots point to.</summary>
    private static Task<long> InsertImportAsync(TransactionQueries sql, RosterSource source, RosterSnapshotRoles roles, string[] desaCodes, string? sha256, DateTimeOffset now) =>
        sql.ExecuteScalarAsync<long>(
            "rosters/insert_import",
            new
            {
                source.Sumber,
                source.Jenis,
                // A file of one desa is that desa's, as a pull is: an OpenSID export's, so the desa's template files know
                // (rosters/opensid_desa); a template's, so its rows with a desa code that is no desa are that desa's
                // (rosters/quarantine_rows).
                KodeDesa = source.KodeDesa ?? (desaCodes.Length == 1 ? desaCodes[0] : null),
                Sha256 = sha256,
                Now = now,
                Desa = desaCodes,
                Perans = roles.Perans?.ToArray(),
            });

    /// <summary>
    /// Diff and merge the staged rows into roster.entry, for the desa and roles the snapshot speaks for, after building again
    /// the unique key a first import dropped (the merge looks entries up by it). A first import's first snapshot of its desa
    /// is appended as it is: there is nothing to diff against.
    /// </summary>
    private static async Task<MergeCounts> MergeAsync(
        TransactionQueries sql,
        RosterBatch? batch,
        RosterSnapshotRoles roles,
        string[] desaCodes,
        int staged,
        bool firstSnapshot,
        long importId,
        DateTimeOffset now)
    {
        if (firstSnapshot)
        {
            var appeared = await sql.ExecuteAsync("rosters/append_snapshot", new { ImportId = importId, Now = now });
            return (appeared, 0, 0, 0, []);
        }

        if (batch is not null)
        {
            await batch.EnsureKeyAsync(sql.CancellationToken);
        }

        await sql.ExecuteAsync(
            "rosters/diff_snapshot",
            new { Desa = desaCodes, Perans = roles.Perans?.ToArray(), FeedDesa = roles.FeedDesa.ToArray(), FeedPerans = roles.FeedPerans.ToArray() });

        // As for the stage: a small diff is estimated well enough from its pages, and ANALYZE was ~25 ms on each per-desa file.
        if (staged >= AnalyzeFromRows)
        {
            await sql.ExecuteAsync("rosters/analyze_diff");
        }

        return await sql.QuerySingleAsync<MergeCounts>("rosters/merge_snapshot", new { ImportId = importId, Now = now });
    }

    /// <summary>
    /// The bad rows into roster.quarantine (SPEC 2.1), then what the snapshot did: its counts and, for the report beside a
    /// file, the rows it quarantined or took with warnings. A row repeating a person and role is quarantined, not taken.
    /// </summary>
    private static async Task<RosterImportResult> QuarantineAndReportAsync(
        TransactionQueries sql,
        RosterSource source,
        RosterSnapshotRoles roles,
        string[] desaCodes,
        StagedSnapshot staged,
        MergeCounts merged,
        long importId,
        DateTimeOffset now)
    {
        await sql.ExecuteAsync(
            "rosters/quarantine_rows",
            new { ImportId = importId, Now = now, source.Sumber, Desa = desaCodes, Perans = roles.Perans?.ToArray(), FeedDesa = roles.FeedDesa.ToArray() });
        var quarantined = (await sql.QueryAsync<(string Alasan, int Rows)>("rosters/quarantine_counts")).ToList();
        var duplicates = quarantined.Where(q => q.Alasan == RosterReasons.BarisGanda).Sum(q => q.Rows);
        // For the report beside a file; a pull has none.
        async Task<IReadOnlyList<RosterRowNote>> FileRowsAsync(string query, bool any, object parameters) =>
            source.Kind == RosterSourceKind.File && any ? [.. await sql.QueryAsync<RosterRowNote>(query, parameters)] : [];
        var rejects = await FileRowsAsync("rosters/stage_rejects", quarantined.Count > 0, new { Limit = RosterRowNote.ReportLimit, RosterReasons.BarisGanda });
        var warnings = await FileRowsAsync("rosters/stage_warnings", staged.Warned > 0, new { Limit = RosterRowNote.ReportLimit });
        return new RosterImportResult(
            source.Sumber,
            Skipped: false,
            Taken: staged.Taken - duplicates,
            Appeared: (int)merged.Appeared,
            Returned: (int)merged.Returned,
            Changed: (int)merged.Changed,
            Left: (int)merged.Departed,
            Warned: staged.Warned,
            Quarantined: quarantined.ToDictionary(q => q.Alasan, q => q.Rows, StringComparer.Ordinal))
        {
            Rejects = rejects,
            Warnings = warnings,
            LeftPeransAbsent = merged.PeransAbsent,
        };
    }

    /// <summary>
    /// Record the snapshot as each of its desa's latest (SPEC 2.1: when the desa last sent one, and the import the same pull
    /// again is checked against) and the import's counts.
    /// </summary>
    private static async Task RecordAsync(TransactionQueries sql, RosterSource source, string[] desaCodes, RosterImportResult result, long importId, DateTimeOffset now) =>
        await sql.ExecuteAsync(
            "rosters/record_snapshot",
            new
            {
                ImportId = importId,
                Now = now,
                source.Sumber,
                Desa = desaCodes,
                result.Taken,
                Changed = result.Appeared + result.Returned + result.Changed,
                result.Left,
                Quarantined = result.QuarantinedTotal,
            });

    private static void WriteNullable(NpgsqlBinaryImporter importer, DateOnly? value)
    {
        if (value is { } date)
        {
            importer.Write(date, NpgsqlDbType.Date);
        }
        else
        {
            importer.WriteNull();
        }
    }

    private static void WriteNullable(NpgsqlBinaryImporter importer, string? value, NpgsqlDbType type = NpgsqlDbType.Text)
    {
        if (value is null)
        {
            importer.WriteNull();
        }
        else
        {
            importer.Write(value, type);
        }
    }

    private static void AppendToHash(IncrementalHash hash, in RosterRow row)
    {
        var text = string.Join('\u001F', row.KodeDesa, row.Nik, row.Nama, row.TanggalLahir, row.JenisKelamin, row.Peran, row.NoHp, row.Baris) + "\u001E";
        hash.AppendData(Encoding.UTF8.GetBytes(text));
    }

    /// <summary>
    /// The row number (baris) of each staged row by its COPY line, kept as the lines where the two stop moving together:
    /// rows are staged in file order, and only the blank, title and footer rows passed over make a step of more than one.
    /// A pair per such gap, where a number per row grew with the file.
    /// </summary>
    private sealed class StagedBaris
    {
        private readonly List<(int Line, int Baris)> steps = [];
        private int lines;

        public void Add(int baris)
        {
            lines++;
            if (steps.Count == 0 || baris - steps[^1].Baris != lines - steps[^1].Line)
            {
                steps.Add((lines, baris));
            }
        }

        /// <summary>The row number of a COPY line (1 is the first staged row); null for a line never staged.</summary>
        public int? Of(int line)
        {
            if (line < 1 || line > lines)
            {
                return null;
            }

            var step = steps.FindLast(s => s.Line <= line);
            return step.Baris + (line - step.Line);
        }
    }

    /// <summary>
    /// What <see cref="StageAsync"/> staged: the desa the snapshot speaks for (its source's and every good row's), the rows
    /// staged and taken, those taken with warnings, and a pull's content hash (null for a file, hashed by its caller).
    /// </summary>
    private sealed record StagedSnapshot(string[] DesaCodes, int Rows, int Taken, int Warned, string? FeedSha256);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information,
        Message = "Roster snapshot {Sumber}: {Desa} desa, {Taken} rows taken, {Appeared} appeared, {Returned} back, {Changed} changed, {Left} left, {Quarantined} quarantined; parse+copy {CopyMs} ms, duplicates {DuplicatesMs} ms, merge {MergeMs} ms, total {TotalMs} ms")]
    private partial void LogWritten(string sumber, int desa, int taken, int appeared, int returned, int changed, int left, int quarantined, long copyMs, long duplicatesMs, long mergeMs, long totalMs);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Roster snapshot {Sumber} for desa {KodeDesa} is unchanged")]
    private partial void LogUnchanged(string sumber, string? kodeDesa);
}

/// <summary>What one snapshot did; the one-line summary of the command line is made of these.</summary>
public sealed record RosterImportResult(
    string Sumber,
    bool Skipped,
    int Taken,
    int Appeared,
    int Returned,
    int Changed,
    int Left,
    int Warned,
    IReadOnlyDictionary<string, int> Quarantined)
{
    public int QuarantinedTotal => Quarantined.Values.Sum();

    /// <summary>A file's quarantined rows, the first <see cref="RosterRowNote.ReportLimit"/> by row number; none for a pull.</summary>
    public IReadOnlyList<RosterRowNote> Rejects { get; init; } = [];

    /// <summary>The roles of people who left that the snapshot lists nobody in for their desa (a roster split by role, one file each).</summary>
    public IReadOnlyList<string> LeftPeransAbsent { get; init; } = [];

    /// <summary>A file's rows taken with warnings, the first <see cref="RosterRowNote.ReportLimit"/> by row number; none for a pull.</summary>
    public IReadOnlyList<RosterRowNote> Warnings { get; init; } = [];

    /// <summary>For a file skipped as unchanged: its earlier import, which the report beside it names.</summary>
    public UnchangedFile? Earlier { get; init; }

    public static RosterImportResult Unchanged(string sumber, UnchangedFile? earlier = null) =>
        new(sumber, true, 0, 0, 0, 0, 0, 0, new Dictionary<string, int>()) { Earlier = earlier };
}

/// <summary>A quarantined or warned row of a file, as the report beside it in the inbox's archive/ names it: its row and reason, no value.</summary>
public sealed record RosterRowNote(int Baris, string Alasan)
{
    /// <summary>Enough for a village's file; a file of thousands of bad rows is better read from <c>export rejects</c>.</summary>
    public const int ReportLimit = 1000;
}

/// <summary>
/// A snapshot the shrink guard holds back: nothing is wrong with its rows, but it would make more than half of a desa leave.
/// An inbox file so held goes to held/, not rejected/: an admin who knows the village really lost them imports it with
/// <c>--allow-shrink</c>.
/// </summary>
public sealed class RosterHeldBackException(string message) : InputRejectedException(message);
