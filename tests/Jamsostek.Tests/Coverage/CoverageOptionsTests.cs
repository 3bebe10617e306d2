using Jamsostek.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Jamsostek.Tests.Coverage;

public sealed class CoverageOptionsTests
{
    [Theory]
    [InlineData("-1")]
    [InlineData("400")]
    public async Task An_expiring_window_out_of_range_stops_the_service_naming_the_key(string days)
    {
        await using var database = await TestDatabase.CreateAsync();
        using var host = CoverageTestData.BuildHost(database, TestClock.NightOf(CoverageTestData.Day), settings: new Dictionary<string, string?>
        {
            ["Coverage:ExpiringWindowDays"] = days,
        });

        var error = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("Coverage:ExpiringWindowDays", error.Message, StringComparison.Ordinal);
    }
}
