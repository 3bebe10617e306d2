using Npgsql;

namespace Jamsostek.Rosters;

/// <summary>The pull-roster-updates job and <c>pull roster</c> (SPEC 4, 5): every configured feed, then every file in the inbox.</summary>
public sealed class RosterUpdates(NpgsqlDataSource dataSource, RosterFeedPuller feeds, RosterFileImporter files)
{
    public async Task<RosterRunSummary> RunAsync(CancellationToken cancellationToken)
    {
        var reference = await RosterReferenceData.LoadAsync(dataSource, cancellationToken);
        var summary = await feeds.PullAllAsync(reference, cancellationToken);
        summary.Add(await files.ProcessInboxAsync(reference, cancellationToken));
        return summary;
    }

    /// <summary><c>import roster FILE...</c>: the files where they are; nothing is moved.</summary>
    public async Task<RosterRunSummary> ImportAsync(IEnumerable<string> paths, CancellationToken cancellationToken)
    {
        var reference = await RosterReferenceData.LoadAsync(dataSource, cancellationToken);
        return await files.ImportFilesAsync(paths, reference, cancellationToken);
    }
}
