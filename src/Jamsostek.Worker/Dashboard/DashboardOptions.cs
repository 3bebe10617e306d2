using Microsoft.Extensions.Options;

namespace Jamsostek.Worker.Dashboard;

public sealed class DashboardOptions
{
    public const string Section = "Dashboard";

    /// <summary>Who may open /hangfire. Set them from the environment or user secrets (Dashboard__Users__0__Name ...), never in a committed file.</summary>
    public List<DashboardUser> Users { get; set; } = [];
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
