using Microsoft.Extensions.DependencyInjection;

namespace Jamsostek.Coverage;

public static class CoverageServiceCollectionExtensions
{
    /// <summary>Reconciliation (SPEC 3.2, 4) and the coverage export (SPEC 5). Needs the database and matching.</summary>
    public static IServiceCollection AddCoverage(this IServiceCollection services)
    {
        services.AddOptions<CoverageOptions>()
            .BindConfiguration(CoverageOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<CoverageReconciler>();
        services.AddSingleton<CoverageExporter>();
        return services;
    }
}
