using Microsoft.Extensions.DependencyInjection;

namespace Jamsostek.Matching;

public static class MatchingServiceCollectionExtensions
{
    public static IServiceCollection AddMatching(this IServiceCollection services)
    {
        services.AddOptions<MatchingOptions>()
            .BindConfiguration(MatchingOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<Matcher>();
        services.AddSingleton<ReviewQueue>();
        services.AddSingleton<ReviewSheet>();
        return services;
    }
}
