using Dapper;
using Hangfire;
using Hangfire.Common;
using Hangfire.Server;
using Hangfire.Storage;
using Hangfire.Storage.Monitoring;
using Jamsostek.Coverage;
using Jamsostek.Jobs;
using Jamsostek.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Jamsostek.Tests.Coverage;

[Collection(HangfireHostCollection.Name)]
public sealed class ReconcileCoverageJobTests
{
    private static readonly DateOnly Day1 = new(2026, 10, 5);
    private static readonly DateOnly Day2 = Day1.AddDays(1);

    [Fact]
    public async Task Two_servers_retrying_shards_reach_exactly_what_one_server_does_over_two_nights()
    {
        await using var single = await TestDatabase.CreateAsync();
        await using var shared = await TestDatabase.CreateAsync();
        var singleData = new CoverageTestData(single);
        var sharedData = new CoverageTestData(shared);
        await singleData.SeedRegencyAsync(400, Day1);
        await sharedData.SeedRegencyAsync(400, Day1);
        var singleClock = TestClock.NightOf(Day1);
        var sharedClock = TestClock.NightOf(Day1);

        await DayFinishes.CountFromNowAsync(shared);
        using var alone = await StartServerAsync(single, singleClock);
        using var first = await StartServerAsync(shared, sharedClock);
        using var second = await StartServerAsync(shared, sharedClock);

        await RunNightAsync([alone], singleClock, Day1, duplicateShards: false);
        await RunNightAsync([first, second], sharedClock, Day1, duplicateShards: true);
        await ChangeRegisterAsync(single, Day2);
        await ChangeRegisterAsync(shared, Day2);
        await RunNightAsync([alone], singleClock, Day2, duplicateShards: false);
        var processedBy = await RunNightAsync([first, second], sharedClock, Day2, duplicateShards: true);

        var expected = await singleData.SnapshotAsync();
        Assert.Contains(expected, l => l.StartsWith("flag|", StringComparison.Ordinal) && !l.EndsWith("|open", StringComparison.Ordinal));
        Assert.Contains(expected, l => l.StartsWith("count|2026-10-06|", StringComparison.Ordinal));
        Assert.Equal(expected, await sharedData.SnapshotAsync());
        Assert.Equal(2, processedBy.Count);
        // Each night's run finished its day once, however many of its shards ran twice, on either server.
        await using var connection = await shared.DataSource.OpenConnectionAsync();
        Assert.Equal(
            ["2026-10-05|1", "2026-10-06|1"],
            await connection.QueryAsync<string>("SELECT concat_ws('|', as_of, count(*)) FROM public.finishing GROUP BY as_of ORDER BY as_of"));
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>("SELECT count(*)::integer FROM coverage.day_run WHERE finished_at IS NULL"));
        await StopAsync(alone, first, second);
    }

    [Fact]
    public async Task The_night_job_triggered_again_the_same_day_finishes_the_day_once_not_after_every_shard()
    {
        await using var database = await TestDatabase.CreateAsync();
        var data = new CoverageTestData(database);
        await data.SeedRegencyAsync(120, Day1);
        var clock = TestClock.NightOf(Day1);
        using var server = await StartServerAsync(database, clock);
        await RunNightAsync([server], clock, Day1, duplicateShards: false);
        var once = await data.SnapshotAsync();
        await DayFinishes.CountFromNowAsync(database);

        await RunNightAsync([server], clock, Day1, duplicateShards: false);

        await using var connection = await database.DataSource.OpenConnectionAsync();
        Assert.Equal(1, await connection.ExecuteScalarAsync<int>("SELECT count(*)::integer FROM public.finishing WHERE as_of = @Day1", new { Day1 }));
        Assert.Equal(once, await data.SnapshotAsync());
        await StopAsync(server);
    }

    [Fact]
    public async Task The_night_job_fans_out_one_shard_per_kecamatan_carrying_only_its_code_the_day_and_the_run()
    {
        await using var database = await TestDatabase.CreateAsync();
        using var host = CoverageTestData.BuildHost(database, TestClock.NightOf(Day1));
        var storage = host.Services.GetRequiredService<JobStorage>();
        var job = ActivatorUtilities.CreateInstance<ReconcileCoverageJob>(host.Services);

        await job.RunAsync(CancellationToken.None);

        var enqueued = storage.GetMonitoringApi().EnqueuedJobs("default", 0, 100);
        Assert.Equal(29, enqueued.Count);
        Assert.All(enqueued, j => Assert.Equal(nameof(ReconcileKecamatanJob.RunAsync), j.Value.Job.Method.Name));
        var arguments = enqueued.Select(j => (Kecamatan: (string)j.Value.Job.Args[0], Day: (string)j.Value.Job.Args[1], Run: (long)j.Value.Job.Args[2])).ToList();
        Assert.Equal(29, arguments.Select(a => a.Kecamatan).Distinct().Count());
        Assert.All(arguments, a => Assert.Equal("2026-10-05", a.Day));
        await using var connection = await database.DataSource.OpenConnectionAsync();
        var run = await connection.QuerySingleAsync<long>("SELECT id FROM coverage.day_run WHERE as_of = '2026-10-05' AND finished_at IS NULL");
        Assert.All(arguments, a => Assert.Equal(run, a.Run));
    }

    [Fact]
    public async Task A_retry_of_the_night_job_resumes_its_run_for_its_day_enqueueing_only_the_kecamatan_not_completed()
    {
        await using var database = await TestDatabase.CreateAsync();
        await new CoverageTestData(database).SeedRegencyAsync(60, Day1);
        var clock = TestClock.NightOf(Day1);
        using var host = CoverageTestData.BuildHost(database, clock);
        var storage = host.Services.GetRequiredService<JobStorage>();
        var reconciler = host.Services.GetRequiredService<CoverageReconciler>();
        var job = ActivatorUtilities.CreateInstance<ReconcileCoverageJob>(host.Services);
        using var storageConnection = storage.GetConnection();
        PerformContext Attempt(string jobId) => new(
            storage,
            storageConnection,
            new BackgroundJob(jobId, Job.FromExpression<ReconcileCoverageJob>(j => j.RunAsync(null, CancellationToken.None)), DateTime.UtcNow),
            new JobCancellationToken(false));
        List<(string Id, string Kecamatan, string Day, long Run)> Enqueued() =>
            [.. storage.GetMonitoringApi().EnqueuedJobs("default", 0, 1000)
                .Select(j => (j.Key, (string)j.Value.Job.Args[0], (string)j.Value.Job.Args[1], (long)j.Value.Job.Args[2]))];

        await job.RunAsync(Attempt("41"), CancellationToken.None);
        // The attempt fails after enqueueing its shards; two of them complete before Hangfire retries it, after midnight.
        var first = Enqueued();
        foreach (var shard in first.Take(2))
        {
            await reconciler.ReconcileKecamatanAsync(shard.Kecamatan, Day1, shard.Run, CancellationToken.None);
        }

        clock.Now = TestClock.NightOf(Day2).Now;
        await job.RunAsync(Attempt("41"), CancellationToken.None);

        var retry = Enqueued().ExceptBy(first.Select(f => f.Id), e => e.Id).ToList();
        Assert.Equal(first.Skip(2).Select(f => f.Kecamatan).Order(), retry.Select(r => r.Kecamatan).Order());
        Assert.All(retry, r => Assert.Equal((first[0].Run, "2026-10-05"), (r.Run, r.Day)));
        await using var connection = await database.DataSource.OpenConnectionAsync();
        Assert.Equal(1, await connection.ExecuteScalarAsync<int>("SELECT count(*)::integer FROM coverage.day_run"));

        // Another trigger of the job is a run of its own, of its own day.
        await job.RunAsync(Attempt("42"), CancellationToken.None);
        var second = Enqueued().ExceptBy(first.Concat(retry).Select(f => f.Id), e => e.Id).ToList();
        Assert.Equal(29, second.Count);
        Assert.All(second, s => Assert.Equal("2026-10-06", s.Day));
        Assert.Single(second.Select(s => s.Run).Distinct(), run => run != first[0].Run);
    }

    private static async Task<IHost> StartServerAsync(TestDatabase database, TestClock clock)
    {
        var host = CoverageTestData.BuildHost(database, clock, withServer: true);
        await host.StartAsync();
        return host;
    }

    private static async Task StopAsync(params IHost[] hosts)
    {
        foreach (var host in hosts)
        {
            await host.StopAsync();
        }
    }

    /// <summary>
    /// Triggers reconcile-coverage as the scheduler would; with <paramref name="duplicateShards"/> every shard of its run is
    /// also enqueued a second time, with the same arguments, as a retry or a requeue runs it.
    /// </summary>
    private static async Task<IReadOnlySet<string>> RunNightAsync(IHost[] servers, TestClock clock, DateOnly day, bool duplicateShards)
    {
        clock.Now = TestClock.NightOf(day).Now;
        var services = servers[0].Services;
        var storage = services.GetRequiredService<JobStorage>();
        var monitoring = storage.GetMonitoringApi();
        var succeededBefore = ReconcileJobs(monitoring).Count;
        var database = services.GetRequiredService<NpgsqlDataSource>();
        var runBefore = await LatestRunAsync(database);
        services.GetRequiredService<IRecurringJobManager>().Trigger(ReconcileCoverageJob.Id);
        var expected = 1 + 29;
        if (duplicateShards)
        {
            // The run's id exists as soon as the fan-out starts; its shards may be running already.
            var runId = await Eventually.ReturnsAsync(() => LatestRunAsync(database), id => id > runBefore, TimeSpan.FromMinutes(1));
            var client = services.GetRequiredService<IBackgroundJobClient>();
            foreach (var kecamatan in await services.GetRequiredService<CoverageReconciler>().KecamatanCodesAsync(runId: null, CancellationToken.None))
            {
                client.Enqueue<ReconcileKecamatanJob>(job => job.RunAsync(kecamatan, CoverageDay.ToText(day), runId, CancellationToken.None));
            }

            expected += 29;
        }

        var succeeded = await Eventually.ReturnsAsync(
            () => Task.FromResult(ReconcileJobs(monitoring).Count - succeededBefore),
            n => n >= expected || monitoring.FailedCount() > 0,
            TimeSpan.FromMinutes(3));

        Assert.Equal(0, monitoring.FailedCount());
        Assert.Equal(expected, succeeded);
        return ProcessingServers(monitoring, ReconcileJobs(monitoring).Take(expected));
    }

    /// <summary>
    /// The succeeded reconcile jobs, the latest first: the servers also run the other recurring jobs, and the hourly roster
    /// pull, run when a test crossed the hour, counted as a shard.
    /// </summary>
    private static List<KeyValuePair<string, SucceededJobDto>> ReconcileJobs(IMonitoringApi monitoring) =>
        [.. monitoring.SucceededJobs(0, 10_000).Where(j => j.Value.Job?.Type == typeof(ReconcileCoverageJob) || j.Value.Job?.Type == typeof(ReconcileKecamatanJob))];

    private static HashSet<string> ProcessingServers(IMonitoringApi monitoring, IEnumerable<KeyValuePair<string, SucceededJobDto>> jobs) =>
        [.. jobs.Select(j => monitoring.JobDetails(j.Key).History.First(h => h.StateName == "Processing").Data["ServerId"])];

    private static async Task<long> LatestRunAsync(NpgsqlDataSource database)
    {
        await using var connection = await database.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<long>("SELECT coalesce(max(id), 0) FROM coverage.day_run");
    }

    private static async Task ChangeRegisterAsync(TestDatabase database, DateOnly day)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync(
            """
            UPDATE membership.record SET iuran_sampai = @day::date + 120 WHERE right(nik, 1) IN ('2', '8');
            UPDATE membership.record SET iuran_sampai = @day::date - 3 WHERE right(nik, 1) = '5';
            UPDATE membership.record SET status = 'NONAKTIF' WHERE right(nik, 2) = '11';
            UPDATE roster.entry SET left_at = now() WHERE right(nik, 2) IN ('13', '24');
            """,
            new { day });
    }
}
