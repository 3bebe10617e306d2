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
    [InlineData("Rosters:Feeds:0:BaseUrl", "not a url", "Rosters:Feeds:0:BaseUrl")]
    [InlineData("Rosters:Feeds:0:Token", "", "Rosters:Feeds:0:Token")]
    [InlineData("Rosters:Feeds:0:KodeDesa:0", "36.04.05", "Rosters:Feeds:0:KodeDesa:0")]
    [InlineData("Rosters:Feeds:0:Name", "", "Rosters:Feeds:0:Name")]
    [InlineData("Rosters:Feeds:0:KodeDesa:1", "36.04.05.2001", "Rosters:Feeds:0:KodeDesa:1 (3604052001) is pulled already by Rosters:Feeds:0:KodeDesa:0")]
    public void A_wrong_roster_setting_is_refused_with_a_message_naming_the_key(string key, string value, string named)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Rosters:Feeds:0:Name"] = "serang",
            ["Rosters:Feeds:0:BaseUrl"] = "https://opensid.example/",
            ["Rosters:Feeds:0:Token"] = "token",
            ["Rosters:Feeds:0:KodeDesa:0"] = "3604052001",
            [key] = value,
        };
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddRosters();
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<RostersOptions>>().Value);

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }
}
