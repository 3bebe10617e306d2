using Jamsostek.Tests.Infrastructure;
using Jamsostek.Worker.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Jamsostek.Tests.Hosting;

[Collection(HangfireHostCollection.Name)]
public sealed class OptionsValidationTests
{
    [Theory]
    [InlineData("Dashboard:Users:0:PasswordHash", "plain-text-password", "Dashboard:Users:0:PasswordHash")]
    [InlineData("Dashboard:Users:0:Name", "", "Dashboard:Users:0:Name")]
    [InlineData("Jobs:TimeZone", "Mars/Olympus_Mons", "Jobs:TimeZone")]
    [InlineData("Jobs:WorkerCount", "0", "Jobs:WorkerCount")]
    [InlineData("Jobs:InvisibilityTimeout", "00:00:05", "Jobs:InvisibilityTimeout")]
    [InlineData("Jobs:Schedules:no-such-job", "0 * * * *", "Jobs:Schedules:no-such-job")]
    public void A_wrong_setting_stops_the_service_with_a_message_naming_the_key(string key, string value, string named)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Jamsostek"] = "Host=127.0.0.1;Database=unused",
            ["Dashboard:Users:0:Name"] = "admin",
            ["Dashboard:Users:0:PasswordHash"] = Worker.Dashboard.PasswordHash.Create("secret"),
            ["Dashboard:Users:0:Role"] = "Admin",
            [key] = value,
        };
        var error = Assert.Throws<OptionsValidationException>(() => BuildAndValidate([.. settings.Select(kv => $"--{kv.Key}={kv.Value}")]));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_service_refuses_to_start_without_any_dashboard_user()
    {
        var error = Assert.Throws<OptionsValidationException>(() => BuildAndValidate(["--ConnectionStrings:Jamsostek=Host=127.0.0.1;Database=unused"]));

        Assert.Contains("Dashboard:Users", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Password_hashes_verify_the_right_password_only()
    {
        var hash = Worker.Dashboard.PasswordHash.Create("kata-sandi");

        Assert.True(Worker.Dashboard.PasswordHash.Verify("kata-sandi", hash));
        Assert.False(Worker.Dashboard.PasswordHash.Verify("kata-sandi ", hash));
        Assert.False(Worker.Dashboard.PasswordHash.Verify("kata-sandi", "PBKDF2-SHA256$100000$garbage"));
    }

    private static void BuildAndValidate(string[] args)
    {
        using var app = ServeCommand.Build(args);
        app.Services.GetRequiredService<IStartupValidator>().Validate();
    }
}
