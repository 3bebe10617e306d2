using Dapper;
using Jamsostek.Database;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Jamsostek.Worker.Health;

/// <summary>Ready means PostgreSQL answers and every migration of this build is applied.</summary>
public sealed class DatabaseReadyCheck(NpgsqlDataSource dataSource, DatabaseMigrator migrator) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await connection.ExecuteScalarAsync<int>(new CommandDefinition(SqlText.Get("database/ping"), cancellationToken: cancellationToken));
            // Inside the try: the migrator opens a connection of its own, and an exception escaping a check becomes its
            // description, PostgreSQL's own words, on an endpoint anyone may call.
            return migrator.IsUpToDate()
                ? HealthCheckResult.Healthy("PostgreSQL reachable, migrations applied.")
                : HealthCheckResult.Unhealthy("Migrations are pending.");
        }
        catch (NpgsqlException ex)
        {
            return HealthCheckResult.Unhealthy("PostgreSQL is not reachable.", ex);
        }
    }
}
