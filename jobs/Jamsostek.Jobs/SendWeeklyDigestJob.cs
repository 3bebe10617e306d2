using Hangfire;
using Jamsostek.Digest;
using Microsoft.Extensions.Options;

namespace Jamsostek.Jobs;

/// <summary>
/// send-weekly-digest (SPEC 4), Monday 07:00 Asia/Jakarta: renders the ISO week that ended on Sunday into the outbox and sends it.
/// Reentrant: a retry renders nothing already rendered and sends only what is unsent, so a failure may simply be retried;
/// a week without a reconciled day is not: it fails at once with its sentence, since only an admin's reconcile can mend it.
/// Nor is a login the mail server refuses (an <see cref="OptionsValidationException"/> naming Digest:Smtp's user name and
/// password, the command line's exit 2): each retry would be refused again, for days, among Hangfire's retries.
/// </summary>
public sealed class SendWeeklyDigestJob(WeeklyDigest digest)
{
    public const string Id = "send-weekly-digest";

    [DisableConcurrentExecution(timeoutInSeconds: 600)]
    [AutomaticRetry(Attempts = 10, ExceptOn = [typeof(InputRejectedException), typeof(OptionsValidationException)])]
    [JobDisplayName("Send the weekly digest")]
    public async Task<string> RunAsync(CancellationToken cancellationToken)
    {
        var report = await digest.SendAsync(week: null, cancellationToken);
        return report.ToLine();
    }
}
