using Hangfire;
using Jamsostek.Jobs;
using Microsoft.Extensions.Options;

namespace Jamsostek.Worker.Hosting;

/// <summary>Registers every recurring job at start, so a changed schedule takes effect on the next start. A failure stops the host.</summary>
public sealed partial class RecurringJobRegistrar(
    IRecurringJobManager manager,
    IOptions<JobsOptions> options,
    ILogger<RecurringJobRegistrar> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var jobOptions = new RecurringJobOptions { TimeZone = TimeZoneInfo.FindSystemTimeZoneById(options.Value.TimeZone) };
        foreach (var job in RecurringJobs.All)
        {
            var (key, cron) = options.Value.ScheduleOf(job.Id) ?? (job.Id, job.DefaultCron);
            try
            {
                job.Register(manager, cron, jobOptions);
            }
            catch (ArgumentException ex)
            {
                throw new OptionsValidationException(JobsOptions.Section, typeof(JobsOptions),
                    [$"Jobs:Schedules:{key} '{cron}' is not a valid cron expression (minute hour day month weekday, e.g. '0 7 * * 1'): {Reason(ex)}"]);
            }

            LogRegistered(job.Id, cron, options.Value.TimeZone);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Hangfire's own message only points at its inner exception, which says what is wrong.</summary>
    private static string Reason(ArgumentException ex) => (ex.InnerException ?? ex).Message.TrimEnd('.') + ".";

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "Recurring job {JobId} scheduled '{Cron}' in {TimeZone}")]
    private partial void LogRegistered(string jobId, string cron, string timeZone);
}
