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
    public void The_right_password_of_a_configured_user_is_accepted()
    {
        Assert.Same(Admin, BasicAuthenticationHandler.Authenticate([Admin], "admin", "kata-sandi", PasswordHash.Verify));
    }

    private static string Iterations(string hash) => hash.Split('$')[1];
}
