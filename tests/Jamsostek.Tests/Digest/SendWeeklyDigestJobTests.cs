using Hangfire;
using Hangfire.Storage;
using Jamsostek.Digest;
using Jamsostek.Jobs;
using Jamsostek.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Jamsostek.Tests.Digest;

[Collection(HangfireHostCollection.Name)]
public sealed class SendWeeklyDigestJobTests
{
    [Fact]
    public void The_digest_job_is_scheduled_on_Monday_at_seven()
    {
        var job = Assert.Single(RecurringJobs.All, j => j.Id == "send-weekly-digest");

        Assert.Equal("0 7 * * 1", job.DefaultCron);
    }

    [Fact]
    public async Task Triggered_in_the_running_service_the_job_sends_the_report_week_to_every_recipient()
    {
        await using var database = await TestDatabase.CreateAsync();
        var pickup = Path.Combine(Path.GetTempPath(), $"jamsostek-pickup-{Guid.NewGuid():N}");
        await using var worker = await RunningWorker.StartAsync(database, new Dictionary<string, string?> { ["Digest:PickupPath"] = pickup });
        await worker.Services.GetRequiredService<DigestRecipients>().AddAsync("camat@serangkab.test", "360405", null, false, CancellationToken.None);
        var week = WeeklyDigest.ReportWeekAt(DateTimeOffset.UtcNow);
        await new DigestTestData(database).DailyCountAsync(week.Sunday, "3604052001", "COVERED", 1);

        worker.Services.GetRequiredService<IRecurringJobManager>().Trigger(SendWeeklyDigestJob.Id);
        var state = await Eventually.ReturnsAsync(
            () => Task.FromResult(LastJobState(worker.Services.GetRequiredService<JobStorage>())),
            s => s is "Succeeded" or "Failed");

        Assert.Equal("Succeeded", state);
        Assert.Equal($"{week}-recipient-1.eml", Path.GetFileName(Assert.Single(Directory.GetFiles(pickup))));
        Directory.Delete(pickup, recursive: true);
    }

    private static string? LastJobState(JobStorage storage)
    {
        using var connection = storage.GetConnection();
        var jobId = connection.GetRecurringJobs([SendWeeklyDigestJob.Id]).Single().LastJobId;
        return jobId is null ? null : connection.GetJobData(jobId)?.State;
    }
}
