using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Jamsostek.Tests.Database;

public sealed class DataSourceTests
{
    [Fact]
    public void Bulk_statements_get_half_an_hour_when_the_connection_string_sets_no_command_timeout()
    {
        Assert.Equal(1800, CommandTimeoutOf("Host=127.0.0.1;Database=unused"));
    }

    [Theory]
    [InlineData("Command Timeout=45", 45)]
    [InlineData("CommandTimeout=45", 45)]
    // Npgsql's own default, written on purpose: it must not read as unset.
    [InlineData("command timeout=30", 30)]
    public void A_command_timeout_in_the_connection_string_wins(string setting, int seconds)
    {
        Assert.Equal(seconds, CommandTimeoutOf($"Host=127.0.0.1;Database=unused;{setting}"));
    }

    private static int CommandTimeoutOf(string connectionString)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Jamsostek"] = connectionString })
            .Build();
        using var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddJamsostekDatabase().BuildServiceProvider();
        var dataSource = services.GetRequiredService<NpgsqlDataSource>();
        return new NpgsqlConnectionStringBuilder(dataSource.ConnectionString).CommandTimeout;
    }
}
