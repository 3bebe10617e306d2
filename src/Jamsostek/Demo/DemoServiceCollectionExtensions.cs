using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Jamsostek.Demo;

public static class DemoServiceCollectionExtensions
{
    public static IServiceCollection AddDemo(this IServiceCollection services)
    {
        // Not validated at every start: only the demo command reads them (it validates them first), and serve, migrate or an
        // import refused for a demo setting left in the configuration stopped for a setting it never uses.
        services.AddOptions<DemoOptions>().BindConfiguration(DemoOptions.Section);
        services.AddSingleton<IValidateOptions<DemoOptions>, DemoOptionsValidator>();
        services.AddSingleton<DemoDataSet>();
        services.AddSingleton<DemoNight>();
        return services;
    }
}
