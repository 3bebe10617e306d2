using Jamsostek.Coverage;
using Jamsostek.Digest;
using Jamsostek.Membership;
using Jamsostek.Rosters;

namespace Jamsostek.Demo;

/// <summary>
/// The <c>demo</c> (SPEC 5): the synthetic data set dropped in the inboxes, then one night exactly as the jobs run it
/// (rosters, membership, reconciliation) and this week's digest for a recipient of every scope, so a newcomer sees real
/// statuses, probable matches to review and digests (as .eml files when no SMTP host is configured).
/// </summary>
public sealed class DemoNight(
    DemoDataSet dataSet,
    RosterUpdates rosters,
    MembershipInbox membership,
    CoverageReconciler reconciler,
    DigestRecipients recipients,
    WeeklyDigest digest)
{
    /// <summary>Recipients of the demo's digests: one address per scope at a domain that never receives mail.</summary>
    public const string RecipientDomain = "demo.invalid";

    public async Task<DemoNightSummary> RunAsync(ulong? seed, CancellationToken cancellationToken)
    {
        var data = await dataSet.WriteAsync(seed, cancellationToken);
        var rosterRun = await rosters.RunAsync(cancellationToken);
        var membershipRun = await membership.SyncAsync(cancellationToken);
        var day = await reconciler.ReconcileDayAsync(reconciler.Today(), cancellationToken);
        await recipients.SeedDefaultsAsync(RecipientDomain, cancellationToken);
        // This week, not the last complete one: the demo's history starts today.
        var digests = await digest.SendAsync(IsoWeek.Containing(day.AsOf), cancellationToken);
        return new DemoNightSummary(data, rosterRun, membershipRun.Sum(m => m.Records), day, digests);
    }
}

public sealed record DemoNightSummary(
    SyntheticDataSummary Data,
    RosterRunSummary Rosters,
    int MembershipRecords,
    DaySummary Day,
    WeekSendReport Digests)
{
    public string ToLine() =>
        $"Demo: {Data.RosterRows} roster rows in {Data.RosterFiles} files and {MembershipRecords} membership records imported; " +
        $"{Day.ToLine()}; {Digests.Sent} digests for {Digests.Week} delivered.";
}
