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
public sealed class BasicAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    IOptionsMonitor<DashboardOptions> dashboardOptions)
    : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, loggerFactory, encoder)
{
    public const string SchemeName = "Basic";

    // The dashboard polls every few seconds; PBKDF2 on every request would burn a core.
    private static readonly ConcurrentDictionary<string, bool> VerifiedCredentials = new();

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!AuthenticationHeaderValue.TryParse(Request.Headers.Authorization, out var header)
            || !string.Equals(header.Scheme, SchemeName, StringComparison.OrdinalIgnoreCase)
            || header.Parameter is null)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
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
        var user = dashboardOptions.CurrentValue.Users.FirstOrDefault(u => string.Equals(u.Name, userName, StringComparison.Ordinal));
        if (user is null || !IsPasswordRight(user, password))
        {
            return Task.FromResult(AuthenticateResult.Fail("Unknown user or wrong password."));
        }

        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, user.Name), new Claim(ClaimTypes.Role, user.Kind.ToString())],
            SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Basic realm=\"Jamsostek Worker\", charset=\"UTF-8\"";
        return Task.CompletedTask;
    }

    private static bool IsPasswordRight(DashboardUser user, string password)
    {
        var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{user.Name}\n{user.PasswordHash}\n{password}")));
        if (VerifiedCredentials.ContainsKey(key))
        {
            return true;
        }

        if (!PasswordHash.Verify(password, user.PasswordHash))
        {
            return false;
        }

        VerifiedCredentials[key] = true;
        return true;
    }
}
