using System.Globalization;
using System.Reflection;
using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Hangfire.Storage;
using Hangfire.Storage.Monitoring;
using Jamsostek.Alerts;
using Microsoft.Extensions.Options;

namespace Jamsostek.Jobs;

/// <summary>
/// Emails the admins that a job failed for good (enqueued by <see cref="FailureAlertFilter"/>). Its one argument is the
/// failed job's id, since the dashboard shows arguments: what it tells is read from Hangfire's storage when it runs.
/// </summary>
public sealed class SendFailureAlertJob(JobStorage storage, FailureAlerts alerts)
{
    /// <summary>Far longer than a state change holds a job's lock: one short transaction.</summary>
    private static readonly TimeSpan StateLockTimeout = TimeSpan.FromMinutes(1);

    /// <remarks>
    /// A mail server away for a while is tried again after 1, 10 and 60 minutes. After that this job stays Failed in the
    /// dashboard, and is told to nobody: an alert about an alert that cannot be sent could not be sent either, and would
    /// go on enqueueing alerts (<see cref="FailureAlertFilter"/>). A login the server refuses (an
    /// <see cref="OptionsValidationException"/> naming Digest:Smtp's user name and password) fails it at once: each retry
    /// is refused again, and the admin's Requeue after the fix sends it.
    /// </remarks>
    [AutomaticRetry(Attempts = 3, DelaysInSeconds = [60, 600, 3600], ExceptOn = [typeof(OptionsValidationException)])]
    [JobDisplayName("Email the admins that job {0} failed")]
    public async Task<string> RunAsync(string failedJobId, CancellationToken cancellationToken)
    {
        if (Read(failedJobId) is not { } failure)
        {
            return $"Job {failedJobId} is no longer failed (requeued, deleted or expired): nothing to tell.";
        }

        return await alerts.SendAsync(failure, cancellationToken)
            ? $"Alert that job {failedJobId} failed sent."
            : $"Alert that job {failedJobId} failed was sent before: not sent again.";
    }

    /// <summary>
    /// Whether a job is one of the admins' alerts (this job, or <see cref="SweepFailureAlertsJob"/>), whose own failure is
    /// told to nobody: it is a mail that could not go out, and an alert of it would go the same way, or go on enqueueing alerts.
    /// </summary>
    internal static bool IsAlertJob(Job? job) => job?.Type == typeof(SendFailureAlertJob) || job?.Type == typeof(SweepFailureAlertsJob);

    /// <summary>
    /// The failure a job's details show, or null when its state is no longer Failed (an admin requeued or deleted it): what
    /// the alert tells, whether the alert filter or the sweep asked.
    /// </summary>
    internal static JobFailure? FailureOf(string jobId, JobDetailsDto? details)
    {
        // Newest first: the state the job is in.
        if (details?.History.FirstOrDefault() is not { } failed || failed.StateName != FailedState.StateName)
        {
            return null;
        }

        var exceptionType = failed.Data.TryGetValue("ExceptionType", out var type) ? type : "Exception";
        return new JobFailure(
            jobId,
            NameOf(details),
            FailedAtOf(JobHelper.DeserializeDateTime(failed.Data["FailedAt"])),
            exceptionType[(exceptionType.LastIndexOf('.') + 1)..],
            IsWordedByUs(exceptionType) && failed.Data.TryGetValue("ExceptionMessage", out var message) ? message : null,
            KindOf(details),
            details.Job?.Type == typeof(ReconcileKecamatanJob) ? details.Job.Args[0] as string : null);
    }

    /// <summary>A failed state's FailedAt as stored, in UTC: with the job id, what names the failure in alerts.failure_alert.</summary>
    internal static DateTimeOffset FailedAtOf(DateTime failedAt) => new(DateTime.SpecifyKind(failedAt, DateTimeKind.Utc));

    /// <summary>
    /// The job's failure as stored, or null when it is no longer failed. This job is enqueued while the failed state is
    /// applied, before Hangfire commits it; Hangfire holds the job's state lock around every state change, so taking that
    /// lock first makes the read come after the commit.
    /// </summary>
    private JobFailure? Read(string jobId)
    {
        using (var connection = storage.GetConnection())
        using (connection.AcquireDistributedJobLock(jobId, StateLockTimeout))
        {
        }

        var details = storage.GetMonitoringApi().JobDetails(jobId);
        // Still Processing, the failed state is not committed yet (or an admin's Requeue runs it again): asked again at the
        // retry, where returning would lose the alert.
        if (details?.History.FirstOrDefault()?.StateName == ProcessingState.StateName)
        {
            throw new InvalidOperationException($"Job {jobId} is still processing: its failure is read again at this job's retry.");
        }

        return FailureOf(jobId, details);
    }

    /// <summary>
    /// The service's own exceptions, a setting's, and .NET's base ones carry sentences written without personal data. A
    /// library's (Npgsql, CsvHelper, System.Text.Json, MailKit) may quote a value of the data: its type alone goes in the email.
    /// </summary>
    private static bool IsWordedByUs(string exceptionType) =>
        exceptionType.StartsWith("Jamsostek.", StringComparison.Ordinal)
        || exceptionType == typeof(OptionsValidationException).FullName
        || exceptionType[..Math.Max(0, exceptionType.LastIndexOf('.'))] == "System";

    private static string KindOf(JobDetailsDto details) =>
        details.Properties.TryGetValue("RecurringJobId", out var recurring)
            ? SerializationHelper.Deserialize<string>(recurring, SerializationOption.User)
            : details.Job is null ? "(unknown)" : $"{details.Job.Type.Name}.{details.Job.Method.Name}";

    /// <summary>As the dashboard names it: the recurring job's id, if it started the job, and the job's display name.</summary>
    private static string NameOf(JobDetailsDto details)
    {
        var display = details.Job is null ? "(its method is not in this version of the worker)" : DisplayName(details.Job);
        return details.Properties.ContainsKey("RecurringJobId") ? $"{KindOf(details)} ({display})" : display;
    }

    private static string DisplayName(Job job)
    {
        if (job.Method.GetCustomAttribute<JobDisplayNameAttribute>() is not { } attribute)
        {
            return $"{job.Type.Name}.{job.Method.Name}";
        }

        try
        {
            return string.Format(CultureInfo.InvariantCulture, attribute.DisplayName, [.. job.Args]);
        }
        catch (FormatException)
        {
            // As the dashboard does: a name whose placeholders do not fit the arguments is shown unformatted.
            return attribute.DisplayName;
        }
    }
}
