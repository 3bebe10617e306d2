using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace Jamsostek.Worker.Dashboard;

/// <summary>Where the client address of a request to <c>serve</c> comes from.</summary>
public static class HttpHardening
{
    /// <summary>
    /// With Dashboard:ClientAddressFromProxy, the client address is the last X-Forwarded-For entry (the one the proxy
    /// added; earlier ones are the client's to forge) of a request that came from loopback (ASP.NET Core's default known
    /// proxies). Without it the header is ignored.
    /// </summary>
    public static void UseClientAddressFromProxy(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<DashboardOptions>>().Value.ClientAddressFromProxy)
        {
            app.UseForwardedHeaders(new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor, ForwardLimit = 1 });
        }
    }
}
