using Hangfire;
using Jamsostek.Membership;

namespace Jamsostek.Jobs;

/// <summary>sync-membership (SPEC 4): imports the membership files that arrived in the inbox.</summary>
public sealed class SyncMembershipJob(MembershipInbox inbox)
{
    /// <summary>
    /// A held file fails the run so the admin sees it in the dashboard; retrying is pointless (the file already moved to held/).
    /// </summary>
    [DisableConcurrentExecution(timeoutInSeconds: 600)]
    [AutomaticRetry(Attempts = 0)]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var results = await inbox.SyncAsync(cancellationToken);
        var held = results.Where(r => r.Outcome == MembershipImportOutcome.Held).Select(r => r.Message).ToList();
        if (held.Count > 0)
        {
            throw new InputRejectedException(string.Join(" ", held));
        }
    }
}
