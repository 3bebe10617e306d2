using System.Data.Common;
using Hangfire;
using Jamsostek.Worker.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Jamsostek.Worker.Health;

/// <summary>Ready means this process's Hangfire server has sent a heartbeat recently.</summary>
public sealed class HangfireServerCheck(JobStorage storage, TimeProvider time) : IHealthCheck
{
    private static readonly TimeSpan MaxHeartbeatAge = TimeSpan.FromMinutes(1);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        bool heartbeating;
        try
        {
            // Hangfire's storage API cannot be cancelled: the probe stops waiting for it (DatabaseReadyCheck.AnswerWithin),
            // and the call ends on its own when its command times out.
            var servers = await Task.Run(() => storage.GetMonitoringApi().Servers(), cancellationToken)
                .WaitAsync(DatabaseReadyCheck.AnswerWithin, cancellationToken);
            heartbeating = servers.Any(s => s.Name.StartsWith(HangfireSetup.ServerNamePrefix, StringComparison.OrdinalIgnoreCase)
                                            && s.Heartbeat is { } beat && now - beat < MaxHeartbeatAge);
        }
        catch (DbException ex)
        {
            // The answer is anonymous: PostgreSQL's message would name the database, the user or the host and port.
            return HealthCheckResult.Unhealthy("Hangfire's storage (PostgreSQL) is not reachable.", ex);
        }
        catch (TimeoutException)
        {
            return HealthCheckResult.Unhealthy($"Hangfire's storage (PostgreSQL) did not answer within {DatabaseReadyCheck.AnswerWithin.TotalSeconds:0} s.");
        }

        return heartbeating
            ? HealthCheckResult.Healthy("Hangfire server heartbeating.")
            : HealthCheckResult.Unhealthy("This process's Hangfire server has no recent heartbeat.");
    }
}
