using Microsoft.Extensions.Logging;

namespace Jamsostek.Tabular;

/// <summary>
/// An inbox's archive/: the files a run took, each with its <c>NAME.report.txt</c> when it has one, kept for
/// Rosters:ArchiveRetention or Membership:ArchiveRetention and then deleted. Every archived file holds the NIKs, names and
/// birth dates it was sent with, and UU 27/2022 (SPEC 6) keeps personal data only as long as it is needed; the branch's
/// daily register alone grew the archive by over 100 GB a year. rejected/ and held/ are never read here: their files wait
/// for a person.
/// </summary>
internal sealed partial class InboxArchive(string inbox, string retentionKey, TimeSpan retention, TimeProvider time, ILogger logger)
{
    public const string FolderName = "archive";

    public const string ReportSuffix = ".report.txt";

    /// <summary>The shortest retention either inbox accepts: the night's files stay for an admin to open the next morning.</summary>
    public static readonly TimeSpan ShortestRetention = TimeSpan.FromDays(1);

    /// <summary>The longest: ten years, far past any need, and <c>now - retention</c> stays a date.</summary>
    public static readonly TimeSpan LongestRetention = TimeSpan.FromDays(3650);

    /// <summary>
    /// Moves a file a run took into the inbox's archive/ and stamps it with the time it was archived. File.Move keeps the
    /// time it was last written, which an SFTP client or an unzip may have set months back: measured from that, a file
    /// archived today could be deleted by the next run. The stamp is the archiving time the retention counts from; a file
    /// whose time cannot be set (owned by the uploading account) keeps its own and is counted from it.
    /// </summary>
    public string Archive(string path)
    {
        var now = time.GetUtcNow();
        var archived = InboxFolder.MoveAside(path, Path.Combine(inbox, FolderName), now);
        try
        {
            File.SetLastWriteTimeUtc(archived, now.UtcDateTime);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LogNotStamped(logger, ex, Path.GetFileName(archived), retentionKey);
        }

        return archived;
    }

    /// <summary>
    /// Deletes the files archived longer than the retention ago, each with the
    /// report beside it (and a report left without its file). A file is as old as the later of its own and its report's last
    /// write: a file archived before its time was stamped (<see cref="Archive"/>) is then counted from its report, written
    /// when it was archived. A file that cannot be deleted (its permissions, a read-only folder) is logged and left, with its
    /// report: the run's import must not fail for the archive.
    /// </summary>
    public ArchivePruning Prune()
    {
        var pruning = PruneFolder();
        if (pruning.Removed > 0 || pruning.Left > 0)
        {
            LogPruned(logger, pruning.Removed, retentionKey, retention, pruning.Left);
        }

        return pruning;
    }

    private ArchivePruning PruneFolder()
    {
        var folder = new DirectoryInfo(Path.Combine(inbox, FolderName));
        var archivedBefore = (time.GetUtcNow() - retention).UtcDateTime;
        List<FileInfo> entries;
        try
        {
            if (!folder.Exists)
            {
                return new ArchivePruning(0, 0);
            }

            entries = [.. folder.EnumerateFiles()];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LogNotDeleted(logger, ex, FolderName + "/", retentionKey);
            return new ArchivePruning(0, 1);
        }

        var byName = entries.ToDictionary(f => f.Name, StringComparer.Ordinal);
        var removed = 0;
        var left = 0;
        foreach (var file in entries)
        {
            var isReport = file.Name.EndsWith(ReportSuffix, StringComparison.Ordinal);
            if (isReport && byName.ContainsKey(file.Name[..^ReportSuffix.Length]))
            {
                // Deleted with its file, or kept with it.
                continue;
            }

            var report = isReport ? null : byName.GetValueOrDefault(file.Name + ReportSuffix);
            var archivedAt = report is null || report.LastWriteTimeUtc < file.LastWriteTimeUtc ? file.LastWriteTimeUtc : report.LastWriteTimeUtc;
            if (archivedAt >= archivedBefore)
            {
                continue;
            }

            if (!TryDelete(file))
            {
                left++;
                continue;
            }

            removed++;
            // A report that stays is deleted by a later run, as one without its file.
            if (report is not null)
            {
                _ = TryDelete(report);
            }
        }

        return new ArchivePruning(removed, left);
    }

    private bool TryDelete(FileInfo file)
    {
        try
        {
            file.Delete();
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LogNotDeleted(logger, ex, file.Name, retentionKey);
            return false;
        }
    }

    // Logged under the inbox's own category (the caller's logger), once here for both inboxes.
    [LoggerMessage(EventId = 1204, Level = LogLevel.Information,
        Message = "Inbox archive: {Removed} files archived more than {RetentionKey} ({Retention}) ago deleted with their reports, {Left} could not be deleted")]
    private static partial void LogPruned(ILogger logger, int removed, string retentionKey, TimeSpan retention, int left);

    [LoggerMessage(EventId = 1205, Level = LogLevel.Warning,
        Message = "Archived file {File} is past {RetentionKey} but could not be deleted; it is left for an admin")]
    private static partial void LogNotDeleted(ILogger logger, Exception exception, string file, string retentionKey);

    [LoggerMessage(EventId = 1206, Level = LogLevel.Warning,
        Message = "Archived file {File} could not be stamped with its archiving time; {RetentionKey} counts from when it was last written")]
    private static partial void LogNotStamped(ILogger logger, Exception exception, string file, string retentionKey);
}

/// <param name="Removed">Archived files deleted, each counted once with its report.</param>
/// <param name="Left">Archived files past their retention that could not be deleted, left for a person (and the next run).</param>
internal sealed record ArchivePruning(int Removed, int Left)
{
    /// <summary>The run's one-line summary's clause for the archive ("" when nothing was past its retention).</summary>
    public static string Clause(int removed, int left, string retentionKey) =>
        removed == 0 && left == 0
            ? ""
            : $"; archive: {removed} file(s) older than {retentionKey} deleted{(left == 0 ? "" : $", {left} could not be deleted (see the log)")}";
}
