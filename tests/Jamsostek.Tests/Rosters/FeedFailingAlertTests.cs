using System.Text.Json;
using Dapper;
using Jamsostek.Jobs;
using Jamsostek.Rosters;
using Jamsostek.Tests.Coverage;
using Jamsostek.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;
using static Jamsostek.Tests.Rosters.RosterDatabase;

namespace Jamsostek.Tests.Rosters;

/// <summary>
/// A desa whose OpenSID pull keeps failing for a passing reason (the server down, a 503 to the end): green for a while, then
/// the hourly job fails once a day naming it, so the admins' alert email tells someone (docs/rosters.md, "A pull that fails").
/// </summary>
public sealed class FeedFailingAlertTests : IDisposable
{
    private const string PendudukPath = "/api/v1/penduduk";
    private const string Farmer = "Petani Satu";
    private readonly WireMockServer server = WireMockServer.Start(new WireMockServerSettings { Urls = [$"http://127.0.0.1:{LoopbackPort.Free()}"] });

    // 10:30 WIB, as the hourly job runs at half past.
    private readonly TestClock clock = new(new DateTimeOffset(2026, 12, 1, 10, 30, 0, TimeSpan.FromHours(7)));

    public void Dispose()
    {
        server.Stop();
        server.Dispose();
    }

    [Fact]
    public async Task A_desa_failing_for_less_than_the_threshold_keeps_the_hourly_job_green_and_remembers_since_when()
    {
        await using var db = await CreateAsync(Settings(), clock);
        var job = Job(db);
        Answers();
        await job.RunAsync(CancellationToken.None);
        var pulled = clock.Now;

        ServerDown();
        Hours(1);
        var failingSince = clock.Now;
        foreach (var hours in new[] { 0, 12, 11 })
        {
            Hours(hours);
            var result = await job.RunAsync(CancellationToken.None);
            Assert.Contains("0 desa pulled (1 failed, 0 held back)", result, StringComparison.Ordinal);
        }

        // 23 hours of failing, under Rosters:FeedFailingAlertAfter's day.
        Assert.Equal((pulled.UtcDateTime, failingSince.UtcDateTime, (DateTime?)null), await StateAsync(db, Kramatwatu));
        Assert.Null(Assert.Single(await db.EntriesAsync()).LeftAt);
    }

    [Fact]
    public async Task Past_the_threshold_the_job_fails_once_naming_the_feed_desa_and_since_when_is_green_the_next_hours_and_fails_again_a_day_later()
    {
        var settings = Settings();
        settings["Rosters:Feeds:0:KodeDesa:1"] = Margasana;
        await using var db = await CreateAsync(settings, clock);
        var job = Job(db);
        Answers();
        await job.RunAsync(CancellationToken.None);

        ServerDown();
        Hours(1);
        await job.RunAsync(CancellationToken.None);
        Hours(24);
        var first = await Assert.ThrowsAsync<RosterFeedFailingException>(() => job.RunAsync(CancellationToken.None));
        Hours(1);
        var nextHour = await job.RunAsync(CancellationToken.None);
        Hours(22);
        var dayLaterLessAnHour = await job.RunAsync(CancellationToken.None);
        Hours(1);
        var dayLater = await Assert.ThrowsAsync<RosterFeedFailingException>(() => job.RunAsync(CancellationToken.None));

        Assert.EndsWith(
            "OpenSID pulls have been failing for longer than Rosters:FeedFailingAlertAfter (1.00:00:00): feed serang-gabungan for desa " +
            $"{Kramatwatu} since 2026-12-01 11:30 WIB (1 day(s)), {Margasana} since 2026-12-01 11:30 WIB (1 day(s)); " +
            "these desa keep the roster of their last pull; check that the village's OpenSID server answers and that Rosters:Feeds still points at it.",
            first.Message,
            StringComparison.Ordinal);
        Assert.StartsWith("Rosters: 0 file(s) (0 unchanged, 0 rejected), 0 desa pulled (2 failed, 0 held back); ", first.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Farmer, first.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Nik(1), first.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("have been failing for longer than", nextHour, StringComparison.Ordinal);
        Assert.DoesNotContain("have been failing for longer than", dayLaterLessAnHour, StringComparison.Ordinal);
        Assert.Contains($"{Kramatwatu} since 2026-12-01 11:30 WIB (2 day(s))", dayLater.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_pull_that_succeeds_again_clears_the_failing_state_and_a_new_failure_counts_from_then()
    {
        await using var db = await CreateAsync(Settings(), clock);
        var job = Job(db);
        Answers();
        await job.RunAsync(CancellationToken.None);
        ServerDown();
        Hours(1);
        await job.RunAsync(CancellationToken.None);
        Hours(24);
        await Assert.ThrowsAsync<RosterFeedFailingException>(() => job.RunAsync(CancellationToken.None));

        Answers();
        Hours(1);
        var back = await job.RunAsync(CancellationToken.None);
        var pulledAgain = clock.Now;
        ServerDown();
        Hours(1);
        var failingAgainSince = clock.Now;
        await job.RunAsync(CancellationToken.None);
        // A day after the first failure's alert, but under a day since the desa failed again.
        Hours(22);
        var stillUnderADay = await job.RunAsync(CancellationToken.None);

        Assert.Contains("1 desa pulled (0 failed, 0 held back)", back, StringComparison.Ordinal);
        Assert.Contains("0 desa pulled (1 failed, 0 held back)", stillUnderADay, StringComparison.Ordinal);
        Assert.Equal((pulledAgain.UtcDateTime, failingAgainSince.UtcDateTime, (DateTime?)null), await StateAsync(db, Kramatwatu));
        Hours(2);
        var alert = await Assert.ThrowsAsync<RosterFeedFailingException>(() => job.RunAsync(CancellationToken.None));
        Assert.Contains($"{Kramatwatu} since 2026-12-02 13:30 WIB (1 day(s))", alert.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_desa_not_asked_after_their_feeds_server_stopped_answering_are_failing_too_and_named_with_the_one_asked()
    {
        var settings = Settings();
        settings["Rosters:Feeds:0:KodeDesa:1"] = Margasana;
        // Nothing listens there: the first desa's pull is refused a connection and its feed's other desa are not asked.
        settings["Rosters:Feeds:0:BaseUrl"] = $"http://127.0.0.1:{LoopbackPort.Free()}";
        await using var db = await CreateAsync(settings, clock);
        var job = Job(db);

        await job.RunAsync(CancellationToken.None);
        Hours(24);
        var alert = await Assert.ThrowsAsync<RosterFeedFailingException>(() => job.RunAsync(CancellationToken.None));

        Assert.Contains(
            $"feed serang-gabungan for desa {Kramatwatu} since 2026-12-01 10:30 WIB (1 day(s)), {Margasana} since 2026-12-01 10:30 WIB (1 day(s)); these desa keep",
            alert.Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_feed_whose_token_is_refused_for_days_fails_the_job_for_its_setting_alone_and_is_not_reported_again_as_failing()
    {
        await using var db = await CreateAsync(Settings(), clock);
        var job = Job(db);
        server.Given(Request.Create().WithPath(PendudukPath).UsingGet()).RespondWith(Response.Create().WithStatusCode(403));

        await Assert.ThrowsAsync<OptionsValidationException>(() => job.RunAsync(CancellationToken.None));
        Hours(48);
        var refused = await Assert.ThrowsAsync<OptionsValidationException>(() => job.RunAsync(CancellationToken.None));

        Assert.DoesNotContain("FeedFailingAlertAfter", refused.Message, StringComparison.Ordinal);
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM roster.feed_pull"));
    }

    [Fact]
    public async Task Pull_roster_of_a_desa_failing_past_the_threshold_exits_3_saying_since_when_and_leaves_the_days_alert_to_the_job()
    {
        var settings = Settings();
        await using var db = await CreateAsync(settings);
        var since = DateTimeOffset.UtcNow.AddDays(-3);
        await using (var connection = await db.Database.DataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync(
                "INSERT INTO roster.feed_pull (feed, kode_desa, failing_since) VALUES ('serang-gabungan', @Kramatwatu, @Since)",
                new { Kramatwatu, Since = since });
        }

        ServerDown();
        var run = await WorkerProcess.RunAsync(["pull", "roster"], db.Database.Settings(settings));

        Assert.Equal(3, run.ExitCode);
        var wib = TimeZoneInfo.ConvertTime(since, BusinessDay.TimeZone).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains(
            "OpenSID pulls have been failing for longer than Rosters:FeedFailingAlertAfter (1.00:00:00): feed serang-gabungan for desa " +
            $"{Kramatwatu} since {wib} WIB (3 day(s)); the desa keeps the roster of its last pull; ",
            run.Stderr,
            StringComparison.Ordinal);
        Assert.True(await db.ScalarAsync<bool>("SELECT alerted_at IS NULL FROM roster.feed_pull"));
    }

    [Fact]
    public async Task A_desa_configured_again_months_after_it_was_removed_counts_its_failure_from_then_not_from_its_old_one()
    {
        var both = Settings();
        both["Rosters:Feeds:0:KodeDesa:1"] = Margasana;
        await using var db = await CreateAsync(both, clock);
        ServerDown();
        await Job(db).RunAsync(CancellationToken.None);
        Hours(24);
        await Assert.ThrowsAsync<RosterFeedFailingException>(() => Job(db).RunAsync(CancellationToken.None));

        // Margasana is taken out of the feed; Kramatwatu's server answers again.
        Answers();
        Hours(1);
        using (var without = db.Database.BuildHost(Settings(), clock))
        {
            await Job(without).RunAsync(CancellationToken.None);
        }

        // Three months later it is configured again, and its first pull fails: a failure of an hour, not of three months.
        DownFor(Margasana);
        Hours(24 * 90);
        var result = await Job(db).RunAsync(CancellationToken.None);

        Assert.Contains("1 desa pulled (1 failed, 0 held back)", result, StringComparison.Ordinal);
        Assert.Equal(((DateTime?)null, (DateTime?)clock.Now.UtcDateTime, (DateTime?)null), await StateAsync(db, Margasana));
    }

    [Fact]
    public async Task A_renamed_feed_keeps_no_state_under_its_old_name_once_the_feeds_are_pulled()
    {
        await using var db = await CreateAsync(Settings(), clock);
        ServerDown();
        await Job(db).RunAsync(CancellationToken.None);

        Hours(1);
        var renamed = Settings();
        renamed["Rosters:Feeds:0:Name"] = "serang-kab";
        using var host = db.Database.BuildHost(renamed, clock);
        await Job(host).RunAsync(CancellationToken.None);

        Assert.Equal([("serang-kab", Kramatwatu)], await FeedPullRowsAsync(db));
    }

    [Fact]
    public async Task A_desa_whose_feed_is_not_pulled_for_a_refused_token_keeps_its_failing_state_and_is_alerted_when_it_still_fails()
    {
        await using var db = await CreateAsync(Settings(), clock);
        ServerDown();
        await Job(db).RunAsync(CancellationToken.None);
        var failingSince = clock.Now;

        Hours(20);
        server.Reset();
        server.Given(Request.Create().WithPath(PendudukPath).UsingGet()).RespondWith(Response.Create().WithStatusCode(403));
        await Assert.ThrowsAsync<OptionsValidationException>(() => Job(db).RunAsync(CancellationToken.None));
        Assert.Equal(((DateTime?)null, (DateTime?)failingSince.UtcDateTime, (DateTime?)null), await StateAsync(db, Kramatwatu));

        // The token renewed, the server is still down: it has been failing for a day.
        ServerDown();
        Hours(4);
        var alert = await Assert.ThrowsAsync<RosterFeedFailingException>(() => Job(db).RunAsync(CancellationToken.None));
        Assert.Contains($"{Kramatwatu} since 2026-12-01 10:30 WIB (1 day(s))", alert.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_database_failure_in_the_inbox_after_the_feeds_leaves_the_days_alert_to_the_retry()
    {
        using var files = new RosterTestFiles();
        var inbox = Directory.CreateDirectory(Path.Combine(files.Folder, "inbox")).FullName;
        var settings = Settings();
        settings["Rosters:InboxPath"] = inbox;
        await using var db = await CreateAsync(settings, clock);
        ServerDown();
        await Job(db).RunAsync(CancellationToken.None);

        Hours(24);
        File.Move(files.Csv("margasana.csv", RosterTestFiles.Header, $"{Margasana},{Nik(2)},Budi Santoso,,,BPD,"), Path.Combine(inbox, "margasana.csv"));
        await ExecuteAsync(db, """
            CREATE FUNCTION public.disk_full() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION 'could not extend file: No space left on device' USING ERRCODE = 'disk_full'; END $$;
            CREATE TRIGGER disk_full BEFORE INSERT ON roster.import FOR EACH ROW EXECUTE FUNCTION public.disk_full();
            """);
        await Assert.ThrowsAsync<PostgresException>(() => Job(db).RunAsync(CancellationToken.None));

        // Hangfire's retry, the disk freed.
        await ExecuteAsync(db, "DROP TRIGGER disk_full ON roster.import");
        clock.Now = clock.Now.AddMinutes(1);
        var alert = await Assert.ThrowsAsync<RosterFeedFailingException>(() => Job(db).RunAsync(CancellationToken.None));

        Assert.StartsWith("Rosters: 1 file(s) in ", alert.Message, StringComparison.Ordinal);
        Assert.Contains($"feed serang-gabungan for desa {Kramatwatu} since 2026-12-01 10:30 WIB (1 day(s))", alert.Message, StringComparison.Ordinal);
        Assert.NotNull((await StateAsync(db, Kramatwatu)).AlertedAt);
    }

    [Fact]
    public async Task A_green_run_names_the_desa_still_failing_with_since_when_and_when_the_admins_are_told()
    {
        var settings = Settings();
        settings["Rosters:Feeds:0:KodeDesa:1"] = Margasana;
        await using var db = await CreateAsync(settings, clock);
        var job = Job(db);
        Answers();
        await job.RunAsync(CancellationToken.None);

        DownFor(Kramatwatu);
        Hours(1);
        await job.RunAsync(CancellationToken.None);
        Hours(24);
        await Assert.ThrowsAsync<RosterFeedFailingException>(() => job.RunAsync(CancellationToken.None));
        ServerDown();
        Hours(1);
        var result = await job.RunAsync(CancellationToken.None);

        Assert.StartsWith("Rosters: 0 file(s) (0 unchanged, 0 rejected), 0 desa pulled (2 failed, 0 held back); ", result, StringComparison.Ordinal);
        Assert.EndsWith(
            $"OpenSID pulls still failing, each desa keeping the roster of its last pull: feed serang-gabungan for desa {Kramatwatu} since " +
            $"2026-12-01 11:30 WIB (1 day(s); next alert due 2026-12-03 11:30 WIB), {Margasana} since 2026-12-02 12:30 WIB (less than an hour; " +
            "first alert due 2026-12-03 12:30 WIB); an alert fails this job once a day for a desa failing longer than Rosters:FeedFailingAlertAfter " +
            "(1.00:00:00), which emails the admins.",
            result,
            StringComparison.Ordinal);
        Assert.DoesNotContain(Farmer, result, StringComparison.Ordinal);
        Assert.DoesNotContain(Nik(1), result, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Days_into_a_failure_a_green_run_names_the_next_days_alert_counted_from_when_the_desa_started_failing()
    {
        await using var db = await CreateAsync(Settings(), clock);
        var job = Job(db);
        ServerDown();
        await job.RunAsync(CancellationToken.None);
        Hours(24);
        await Assert.ThrowsAsync<RosterFeedFailingException>(() => job.RunAsync(CancellationToken.None));
        Hours(24);
        await Assert.ThrowsAsync<RosterFeedFailingException>(() => job.RunAsync(CancellationToken.None));

        // The third day's alert is late: the hourly runs between stayed away (the worker stopped) until after its hour.
        Hours(25);
        await Assert.ThrowsAsync<RosterFeedFailingException>(() => job.RunAsync(CancellationToken.None));
        Hours(1);
        var result = await job.RunAsync(CancellationToken.None);

        Assert.Contains(
            $"feed serang-gabungan for desa {Kramatwatu} since 2026-12-01 10:30 WIB (3 day(s); next alert due 2026-12-05 10:30 WIB)",
            result,
            StringComparison.Ordinal);
    }

    private static PullRosterUpdatesJob Job(RosterDatabase db) => Job(db.Host);

    /// <summary>The job of a worker on the same database with other settings (a feed or desa taken out, a feed renamed).</summary>
    private static PullRosterUpdatesJob Job(IHost host) => ActivatorUtilities.CreateInstance<PullRosterUpdatesJob>(host.Services);

    private static async Task ExecuteAsync(RosterDatabase db, string sql)
    {
        await using var connection = await db.Database.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync(sql);
    }

    private static async Task<List<(string Feed, string KodeDesa)>> FeedPullRowsAsync(RosterDatabase db)
    {
        await using var connection = await db.Database.DataSource.OpenConnectionAsync();
        return [.. await connection.QueryAsync<(string, string)>("SELECT feed, kode_desa FROM roster.feed_pull ORDER BY feed, kode_desa")];
    }

    private void Hours(int hours) => clock.Now = clock.Now.AddHours(hours);

    /// <summary>One farmer in each desa asked; every other occupation none.</summary>
    private void Answers()
    {
        server.Reset();
        server.Given(Request.Create().WithPath(PendudukPath).UsingGet()).AtPriority(100).RespondWith(Ok([]));
        server.Given(Request.Create().WithPath(PendudukPath).UsingGet().WithParam("filter[pekerjaan_id]", "9")).AtPriority(1).RespondWith(Ok([Farmer]));
    }

    /// <summary>The server answers every desa but <paramref name="kodeDesa"/>, for which it fails (503).</summary>
    private void DownFor(string kodeDesa)
    {
        Answers();
        server.Given(Request.Create().WithPath(PendudukPath).UsingGet().WithParam("filter[kode_desa]", kodeDesa)).AtPriority(0)
            .RespondWith(Response.Create().WithStatusCode(503));
    }

    private void ServerDown()
    {
        server.Reset();
        server.Given(Request.Create().WithPath(PendudukPath).UsingGet()).RespondWith(Response.Create().WithStatusCode(503));
    }

    private static async Task<(DateTime? SucceededAt, DateTime? FailingSince, DateTime? AlertedAt)> StateAsync(RosterDatabase db, string kodeDesa)
    {
        await using var connection = await db.Database.DataSource.OpenConnectionAsync();
        return await connection.QuerySingleAsync<(DateTime?, DateTime?, DateTime?)>(
            "SELECT succeeded_at, failing_since, alerted_at FROM roster.feed_pull WHERE feed = 'serang-gabungan' AND kode_desa = @kodeDesa",
            new { kodeDesa });
    }

    private static IResponseBuilder Ok(string[] names) =>
        Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/vnd.api+json").WithBody(JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["data"] = names.Select((nama, i) => new Dictionary<string, object?>
            {
                ["type"] = "penduduk",
                ["id"] = Nik(i + 1),
                ["attributes"] = new Dictionary<string, object?>
                {
                    ["nik"] = Nik(i + 1),
                    ["nama"] = nama,
                    ["sex"] = 1,
                    ["tanggallahir"] = "1980-05-17",
                    ["pekerjaan_id"] = 9,
                    ["status_dasar"] = 1,
                },
            }).ToList(),
            ["meta"] = new Dictionary<string, object?> { ["pagination"] = new Dictionary<string, object?> { ["total_pages"] = 1 } },
        }));

    private Dictionary<string, string?> Settings() => new()
    {
        ["Rosters:Feeds:0:Name"] = "serang-gabungan",
        ["Rosters:Feeds:0:BaseUrl"] = server.Url,
        ["Rosters:Feeds:0:Token"] = "feed-token-for-tests",
        ["Rosters:Feeds:0:KodeDesa:0"] = Kramatwatu,
        ["Rosters:AttemptTimeout"] = "00:00:02",
        ["Rosters:TotalTimeout"] = "00:00:10",
        ["Rosters:MaxRetries"] = "0",
    };
}
