using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Jamsostek.Worker.Health;

/// <summary>The readiness answer as text: the overall status first (what probes read), then one line per check, so an admin sees which part is not ready.</summary>
public static class HealthReportText
{
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "text/plain; charset=utf-8";
        var lines = report.Entries.Select(e => $"{e.Key}: {e.Value.Status}: {e.Value.Description}");
        return context.Response.WriteAsync(string.Join('\n', [report.Status.ToString(), .. lines]) + "\n");
    }
}
