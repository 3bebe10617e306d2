using System.Net;
using Jamsostek.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Jamsostek.Tests.Hosting;

/// <summary>The HTTP surface of <c>serve</c> against someone who reaches it: password guessing, framing, odd methods.</summary>
[Collection(HangfireHostCollection.Name)]
public sealed class DashboardHardeningTests : IAsyncLifetime
{
    private const string WrongPassword = "tebakan-salah";
    private TestDatabase database = null!;

    public async Task InitializeAsync() => database = await TestDatabase.CreateAsync();

    public Task DisposeAsync() => database.DisposeAsync().AsTask();

    [Fact]
    public async Task Failed_logins_from_one_address_are_answered_429_until_the_window_ends_even_with_the_right_password()
    {
        await using var worker = await StartAsync(limit: 3, window: "00:00:03");
        using var guesser = worker.Client("admin", WrongPassword);
        using var admin = worker.Client("admin", RunningWorker.AdminPassword);

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await guesser.GetAsync(Dashboard)).StatusCode);
        }

        // The right password too: let through, it would tell the guesser that the 429s were the wrong ones.
        var refused = await admin.GetAsync(Dashboard);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        var retryAfter = refused.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3));
        Assert.Empty(refused.Headers.WwwAuthenticate);
        Assert.Equal($"Too many failed logins from this address: the dashboard takes none from it for {retryAfter.Value.TotalSeconds:0} s.\n", await refused.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.TooManyRequests, (await guesser.GetAsync(Dashboard)).StatusCode);
        // The health endpoints need no login and stay answered.
        Assert.Equal(HttpStatusCode.OK, (await guesser.GetAsync(new Uri("/health/live", UriKind.Relative))).StatusCode);

        await Task.Delay(retryAfter.Value + TimeSpan.FromMilliseconds(200));
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync(Dashboard)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await guesser.GetAsync(Dashboard)).StatusCode);
    }

    [Fact]
    public async Task Successful_logins_do_not_count_and_an_unknown_user_counts_as_a_wrong_password()
    {
        await using var worker = await StartAsync(limit: 3, window: "00:10:00");
        using var admin = worker.Client("admin", RunningWorker.AdminPassword);
        using var reader = worker.Client("reader", RunningWorker.ReaderPassword);
        using var guesser = worker.Client("nobody", WrongPassword);

        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await guesser.GetAsync(Dashboard)).StatusCode);
        }

        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await (i % 2 == 0 ? admin : reader).GetAsync(Dashboard)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await guesser.GetAsync(Dashboard)).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await admin.GetAsync(Dashboard)).StatusCode);
    }

    [Fact]
    public async Task A_forged_X_Forwarded_For_does_not_escape_the_limit_unless_the_proxy_is_trusted_and_then_only_its_last_entry_counts()
    {
        await using (var worker = await StartAsync(limit: 3, window: "00:10:00"))
        {
            for (var i = 0; i < 3; i++)
            {
                Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(worker, WrongPassword, $"198.51.100.{i + 1}")).StatusCode);
            }

            Assert.Equal(HttpStatusCode.TooManyRequests, (await SendAsync(worker, RunningWorker.AdminPassword, "198.51.100.99")).StatusCode);
        }

        await using (var worker = await StartAsync(limit: 3, window: "00:10:00", fromProxy: true))
        {
            // The proxy appends the address it saw to whatever the client sent: only that last entry is the client's.
            for (var i = 0; i < 3; i++)
            {
                Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(worker, WrongPassword, $"198.51.100.{i + 1}, 203.0.113.7")).StatusCode);
            }

            Assert.Equal(HttpStatusCode.TooManyRequests, (await SendAsync(worker, RunningWorker.AdminPassword, "198.51.100.99, 203.0.113.7")).StatusCode);
            // Another client of the proxy is not locked out by the guesser.
            Assert.Equal(HttpStatusCode.OK, (await SendAsync(worker, RunningWorker.AdminPassword, "203.0.113.8")).StatusCode);
        }
    }

    [Fact]
    public async Task An_IPv6_client_counts_as_its_64_and_addresses_past_the_tracked_ones_share_one_count()
    {
        await using var worker = await StartAsync(limit: 3, window: "00:10:00", fromProxy: true);

        // A /64 is one client's: a new address in it for every guess does not start a new count.
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(worker, WrongPassword, $"2001:db8:0:1::{i + 1}")).StatusCode);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await SendAsync(worker, RunningWorker.AdminPassword, "2001:db8:0:1:ffff::9")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(worker, RunningWorker.AdminPassword, "2001:db8:0:2::1")).StatusCode);

        // Guesses spread over more addresses than are tracked: the rest share one count and are locked out together.
        var throttle = worker.Services.GetRequiredService<Worker.Dashboard.LoginThrottle>();
        for (var i = 0; i < 10_000 + 3; i++)
        {
            throttle.Failed(new IPAddress([10, (byte)(i >> 16), (byte)(i >> 8), (byte)i]));
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await SendAsync(worker, RunningWorker.AdminPassword, "192.0.2.1")).StatusCode);
    }

    [Fact]
    public async Task A_failed_login_is_logged_with_the_name_tried_and_the_address_never_the_password()
    {
        await using var worker = await StartAsync(limit: 2, window: "00:10:00");
        var logged = new LogCapture();
        worker.Services.GetRequiredService<ILoggerFactory>().AddProvider(logged);
        using var guesser = worker.Client("root\nforged line", WrongPassword);

        await guesser.GetAsync(Dashboard);
        await guesser.GetAsync(Dashboard);
        await guesser.GetAsync(Dashboard);

        var lines = logged.Lines.ToList();
        Assert.Equal(2, lines.Count(l => l.Contains("Dashboard login failed for user 'root?forged line' from 127.0.0.1", StringComparison.Ordinal)));
        Assert.Single(lines, l => l.Contains("Dashboard logins from 127.0.0.1 refused with 429: 2 failed within 00:10:00", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains(WrongPassword, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("/hangfire", "admin")]
    [InlineData("/hangfire/recurring", "reader")]
    [InlineData("/hangfire", null)]
    [InlineData("/health/ready", null)]
    public async Task Every_answer_forbids_framing_and_content_sniffing(string path, string? user)
    {
        await using var worker = await StartAsync(limit: 10, window: "00:10:00");
        using var client = worker.Client(user, user == "admin" ? RunningWorker.AdminPassword : RunningWorker.ReaderPassword);

        var response = await client.GetAsync(new Uri(path, UriKind.Relative));

        // Hangfire's own SAMEORIGIN let any other application behind the same host name frame the dashboard's buttons.
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        Assert.Equal("frame-ancestors 'none'", Assert.Single(response.Headers.GetValues("Content-Security-Policy")));
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
    }

    [Theory]
    [InlineData("TRACE", "/hangfire")]
    [InlineData("PUT", "/hangfire/recurring")]
    [InlineData("DELETE", "/hangfire")]
    [InlineData("OPTIONS", "/health/live")]
    public async Task Methods_other_than_GET_HEAD_and_POST_are_refused(string method, string path)
    {
        await using var worker = await StartAsync(limit: 10, window: "00:10:00");
        using var admin = worker.Client("admin", RunningWorker.AdminPassword);

        var response = await admin.SendAsync(new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative)));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.DoesNotContain("<html", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    private static Uri Dashboard => new("/hangfire", UriKind.Relative);

    private Task<RunningWorker> StartAsync(int limit, string window, bool fromProxy = false) =>
        RunningWorker.StartAsync(database, new Dictionary<string, string?>
        {
            ["Jobs:WorkerCount"] = "1",
            ["Dashboard:FailedLoginLimit"] = limit.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Dashboard:FailedLoginWindow"] = window,
            ["Dashboard:ClientAddressFromProxy"] = fromProxy ? "true" : "false",
        });

    private static async Task<HttpResponseMessage> SendAsync(RunningWorker worker, string password, string forwardedFor)
    {
        using var client = worker.Client("admin", password);
        using var request = new HttpRequestMessage(HttpMethod.Get, Dashboard);
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        return await client.SendAsync(request);
    }
}
