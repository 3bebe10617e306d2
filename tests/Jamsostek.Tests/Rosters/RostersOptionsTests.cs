using Jamsostek.Rosters;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Jamsostek.Tests.Rosters;

public sealed class RostersOptionsTests
{
    [Theory]
    [InlineData("Rosters:PageSize", "0", "Rosters:PageSize")]
    [InlineData("Rosters:AttemptTimeout", "00:00:00", "Rosters:AttemptTimeout")]
    [InlineData("Rosters:TotalTimeout", "00:00:01", "Rosters:TotalTimeout")]
    [InlineData("Rosters:TotalTimeout", "30", "Rosters:TotalTimeout")]
    [InlineData("Rosters:BreakDuration", "2.00:00:00", "Rosters:BreakDuration")]
    [InlineData("Rosters:RetryDelay", "00:00:00", "Rosters:RetryDelay")]
    [InlineData("Rosters:RetryDelay", "2", "Rosters:RetryDelay")]
    [InlineData("Rosters:ArchiveRetention", "12:00:00", "Rosters:ArchiveRetention")]
    [InlineData("Rosters:ArchiveRetention", "3651.00:00:00", "Rosters:ArchiveRetention")]
    [InlineData("Rosters:FeedFailingAlertAfter", "00:30:00", "Rosters:FeedFailingAlertAfter")]
    [InlineData("Rosters:FeedFailingAlertAfter", "91", "Rosters:FeedFailingAlertAfter")]
    [InlineData("Rosters:Feeds:0:BaseUrl", "not a url", "Rosters:Feeds:0:BaseUrl")]
    [InlineData("Rosters:Feeds:0:BaseUrl", "http://opensid.example/", "use https://, or set Rosters:Feeds:0:AllowPlainHttp to true")]
    [InlineData("Rosters:Feeds:0:Token", "", "Rosters:Feeds:0:Token")]
    [InlineData("Rosters:Feeds:0:KodeDesa:0", "36.04.05", "Rosters:Feeds:0:KodeDesa:0")]
    [InlineData("Rosters:Feeds:0:Name", "", "Rosters:Feeds:0:Name")]
    [InlineData("Rosters:Feeds:0:KodeDesa:1", "36.04.05.2001", "Rosters:Feeds:0:KodeDesa:1 (3604052001) is pulled already by Rosters:Feeds:0:KodeDesa:0")]
    public void A_wrong_roster_setting_is_refused_with_a_message_naming_the_key(string key, string value, string named)
    {
        using var provider = RostersWith(key, value);

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<RostersOptions>>().Value);

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://opensid.example/", null)]
    [InlineData("http://127.0.0.1:8080/", null)]
    [InlineData("http://localhost:8080/", null)]
    [InlineData("http://10.20.30.40/", "true")]
    public void An_encrypted_loopback_or_explicitly_allowed_feed_url_is_taken(string baseUrl, string? allowPlainHttp)
    {
        using var provider = RostersWith("Rosters:Feeds:0:BaseUrl", baseUrl, ("Rosters:Feeds:0:AllowPlainHttp", allowPlainHttp));

        var feed = Assert.Single(provider.GetRequiredService<IOptions<RostersOptions>>().Value.Feeds);

        Assert.Equal(baseUrl, feed.BaseUrl);
    }

    /// <summary>One valid feed, with the given settings over it.</summary>
    private static ServiceProvider RostersWith(string key, string? value, params (string Key, string? Value)[] more)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Rosters:Feeds:0:Name"] = "serang",
            ["Rosters:Feeds:0:BaseUrl"] = "https://opensid.example/",
            ["Rosters:Feeds:0:Token"] = "token",
            ["Rosters:Feeds:0:KodeDesa:0"] = "3604052001",
            [key] = value,
        };
        foreach (var (k, v) in more)
        {
            settings[k] = v;
        }

        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddRosters();
        return services.BuildServiceProvider();
    }
}
