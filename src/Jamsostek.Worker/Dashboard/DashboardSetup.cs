using Hangfire;
using Hangfire.Dashboard;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Jamsostek.Worker.Dashboard;

public static class DashboardSetup
{
    public const string Path = "/hangfire";
    private const string Policy = "Dashboard";

    public static IServiceCollection AddDashboardAccess(this IServiceCollection services)
    {
        services.AddOptions<DashboardOptions>().BindConfiguration(DashboardOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DashboardOptions>, DashboardOptionsValidator>();
        services.AddAuthentication(BasicAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, BasicAuthenticationHandler>(BasicAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(Policy, p => p.RequireAuthenticatedUser().RequireRole(nameof(DashboardRole.Admin), nameof(DashboardRole.ReadOnly)));
        // Hangfire checks an antiforgery token on every dashboard POST when IAntiforgery is registered.
        services.AddAntiforgery();
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
        }).RequireAuthorization(Policy);
    }

    private sealed class AuthenticatedUserFilter : IDashboardAuthorizationFilter
    {
        public bool Authorize(DashboardContext context) => context.GetHttpContext().User.Identity?.IsAuthenticated == true;
    }
}
