namespace Jamsostek.Tabular;

/// <summary>
/// An inbox's archive/: the files a run took, each with its <c>NAME.report.txt</c> when it has one, kept for
/// Rosters:ArchiveRetention or Membership:ArchiveRetention and then deleted. Every archived file holds the NIKs, names and
/// birth dates it was sent with, and UU 27/2022 (SPEC 6) keeps personal data only as long as it is needed; the branch's
/// daily register alone grew the archive by over 100 GB a year. rejected/ and held/ are never read here: their files wait
/// for a person.
/// </summary>
internal static class InboxArchive
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
    public static string Archive(string path, string inbox, DateTimeOffset now, Action<string, Exception>? unstamped = null)
    {
        var archived = InboxFolder.MoveAside(path, Path.Combine(inbox, FolderName), now);
        try
        {
            File.SetLastWriteTimeUtc(archived, now.UtcDateTime);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            unstamped?.Invoke(Path.GetFileName(archived), ex);
        }

        return archived;
    }

    /// <summary>
    /// Deletes the archived files archived more than <paramref name="retention"/> before <paramref name="now"/>, each with the
    /// report beside it (and a report left without its file). A file is as old as the later of its own and its report's last
    /// write: a file archived before its time was stamped (<see cref="Archive"/>) is then counted from its report, written
    /// when it was archived. A file that cannot be deleted (its permissions, a read-only folder) is reported through
    /// <paramref name="notDeleted"/> and left, with its report: the run's import must not fail for the archive.
    /// </summary>
    public static ArchivePruning Prune(string inbox, TimeSpan retention, DateTimeOffset now, Action<string, Exception> notDeleted)
    {
        var folder = new DirectoryInfo(Path.Combine(inbox, FolderName));
        var archivedBefore = (now - retention).UtcDateTime;
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
            notDeleted(FolderName + "/", ex);
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

            if (!TryDelete(file, notDeleted))
            {
                left++;
                continue;
            }

            removed++;
            // A report that stays is deleted by a later run, as one without its file.
            if (report is not null)
            {
                _ = TryDelete(report, notDeleted);
            }
        }

        return new ArchivePruning(removed, left);
    }

    private static bool TryDelete(FileInfo file, Action<string, Exception> notDeleted)
    {
        try
        {
            file.Delete();
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            notDeleted(file.Name, ex);
            return false;
        }
    }
}

/// <param name="Removed">Archived files deleted, each counted once with its report.</param>
/// <param name="Left">Archived files past their retention that could not be deleted, left for a person (and the next run).</param>
internal sealed record ArchivePruning(int Removed, int Left);
