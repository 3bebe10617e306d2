using Hangfire;
using Jamsostek.Digest;

namespace Jamsostek.Jobs;

/// <summary>
/// send-weekly-digest (SPEC 4), Monday 07:00 Asia/Jakarta: renders the ISO week that ended on Sunday into the outbox and sends it.
/// Reentrant: a retry renders nothing already rendered and sends only what is unsent, so a failure may simply be retried.
/// </summary>
public sealed class SendWeeklyDigestJob(WeeklyDigest digest)
{
    public const string Id = "send-weekly-digest";

    [DisableConcurrentExecution(timeoutInSeconds: 600)]
    public async Task RunAsync(CancellationToken cancellationToken) => await digest.SendAsync(week: null, cancellationToken);
}
