using Hangfire;
using Hangfire.Dashboard;
using Jamsostek.Worker.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Jamsostek.Worker.Dashboard;

public static partial class DashboardSetup
{
    public const string Path = "/hangfire";
    private const string Policy = "Dashboard";

    public static IServiceCollection AddDashboardAccess(this IServiceCollection services)
    {
        services.AddOptions<DashboardOptions>().BindConfiguration(DashboardOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DashboardOptions>, DashboardOptionsValidator>();
        services.AddSingleton<LoginThrottle>();
        services.AddAuthentication(BasicAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, BasicAuthenticationHandler>(BasicAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(Policy, p => p.RequireAuthenticatedUser().RequireRole(nameof(DashboardRole.Admin), nameof(DashboardRole.ReadOnly)));
        // Hangfire checks an antiforgery token on every dashboard POST when IAntiforgery is registered. Its keys are the
        // database's, one set for every server (DataProtectionKeyStore).
        services.AddAntiforgery();
        services.AddDataProtection().SetApplicationName("Jamsostek.Worker");
        services.AddOptions<KeyManagementOptions>()
            .Configure<NpgsqlDataSource>((options, dataSource) => options.XmlRepository = new DataProtectionKeyStore(dataSource));
        return services;
    }

    public static void MapJamsostekDashboard(this WebApplication app)
    {
        app.MapHangfireDashboard(Path, new Hangfire.DashboardOptions
        {
            DashboardTitle = "Jamsostek Worker",
            // The endpoint policy authenticates; this filter repeats the check so no request reaches Hangfire unauthenticated.
            Authorization = [new AuthenticatedUserFilter()],
            IsReadOnlyFunc = context => !context.GetHttpContext().User.IsInRole(nameof(DashboardRole.Admin)),
            DisplayStorageConnectionString = false,
            // The worker has no site to go back to: Hangfire's "Back to site" link led to a 404.
            AppPath = null,
        }).RequireAuthorization(Policy);
    }

    /// <summary>
    /// A signed-in read-only user who posts an action (trigger, requeue, delete) gets 403: Hangfire answers a read-only
    /// dashboard's command with 401, which asks the browser for a password the user already gave. A 401 to an anonymous or
    /// wrongly signed-in caller is the Basic challenge and stays as it is.
    /// </summary>
    public static void UseDashboardForbiddenForReadOnly(this WebApplication app) =>
        app.Use((context, next) =>
        {
            if (context.Request.Path.StartsWithSegments(Path) && context.User.Identity?.IsAuthenticated == true)
            {
                context.Response.OnStarting(() =>
                {
                    if (context.Response.StatusCode == StatusCodes.Status401Unauthorized)
                    {
                        context.Response.StatusCode = StatusCodes.Status403Forbidden;
                    }

                    return Task.CompletedTask;
                });
            }

            return next(context);
        });

    /// <summary>
    /// A dashboard page asked while the database is away answers 503 with a sentence, where Hangfire's exception made a
    /// blank 500. Registered after authorization: an anonymous caller still gets 401 and learns nothing.
    /// </summary>
    public static void UseDashboardDatabaseOutagePage(this WebApplication app) =>
        app.Use(async (context, next) =>
        {
            try
            {
                await next(context);
            }
            catch (Exception ex) when (context.Request.Path.StartsWithSegments(Path) && !context.Response.HasStarted && ServiceLost.IsDatabase(ex))
            {
                LogDatabaseLost(context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DashboardSetup)), ex.GetType().Name);
                context.Response.Clear();
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                context.Response.ContentType = "text/plain; charset=utf-8";
                await context.Response.WriteAsync(
                    "The dashboard cannot reach its database (ConnectionStrings:Jamsostek); it shows again once the database answers, and /health/ready says which part is not ready.\n",
                    context.RequestAborted);
            }
        });

    // The exception's type only: PostgreSQL's message names the database, the user, the host and port.
    [LoggerMessage(EventId = 5100, Level = LogLevel.Warning, Message = "A dashboard page could not reach the database ({Error}); answered 503")]
    private static partial void LogDatabaseLost(ILogger logger, string error);

    private sealed class AuthenticatedUserFilter : IDashboardAuthorizationFilter
    {
        public bool Authorize(DashboardContext context) => context.GetHttpContext().User.Identity?.IsAuthenticated == true;
    }
}
