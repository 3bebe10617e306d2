using Microsoft.Extensions.Logging;
using Npgsql;

namespace Jamsostek.Rosters;

/// <summary>The pull-roster-updates job and <c>pull roster</c> (SPEC 4, 5): every configured feed, then every file in the inbox.</summary>
public sealed partial class RosterUpdates(NpgsqlDataSource dataSource, RosterFeedPuller feeds, RosterFileImporter files, ILogger<RosterUpdates> logger)
{
    /// <summary><paramref name="inboxFilesAreWhole"/>: the caller wrote the inbox's files itself (the demo), none is still being copied in.
    /// <paramref name="claimFeedAlerts"/>: the hourly job, which tells the admins of a desa failing too long (<see cref="RosterRunSummary.FeedsFailingAlert"/>).</summary>
    public async Task<RosterRunSummary> RunAsync(CancellationToken cancellationToken, bool inboxFilesAreWhole = false, bool claimFeedAlerts = false)
    {
        var reference = await RosterReferenceData.LoadAsync(dataSource, cancellationToken);
        var summary = await feeds.PullAllAsync(reference, cancellationToken);
        summary.Add(await files.ProcessInboxAsync(reference, cancellationToken, inboxFilesAreWhole));
        if (claimFeedAlerts)
        {
            // Last, when nothing but the job's failure is left: a run that fails after it (the database in the inbox) would
            // fail with its own message, and the retry would find the day's alert already taken.
            await feeds.ClaimAlertsAsync(summary, cancellationToken);
        }

        var quarantined = summary.Quarantined.Values.Sum();
        LogRun(summary.Files, summary.FilesRejected, summary.FilesHeldBack, summary.DesaPulled, summary.DesaFailed, summary.DesaHeldBack, summary.Taken, summary.Left, quarantined);
        return summary;
    }

    /// <summary><c>import roster [--allow-shrink] FILE...</c>: the files where they are; nothing is moved.</summary>
    public async Task<RosterRunSummary> ImportAsync(IEnumerable<string> paths, CancellationToken cancellationToken, bool allowShrink = false)
    {
        var reference = await RosterReferenceData.LoadAsync(dataSource, cancellationToken);
        return await files.ImportFilesAsync(paths, reference, cancellationToken, allowShrink);
    }

    [LoggerMessage(EventId = 1300, Level = LogLevel.Information,
        Message = "Roster updates: {Files} files ({FilesRejected} rejected, {FilesHeldBack} held back), {DesaPulled} desa pulled ({DesaFailed} failed, {DesaHeldBack} held back), {Taken} rows taken, {Left} left, {Quarantined} quarantined")]
    private partial void LogRun(int files, int filesRejected, int filesHeldBack, int desaPulled, int desaFailed, int desaHeldBack, int taken, int left, int quarantined);
}
