using Jamsostek.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Jamsostek.Tests.Coverage;

public sealed class CoverageOptionsTests
{
    [Theory]
    [InlineData("Coverage:ExpiringWindowDays", "-1")]
    [InlineData("Coverage:ExpiringWindowDays", "400")]
    [InlineData("Coverage:ShardParallelism", "0")]
    [InlineData("Coverage:ShardParallelism", "65")]
    public async Task A_setting_out_of_range_stops_the_service_naming_the_key(string key, string value)
    {
        await using var database = await TestDatabase.CreateAsync();
        using var host = CoverageTestData.BuildHost(database, TestClock.NightOf(CoverageTestData.Day), settings: new Dictionary<string, string?>
        {
            [key] = value,
        });

        var error = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }
}
