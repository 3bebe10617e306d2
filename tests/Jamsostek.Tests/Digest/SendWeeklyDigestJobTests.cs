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
        var last = await Eventually.ReturnsAsync(
            () => Task.FromResult(LastJob(worker.Services.GetRequiredService<JobStorage>())),
            j => j.State is "Succeeded" or "Failed");

        Assert.Equal("Succeeded", last.State);
        Assert.Equal($"{week}-recipient-1.eml", Path.GetFileName(Assert.Single(Directory.GetFiles(pickup))));
        Directory.Delete(pickup, recursive: true);
    }

    [Fact]
    public async Task Triggered_for_a_week_without_a_reconciled_day_the_job_fails_at_once_with_its_sentence_rather_than_retrying()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var worker = await RunningWorker.StartAsync(database);
        var week = WeeklyDigest.ReportWeekAt(DateTimeOffset.UtcNow);

        worker.Services.GetRequiredService<IRecurringJobManager>().Trigger(SendWeeklyDigestJob.Id);
        var last = await Eventually.ReturnsAsync(
            () => Task.FromResult(LastJob(worker.Services.GetRequiredService<JobStorage>())),
            j => j.State is "Succeeded" or "Failed");

        Assert.Equal("Failed", last.State);
        Assert.StartsWith($"Week {week} (", last.Exception, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Triggered_with_a_login_the_mail_server_refuses_the_job_fails_at_once_naming_the_settings_rather_than_retrying()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var smtp = await SmtpServer.StartWithLoginAsync("operator.ringkasan", "sandi-yang-benar");
        await using var worker = await RunningWorker.StartAsync(database, new Dictionary<string, string?>(smtp.Settings())
        {
            ["Digest:Smtp:Username"] = "operator.ringkasan",
            ["Digest:Smtp:Password"] = "sandi-yang-salah",
        });
        await worker.Services.GetRequiredService<DigestRecipients>().AddAsync("camat@serangkab.test", "360405", null, false, CancellationToken.None);
        await new DigestTestData(database).DailyCountAsync(WeeklyDigest.ReportWeekAt(DateTimeOffset.UtcNow).Sunday, "3604052001", "COVERED", 1);

        worker.Services.GetRequiredService<IRecurringJobManager>().Trigger(SendWeeklyDigestJob.Id);
        // Retried, the failed attempt moves on to Scheduled for the next try.
        var last = await Eventually.ReturnsAsync(
            () => Task.FromResult(LastJob(worker.Services.GetRequiredService<JobStorage>())),
            j => j.State is "Succeeded" or "Failed" or "Scheduled");

        Assert.Equal("Failed", last.State);
        Assert.StartsWith("The mail server of Digest:Smtp refused its login: check Digest:Smtp:Username and Digest:Smtp:Password", last.Exception, StringComparison.Ordinal);
        Assert.DoesNotContain("sandi", last.Exception, StringComparison.Ordinal);
        Assert.DoesNotContain("operator.ringkasan", last.Exception, StringComparison.Ordinal);
        Assert.Empty(smtp.Messages());
    }

    /// <summary>The state of the job the recurring job last started, and the message of the exception that failed it.</summary>
    private static (string? State, string? Exception) LastJob(JobStorage storage)
    {
        using var connection = storage.GetConnection();
        var jobId = connection.GetRecurringJobs([SendWeeklyDigestJob.Id]).Single().LastJobId;
        var state = jobId is null ? null : connection.GetStateData(jobId);
        return (state?.Name, state is not null && state.Data.TryGetValue("ExceptionMessage", out var message) ? message : null);
    }
}
