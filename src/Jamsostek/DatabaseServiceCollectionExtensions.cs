using System.Data.Common;
using Jamsostek.Database;
using Jamsostek.Matching;
using Jamsostek.Regions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Jamsostek;

public static class DatabaseServiceCollectionExtensions
{
    private const int BulkCommandTimeoutSeconds = 1800;

    /// <summary>One NpgsqlDataSource for the process, the migrator and the reference data.</summary>
    public static IServiceCollection AddJamsostekDatabase(this IServiceCollection services)
    {
        services.AddOptions<DatabaseOptions>()
            .Configure<IConfiguration>((options, configuration) =>
                options.ConnectionString = configuration.GetConnectionString("Jamsostek") ?? "")
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<DatabaseOptions>, DatabaseOptionsValidator>();
        services.AddSingleton(sp =>
        {
            var builder = new NpgsqlDataSourceBuilder(sp.GetRequiredService<IOptions<DatabaseOptions>>().Value.ConnectionString);
            // A regency-wide swap of the register or merge of the rosters runs for minutes; Npgsql's default of 30 s cut
            // the 5,000,000-record membership import off (docs/benchmarks.md). A timeout set in the connection string wins,
            // 30 too: the builder cannot tell a 30 written there from its default, the keywords can.
            if (!NamesCommandTimeout(sp.GetRequiredService<IOptions<DatabaseOptions>>().Value.ConnectionString))
            {
                builder.ConnectionStringBuilder.CommandTimeout = BulkCommandTimeoutSeconds;
            }

            return builder.Build();
        });
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ReferenceDataLoader>();
        services.AddSingleton<NamaNormalRefresh>();
        services.AddSingleton<DatabaseMigrator>();
        Dapper.DefaultTypeMap.MatchNamesWithUnderscores = true;
        return services;
    }

    private static bool NamesCommandTimeout(string connectionString) =>
        new DbConnectionStringBuilder { ConnectionString = connectionString }.Keys.Cast<string>()
            .Any(key => key.Replace(" ", "", StringComparison.Ordinal).Equals("CommandTimeout", StringComparison.OrdinalIgnoreCase));
}
