using Jamsostek.Worker.Dashboard;

namespace Jamsostek.Tests.Hosting;

public sealed class DashboardLoginTests
{
    private static readonly DashboardUser Admin = new() { Name = "admin", PasswordHash = PasswordHash.Create("kata-sandi"), Role = "Admin" };

    [Fact]
    public void An_unknown_user_name_costs_the_same_password_check_as_a_known_one_with_a_wrong_password()
    {
        var checkedHashes = new List<string>();
        bool Verify(string password, string hash)
        {
            checkedHashes.Add(hash);
            return PasswordHash.Verify(password, hash);
        }

        Assert.Null(BasicAuthenticationHandler.Authenticate([Admin], "admin", "salah", Verify));
        Assert.Null(BasicAuthenticationHandler.Authenticate([Admin], "bukan-admin", "salah", Verify));

        // Without the second check, a quicker 401 told an attacker which user names exist.
        Assert.Equal(2, checkedHashes.Count);
        Assert.Equal(Iterations(checkedHashes[0]), Iterations(checkedHashes[1]));
    }

    [Fact]
    public void An_unknown_user_name_costs_as_many_iterations_as_a_configured_hash_made_with_other_than_the_default()
    {
        var salt = System.Security.Cryptography.RandomNumberGenerator.GetBytes(16);
        var hash = System.Security.Cryptography.Rfc2898DeriveBytes.Pbkdf2("kata-sandi"u8, salt, 300_000, System.Security.Cryptography.HashAlgorithmName.SHA256, 32);
        var stronger = new DashboardUser { Name = "admin", PasswordHash = $"PBKDF2-SHA256$300000${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}", Role = "Admin" };
        var checkedHashes = new List<string>();

        Assert.Null(BasicAuthenticationHandler.Authenticate([stronger], "bukan-admin", "kata-sandi", (password, encoded) =>
        {
            checkedHashes.Add(encoded);
            return PasswordHash.Verify(password, encoded);
        }));

        // A 100 000-iteration check for unknown names answered three times sooner than the admin's wrong password.
        Assert.Equal("300000", Iterations(Assert.Single(checkedHashes)));
    }

    [Fact]
    public void The_right_password_of_a_configured_user_is_accepted()
    {
        Assert.Same(Admin, BasicAuthenticationHandler.Authenticate([Admin], "admin", "kata-sandi", PasswordHash.Verify));
    }

    private static string Iterations(string hash) => hash.Split('$')[1];
}
