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

    [Fact]
    public void A_command_timeout_in_the_connection_string_wins()
    {
        Assert.Equal(45, CommandTimeoutOf("Host=127.0.0.1;Database=unused;Command Timeout=45"));
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
