using Microsoft.Extensions.Options;

namespace Jamsostek.Worker.Dashboard;

public sealed class DashboardOptions
{
    public const string Section = "Dashboard";

    /// <summary>Who may open /hangfire. Set them from the environment or user secrets (Dashboard__Users__0__Name ...), never in a committed file.</summary>
    public List<DashboardUser> Users { get; set; } = [];

    /// <summary>Failed logins one client address may make within <see cref="FailedLoginWindow"/> before it is answered 429 until the window ends.</summary>
    public int FailedLoginLimit { get; set; } = 10;

    /// <summary>Counted from an address's first failed login (LoginThrottle).</summary>
    public TimeSpan FailedLoginWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// True when a reverse proxy on this machine sets X-Forwarded-For: the client address (for <see cref="FailedLoginLimit"/>)
    /// is then the header's last entry, the one the proxy added, on requests from loopback only. False, every request through
    /// the proxy is the proxy's address and they share one count; a header from a proxy that passes the client's own along
    /// would let a guesser name a new address every time.
    /// </summary>
    public bool ClientAddressFromProxy { get; set; }

    /// <summary>The certificate that encrypts the keys signing the dashboard's antiforgery tokens, in the database.</summary>
    public DashboardDataProtectionOptions DataProtection { get; set; } = new();
}

public sealed class DashboardUser
{
    public string Name { get; set; } = "";

    /// <summary>From <c>Jamsostek.Worker hash-password</c>.</summary>
    public string PasswordHash { get; set; } = "";

    /// <summary>
    /// Admin or ReadOnly, as text: bound as an enum, a mistyped role made the configuration binder drop the whole user
    /// silently (no admin, or a "no users" message), where validation should name the key.
    /// </summary>
    public string Role { get; set; } = nameof(DashboardRole.ReadOnly);

    /// <summary>The role, once validated.</summary>
    public DashboardRole Kind => Enum.Parse<DashboardRole>(Role, ignoreCase: true);

    internal bool HasKnownRole => Enum.GetNames<DashboardRole>().Contains(Role, StringComparer.OrdinalIgnoreCase);
}

public enum DashboardRole
{
    /// <summary>May look at everything but trigger, retry or delete nothing (the dashboard's read-only mode).</summary>
    ReadOnly,

    /// <summary>May also trigger, retry and delete jobs.</summary>
    Admin,
}

internal sealed class DashboardOptionsValidator : IValidateOptions<DashboardOptions>
{
    public ValidateOptionsResult Validate(string? name, DashboardOptions options)
    {
        if (options.Users.Count == 0)
        {
            return ValidateOptionsResult.Fail(
                "Dashboard:Users is empty: configure at least one dashboard user (Dashboard__Users__0__Name, __PasswordHash, __Role) in the environment or user secrets.");
        }

        var failures = new List<string>();
        if (options.FailedLoginLimit is < 1 or > 1000)
        {
            failures.Add("Dashboard:FailedLoginLimit must be between 1 and 1000.");
        }

        if (options.FailedLoginWindow < TimeSpan.FromSeconds(1) || options.FailedLoginWindow > TimeSpan.FromDays(1))
        {
            failures.Add("Dashboard:FailedLoginWindow must be between 00:00:01 and 1.00:00:00 (hh:mm:ss; a bare number is read as days).");
        }

        // A login checks the first user of its name only: a second entry's password and role would never apply.
        var named = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < options.Users.Count; i++)
        {
            var user = options.Users[i];
            if (string.IsNullOrWhiteSpace(user.Name) || user.Name.Contains(':', StringComparison.Ordinal))
            {
                failures.Add($"Dashboard:Users:{i}:Name must be a non-empty user name without ':'.");
            }
            else if (!named.TryAdd(user.Name, i))
            {
                failures.Add($"Dashboard:Users:{i}:Name '{user.Name}' is the name of Dashboard:Users:{named[user.Name]} already: give each user one entry.");
            }

            if (!PasswordHash.IsWellFormed(user.PasswordHash))
            {
                failures.Add($"Dashboard:Users:{i}:PasswordHash is not a hash made by 'Jamsostek.Worker hash-password' (PBKDF2-SHA256$iterations$salt$hash).");
            }

            if (!user.HasKnownRole)
            {
                failures.Add($"Dashboard:Users:{i}:Role must be Admin or ReadOnly.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
