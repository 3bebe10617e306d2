using Jamsostek.Database;
using Jamsostek.Regions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Jamsostek;

public static class DatabaseServiceCollectionExtensions
{
    /// <summary>One NpgsqlDataSource for the process, the migrator and the reference data.</summary>
    public static IServiceCollection AddJamsostekDatabase(this IServiceCollection services)
    {
        services.AddOptions<DatabaseOptions>()
            .Configure<IConfiguration>((options, configuration) =>
                options.ConnectionString = configuration.GetConnectionString("Jamsostek") ?? "")
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<DatabaseOptions>, DatabaseOptionsValidator>();
        services.AddSingleton(sp => new NpgsqlDataSourceBuilder(sp.GetRequiredService<IOptions<DatabaseOptions>>().Value.ConnectionString).Build());
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ReferenceDataLoader>();
        services.AddSingleton<DatabaseMigrator>();
        Dapper.DefaultTypeMap.MatchNamesWithUnderscores = true;
        return services;
    }
}
