using Dapper;
using Jamsostek.Coverage;
using Jamsostek.Database;
using Jamsostek.Digest;
using Jamsostek.Membership;
using Jamsostek.Rosters;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Jamsostek.Demo;

/// <summary>
/// The <c>demo</c> (SPEC 5): the synthetic data set dropped in the inboxes, then one night exactly as the jobs run it
/// (rosters, membership, reconciliation) and this week's digest so far for a recipient of every scope, so a newcomer sees
/// real statuses, probable matches to review and digests.
/// </summary>
/// <remarks>
/// The digests are previews (<c>.eml</c> and <c>.html</c> files in <c>Demo:WorkingFolder/digest</c>), never sent: the demo's
/// history starts today, so only the current week has figures, and that week has not ended. Sending it would record it in the
/// outbox for every recipient (one digest per recipient per ISO week), and the Monday job that reports it once it has ended
/// would then find it sent and send nothing; a preview never touches the outbox or the pickup folder (where a file named as
/// the week's digest counts as delivered).
/// </remarks>
public sealed class DemoNight(
    NpgsqlDataSource dataSource,
    DemoDataSet dataSet,
    RosterUpdates rosters,
    MembershipInbox membership,
    CoverageReconciler reconciler,
    DigestRecipients recipients,
    WeeklyDigest digest,
    IOptions<DemoOptions> options)
{
    /// <summary>Recipients of the demo's digests: one address per scope at a domain that never receives mail.</summary>
    public const string RecipientDomain = "demo.invalid";

    /// <summary>The folder, under <c>Demo:WorkingFolder</c>, that the demo's digest previews are written to.</summary>
    public string DigestFolder => Path.GetFullPath(Path.Combine(options.Value.WorkingFolder, "digest"));

    /// <summary>Throws <see cref="InputRejectedException"/>, writing nothing, when the database holds data the demo did not write.</summary>
    public async Task<DemoNightSummary> RunAsync(ulong? seed, CancellationToken cancellationToken)
    {
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        {
            if (await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                    SqlText.Get("demo/database_in_use"), new { Domain = RecipientDomain }, cancellationToken: cancellationToken)))
            {
                throw new InputRejectedException(
                    "demo refuses this database: it holds rosters or a membership register the demo did not write, which its synthetic villages would replace; give the demo a database of its own (ConnectionStrings:Jamsostek).");
            }
        }

        var data = await dataSet.WriteAsync(seed, cancellationToken);
        var rosterRun = await rosters.RunAsync(cancellationToken, inboxFilesAreWhole: true);
        var membershipRun = await membership.SyncAsync(cancellationToken, filesAreWhole: true);
        var day = await reconciler.ReconcileDayAsync(reconciler.Today(), cancellationToken);
        await recipients.SeedDefaultsAsync(RecipientDomain, cancellationToken);
        // This week so far, not the last complete one (the demo's history starts today), and previewed, not sent (above).
        var week = IsoWeek.Containing(day.AsOf);
        var previews = await digest.PreviewAsync(DigestFolder, week, cancellationToken);
        return new DemoNightSummary(data, rosterRun, membershipRun.Files.Sum(m => m.Records), day, week, previews, DigestFolder);
    }
}

public sealed record DemoNightSummary(
    SyntheticDataSummary Data,
    RosterRunSummary Rosters,
    int MembershipRecords,
    DaySummary Day,
    IsoWeek DigestWeek,
    int DigestPreviews,
    string DigestFolder)
{
    public string ToLine() =>
        $"Demo: {Data.RosterRows} roster rows in {Data.RosterFiles} files and {MembershipRecords} membership records imported; " +
        $"{Day.ToLine().TrimEnd('.')}; {DigestPreviews} digests of {DigestWeek} so far written to {DigestFolder} (previews: the week is sent " +
        "by send-weekly-digest on the Monday after it ends).";
}
