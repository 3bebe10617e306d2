using Hangfire;
using Jamsostek.Membership;
using Microsoft.Extensions.Options;

namespace Jamsostek.Jobs;

/// <summary>sync-membership (SPEC 4): imports the membership files that arrived in the inbox.</summary>
public sealed class SyncMembershipJob(MembershipInbox inbox)
{
    public const string Id = "sync-membership";

    /// <summary>
    /// A held file fails the run so the admin sees it in the dashboard; retrying that is pointless (the file already moved
    /// to held/), as it is for a setting to correct (an inbox folder that does not exist: the command line's exit 2, an
    /// <see cref="OptionsValidationException"/> naming the key). Anything else (the database restarting at 01:00) is
    /// retried: the files not yet taken are still in the inbox, and reconcile-coverage at 02:00 should see the night's register.
    /// </summary>
    [DisableConcurrentExecution(timeoutInSeconds: 600)]
    [AutomaticRetry(Attempts = 3, ExceptOn = [typeof(InputRejectedException), typeof(OptionsValidationException)])]
    [JobDisplayName("Sync membership: the BPJS files in the membership inbox")]
    public async Task<string> RunAsync(CancellationToken cancellationToken)
    {
        var sync = await inbox.SyncAsync(cancellationToken);
        var held = sync.Held.Select(r => r.Message).ToList();
        if (held.Count > 0)
        {
            throw new InputRejectedException(string.Join(" ", held));
        }

        // The dashboard shows it as the job's result: how many files were taken, from which folder.
        return sync.ToLine();
    }
}
