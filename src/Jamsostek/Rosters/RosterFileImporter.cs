using System.Globalization;
using System.Text;
using Jamsostek.Database;
using Jamsostek.Tabular;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Jamsostek.Rosters;

/// <summary>
/// Roster files (SPEC 2.1) and OpenSID exports (SPEC 2.2): from the command line, or from the inbox where processed files move
/// to archive/ (deleted after Rosters:ArchiveRetention) and files rejected whole move to rejected/ with <c>&lt;file&gt;.error.txt</c>
/// beside them.
/// </summary>
public sealed partial class RosterFileImporter(
    NpgsqlDataSource dataSource,
    RosterSnapshotWriter writer,
    IOptions<RostersOptions> options,
    TimeProvider time,
    ILogger<RosterFileImporter> logger)
{
    internal const string ArchiveRetentionKey = $"{RostersOptions.Section}:{nameof(RostersOptions.ArchiveRetention)}";

    /// <summary>
    /// Imports the files given in one transaction; a file rejected whole is reported in the summary and the others are still imported.
    /// <paramref name="allowShrink"/>: an admin's word that a desa really lost more than half of its people.
    /// </summary>
    public async Task<RosterRunSummary> ImportFilesAsync(IEnumerable<string> paths, RosterReferenceData reference, CancellationToken cancellationToken, bool allowShrink = false)
    {
        var summary = new RosterRunSummary();
        await using var batch = await writer.BeginBatchAsync(cancellationToken);
        await foreach (var file in RosterFileReadAhead.InOrderAsync([.. paths], reference, BusinessDay.Today(time), cancellationToken))
        {
            summary.Files++;
            try
            {
                var result = await ImportFileAsync(file, batch, reference, cancellationToken, allowShrink);
                summary.AddFile(result);
                if (result.Skipped)
                {
                    summary.FilesUnchanged++;
                }
            }
            catch (InputRejectedException ex)
            {
                Refused(summary, ex);
                LogFileRejected(file.FileName);
            }
        }

        await batch.CommitAsync(cancellationToken);
        return summary;
    }

    /// <summary>
    /// Every roster file in Rosters:InboxPath written before Rosters:InboxQuietPeriod, oldest first; nothing when no inbox is
    /// configured. <paramref name="filesAreWhole"/>: the caller wrote the files itself and closed them (the demo), so there is no
    /// copy in progress to wait for.
    /// </summary>
    public async Task<RosterRunSummary> ProcessInboxAsync(RosterReferenceData reference, CancellationToken cancellationToken, bool filesAreWhole = false)
    {
        var summary = new RosterRunSummary();
        var inbox = options.Value.InboxPath;
        if (inbox is null)
        {
            return summary;
        }

        summary.Inbox = Path.GetFullPath(inbox);

        // Held until the files are archived, after the commit: a second run (`pull roster` beside the hourly job) listed files
        // the first was still moving, and failed on the first that was gone.
        await using var lockConnection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var inboxRun = await SessionLock.TakeAsync(lockConnection, AdvisoryLockKeys.RosterInbox, cancellationToken);
        var quietPeriod = filesAreWhole ? TimeSpan.Zero : options.Value.InboxQuietPeriod;
        var listing = InboxFolder.Files(inbox, $"{RostersOptions.Section}:{nameof(RostersOptions.InboxPath)}", quietPeriod, time.GetUtcNow());
        summary.FilesWaiting = listing.StillBeingWritten;
        if (listing.StillBeingWritten > 0)
        {
            LogFilesLeftForNextRun(listing.StillBeingWritten, quietPeriod);
        }

        // Before the import, under the inbox's lock: a run with nothing to import still ages the archive, and a failed
        // import does not keep files past their time.
        var archive = new InboxArchive(inbox, ArchiveRetentionKey, options.Value.ArchiveRetention, time, logger);
        var pruning = archive.Prune();
        (summary.ArchiveRemoved, summary.ArchiveNotRemoved) = (pruning.Removed, pruning.Left);

        var files = listing.Ready
            .OrderBy(f => f.LastWriteTimeUtc)
            .ThenBy(f => f.Name, StringComparer.Ordinal)
            .ToList();
        if (files.Count == 0)
        {
            return summary;
        }

        var taken = new List<(string Path, RosterImportResult Result)>();
        await using var batch = await writer.BeginBatchAsync(cancellationToken);
        await foreach (var file in RosterFileReadAhead.InOrderAsync([.. files.Select(f => f.FullName)], reference, BusinessDay.Today(time), cancellationToken))
        {
            summary.Files++;
            try
            {
                var result = await ImportFileAsync(file, batch, reference, cancellationToken);
                summary.AddFile(result);
                if (result.Skipped)
                {
                    summary.FilesUnchanged++;
                }

                taken.Add((file.Path, result));
            }
            catch (InputRejectedException ex)
            {
                var (folder, report, label) = Refused(summary, ex);
                var moved = InboxFolder.MoveAside(file.Path, Path.Combine(inbox, folder), time.GetUtcNow());
                // Indonesian first, for the village operator who sent the file; the admin's English sentence below it.
                var sentences = ex.Indonesian is { } indonesian ? $"{indonesian}{Environment.NewLine}{ex.Message}" : ex.Message;
                await File.WriteAllTextAsync(moved + report, $"{sentences}{Environment.NewLine}{label}: {Now()}{Environment.NewLine}", cancellationToken);
                LogFileMovedAside(file.FileName, folder);
            }
        }

        // Archived once committed: a run that fails leaves its files in the inbox for the next one.
        await batch.CommitAsync(cancellationToken);
        foreach (var (path, result) in taken)
        {
            var archived = archive.Archive(path);
            if (result.QuarantinedTotal > 0 || result.Warned > 0 || result.Left > 0 || result.Earlier is not null)
            {
                await File.WriteAllTextAsync(archived + ".report.txt", ArchiveReport(Path.GetFileName(path), result), cancellationToken);
            }
        }

        return summary;
    }

    /// <summary>
    /// Beside a file taken with bad rows, warnings or people who left, what the village must fix or check: each row and its
    /// reason, no value (the membership inbox writes the same), where an operator could only learn them from an admin's
    /// <c>export rejects</c>, the warnings (SPEC 3.1: a contradiction is reported to the village), and how many left.
    /// </summary>
    private string ArchiveReport(string fileName, RosterImportResult result)
    {
        var report = new StringBuilder();

        // A village that resends a file unfixed learns that nothing happened, and what is still waiting for a fix.
        if (result.Earlier is { } earlier)
        {
            report.AppendLine(CultureInfo.InvariantCulture, $"Isi berkas {fileName} sama persis dengan berkas yang sudah diterima pada {Wib(earlier.ImportedAt)}; tidak ada yang berubah.");
            if (earlier.StillQuarantined > 0)
            {
                report.AppendLine(CultureInfo.InvariantCulture,
                    $"{earlier.StillQuarantined} baris berkas itu masih dikarantina; perbaiki baris-baris itu (lihat laporan berkas sebelumnya) lalu kirim berkas yang sudah diperbaiki.");
            }
        }

        if (result.QuarantinedTotal > 0)
        {
            report.AppendLine(CultureInfo.InvariantCulture, $"Berkas {fileName} diterima kecuali {result.QuarantinedTotal} baris, yang dikarantina sampai berkas perbaikan dikirim:");
            AppendRows(report, result.Rejects, result.QuarantinedTotal, " (admin kabupaten dapat mengirimkan daftar lengkapnya dari export rejects)");
        }

        if (result.Warned > 0)
        {
            report.AppendLine(CultureInfo.InvariantCulture, $"Berkas {fileName}: {result.Warned} baris diterima dengan peringatan; periksa datanya:");
            AppendRows(report, result.Warnings, result.Warned, "");
        }

        // A file is its desa's whole roster (SPEC 2.1): a village that splits it by role, one file each, makes the other
        // file's people leave, and only a desa losing more than half is held back.
        if (result.Left > 0)
        {
            report.AppendLine(CultureInfo.InvariantCulture,
                $"Berkas {fileName}: {result.Left} orang yang tercatat sebelumnya tidak ada di berkas ini, sehingga dicatat keluar dari roster desa. Jika mereka masih terdaftar di desa itu, kirim satu berkas yang memuat semua orang desa (semua peran).");
            if (result.LeftPeransAbsent.Count > 0)
            {
                report.AppendLine(CultureInfo.InvariantCulture,
                    $"Berkas ini tidak memuat seorang pun dengan peran {string.Join(", ", result.LeftPeransAbsent.Select(RosterPeran.Label))}, padahal orang yang dicatat keluar memiliki peran tersebut. Jika daftar desa dikirim terpisah per peran, setiap berkas baru mengeluarkan orang-orang di berkas lainnya; gabungkan semuanya dalam satu berkas.");
            }
        }

        report.AppendLine(CultureInfo.InvariantCulture, $"Diterima / taken: {Now()}");
        return report.ToString();
    }

    private static void AppendRows(StringBuilder report, IReadOnlyList<RosterRowNote> rows, int total, string everyRow)
    {
        foreach (var row in rows)
        {
            report.AppendLine(CultureInfo.InvariantCulture, $"baris {row.Baris}: {row.Alasan}");
        }

        if (total > rows.Count)
        {
            report.AppendLine(CultureInfo.InvariantCulture, $"... dan {total - rows.Count} baris lainnya{everyRow}.");
        }
    }

    /// <summary>
    /// Counts a file refused whole and says where an inbox moves it: held/ when the shrink guard held it back (nothing wrong
    /// in it; an admin may import it with --allow-shrink), as the membership inbox holds its files, else rejected/.
    /// </summary>
    private static (string Folder, string Report, string Label) Refused(RosterRunSummary summary, InputRejectedException ex)
    {
        if (ex is RosterHeldBackException)
        {
            summary.AddFileHeldBack(ex.Message);
            return ("held", ".report.txt", "Ditahan / held back");
        }

        summary.AddFileRejection(ex.Message);
        return ("rejected", ".error.txt", "Ditolak / rejected");
    }

    /// <summary>When a report beside a file was written, as its reader compares it with the file's own time.</summary>
    private string Now() => Wib(time.GetUtcNow());

    private static string Wib(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, BusinessDay.TimeZone).ToString("yyyy-MM-dd HH:mm:ss 'WIB'", CultureInfo.InvariantCulture);

    /// <summary>One file, under its savepoint in the run's transaction. Throws <see cref="InputRejectedException"/> when the file is rejected whole.</summary>
    private async Task<RosterImportResult> ImportFileAsync(
        RosterFileReadAhead file, RosterBatch batch, RosterReferenceData reference, CancellationToken cancellationToken, bool allowShrink = false)
    {
        var (sha256, _) = await file.FingerprintAsync();
        if (await batch.UnchangedFileAsync(sha256, time.GetUtcNow(), cancellationToken) is { } earlier)
        {
            LogFileUnchanged(file.FileName);
            return RosterImportResult.Unchanged(file.FileName, earlier);
        }

        try
        {
            var layout = await file.LayoutAsync();
            var roles = layout.Perans is { } perans ? RosterSnapshotRoles.Only(perans) : RosterSnapshotRoles.EveryButFeeds(options.Value, reference);
            return await writer.WriteAsync(batch, new RosterSource(file.FileName, RosterSourceKind.File), roles, sha256, file.RowsAsync(cancellationToken), cancellationToken, allowShrink);
        }
        catch (UnreadableTableException ex)
        {
            // Thrown while the file's rows are copied: the writer has rolled back to the file's savepoint.
            throw RosterFileRejection.Unreadable(file.FileName, ex);
        }
        catch (Exception ex) when (!file.IsText && XlsxTabularReader.IsBroken(ex))
        {
            throw RosterFileRejection.NotAWorkbook(file.FileName, ex);
        }
    }

    [LoggerMessage(EventId = 1200, Level = LogLevel.Debug, Message = "Roster file {File} was refused whole")]
    private partial void LogFileRejected(string file);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Warning, Message = "Roster file {File} was refused whole and moved to {Folder}/ with its report")]
    private partial void LogFileMovedAside(string file, string folder);

    [LoggerMessage(EventId = 1203, Level = LogLevel.Information,
        Message = "{Files} roster files in the inbox were written within the last {QuietPeriod} and are left for the next run")]
    private partial void LogFilesLeftForNextRun(int files, TimeSpan quietPeriod);

    [LoggerMessage(EventId = 1201, Level = LogLevel.Information, Message = "Roster file {File} is unchanged since its last import; nothing to do")]
    private partial void LogFileUnchanged(string file);
}
