using Microsoft.Extensions.Options;

namespace Jamsostek.Worker.Hosting;

public sealed class JobsOptions
{
    public const string Section = "Jobs";

    /// <summary>The cron schedules are read in this zone; the business day stays Asia/Jakarta (Jamsostek.BusinessDay, SPEC 4).</summary>
    public string TimeZone { get; set; } = "Asia/Jakarta";

    /// <summary>Hangfire workers in this process.</summary>
    public int WorkerCount { get; set; } = Math.Max(2, Environment.ProcessorCount);

    /// <summary>How long a fetched job stays invisible to other servers; slid forward while the job runs, so a long job is not started twice.</summary>
    public TimeSpan InvisibilityTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Cron overrides by job id, e.g. Jobs:Schedules:pull-roster-updates = "15 * * * *". In the environment the id is written
    /// with underscores (Jobs__Schedules__pull_roster_updates): a shell cannot export a name with '-', and systemd ignores one.
    /// </summary>
    public Dictionary<string, string> Schedules { get; set; } = [];

    /// <summary>The configured schedule of a job and the key it was given under, or null for the job's default.</summary>
    internal (string Key, string Cron)? ScheduleOf(string jobId) =>
        Schedules.Where(s => JobIdOf(s.Key) == jobId).Select(s => ((string, string)?)(s.Key, s.Value)).FirstOrDefault();

    /// <summary>The job id a key under Jobs:Schedules names: configuration keys ignore case, and '_' stands for '-'.</summary>
    internal static string JobIdOf(string key) => key.Replace('_', '-').ToLowerInvariant();
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
        foreach (var (key, cron) in options.Schedules)
        {
            if (!knownIds.Contains(JobsOptions.JobIdOf(key)))
            {
                failures.Add($"Jobs:Schedules:{key} names no recurring job (known: {string.Join(", ", knownIds)}; in the environment with '_' for '-').");
            }
            else if (string.IsNullOrWhiteSpace(cron))
            {
                failures.Add($"Jobs:Schedules:{key} is empty: give a cron expression.");
            }
        }

        // A file's key and the environment's alias are two keys to configuration, so neither overrides the other: say so.
        foreach (var twice in options.Schedules.GroupBy(s => JobsOptions.JobIdOf(s.Key)).Where(g => g.Select(s => s.Value?.Trim()).Distinct().Count() > 1))
        {
            failures.Add($"{string.Join(" and ", twice.Select(s => $"Jobs:Schedules:{s.Key}").Order(StringComparer.Ordinal))} give {twice.Key} different schedules: keep one.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
