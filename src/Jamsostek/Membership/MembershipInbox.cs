using Jamsostek.Database;
using Jamsostek.Tabular;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Jamsostek.Membership;

/// <summary>
/// The membership inbox (SPEC 2.4): every CSV/XLSX file dropped there is imported, oldest as-of first so the newest ends as
/// the register; imported (or already imported) files move to archive/ (deleted after Membership:ArchiveRetention), held ones to
/// held/ with a report beside them.
/// </summary>
public sealed partial class MembershipInbox(
    NpgsqlDataSource dataSource,
    MembershipImporter importer,
    IOptions<MembershipOptions> options,
    TimeProvider timeProvider,
    ILogger<MembershipInbox> logger)
{
    internal const string ArchiveRetentionKey = $"{MembershipOptions.Section}:{nameof(MembershipOptions.ArchiveRetention)}";

    public string InboxPath => Path.GetFullPath(options.Value.InboxPath);

    /// <summary>
    /// Imports the files written before Membership:InboxQuietPeriod; more recent ones are left for the next run.
    /// <paramref name="filesAreWhole"/>: the caller wrote the files itself and closed them (the demo), so there is no copy in
    /// progress to wait for.
    /// </summary>
    public async Task<MembershipSync> SyncAsync(CancellationToken cancellationToken, bool filesAreWhole = false)
    {
        // Held until the files are moved: a second sync listed files the first was still importing and moving.
        await using var lockConnection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var inboxRun = await SessionLock.TakeAsync(lockConnection, AdvisoryLockKeys.MembershipInbox, cancellationToken);
        var inbox = new DirectoryInfo(InboxPath);
        var quietPeriod = filesAreWhole ? TimeSpan.Zero : options.Value.InboxQuietPeriod;
        var listing = InboxFolder.Files(inbox.FullName, $"{MembershipOptions.Section}:{nameof(MembershipOptions.InboxPath)}", quietPeriod, timeProvider.GetUtcNow());
        if (listing.StillBeingWritten > 0)
        {
            LogFilesLeftForNextRun(listing.StillBeingWritten, quietPeriod);
        }

        // Before the import, under the inbox's lock: a day with no file still ages the archive, and a failed import does not
        // keep files past their time.
        var archive = new InboxArchive(inbox.FullName, ArchiveRetentionKey, options.Value.ArchiveRetention, timeProvider, logger);
        var pruning = archive.Prune();

        var files = listing.Ready
            .OrderBy(f => MembershipImporter.AsOf(f.FullName))
            .ThenBy(f => f.LastWriteTimeUtc)
            .ThenBy(f => f.Name, StringComparer.Ordinal)
            .ToList();

        var results = new List<MembershipImportResult>();
        foreach (var file in files)
        {
            var result = await importer.ImportAsync(file.FullName, cancellationToken);
            var moved = result.Outcome == MembershipImportOutcome.Held
                ? InboxFolder.MoveAside(file.FullName, Path.Combine(inbox.FullName, "held"), timeProvider.GetUtcNow())
                : archive.Archive(file.FullName);
            if (result.Outcome == MembershipImportOutcome.Held || result.Problems.Count > 0)
            {
                await File.WriteAllTextAsync(moved + ".report.txt", result.Report(), cancellationToken);
            }

            results.Add(result);
        }

        var held = results.Count(r => r.Outcome == MembershipImportOutcome.Held);
        LogSynced(files.Count, held);
        return new MembershipSync(results, listing.StillBeingWritten, inbox.FullName, pruning.Removed, pruning.Left);
    }

    [LoggerMessage(EventId = 2011, Level = LogLevel.Information,
        Message = "{Files} membership files in the inbox were written within the last {QuietPeriod} and are left for the next run")]
    private partial void LogFilesLeftForNextRun(int files, TimeSpan quietPeriod);

    [LoggerMessage(EventId = 2010, Level = LogLevel.Information, Message = "Membership inbox synced: {Files} files, {Held} held back")]
    private partial void LogSynced(int files, int held);
}

/// <summary>One sync of the membership inbox.</summary>
/// <param name="Files">The files read, in the order they were imported.</param>
/// <param name="FilesWaiting">Files written within Membership:InboxQuietPeriod, left in the inbox for the next run.</param>
/// <param name="Inbox">The folder read: named in the summary, as the admin wrote it in Membership:InboxPath.</param>
/// <param name="ArchiveRemoved">Files of archive/ older than Membership:ArchiveRetention deleted, each with its report.</param>
/// <param name="ArchiveNotRemoved">Archived files past Membership:ArchiveRetention that could not be deleted (each logged).</param>
public sealed record MembershipSync(IReadOnlyList<MembershipImportResult> Files, int FilesWaiting, string Inbox, int ArchiveRemoved = 0, int ArchiveNotRemoved = 0)
{
    public IReadOnlyList<MembershipImportResult> Held => [.. Files.Where(r => r.Outcome == MembershipImportOutcome.Held)];

    public string ToLine()
    {
        var imported = Files.Count(r => r.Outcome == MembershipImportOutcome.Imported);
        var known = Files.Count(r => r.Outcome == MembershipImportOutcome.AlreadyImported);
        var waiting = FilesWaiting == 0 ? "" : $", {FilesWaiting} still being written (left for the next run)";
        var archive = ArchivePruning.Clause(ArchiveRemoved, ArchiveNotRemoved, MembershipInbox.ArchiveRetentionKey);
        return $"Membership inbox {Inbox}: {imported} files imported, {known} already imported, {Held.Count} held back{waiting}{archive}.";
    }
}
