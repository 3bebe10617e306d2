using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Jamsostek.Worker.Dashboard;

/// <summary>HTTP Basic authentication against the configured dashboard users; the dashboard is for a handful of admins behind TLS.</summary>
public sealed partial class BasicAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    IOptionsMonitor<DashboardOptions> dashboardOptions,
    LoginThrottle throttle)
    : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, loggerFactory, encoder)
{
    public const string SchemeName = "Basic";

    // The dashboard polls every few seconds; PBKDF2 on every request would burn a core. Credentials verified once are kept a
    // while, keyed by an HMAC under a secret of this process (a memory dump holds no fast hash of a password to guess
    // against), at most a few hundred, each for a quarter of an hour.
    private static readonly ConcurrentDictionary<string, long> VerifiedCredentials = new();
    private static readonly byte[] VerifiedKey = RandomNumberGenerator.GetBytes(32);
    private const int MaxVerified = 256;
    private static readonly long VerifiedForMilliseconds = (long)TimeSpan.FromMinutes(15).TotalMilliseconds;

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!AuthenticationHeaderValue.TryParse(Request.Headers.Authorization, out var header)
            || !string.Equals(header.Scheme, SchemeName, StringComparison.OrdinalIgnoreCase)
            || header.Parameter is null)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        // Before the password is looked at: a locked-out address learns nothing more, and costs no PBKDF2.
        var address = Context.Connection.RemoteIpAddress;
        if (throttle.LockedOutFor(address) is { } wait)
        {
            Context.Items[LockedOutKey] = wait;
            return Task.FromResult(AuthenticateResult.Fail("Too many failed logins from this address."));
        }

        string credentials;
        try
        {
            credentials = Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter));
        }
        catch (FormatException)
        {
            return Task.FromResult(AuthenticateResult.Fail("Malformed Basic credentials."));
        }

        var separator = credentials.IndexOf(':', StringComparison.Ordinal);
        if (separator <= 0)
        {
            return Task.FromResult(AuthenticateResult.Fail("Malformed Basic credentials."));
        }

        var userName = credentials[..separator];
        var password = credentials[(separator + 1)..];
        var user = Authenticate(dashboardOptions.CurrentValue.Users, userName, password, PasswordHash.Verify);
        if (user is null)
        {
            var key = LoginThrottle.KeyOf(address);
            LogLoginFailed(Logger, Printable(userName), key);
            if (throttle.Failed(address))
            {
                var settings = dashboardOptions.CurrentValue;
                LogLockedOut(Logger, key, settings.FailedLoginLimit, settings.FailedLoginWindow);
            }

            return Task.FromResult(AuthenticateResult.Fail("Unknown user or wrong password."));
        }

        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, user.Name), new Claim(ClaimTypes.Role, user.Kind.ToString())],
            SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (Context.Items[LockedOutKey] is TimeSpan wait)
        {
            // No challenge: a browser would ask for a password that cannot be accepted before Retry-After.
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            var seconds = ((long)wait.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            Response.Headers.RetryAfter = seconds;
            // A browser shows the body of a 429 as it is: without it, a blank page.
            Response.ContentType = "text/plain; charset=utf-8";
            return Response.WriteAsync($"Too many failed logins from this address: the dashboard takes none from it for {seconds} s.\n", Context.RequestAborted);
        }

        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Basic realm=\"Jamsostek Worker\", charset=\"UTF-8\"";
        return Task.CompletedTask;
    }

    private const string LockedOutKey = "Jamsostek.Dashboard.LockedOutFor";

    /// <summary>A name as typed, for the log: at most 64 characters, control characters (a forged line of log) as '?'.</summary>
    internal static string Printable(string userName) =>
        string.Concat(userName.Take(64).Select(c => char.IsControl(c) ? '?' : c));

    // The name tried and the address, never the password: a name is a dashboard account, not a citizen's data.
    [LoggerMessage(EventId = 5101, Level = LogLevel.Warning, Message = "Dashboard login failed for user '{UserName}' from {Address}")]
    private static partial void LogLoginFailed(ILogger logger, string userName, string address);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Warning, Message = "Dashboard logins from {Address} refused with 429: {Limit} failed within {Window}")]
    private static partial void LogLockedOut(ILogger logger, string address, int limit, TimeSpan window);

    /// <summary>The configured user these credentials prove, or null; <paramref name="verify"/> is the password hash check.</summary>
    internal static DashboardUser? Authenticate(IReadOnlyList<DashboardUser> users, string userName, string password, Func<string, string, bool> verify)
    {
        var user = users.FirstOrDefault(u => string.Equals(u.Name, userName, StringComparison.Ordinal));
        if (user is null)
        {
            // Checked against the first user's hash and the answer thrown away, so an unknown name's 401 takes as long as a
            // wrong password's and does not tell which names exist: a hash of its own, at hash-password's iterations, took
            // less or more than a configured hash made with others, and its making made the first unknown name slower.
            verify(password, users.Count > 0 ? users[0].PasswordHash : "");
            return null;
        }

        return IsPasswordRight(user, password, verify) ? user : null;
    }

    private static bool IsPasswordRight(DashboardUser user, string password, Func<string, string, bool> verify)
    {
        var key = Convert.ToHexString(HMACSHA256.HashData(VerifiedKey, Encoding.UTF8.GetBytes($"{user.Name}\n{user.PasswordHash}\n{password}")));
        if (VerifiedCredentials.TryGetValue(key, out var until) && until > Environment.TickCount64)
        {
            return true;
        }

        if (!verify(password, user.PasswordHash))
        {
            return false;
        }

        if (VerifiedCredentials.Count >= MaxVerified)
        {
            VerifiedCredentials.Clear();
        }

        VerifiedCredentials[key] = Environment.TickCount64 + VerifiedForMilliseconds;
        return true;
    }
}
