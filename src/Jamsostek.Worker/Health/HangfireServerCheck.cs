using Hangfire;
using Jamsostek.Worker.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Jamsostek.Worker.Health;

/// <summary>Ready means this process's Hangfire server has sent a heartbeat recently.</summary>
public sealed class HangfireServerCheck(JobStorage storage, TimeProvider time) : IHealthCheck
{
    private static readonly TimeSpan MaxHeartbeatAge = TimeSpan.FromMinutes(1);

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var heartbeating = storage.GetMonitoringApi().Servers()
            .Any(s => s.Name.StartsWith(HangfireSetup.ServerNamePrefix, StringComparison.OrdinalIgnoreCase)
                      && s.Heartbeat is { } beat && now - beat < MaxHeartbeatAge);
        return Task.FromResult(heartbeating
            ? HealthCheckResult.Healthy("Hangfire server heartbeating.")
            : HealthCheckResult.Unhealthy("This process's Hangfire server has no recent heartbeat."));
    }
}
