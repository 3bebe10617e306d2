using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Jamsostek.Alerts;

public static class AlertsServiceCollectionExtensions
{
    /// <summary>The admins' email when a job fails for good. Needs the database and the digest's mail transport.</summary>
    public static IServiceCollection AddAlerts(this IServiceCollection services)
    {
        services.AddOptions<AlertOptions>().BindConfiguration(AlertOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AlertOptions>, AlertOptionsValidator>();
        services.AddSingleton<FailureAlerts>();
        return services;
    }
}
