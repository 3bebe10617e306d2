using Jamsostek.Alerts;
using Jamsostek.Worker.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Jamsostek.Tests.Alerts;

[Collection(Infrastructure.HangfireHostCollection.Name)]
public sealed class AlertOptionsTests
{
    [Theory]
    [InlineData("Alerts:Recipients:0", "kesra", "Alerts:Recipients:0 is not an email address")]
    [InlineData("Alerts:Recipients:0", "kesra@", "Alerts:Recipients:0 is not an email address")]
    [InlineData("Alerts:DashboardUrl", "http://jamsostek.serangkab.go.id/hangfire", "Alerts:DashboardUrl 'http://jamsostek.serangkab.go.id/hangfire' is not an https:// address")]
    [InlineData("Alerts:DashboardUrl", "jamsostek.serangkab.go.id/hangfire", "Alerts:DashboardUrl 'jamsostek.serangkab.go.id/hangfire' is not an https:// address")]
    [InlineData("Alerts:SweepGrace", "1.00:00:00", "Alerts:SweepGrace 1.00:00:00 is not between 00:00:00 and 01:00:00")]
    [InlineData("Alerts:SweepWindow", "00:01:00", "Alerts:SweepWindow 00:01:00 is not longer than Alerts:SweepGrace")]
    public void A_wrong_alert_setting_stops_the_service_with_a_message_naming_the_key(string key, string value, string message)
    {
        var error = Assert.Throws<OptionsValidationException>(() => BuildAndValidate(new() { [key] = value }));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_wrong_recipient_is_named_by_its_key_and_its_text_is_not_repeated()
    {
        // A person's own address with a slip in it: the message goes to stderr and the journal, as the digest's --email
        // refusal does not repeat what was typed either.
        const string typed = "Budi Santoso <budi.santoso.gmail.com>";

        var error = Assert.Throws<OptionsValidationException>(() => BuildAndValidate(new() { ["Alerts:Recipients:0"] = typed }));

        Assert.Contains("Alerts:Recipients:0 is not an email address", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("budi", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Addresses_with_or_without_a_name_and_an_https_dashboard_are_taken()
    {
        var alerts = BuildAndValidate(new()
        {
            ["Alerts:Recipients:0"] = "kesra@serangkab.go.id",
            ["Alerts:Recipients:1"] = "Disnaker Serang <disnaker@serangkab.go.id>",
            ["Alerts:DashboardUrl"] = "https://jamsostek.serangkab.go.id/hangfire/",
        });

        Assert.Equal(2, alerts.Recipients.Count);
        Assert.True(alerts.Enabled);
    }

    private static AlertOptions BuildAndValidate(Dictionary<string, string> alerts)
    {
        var settings = new Dictionary<string, string>(alerts)
        {
            ["ConnectionStrings:Jamsostek"] = "Host=127.0.0.1;Database=unused",
            ["Dashboard:Users:0:Name"] = "admin",
            ["Dashboard:Users:0:PasswordHash"] = Worker.Dashboard.PasswordHash.Create("secret"),
            ["Dashboard:Users:0:Role"] = "Admin",
        };
        using var app = ServeCommand.Build([.. settings.Select(kv => $"--{kv.Key}={kv.Value}")]);
        app.Services.GetRequiredService<IStartupValidator>().Validate();
        return app.Services.GetRequiredService<IOptions<AlertOptions>>().Value;
    }
}
