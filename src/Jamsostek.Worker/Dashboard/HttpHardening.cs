using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace Jamsostek.Worker.Dashboard;

/// <summary>What every answer of <c>serve</c> carries, and where its client address comes from.</summary>
public static class HttpHardening
{
    private static readonly HashSet<string> Methods = new(StringComparer.OrdinalIgnoreCase) { HttpMethods.Get, HttpMethods.Head, HttpMethods.Post };

    /// <summary>
    /// The dashboard's pages carry buttons (trigger, delete): no other site may frame them to steer a signed-in admin's
    /// click (Hangfire's own X-Frame-Options: SAMEORIGIN still let another application behind the same proxy host do so).
    /// Nothing is sniffed into another type, no address of a page (job ids) goes along with a link out. Only GET, HEAD
    /// and POST are answered: the dashboard served its page to TRACE, PUT or DELETE alike.
    /// </summary>
    public static void UseResponseHardening(this WebApplication app) =>
        app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.XFrameOptions = "DENY";
                headers.ContentSecurityPolicy = "frame-ancestors 'none'";
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "no-referrer";
                return Task.CompletedTask;
            });
            if (!Methods.Contains(context.Request.Method))
            {
                context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
                context.Response.Headers.Allow = "GET, HEAD, POST";
                return Task.CompletedTask;
            }

            return next(context);
        });

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
