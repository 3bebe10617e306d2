using Hangfire;
using Jamsostek.Digest;

namespace Jamsostek.Jobs;

/// <summary>
/// send-weekly-digest (SPEC 4), Monday 07:00 Asia/Jakarta: renders the ISO week that ended on Sunday into the outbox and sends it.
/// Reentrant: a retry renders nothing already rendered and sends only what is unsent, so a failure may simply be retried;
/// a week without a reconciled day is not: it fails at once with its sentence, since only an admin's reconcile can mend it.
/// </summary>
public sealed class SendWeeklyDigestJob(WeeklyDigest digest)
{
    public const string Id = "send-weekly-digest";

    [DisableConcurrentExecution(timeoutInSeconds: 600)]
    [AutomaticRetry(Attempts = 10, ExceptOn = [typeof(InputRejectedException)])]
    [JobDisplayName("Send the weekly digest")]
    public async Task<string> RunAsync(CancellationToken cancellationToken)
    {
        var report = await digest.SendAsync(week: null, cancellationToken);
        return report.ToLine();
    }
}
