using Jamsostek.Database;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Jamsostek.Worker.Health;

/// <summary>Ready means PostgreSQL answers and its migrations are this build's, no fewer and no more.</summary>
public sealed class DatabaseReadyCheck(NpgsqlDataSource dataSource) : IHealthCheck
{
    /// <summary>
    /// A server behind a firewall that drops packets is not refused but waited for (15 s to connect, 30 s for a query):
    /// the probe says it is not ready well before a load balancer or an admin's curl gives up.
    /// </summary>
    public static readonly TimeSpan AnswerWithin = TimeSpan.FromSeconds(5);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var within = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        within.CancelAfter(AnswerWithin);
        try
        {
            // Npgsql's cancellation asks the silent server to cancel too: the probe stops waiting on its own, and the
            // abandoned attempt ends with Npgsql's timeouts.
            return await ProbeAsync(within.Token).WaitAsync(AnswerWithin, cancellationToken);
        }
        catch (NpgsqlException ex)
        {
            return HealthCheckResult.Unhealthy("PostgreSQL is not reachable.", ex);
        }
        catch (Exception ex) when (ex is TimeoutException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return HealthCheckResult.Unhealthy($"PostgreSQL did not answer within {AnswerWithin.TotalSeconds:0} s.");
        }
    }

    private async Task<HealthCheckResult> ProbeAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        // Read at every probe, the journal is the round trip (opening a pooled connection alone does not reach the
        // server): a newer worker of a rolling deploy may migrate the database under this one at any time.
        return await DatabaseMigrator.ReadStateAsync(connection, cancellationToken) switch
        {
            MigrationState.Applied => HealthCheckResult.Healthy("PostgreSQL reachable, migrations applied."),
            MigrationState.Pending => HealthCheckResult.Unhealthy("Migrations are pending."),
            _ => HealthCheckResult.Unhealthy(DatabaseOfNewerWorkerException.Sentence),
        };
    }
}
