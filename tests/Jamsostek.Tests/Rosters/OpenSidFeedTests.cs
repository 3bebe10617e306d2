using System.Diagnostics;
using System.Text.Json;
using Jamsostek.Tests.Infrastructure;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;
using static Jamsostek.Tests.Rosters.RosterDatabase;

namespace Jamsostek.Tests.Rosters;

/// <summary>The OpenSID pull (SPEC 2.2) against a real HTTP server on loopback serving JSON:API pages, errors and garbage.</summary>
public sealed class OpenSidFeedTests : IDisposable
{
    private const string Token = "feed-token-for-tests";
    private const string PendudukPath = "/api/v1/penduduk";
    private readonly WireMockServer server = WireMockServer.Start(new WireMockServerSettings { Urls = [$"http://127.0.0.1:{LoopbackPort.Free()}"] });
    private readonly RosterTestFiles files = new();

    public OpenSidFeedTests()
    {
        // Every occupation not set up by a test answers with no residents.
        server.Given(Request.Create().WithPath(PendudukPath).UsingGet()).AtPriority(100)
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/vnd.api+json").WithBody(Page([], totalPages: 1)));
    }

    public void Dispose()
    {
        server.Stop();
        server.Dispose();
        files.Dispose();
    }

    [Fact]
    public async Task Every_page_of_every_target_occupation_is_pulled_with_the_bearer_token_and_becomes_the_desa_roster()
    {
        await using var db = await CreateAsync(Settings());
        Serve(9, 1, Page([Person(1, "Petani Satu"), Person(2, "Petani Dua", sex: 2)], totalPages: 2));
        Serve(9, 2, Page([Person(3, "Petani Tiga"), Person(4, "Sudah Pindah", statusDasar: 3)], totalPages: 2));
        Serve(11, 1, Page([Person(5, "Nelayan", pekerjaan: 11)], next: null));

        var summary = await db.Updates.RunAsync(CancellationToken.None);

        Assert.Equal((1, 0), (summary.DesaPulled, summary.DesaFailed));
        Assert.Equal(
            [("Nelayan", "NELAYAN"), ("Petani Dua", "PETANI"), ("Petani Satu", "PETANI"), ("Petani Tiga", "PETANI")],
            (await db.EntriesAsync()).Select(e => (e.Nama, e.Peran)).Order());
        var requests = server.LogEntries.Select(l => l.RequestMessage).ToList();
        Assert.All(requests, r => Assert.Equal($"Bearer {Token}", r.Headers!["Authorization"].Single()));
        Assert.Contains(requests, r => r.Query!["filter[kode_desa]"].Single() == Kramatwatu && r.Query["page[size]"].Single() == "2");
        Assert.Equal(RosterPekerjaan.Length + 1, requests.Count);
    }

    [Fact]
    public async Task Server_errors_and_a_429_are_retried_and_the_429_waits_as_long_as_its_Retry_After_says()
    {
        await using var db = await CreateAsync(Settings());
        Sequence(9, 1,
            Response.Create().WithStatusCode(500),
            Response.Create().WithStatusCode(429).WithHeader("Retry-After", "2"),
            Ok(Page([Person(1, "Petani")], totalPages: 1)));

        var clock = Stopwatch.StartNew();
        var summary = await db.Updates.RunAsync(CancellationToken.None);

        Assert.Equal((1, 0), (summary.DesaPulled, summary.DesaFailed));
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(1.9), $"took only {clock.Elapsed}");
        Assert.Equal("Petani", Assert.Single(await db.EntriesAsync()).Nama);
        Assert.Equal(3, RequestsFor(9));
    }

    [Fact]
    public async Task A_429_that_says_when_to_come_back_only_in_its_JSON_body_is_waited_for_that_long()
    {
        // OpenKab's global rate limiter answers a request that expects JSON with 429 and {"retry_after": seconds} in the
        // body, without a Retry-After header. Backing off by Rosters:RetryDelay alone asked again inside the limiter's
        // window, every retry was refused too and the desa failed.
        var settings = Settings();
        // Room for a loaded machine: only the refusals may make the client ask again.
        settings["Rosters:AttemptTimeout"] = "00:00:05";
        await using var db = await CreateAsync(settings);
        var gate = new object();
        DateTime? refusedUntil = null;
        var refusals = 0;
        server.Given(PageRequest(9, 1)).AtPriority(1).RespondWith(Response.Create().WithCallback(_ =>
        {
            bool refuse;
            lock (gate)
            {
                // Shorter than the 2 s the body asks for: a timer may fire a fraction of a millisecond early, and a client
                // that waited the 2 s must not be refused again for that (seen under CI's load).
                refusedUntil ??= DateTime.UtcNow.AddSeconds(1.5);
                refuse = DateTime.UtcNow < refusedUntil;
                refusals += refuse ? 1 : 0;
            }

            return new WireMock.ResponseMessage
            {
                StatusCode = refuse ? 429 : 200,
                Headers = new Dictionary<string, WireMock.Types.WireMockList<string>> { ["Content-Type"] = new("application/json") },
                BodyData = new WireMock.Util.BodyData
                {
                    BodyAsString = refuse
                        ? """{"message":"Too many requests. Please try again later.","status":"error","code":429,"retry_after":2}"""
                        : Page([Person(1, "Petani")], totalPages: 1),
                    DetectedBodyType = WireMock.Types.BodyType.String,
                },
            };
        }));

        var clock = Stopwatch.StartNew();
        var summary = await db.Updates.RunAsync(CancellationToken.None);

        Assert.Equal((1, 0), (summary.DesaPulled, summary.DesaFailed));
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(1.9), $"took only {clock.Elapsed}");
        Assert.Equal("Petani", Assert.Single(await db.EntriesAsync()).Nama);
        Assert.Equal(1, refusals);
    }

    [Fact]
    public async Task An_answer_slower_than_the_attempt_timeout_is_abandoned_and_retried()
    {
        // Room for a loaded machine: the fast answers must never hit the attempt time-out themselves.
        var settings = Settings();
        settings["Rosters:AttemptTimeout"] = "00:00:02";
        settings["Rosters:MaxRetries"] = "4";
        await using var db = await CreateAsync(settings);
        // A scenario moves on only once its answer is sent, so the first, slow answer is counted here instead.
        var calls = 0;
        server.Given(PageRequest(9, 1)).AtPriority(1).RespondWith(Response.Create().WithCallback(_ =>
        {
            var slow = Interlocked.Increment(ref calls) == 1;
            if (slow)
            {
                Thread.Sleep(TimeSpan.FromSeconds(8));
            }

            return new WireMock.ResponseMessage
            {
                StatusCode = 200,
                BodyData = new WireMock.Util.BodyData
                {
                    BodyAsString = Page([Person(1, slow ? "Lambat" : "Cepat")], totalPages: 1),
                    DetectedBodyType = WireMock.Types.BodyType.String,
                },
            };
        }));

        var summary = await db.Updates.RunAsync(CancellationToken.None);

        // "Cepat" comes only from a retry: the slow first answer was abandoned, not waited for.
        Assert.Equal((1, 0), (summary.DesaPulled, summary.DesaFailed));
        Assert.Equal("Cepat", Assert.Single(await db.EntriesAsync()).Nama);
    }

    [Fact]
    public async Task A_page_cut_or_stalled_in_the_middle_of_its_body_is_retried_and_the_desa_gets_its_roster()
    {
        // Cut, the page stopped the whole run; stalled, it hung the pull beyond every time-out.
        await using var faulty = new FaultyHttpServer(
            Page([Person(1, "Petani")], totalPages: 1),
            n => n switch { 1 => FaultyAnswer.CutMidBody, 2 => FaultyAnswer.StallMidBody, _ => FaultyAnswer.Whole });
        var settings = Settings();
        settings["Rosters:Feeds:0:BaseUrl"] = faulty.Url;
        await using var db = await CreateAsync(settings);

        var summary = await db.Updates.RunAsync(CancellationToken.None);

        Assert.Equal((1, 0), (summary.DesaPulled, summary.DesaFailed));
        Assert.Equal("Petani", Assert.Single(await db.EntriesAsync()).Nama);
        Assert.Equal(2 + RosterPekerjaan.Length, faulty.Connections);
    }

    [Fact]
    public async Task A_feed_whose_server_does_not_answer_is_given_up_after_its_first_desa_and_the_others_keep_their_rosters()
    {
        await using var faulty = new FaultyHttpServer(Page([], totalPages: 1), _ => FaultyAnswer.Silence);
        var settings = Settings();
        settings["Rosters:Feeds:0:BaseUrl"] = faulty.Url;
        settings["Rosters:Feeds:0:KodeDesa:1"] = Margasana;
        settings["Rosters:Feeds:0:KodeDesa:2"] = "3604052003";
        settings["Rosters:MaxRetries"] = "1";
        await using var db = await CreateAsync(settings);

        var summary = await db.Updates.RunAsync(CancellationToken.None);

        Assert.Equal((0, 3), (summary.DesaPulled, summary.DesaFailed));
        // The first desa's first page, asked twice (one retry); nobody else.
        Assert.Equal(2, faulty.Connections);
        Assert.Equal(
            "Feed serang-gabungan did not answer, so its other 2 desa were not asked; they keep their previous rosters; run pull roster again once the server answers.",
            summary.Failures[^1]);
    }

    [Fact]
    public async Task A_page_that_never_ends_is_read_no_further_than_64_MB_and_fails_its_desa_alone()
    {
        await using var faulty = new FaultyHttpServer(
            Page([Person(1, "Petani")], totalPages: 1),
            n => n == 1 ? FaultyAnswer.Endless : FaultyAnswer.Whole);
        var settings = Settings();
        settings["Rosters:Feeds:0:BaseUrl"] = faulty.Url;
        settings["Rosters:Feeds:0:KodeDesa:1"] = Margasana;
        settings["Rosters:MaxRetries"] = "0";
        // Generous, so that only the size limit can end the endless page, however slow the machine.
        settings["Rosters:AttemptTimeout"] = "00:01:00";
        settings["Rosters:TotalTimeout"] = "00:02:00";
        await using var db = await CreateAsync(settings);

        var summary = await db.Updates.RunAsync(CancellationToken.None);

        Assert.Equal((1, 1), (summary.DesaPulled, summary.DesaFailed));
        Assert.Equal(
            $"Pull of feed serang-gabungan for desa {Kramatwatu} failed (HttpRequestException: The server sent a page larger than 64 MB); the desa keeps its previous roster; run pull roster again once the server answers.",
            Assert.Single(summary.Failures));
        Assert.Equal(Margasana, Assert.Single(await db.EntriesAsync()).KodeDesa);
    }

    [Fact]
    public async Task A_feed_whose_circuit_breaker_opens_is_given_up_and_its_other_desa_are_not_asked()
    {
        var settings = Settings();
        string[] others = ["3604052003", "3604052004", "3604052005", "3604052006", "3604052007", "3604052008", "3604052009"];
        for (var i = 0; i < others.Length; i++)
        {
            settings[$"Rosters:Feeds:0:KodeDesa:{i + 1}"] = others[i];
        }

        await using var db = await CreateAsync(settings);
        server.Given(Request.Create().WithPath(PendudukPath).UsingGet()).AtPriority(1).RespondWith(Response.Create().WithStatusCode(500));

        var summary = await db.Updates.RunAsync(CancellationToken.None);

        // Three desa fail on their own (three attempts each, a 500 does not give a feed up); the tenth request opens the
        // breaker, whose refusal gives the feed up like a server that does not answer.
        Assert.Equal((0, 8), (summary.DesaPulled, summary.DesaFailed));
        Assert.Equal(10, server.LogEntries.Count);
        Assert.Contains("BrokenCircuitException", summary.Failures[^2], StringComparison.Ordinal);
        Assert.Equal(
            "Feed serang-gabungan did not answer, so its other 4 desa were not asked; they keep their previous rosters; run pull roster again once the server answers.",
            summary.Failures[^1]);
    }

    [Fact]
    public async Task A_refused_token_says_to_renew_it_and_the_feeds_other_desa_are_not_asked_with_it()
    {
        var settings = Settings();
        settings["Rosters:Feeds:0:KodeDesa:1"] = Margasana;
        await using var db = await CreateAsync(settings);
        server.Given(Request.Create().WithPath(PendudukPath).UsingGet()).AtPriority(1).RespondWith(Response.Create().WithStatusCode(401));

        var summary = await db.Updates.RunAsync(CancellationToken.None);

        Assert.Equal((0, 2), (summary.DesaPulled, summary.DesaFailed));
        Assert.Equal(
            [
                $"Pull of feed serang-gabungan for desa {Kramatwatu} failed: the server refused the feed's token (Response status code does not indicate success: 401 (Unauthorized)); the desa keeps its previous roster; renew Rosters:Feeds:0:Token and run pull roster again.",
                "Feed serang-gabungan refused its token, so its other 1 desa were not asked; they keep their previous rosters; renew Rosters:Feeds:0:Token and run pull roster again.",
            ],
            summary.Failures);
        Assert.Single(server.LogEntries);
    }

    [Theory]
    // spatie/laravel-query-builder's answer to a filter the server does not allow: OpenKab's own /api/v1/penduduk allows
    // neither filter[kode_desa] nor filter[pekerjaan_id].
    [InlineData(400, "Bad Request", """{"message":"Requested filter(s) `kode_desa, pekerjaan_id` are not allowed. Allowed filter(s) are `id, keluarga.no_kk, nama, nik, tag_id_card`."}""")]
    // A BaseUrl with no /api/v1/penduduk behind it.
    [InlineData(404, "Not Found", """{"message":"Not Found"}""")]
    public async Task A_server_that_refuses_the_pulls_request_itself_is_an_address_to_correct_and_the_feeds_other_desa_are_not_asked(int status, string reason, string body)
    {
        // Reported as a failure the next run may mend, it failed every desa of the feed every hour while the hourly job
        // stayed green, and the rosters silently grew old.
        var settings = Settings();
        settings["Rosters:Feeds:0:KodeDesa:1"] = Margasana;
        await using var db = await CreateAsync(settings);
        server.Given(Request.Create().WithPath(PendudukPath).UsingGet()).AtPriority(1)
            .RespondWith(Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(body));

        var summary = await db.Updates.RunAsync(CancellationToken.None);

        Assert.Equal((0, 2), (summary.DesaPulled, summary.DesaFailed));
        const string Advice = "point Rosters:Feeds:0:BaseUrl at an OpenSID database gabungan API that filters /api/v1/penduduk by filter[kode_desa] and filter[pekerjaan_id], and run pull roster again.";
        Assert.Equal(
            [
                $"Pull of feed serang-gabungan for desa {Kramatwatu} failed: the server refused the request itself (Response status code does not indicate success: {status} ({reason})), so what answers there is no database gabungan API or one without the filters a pull needs; the desa keeps its previous roster; {Advice}",
                $"Feed serang-gabungan refused the pull's request, so its other 1 desa were not asked; they keep their previous rosters; {Advice}",
            ],
            summary.Failures);
        Assert.Equal(summary.Failures[0], Assert.Single(summary.SettingsRefused));
        Assert.Contains(summary.Failures[0], summary.NeedingAttention);
        Assert.Single(server.LogEntries);
    }

    [Fact]
    public async Task A_server_that_ignores_the_desa_filter_fails_the_desa_whole_and_the_feeds_other_desa_are_not_asked()
    {
        // The whole database came back for each desa and was filed under it: every desa's roster became the regency's, and
        // each pull made the other desa's people leave theirs.
        var settings = Settings();
        settings["Rosters:Feeds:0:KodeDesa:1"] = Margasana;
        settings["Rosters:Feeds:0:KodeDesa:2"] = "3604052003";
        await using var db = await CreateAsync(settings);
        List<Dictionary<string, object?>> kramatwatu = [.. Enumerable.Range(1, 3).Select(i => InDesa(Person(i, $"Petani {i}"), Kramatwatu))];
        List<Dictionary<string, object?>> margasana = [.. Enumerable.Range(11, 2).Select(i => InDesa(Person(i, $"Petani Margasana {i}"), Margasana))];
        server.Given(PageRequest(9, 1).WithParam("filter[kode_desa]", Kramatwatu)).AtPriority(1).RespondWith(Ok(Page(kramatwatu, totalPages: 1)));
        server.Given(PageRequest(9, 1).WithParam("filter[kode_desa]", Margasana)).AtPriority(1).RespondWith(Ok(Page(margasana, totalPages: 1)));
        await db.Updates.RunAsync(CancellationToken.None);
        var before = await db.EntriesAsync();
        server.ResetLogEntries();
        server.Given(PageRequest(9, 1)).AtPriority(0).RespondWith(Ok(Page([.. kramatwatu, .. margasana], totalPages: 1)));

        var summary = await db.Updates.RunAsync(CancellationToken.None);

        Assert.Equal((0, 3), (summary.DesaPulled, summary.DesaFailed));
        const string Advice = "point Rosters:Feeds:0:BaseUrl at an OpenSID database gabungan API that filters /api/v1/penduduk by filter[kode_desa] and filter[pekerjaan_id], and run pull roster again.";
        Assert.Equal(
            [
                $"Pull of feed serang-gabungan for desa {Kramatwatu} failed: the server sent records of another desa (desa {Margasana}), so it ignores filter[kode_desa]; nothing of its answer was taken and the desa keeps its previous roster; {Advice}",
                $"Feed serang-gabungan sent records of other desa than the one asked (it ignores filter[kode_desa]), so its other 2 desa were not asked; they keep their previous rosters; {Advice}",
            ],
            summary.Failures);
        Assert.Equal(summary.Failures[0], Assert.Single(summary.SettingsRefused));
        Assert.Equal(before.Select(e => e.ToString()), (await db.EntriesAsync()).Select(e => e.ToString()));
        Assert.Equal(2, before.Count(e => e.KodeDesa == Margasana));
        Assert.All(server.LogEntries, l => Assert.Equal(Kramatwatu, l.RequestMessage.Query!["filter[kode_desa]"].Single()));
    }

    [Fact]
    public async Task Pull_roster_whose_server_ignores_the_desa_filter_exits_2_naming_the_feed_and_desa_but_no_resident()
    {
        await using var db = await CreateAsync(Settings());
        server.Given(PageRequest(9, 1)).AtPriority(1).RespondWith(Ok(Page(
            [InDesa(Person(1, "Petani Kramatwatu"), Kramatwatu), InDesa(Person(2, "Petani Lain"), "36.04.05.2009")], totalPages: 1)));

        var run = await WorkerProcess.RunAsync(["pull", "roster"], db.Database.Settings(Settings()));

        Assert.Equal(2, run.ExitCode);
        var sentence = Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("Pull of feed", StringComparison.Ordinal));
        Assert.StartsWith($"Pull of feed serang-gabungan for desa {Kramatwatu} failed: the server sent records of another desa (desa 3604052009), so it ignores filter[kode_desa];", sentence, StringComparison.Ordinal);
        Assert.DoesNotContain("Petani", run.Stdout + run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(Nik(2), run.Stdout + run.Stderr, StringComparison.Ordinal);
        Assert.Empty(await db.EntriesAsync());
    }

    [Fact]
    public async Task Records_that_carry_the_desa_code_asked_for_in_any_format_or_no_desa_code_at_all_are_taken()
    {
        await using var db = await CreateAsync(Settings());
        var flat = Person(4, "Petani Datar");
        flat["kode_desa"] = "36-04-05-2001";
        Serve(9, 1, Page(
            [
                InDesa(Person(1, "Petani Titik"), "36.04.05.2001"),
                InDesa(Person(2, "Petani Angka"), 3604052001L),
                InDesa(Person(3, "Petani Polos"), Kramatwatu),
                flat,
                // Older servers send no desa code: taken as before.
                Person(5, "Petani Lama"),
            ],
            totalPages: 1));

        var summary = await db.Updates.RunAsync(CancellationToken.None);

        Assert.Equal((1, 0), (summary.DesaPulled, summary.DesaFailed));
        Assert.Equal(5, (await db.EntriesAsync()).Count(e => e.KodeDesa == Kramatwatu));
    }

    [Fact]
    public async Task A_record_sent_on_two_pages_is_one_resident_not_a_duplicate_row_to_quarantine()
    {
        // A boundary that moved between two pages sends a record again; staged twice, it was quarantined as the village's
        // duplicate row and reported to a village whose OpenSID lists the person once.
        await using var db = await CreateAsync(Settings());
        var again = Person(1, "Petani Satu");
        var sameNikOtherRecord = Person(1, "Petani Satu Ganda");
        sameNikOtherRecord[RecordId] = "9001";
        Serve(9, 1, Page([Person(1, "Petani Satu"), Person(2, "Petani Dua")], totalPages: 2));
        Serve(9, 2, Page([again, Person(3, "Petani Tiga"), sameNikOtherRecord], totalPages: 2));

        var summary = await db.Updates.RunAsync(CancellationToken.None);

        Assert.Equal(
            ["Petani Dua", "Petani Satu", "Petani Tiga"],
            (await db.EntriesAsync()).Select(e => e.Nama).Order(StringComparer.Ordinal));
        // Two records of one NIK are the village's to mend, as before.
        Assert.Equal(1, summary.Quarantined.Values.Sum());
        Assert.Single(await db.QuarantineAsync());
    }

    [Fact]
    public async Task A_resident_who_leaves_the_list_while_it_is_paged_does_not_make_the_next_one_leave_the_desa()
    {
        // Pages are cut by offset: Petani 1 left the farmers after page 1 was read, Petani 3 moved onto page 1, and page 2
        // came back empty. Petani 3 was passed over and left the desa until the next pull.
        await using var db = await CreateAsync(Settings());
        var satu = Person(1, "Petani Satu");
        var dua = Person(2, "Petani Dua");
        var tiga = Person(3, "Petani Tiga");
        Sequence(9, 1,
            Ok(Page([satu, dua], totalPages: 2, total: 3)),
            Ok(Page([satu, dua], totalPages: 2, total: 3)),
            Ok(Page([dua, tiga], totalPages: 1, total: 2)));
        Sequence(9, 2,
            Ok(Page([tiga], totalPages: 2, total: 3)),
            Ok(Page([], totalPages: 1, total: 2)));
        await db.Updates.RunAsync(CancellationToken.None);

        var second = await db.Updates.RunAsync(CancellationToken.None);

        Assert.Equal((1, 0, 0), (second.DesaPulled, second.Left, second.Quarantined.Values.Sum()));
        Assert.All(await db.EntriesAsync(), e => Assert.Null(e.LeftAt));
        Assert.Equal(3 + 2, RequestsFor(9));
    }

    [Fact]
    public async Task A_list_that_keeps_changing_while_it_is_paged_fails_the_desa_which_keeps_its_roster()
    {
        await using var db = await CreateAsync(Settings());
        Serve(9, 1, Page([Person(1, "Petani Satu")], totalPages: 1));
        await db.Updates.RunAsync(CancellationToken.None);
        var before = await db.EntriesAsync();
        server.ResetLogEntries();
        server.Given(PageRequest(9, 1)).AtPriority(0).RespondWith(Ok(Page([Person(1, "Petani Satu"), Person(2, "Petani Dua")], totalPages: 2, total: 3)));
        server.Given(PageRequest(9, 2)).AtPriority(0).RespondWith(Ok(Page([Person(3, "Petani Tiga")], totalPages: 2, total: 4)));

        var summary = await db.Updates.RunAsync(CancellationToken.None);

        Assert.Equal((0, 1), (summary.DesaPulled, summary.DesaFailed));
        Assert.Equal(
            $"Pull of feed serang-gabungan for desa {Kramatwatu} failed (JsonException: The list changed while it was paged, 3 times running (meta.pagination.total 3, then 4 on page 2), so a resident may have been passed over); the desa keeps its previous roster; run pull roster again once the server answers.",
            Assert.Single(summary.Failures));
        Assert.Empty(summary.SettingsRefused);
        Assert.Equal(6, RequestsFor(9));
        Assert.Equal(before.Select(e => e.ToString()), (await db.EntriesAsync()).Select(e => e.ToString()));
    }

    [Fact]
    public async Task A_redirect_is_not_followed_without_the_token_and_a_server_that_ignores_page_numbers_is_not_paged_forever()
    {
        var settings = Settings();
        settings["Rosters:Feeds:0:KodeDesa:1"] = Margasana;
        await using var db = await CreateAsync(settings);
        server.Given(PageRequest(9, 1).WithParam("filter[kode_desa]", Kramatwatu)).AtPriority(1)
            .RespondWith(Response.Create().WithStatusCode(301).WithHeader("Location", $"{server.Url}/baru{PendudukPath}"));
        // Page 1 again for every page number, with a next link each time.
        foreach (var page in new[] { 1, 2 })
        {
            server.Given(PageRequest(11, page).WithParam("filter[kode_desa]", Margasana)).AtPriority(1)
                .RespondWith(Ok(Page([Person(5, "Nelayan", pekerjaan: 11)], next: "more")));
        }

        var summary = await db.Updates.RunAsync(CancellationToken.None);

        Assert.Equal((0, 2), (summary.DesaPulled, summary.DesaFailed));
        Assert.Contains(summary.Failures, f => f.Contains($"desa {Kramatwatu} failed", StringComparison.Ordinal) && f.Contains("301", StringComparison.Ordinal));
        Assert.DoesNotContain(server.LogEntries, l => l.RequestMessage.Path.StartsWith("/baru", StringComparison.Ordinal));
        Assert.Contains(summary.Failures, f => f.Contains($"desa {Margasana} failed", StringComparison.Ordinal) && f.Contains("Page 2 repeats the page before it", StringComparison.Ordinal));
        Assert.Equal(2, RequestsFor(11));
    }

    [Fact]
    public async Task Malformed_JSON_fails_the_pull_and_the_desa_keeps_its_previous_roster()
    {
        await using var db = await CreateAsync(Settings());
        Serve(9, 1, Page([Person(1, "Petani Lama")], totalPages: 1));
        await db.Updates.RunAsync(CancellationToken.None);
        var before = await db.EntriesAsync();

        server.Reset();
        server.Given(Request.Create().WithPath(PendudukPath).UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody("{\"data\": [ {\"attributes\": "));
        var summary = await db.Updates.RunAsync(CancellationToken.None);

        Assert.Equal((0, 1), (summary.DesaPulled, summary.DesaFailed));
        Assert.Equal(before.Select(e => e.ToString()), (await db.EntriesAsync()).Select(e => e.ToString()));
    }

    [Fact]
    public async Task A_name_with_an_unpaired_surrogate_escape_fails_that_desa_pull_alone_and_the_run_goes_on()
    {
        await using var db = await CreateAsync(Settings());
        Serve(9, 1, Page([Person(1, "Petani Lama")], totalPages: 1));
        await db.Updates.RunAsync(CancellationToken.None);
        var before = await db.EntriesAsync();

        // Valid JSON syntax, but "\ud800" alone is no character: .NET refused to read it as a string (InvalidOperationException),
        // which ended the whole run with a stack trace, the other desa and the inbox's files untouched.
        Serve(9, 1, Page([Person(1, "Petani Lama"), Person(2, "Petani Baru")], totalPages: 1).Replace("Petani Baru", "Petani \\ud800Baru", StringComparison.Ordinal));
        var summary = await db.Updates.RunAsync(CancellationToken.None);

        Assert.Equal((0, 1), (summary.DesaPulled, summary.DesaFailed));
        var sentence = Assert.Single(summary.Failures);
        Assert.Contains("attribute nama", sentence, StringComparison.Ordinal);
        Assert.DoesNotContain("Petani", sentence, StringComparison.Ordinal);
        Assert.Equal(before.Select(e => e.ToString()), (await db.EntriesAsync()).Select(e => e.ToString()));
    }

    [Theory]
    [InlineData("2", 3)]
    [InlineData("0", 1)] // no retries: Polly refuses a retry strategy of fewer than one attempt, so there is none
    public async Task A_server_that_keeps_failing_is_retried_then_given_up_and_the_desa_keeps_its_previous_roster(string maxRetries, int requests)
    {
        var settings = Settings();
        settings["Rosters:MaxRetries"] = maxRetries;
        await using var db = await CreateAsync(settings);
        Serve(9, 1, Page([Person(1, "Petani Lama")], totalPages: 1));
        await db.Updates.RunAsync(CancellationToken.None);

        server.Reset();
        server.Given(Request.Create().WithPath(PendudukPath).UsingGet()).RespondWith(Response.Create().WithStatusCode(503));
        var summary = await db.Updates.RunAsync(CancellationToken.None);

        Assert.Equal((0, 1), (summary.DesaPulled, summary.DesaFailed));
        Assert.Equal(requests, server.LogEntries.Count);
        var entry = Assert.Single(await db.EntriesAsync());
        Assert.Null(entry.LeftAt);
        Assert.DoesNotContain(await db.EventsAsync(), e => e.Kind == "LEAVE");
    }

    [Fact]
    public async Task A_resident_whose_status_dasar_is_no_longer_1_leaves_while_roles_the_feed_does_not_know_stay()
    {
        await using var db = await CreateAsync(Settings());
        await db.Updates.ImportAsync([files.Csv("rt.csv", RosterTestFiles.Header, $"{Kramatwatu},{Nik(9)},Ketua RT,,,KETUA_RT,")], CancellationToken.None);
        Sequence(9, 1,
            Ok(Page([Person(1, "Petani"), Person(2, "Petani Dua")], totalPages: 1)),
            Ok(Page([Person(1, "Petani", statusDasar: 2), Person(2, "Petani Dua")], totalPages: 1)));
        await db.Updates.RunAsync(CancellationToken.None);

        var second = await db.Updates.RunAsync(CancellationToken.None);

        var entries = await db.EntriesAsync();
        Assert.Equal(1, second.Left);
        Assert.NotNull(entries.Single(e => e.Nama == "Petani").LeftAt);
        Assert.Null(entries.Single(e => e.Nama == "Petani Dua").LeftAt);
        Assert.Null(entries.Single(e => e.Nama == "Ketua RT").LeftAt);
    }

    [Fact]
    public async Task A_birth_date_sent_as_the_UTC_instant_of_its_midnight_is_read_as_that_day()
    {
        // OpenKab casts tanggallahir to a plain datetime, which Laravel writes as the UTC instant: on a server set to
        // Asia/Jakarta, 17 May 1980 is 1980-05-16T17:00:00.000000Z. Cut at the T, every villager was written as born the
        // day before, warned as contradicting the NIK, and rule 3' was told the village wrote another day than the NIK's.
        await using var db = await CreateAsync(Settings());
        var jakarta = Person(1, "Petani WIB");
        jakarta["tanggallahir"] = "1980-05-16T17:00:00.000000Z";
        var makassar = Person(2, "Petani WITA");
        makassar["tanggallahir"] = "1980-05-17T00:00:00+08:00";
        var utc = Person(3, "Petani UTC");
        utc["tanggallahir"] = "1980-05-17T00:00:00.000000Z";
        var gabungan = Person(4, "Petani Gabungan");
        gabungan["tanggallahir"] = "17-05-1980";
        Serve(9, 1, Page([jakarta, makassar, utc, gabungan], totalPages: 1));

        await db.Updates.RunAsync(CancellationToken.None);

        var entries = await db.EntriesAsync();
        Assert.Equal(4, entries.Count);
        Assert.All(entries, e => Assert.Equal((new DateOnly(1980, 5, 17), 0), (e.TanggalLahirTertulis!.Value, e.Peringatan.Length)));
    }

    [Fact]
    public async Task A_zero_birth_date_is_no_birth_date_and_its_villager_is_taken_with_the_date_the_NIK_gives()
    {
        // OpenSID databases hold '0000-00-00' for a birth date nobody entered (OpenSID's own checks look for it), and
        // Laravel's date casts render it as 30 November of year -1. Read as a date the village wrote, it quarantined the
        // farmer as "not a date": the villager never reached the roster, and the village was asked to mend a date its
        // OpenSID shows as empty.
        await using var db = await CreateAsync(Settings());
        string[] zeros = ["30-11--0001", "-000001-11-30T00:00:00.000000Z", "-0001-11-30", "0000-00-00"];
        var people = zeros.Select((zero, i) =>
        {
            var person = Person(i + 1, $"Petani {i + 1}");
            person["tanggallahir"] = zero;
            return person;
        }).ToList();
        Serve(9, 1, Page(people, totalPages: 1));

        await db.Updates.RunAsync(CancellationToken.None);

        var entries = await db.EntriesAsync();
        Assert.Empty(await db.QuarantineAsync());
        Assert.Equal(zeros.Length, entries.Count);
        Assert.All(entries, e => Assert.Equal((new DateOnly(1980, 5, 17), (DateOnly?)null), (e.TanggalLahir, e.TanggalLahirTertulis)));
    }

    [Fact]
    public async Task The_same_pull_again_changes_nothing_but_when_the_desa_was_last_heard_from()
    {
        await using var db = await CreateAsync(Settings());
        Serve(9, 1, Page([Person(1, "Petani"), Person(2, "Bad", nik: "0604051705800001")], totalPages: 1));
        await db.Updates.RunAsync(CancellationToken.None);
        var before = await db.EntriesAsync();

        var again = await db.Updates.RunAsync(CancellationToken.None);

        Assert.Equal((1, 0, 0), (again.DesaPulled, again.Appeared, again.Left));
        Assert.Equal(before.Select(e => e.ToString()), (await db.EntriesAsync()).Select(e => e.ToString()));
        Assert.Single(await db.EventsAsync());
        Assert.Single(await db.QuarantineAsync());
        Assert.Equal(1L, await db.ScalarAsync<long>("SELECT count(*) FROM roster.import"));
        Assert.True(await db.ScalarAsync<bool>("SELECT heard_at > snapshot_at FROM roster.desa_snapshot"));
        // Kept by day too (migration 0113), for the digest of a week that ended before a later pull.
        Assert.True(await db.ScalarAsync<bool>(
            "SELECT max(h.heard_at) = (SELECT s.heard_at FROM roster.desa_snapshot s) FROM roster.desa_heard h"));
    }

    [Fact]
    public async Task A_pull_that_lists_fewer_than_half_of_the_desa_people_is_held_back_and_the_desa_keeps_its_roster()
    {
        await using var db = await CreateAsync(Settings());
        var everyone = Enumerable.Range(1, 12).Select(i => Person(i, $"Petani {i}")).ToList();
        Sequence(9, 1, Ok(Page(everyone, totalPages: 1)), Ok(Page(everyone.Take(5).ToList(), totalPages: 1)));
        await db.Updates.RunAsync(CancellationToken.None);

        var cut = await db.Updates.RunAsync(CancellationToken.None);

        Assert.Equal((0, 0, 1, 0, 0), (cut.DesaPulled, cut.DesaFailed, cut.DesaHeldBack, cut.FilesRejected, cut.Left));
        Assert.Equal($"serang-gabungan/{Kramatwatu} is held back: desa {Kramatwatu} lists 5 people, fewer than half of the 12 on its roster now, so nobody leaves until an admin imports it with --allow-shrink.", Assert.Single(cut.Rejections));
        Assert.All(await db.EntriesAsync(), e => Assert.Null(e.LeftAt));
        Assert.Equal(1L, await db.ScalarAsync<long>("SELECT count(*) FROM roster.import"));
    }

    [Fact]
    public async Task A_pull_that_lists_nobody_is_held_back_however_few_people_the_desa_has()
    {
        await using var db = await CreateAsync(Settings());
        var three = Enumerable.Range(1, 3).Select(i => Person(i, $"Petani {i}")).ToList();
        Sequence(9, 1, Ok(Page(three, totalPages: 1)), Ok(Page([], totalPages: 1)));
        await db.Updates.RunAsync(CancellationToken.None);

        var empty = await db.Updates.RunAsync(CancellationToken.None);

        Assert.Equal((0, 1, 0), (empty.DesaPulled, empty.DesaHeldBack, empty.Left));
        Assert.StartsWith($"serang-gabungan/{Kramatwatu} is held back: desa {Kramatwatu} lists 0 people, fewer than half of the 3", Assert.Single(empty.Rejections), StringComparison.Ordinal);
        Assert.All(await db.EntriesAsync(), e => Assert.Null(e.LeftAt));
    }

    [Fact]
    public async Task A_pull_with_a_value_the_database_refuses_is_held_back_whole_and_names_its_record_and_field_without_the_value()
    {
        await using var db = await CreateAsync(Settings());
        // JSON may carry U+0000, which PostgreSQL text cannot hold (SQLSTATE 22021). The record before it has moved away
        // (status_dasar 2), so it is passed over: the refused value is the stage's second line but the feed's third record.
        Serve(9, 1, Page([Person(1, "Petani Satu"), Person(3, "Petani Pindah", statusDasar: 2), Person(2, "Petani\u0000Dua")], totalPages: 1));

        var pull = await db.Updates.RunAsync(CancellationToken.None);

        Assert.Equal((0, 1), (pull.DesaPulled, pull.DesaHeldBack));
        var sentence = Assert.Single(pull.Rejections);
        Assert.Equal($"serang-gabungan/{Kramatwatu} is rejected: record 3, field nama: the database refused its value (SQLSTATE 22021), so none of its rows were taken.", sentence);
        Assert.Empty(await db.EntriesAsync());
    }

    [Fact]
    public async Task Pull_roster_counts_a_pull_held_back_as_a_desa_held_back_not_as_a_rejected_file_and_exits_1_with_its_sentence()
    {
        await using var db = await CreateAsync(Settings());
        var everyone = Enumerable.Range(1, 12).Select(i => Person(i, $"Petani {i}")).ToList();
        Sequence(9, 1, Ok(Page(everyone, totalPages: 1)), Ok(Page(everyone.Take(5).ToList(), totalPages: 1)));
        await db.Updates.RunAsync(CancellationToken.None);

        var run = await WorkerProcess.RunAsync(["pull", "roster"], db.Database.Settings(Settings()));

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith(
            "Rosters: 0 file(s) (0 unchanged, 0 rejected), 0 desa pulled (0 failed, 1 held back); ",
            Assert.Single(run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)),
            StringComparison.Ordinal);
        Assert.Contains(
            $"serang-gabungan/{Kramatwatu} is held back",
            Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => !l.StartsWith("warn:", StringComparison.Ordinal) && !l.StartsWith(' ')),
            StringComparison.Ordinal);
        Assert.All(await db.EntriesAsync(), e => Assert.Null(e.LeftAt));
    }

    [Fact]
    public async Task Pull_roster_whose_feed_token_is_refused_exits_2_a_setting_to_renew_rather_than_3_run_again()
    {
        await using var db = await CreateAsync(Settings());
        server.Given(Request.Create().WithPath(PendudukPath).UsingGet()).AtPriority(1).RespondWith(Response.Create().WithStatusCode(403));

        var run = await WorkerProcess.RunAsync(["pull", "roster"], db.Database.Settings(Settings()));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(
            run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries),
            l => l.StartsWith($"Pull of feed serang-gabungan for desa {Kramatwatu} failed: the server refused the feed's token", StringComparison.Ordinal)
                && l.EndsWith("renew Rosters:Feeds:0:Token and run pull roster again.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Pull_roster_whose_feed_fails_exits_3_with_one_sentence_naming_the_feed_and_desa_and_the_desa_keeps_its_roster()
    {
        await using var db = await CreateAsync(Settings());
        Serve(9, 1, Page([Person(1, "Petani Lama")], totalPages: 1));
        await db.Updates.RunAsync(CancellationToken.None);
        server.Reset();
        server.Given(Request.Create().WithPath(PendudukPath).UsingGet()).RespondWith(Response.Create().WithStatusCode(503));

        var run = await WorkerProcess.RunAsync(["pull", "roster"], db.Database.Settings(Settings()));

        Assert.Equal(3, run.ExitCode);
        Assert.StartsWith(
            "Rosters: 0 file(s) (0 unchanged, 0 rejected), 0 desa pulled (1 failed, 0 held back); ",
            Assert.Single(run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)),
            StringComparison.Ordinal);
        Assert.Contains(
            run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries),
            l => l.StartsWith($"Pull of feed serang-gabungan for desa {Kramatwatu} failed", StringComparison.Ordinal) && l.EndsWith("the desa keeps its previous roster; run pull roster again once the server answers.", StringComparison.Ordinal));
        // The retries are not reported one by one (with a stack trace each when the server timed out) on the admin's terminal.
        Assert.DoesNotContain("Polly", run.Stderr, StringComparison.Ordinal);
        Assert.Null(Assert.Single(await db.EntriesAsync()).LeftAt);
    }

    [Fact]
    public async Task In_a_desa_its_feed_pulls_a_roster_file_speaks_for_the_roles_the_feed_does_not_and_leaves_the_feeds_people_alone()
    {
        // Kramatwatu publishes its farmers through OpenSID and its BPD members and RT heads (no OpenSID occupation) as a file.
        await using var db = await CreateAsync(Settings());
        var farmers = Enumerable.Range(1, 12).Select(i => Person(i, $"Petani {i}")).Append(Person(13, "NIK Pendek", nik: "360405170580")).ToList();
        Serve(9, 1, Page(farmers.Take(2).ToList(), totalPages: 7));
        for (var page = 2; page <= 7; page++)
        {
            Serve(9, page, Page(farmers.Skip((page - 1) * 2).Take(2).ToList(), totalPages: 7));
        }

        await db.Updates.RunAsync(CancellationToken.None);
        var bpdAndRt = files.Csv("kramatwatu-bpd-rt.csv",
            RosterTestFiles.Header,
            $"{Kramatwatu},{Nik(21)},Ketua BPD,,,BPD,",
            $"{Kramatwatu},{Nik(22)},Pak RT,,,Ketua RT,",
            // Also in the feed: the file may list it, but only the feed says when a farmer leaves.
            $"{Kramatwatu},{Nik(1)},Petani 1,,,Petani,");
        var first = await db.Updates.ImportAsync([bpdAndRt], CancellationToken.None);
        var rtOnly = files.Csv("kramatwatu-rt.csv", RosterTestFiles.Header, $"{Kramatwatu},{Nik(22)},Pak RT,,,Ketua RT,");
        var second = await db.Updates.ImportAsync([rtOnly], CancellationToken.None);
        var margasana = files.Csv("margasana.csv", RosterTestFiles.Header, $"{Margasana},{Nik(31)},Petani Margasana,,,Petani,");
        await db.Updates.ImportAsync([margasana], CancellationToken.None);
        var margasanaRt = files.Csv("margasana-rt.csv", RosterTestFiles.Header, $"{Margasana},{Nik(32)},RT Margasana,,,Ketua RT,");
        var notPulled = await db.Updates.ImportAsync([margasanaRt], CancellationToken.None);

        Assert.Equal((0, 2, 0), (first.Rejections.Count, first.Appeared, first.Left));
        Assert.Equal((0, 1), (second.Rejections.Count, second.Left));
        var entries = await db.EntriesAsync();
        Assert.Equal(12, entries.Count(e => e.KodeDesa == Kramatwatu && e.Peran == "PETANI" && e.LeftAt is null));
        Assert.Equal(
            [("BPD", false), ("KETUA_RT", true)],
            entries.Where(e => e.KodeDesa == Kramatwatu && e.Peran != "PETANI").Select(e => (e.Peran, e.LeftAt is null)).OrderBy(e => e.Peran, StringComparer.Ordinal));
        // The feed's own reject waits for the feed: a file does not speak for that farmer.
        Assert.Single(await db.QuarantineAsync(), q => q.Sumber == $"serang-gabungan/{Kramatwatu}" && q.ResolvedAt is null);
        // A desa no feed pulls: a file is the snapshot of every role, as SPEC 2.1 says.
        Assert.Equal(1, notPulled.Left);
        Assert.Equal(
            [("KETUA_RT", true), ("PETANI", false)],
            entries.Where(e => e.KodeDesa == Margasana).Select(e => (e.Peran, e.LeftAt is null)).OrderBy(e => e.Peran, StringComparer.Ordinal));
    }

    private static readonly int[] RosterPekerjaan = [9, 10, 11, 85, 86];

    private Dictionary<string, string?> Settings() => new()
    {
        ["Rosters:Feeds:0:Name"] = "serang-gabungan",
        ["Rosters:Feeds:0:BaseUrl"] = server.Url,
        ["Rosters:Feeds:0:Token"] = Token,
        ["Rosters:Feeds:0:KodeDesa:0"] = "36.04.05.2001",
        ["Rosters:PageSize"] = "2",
        ["Rosters:AttemptTimeout"] = "00:00:01",
        ["Rosters:TotalTimeout"] = "00:00:20",
        ["Rosters:MaxRetries"] = "2",
        ["Rosters:RetryDelay"] = "00:00:00.050",
    };

    private void Serve(int pekerjaan, int page, string body) =>
        server.Given(PageRequest(pekerjaan, page)).AtPriority(1).RespondWith(Ok(body));

    /// <summary>The same request answered differently each time, in order; the last answer repeats.</summary>
    private void Sequence(int pekerjaan, int page, params IResponseBuilder[] responses)
    {
        var scenario = $"p{pekerjaan}-{page}-{Guid.NewGuid():N}";
        for (var i = 0; i < responses.Length; i++)
        {
            var mapping = server.Given(PageRequest(pekerjaan, page)).AtPriority(1).InScenario(scenario);
            if (i > 0)
            {
                mapping = mapping.WhenStateIs($"step{i}");
            }

            if (i < responses.Length - 1)
            {
                mapping = mapping.WillSetStateTo($"step{i + 1}");
            }

            mapping.RespondWith(responses[i]);
        }
    }

    private int RequestsFor(int pekerjaan) =>
        server.LogEntries.Count(l => l.RequestMessage.Query!["filter[pekerjaan_id]"].Single() == pekerjaan.ToString(System.Globalization.CultureInfo.InvariantCulture));

    private static IRequestBuilder PageRequest(int pekerjaan, int page) =>
        Request.Create().WithPath(PendudukPath).UsingGet()
            .WithParam("filter[pekerjaan_id]", pekerjaan.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .WithParam("page[number]", page.ToString(System.Globalization.CultureInfo.InvariantCulture));

    private static IResponseBuilder Ok(string body) =>
        Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/vnd.api+json").WithBody(body);

    private static Dictionary<string, object?> Person(int serial, string nama, int sex = 1, int pekerjaan = 9, int statusDasar = 1, string? nik = null) => new()
    {
        ["nik"] = nik ?? Nik(serial, woman: sex == 2),
        ["nama"] = nama,
        ["sex"] = sex,
        ["tanggallahir"] = "1980-05-17",
        ["pekerjaan_id"] = pekerjaan,
        ["status_dasar"] = statusDasar,
        ["updated_at"] = "2026-11-01T08:00:00.000000Z",
    };

    /// <summary>A record as the gabungan API sends it: tweb_penduduk's columns with the resident's desa, OpenSID's config row
    /// (Laravel's toArray of the model with its config relation loaded).</summary>
    private static Dictionary<string, object?> InDesa(Dictionary<string, object?> person, object kodeDesa)
    {
        person["config_id"] = 7;
        person["config"] = new Dictionary<string, object?> { ["id"] = 7, ["kode_desa"] = kodeDesa, ["nama_desa"] = "Desa" };
        return person;
    }

    /// <summary>The JSON:API resource id a person's record is sent with (tweb_penduduk.id): its NIK unless set apart.</summary>
    private const string RecordId = "(record id)";

    private static string Page(IReadOnlyList<Dictionary<string, object?>> people, int? totalPages = null, string? next = "absent", int? total = null)
    {
        var document = new Dictionary<string, object?>
        {
            ["data"] = people.Select(p => new Dictionary<string, object?>
            {
                ["type"] = "penduduk",
                ["id"] = p.GetValueOrDefault(RecordId) ?? p["nik"],
                ["attributes"] = p.Where(a => a.Key != RecordId).ToDictionary(),
            }).ToList(),
        };
        if (totalPages is { } pages)
        {
            var pagination = new Dictionary<string, object?> { ["total_pages"] = pages };
            if (total is { } count)
            {
                pagination["total"] = count;
            }

            document["meta"] = new Dictionary<string, object?> { ["pagination"] = pagination };
        }

        if (next != "absent")
        {
            document["links"] = new Dictionary<string, object?> { ["next"] = next };
        }

        return JsonSerializer.Serialize(document);
    }
}
