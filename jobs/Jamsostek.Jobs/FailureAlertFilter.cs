using Hangfire;
using Hangfire.States;
using Hangfire.Storage;
using Jamsostek.Alerts;
using Microsoft.Extensions.Logging;

namespace Jamsostek.Jobs;

/// <summary>
/// Enqueues a <see cref="SendFailureAlertJob"/> when a job of the service reaches the Failed state for good.
/// </summary>
/// <remarks>
/// An apply filter, not an elect filter: <see cref="AutomaticRetryAttribute"/> (order 20) turns a failure with retries left
/// into Scheduled (or Enqueued) during the election, and only the state elected in the end is applied. A failure between
/// retries therefore never reaches here; a failure with no retry left, or an exception the job's <c>ExceptOn</c> does
/// not retry, does. A Failed state Hangfire applies with its filters disabled never reaches here either:
/// <see cref="SweepFailureAlertsJob"/> tells it.
/// </remarks>
public sealed partial class FailureAlertFilter(FailureAlerts alerts, ILogger<FailureAlertFilter> logger) : IApplyStateFilter
{
    public void OnStateApplied(ApplyStateContext context, IWriteOnlyTransaction transaction)
    {
        // An alert job's own failure is not told: the mail it could not send would fail the next alert the same way.
        if (context.NewState is not FailedState || !alerts.Enabled || SendFailureAlertJob.IsAlertJob(context.BackgroundJob.Job))
        {
            return;
        }

        var jobId = context.BackgroundJob.Id;
        try
        {
            new BackgroundJobClient(context.Storage).Enqueue<SendFailureAlertJob>(job => job.RunAsync(jobId, CancellationToken.None));
        }
        catch (BackgroundJobClientException ex)
        {
            // The failure itself must still be recorded, and shows in the dashboard: throwing here would make Hangfire retry
            // the state change and in the end apply it without any filter.
            LogNotEnqueued(jobId, ex.InnerException?.GetType().Name ?? ex.GetType().Name);
        }
    }

    public void OnStateUnapplied(ApplyStateContext context, IWriteOnlyTransaction transaction)
    {
    }

    [LoggerMessage(EventId = 6010, Level = LogLevel.Error, Message = "Job {JobId} failed, and the alert for it could not be enqueued ({Error}); nobody is emailed")]
    private partial void LogNotEnqueued(string jobId, string error);
}
