using Hangfire;
using Jamsostek.Alerts;
using Microsoft.Extensions.Options;

namespace Jamsostek.Jobs;

/// <summary>
/// sweep-failure-alerts, every 15 minutes: emails the admins each failure <see cref="FailureAlertFilter"/> did not tell: a
/// Failed state Hangfire applied with every filter disabled (its last resort when it could not record a job's outcome, or
/// when a state filter threw), or a failure whose alert could not be enqueued, or whose alert job gave up on a mail server
/// away for over an hour.
/// </summary>
/// <remarks>
/// Told as the alert job tells it (<see cref="SendFailureAlertJob.FailureOf"/>, <see cref="FailureAlerts.SendAsync"/>): the
/// same claim in alerts.failure_alert, so a failure the filter told, or a second server sweeping at the same time, sends
/// nothing twice, and the same once-per-cause rule and email.
/// </remarks>
public sealed class SweepFailureAlertsJob(JobStorage storage, FailureAlerts alerts, IOptions<AlertOptions> options, TimeProvider time)
{
    public const string Id = "sweep-failure-alerts";

    private const int PageSize = 500;

    /// <remarks>
    /// Not retried: its next run, 15 minutes later, is its retry, and claims roll back with a send that failed. Its own
    /// failure, like the alert job's, is told to nobody (<see cref="SendFailureAlertJob.IsAlertJob"/>).
    /// </remarks>
    [AutomaticRetry(Attempts = 0)]
    [JobDisplayName("Sweep failure alerts: email the admins the failed jobs nobody was told of")]
    public async Task<string> RunAsync(CancellationToken cancellationToken)
    {
        if (!alerts.Enabled)
        {
            return "Alerts:Recipients is empty: nobody to tell.";
        }

        // Younger than the grace, the alert filter's own email is on its way; older than the window, the failure is one an
        // upgrade or a first setting of Recipients would otherwise email in a storm.
        var now = time.GetUtcNow();
        var failures = FailedBetween(now - options.Value.SweepWindow, now - options.Value.SweepGrace);
        var monitoring = storage.GetMonitoringApi();
        var told = new List<string>();
        foreach (var jobId in await alerts.UnclaimedAsync(failures, cancellationToken))
        {
            // Read again: an admin may have requeued it since the list was read.
            if (SendFailureAlertJob.FailureOf(jobId, monitoring.JobDetails(jobId)) is { } failure && await alerts.SendAsync(failure, cancellationToken))
            {
                told.Add(jobId);
            }
        }

        return told.Count == 0
            ? $"{failures.Count} failure(s) within Alerts:SweepWindow, none untold: nothing sent."
            : $"{failures.Count} failure(s) within Alerts:SweepWindow; alert sent for the job(s) nobody was told of: {string.Join(", ", told)}.";
    }

    /// <summary>The failures in Hangfire's Failed list between the two times, but the alert jobs' own.</summary>
    private List<(string JobId, DateTimeOffset FailedAt)> FailedBetween(DateTimeOffset since, DateTimeOffset until)
    {
        var monitoring = storage.GetMonitoringApi();
        var failures = new List<(string, DateTimeOffset)>();
        // Listed by job id, not by when they failed (a job requeued and failing again keeps its old id): the whole list.
        for (var from = 0; ; from += PageSize)
        {
            var page = monitoring.FailedJobs(from, PageSize);
            foreach (var (jobId, failed) in page)
            {
                if (failed.FailedAt is not { } at || SendFailureAlertJob.IsAlertJob(failed.Job))
                {
                    continue;
                }

                var failedAt = SendFailureAlertJob.FailedAtOf(at);
                if (failedAt >= since && failedAt <= until)
                {
                    failures.Add((jobId, failedAt));
                }
            }

            if (page.Count < PageSize)
            {
                return failures;
            }
        }
    }
}
