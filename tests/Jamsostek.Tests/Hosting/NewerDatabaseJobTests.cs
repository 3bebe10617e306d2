using System.Collections.Concurrent;
using System.Globalization;
using Dapper;
using Hangfire;
using Hangfire.States;
using Jamsostek.Tests.Coverage;
using Jamsostek.Tests.Infrastructure;
using Jamsostek.Worker.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Jamsostek.Tests.Hosting;

/// <summary>
/// A server still running when a newer worker migrates its database (a rolling deploy): the worker's own Hangfire
/// registrations and server in-process, on PostgreSQL, with a clock the test moves past the filter's cached reading.
/// </summary>
[Collection(HangfireHostCollection.Name)]
public sealed class NewerDatabaseJobTests
{
    [Fact]
    public async Task A_running_server_performs_no_job_once_a_newer_worker_migrated_the_database_and_leaves_it_scheduled_for_that_worker()
    {
        await using var database = await TestDatabase.CreateAsync();
        var clock = new TestClock(DateTimeOffset.UtcNow);
        using var host = BuildServer(database, clock);
        var logged = new LogCapture();
        host.Services.GetRequiredService<ILoggerFactory>().AddProvider(logged);
        await host.StartAsync();
        try
        {
            var storage = host.Services.GetRequiredService<JobStorage>();
            var jobs = host.Services.GetRequiredService<IBackgroundJobClient>();

            // On a database of this build's migrations a job runs.
            var before = jobs.Enqueue(() => NewerDatabaseTestJobs.Record("before"));
            Assert.Equal("Succeeded", await ReachesAsync(storage, before));

            // A rolling deploy: the next version's worker migrates the database while this server still runs. Within a
            // minute of its last reading the server has not looked again (a busy server does not read the journal per job).
            await CommandLineTests.JournalScriptOfANewerWorkerAsync(database);
            var cached = jobs.Enqueue(() => NewerDatabaseTestJobs.Record("cached"));
            Assert.Equal("Succeeded", await ReachesAsync(storage, cached));

            clock.Now += NewerDatabaseFilter.ReadEvery;
            var enqueuedAt = DateTime.UtcNow;
            var after = jobs.Enqueue(() => NewerDatabaseTestJobs.Record("after"));
            var later = jobs.Enqueue(() => NewerDatabaseTestJobs.Record("later"));

            // Left for a server of the newer version: Scheduled shortly, never performed here, neither failed nor deleted.
            Assert.Equal("Scheduled", await ReachesAsync(storage, after));
            Assert.Equal("Scheduled", await ReachesAsync(storage, later));
            Assert.DoesNotContain("after", NewerDatabaseTestJobs.Performed);
            Assert.DoesNotContain("later", NewerDatabaseTestJobs.Performed);
            // Said once, not for every job.
            Assert.Single(logged.Lines, l => l.StartsWith("A newer version of the worker migrated the database: this server performs no more jobs", StringComparison.Ordinal));
            var details = storage.GetMonitoringApi().JobDetails(after);
            // Processing is the worker's candidate the filter replaced, recorded as Hangfire records a failure it retries.
            Assert.Equal(["Scheduled", "Processing", "Enqueued"], details.History.Select(h => h.StateName));
            Assert.Equal(NewerDatabaseFilter.Reason, details.History[0].Reason);
            Assert.StartsWith("Left to a newer worker: a newer version of the worker migrated the database, and jamsostek-", NewerDatabaseFilter.Reason, StringComparison.Ordinal);
            var enqueueAt = storage.GetMonitoringApi().ScheduledJobs(0, 100).Single(j => j.Key == after).Value.EnqueueAt;
            Assert.InRange(enqueueAt, enqueuedAt + NewerDatabaseFilter.LeftFor - TimeSpan.FromSeconds(5), DateTime.UtcNow + NewerDatabaseFilter.LeftFor);

            // The job is kept whole: on a database of its build's migrations (as the newer server sees it) it runs.
            await using (var connection = await database.DataSource.OpenConnectionAsync())
            {
                await connection.ExecuteAsync("DELETE FROM public.schema_migrations WHERE scriptname = 'sql/migrations/9900_of_a_newer_worker.sql'");
            }

            clock.Now += NewerDatabaseFilter.ReadEvery;
            jobs.Requeue(after);
            Assert.Equal("Succeeded", await ReachesAsync(storage, after));
            Assert.Contains("after", NewerDatabaseTestJobs.Performed);
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [Fact]
    public async Task A_job_only_the_newer_worker_has_is_left_to_it_not_failed_and_retried_by_the_older_server()
    {
        await using var database = await TestDatabase.CreateAsync();
        using var host = BuildServer(database, new TestClock(DateTimeOffset.UtcNow));
        await host.StartAsync();
        try
        {
            var storage = host.Services.GetRequiredService<JobStorage>();
            await CommandLineTests.JournalScriptOfANewerWorkerAsync(database);

            // As the newer server enqueues a job of a class this build lacks: created here, renamed, then enqueued as the
            // newer server's client writes it, without this build's state machine (which could not load it).
            var newer = host.Services.GetRequiredService<IBackgroundJobClient>().Schedule(() => NewerDatabaseTestJobs.Record("newer"), TimeSpan.FromDays(1));
            await using (var connection = await database.DataSource.OpenConnectionAsync())
            {
                Assert.Equal(1, await connection.ExecuteAsync(
                    "UPDATE hangfire.job SET invocationdata = replace(invocationdata::text, 'NewerDatabaseTestJobs', 'JobsOfANewerWorker')::jsonb WHERE id = @Id",
                    new { Id = long.Parse(newer, CultureInfo.InvariantCulture) }));
            }

            using (var connection = storage.GetConnection())
            using (var transaction = connection.CreateWriteTransaction())
            {
                transaction.RemoveFromSet("schedule", newer);
                transaction.SetJobState(newer, new EnqueuedState());
                transaction.AddToQueue(EnqueuedState.DefaultQueue, newer);
                transaction.Commit();
            }

            // Scheduled for the newer server, not by a retry: Hangfire's failure to load it is the candidate replaced.
            Assert.Equal("Scheduled", await ReachesAsync(storage, newer));
            var history = storage.GetMonitoringApi().JobDetails(newer).History;
            Assert.Equal(NewerDatabaseFilter.Reason, history[0].Reason);
            Assert.Equal(("Failed", "Can not change the state to 'Processing': target method was not found."), (history[1].StateName, history[1].Reason));
            using (var connection = storage.GetConnection())
            {
                Assert.Null(connection.GetJobParameter(newer, "RetryCount"));
            }
        }
        finally
        {
            await host.StopAsync();
        }
    }

    /// <summary>The worker's service registrations with its Hangfire server, as <c>serve</c> adds them; the time the filter reads is the test's.</summary>
    private static IHost BuildServer(TestDatabase database, TimeProvider clock)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(database.Settings(new Dictionary<string, string?> { ["Jobs:WorkerCount"] = "2" }));
        builder.AddWorkerServices();
        builder.Services.AddJamsostekHangfire(withServer: true);
        builder.Services.AddSingleton(clock);
        return builder.Build();
    }

    /// <summary>Waits for the job to leave Enqueued and Processing, and says the state it reached.</summary>
    private static async Task<string?> ReachesAsync(JobStorage storage, string jobId)
    {
        string? State()
        {
            using var connection = storage.GetConnection();
            return connection.GetJobData(jobId)?.State;
        }

        return await Eventually.ReturnsAsync(() => Task.FromResult(State()), s => s is not ("Enqueued" or "Processing"));
    }
}

/// <summary>A job the test enqueues on the worker's own server, recording that it was performed.</summary>
public static class NewerDatabaseTestJobs
{
    public static ConcurrentBag<string> Performed { get; } = [];

    public static void Record(string name) => Performed.Add(name);
}
