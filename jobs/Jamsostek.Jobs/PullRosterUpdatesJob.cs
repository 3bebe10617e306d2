using Hangfire;
using Jamsostek.Rosters;

namespace Jamsostek.Jobs;

/// <summary>pull-roster-updates (SPEC 4): every OpenSID feed, then every file in the roster inbox. Runs never overlap.</summary>
public sealed class PullRosterUpdatesJob(RosterUpdates updates)
{
    public const string Id = "pull-roster-updates";

    [DisableConcurrentExecution(timeoutInSeconds: 3600)]
    [AutomaticRetry(Attempts = 3)]
    public Task RunAsync(CancellationToken cancellationToken) => updates.RunAsync(cancellationToken);
}
