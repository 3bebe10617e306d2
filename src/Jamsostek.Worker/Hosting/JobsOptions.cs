using Microsoft.Extensions.Options;

namespace Jamsostek.Worker.Hosting;

public sealed class JobsOptions
{
    public const string Section = "Jobs";

    /// <summary>Schedules are read in this zone (SPEC 4: the business day is Asia/Jakarta).</summary>
    public string TimeZone { get; set; } = "Asia/Jakarta";

    /// <summary>Hangfire workers in this process.</summary>
    public int WorkerCount { get; set; } = Math.Max(2, Environment.ProcessorCount);

    /// <summary>How long a fetched job stays invisible to other servers; slid forward while the job runs, so a long job is not started twice.</summary>
    public TimeSpan InvisibilityTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Cron overrides by job id, e.g. Jobs:Schedules:pull-roster-updates = "15 * * * *".</summary>
    public Dictionary<string, string> Schedules { get; set; } = [];
}

internal sealed class JobsOptionsValidator : IValidateOptions<JobsOptions>
{
    public ValidateOptionsResult Validate(string? name, JobsOptions options)
    {
        var failures = new List<string>();
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(options.TimeZone, out _))
        {
            failures.Add($"Jobs:TimeZone '{options.TimeZone}' is not a time zone this machine knows (expected an IANA id such as Asia/Jakarta).");
        }

        if (options.WorkerCount is < 1 or > 100)
        {
            failures.Add("Jobs:WorkerCount must be between 1 and 100.");
        }

        // The time a crashed server's job waits before another server takes it; a bare number is read as days.
        if (options.InvisibilityTimeout < TimeSpan.FromMinutes(1) || options.InvisibilityTimeout > TimeSpan.FromHours(1))
        {
            failures.Add("Jobs:InvisibilityTimeout must be between 00:01:00 and 01:00:00 (hh:mm:ss; a bare number is read as days).");
        }

        var knownIds = Jamsostek.Jobs.RecurringJobs.All.Select(j => j.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var (id, cron) in options.Schedules)
        {
            if (!knownIds.Contains(id))
            {
                failures.Add($"Jobs:Schedules:{id} names no recurring job (known: {string.Join(", ", knownIds)}).");
            }
            else if (string.IsNullOrWhiteSpace(cron))
            {
                failures.Add($"Jobs:Schedules:{id} is empty: give a cron expression.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
