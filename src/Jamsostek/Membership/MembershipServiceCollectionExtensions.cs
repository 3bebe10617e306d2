using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Jamsostek.Membership;

public static class MembershipServiceCollectionExtensions
{
    public static IServiceCollection AddMembership(this IServiceCollection services)
    {
        services.AddOptions<MembershipOptions>().BindConfiguration(MembershipOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<MembershipOptions>, MembershipOptionsValidator>();
        services.AddSingleton<MembershipImporter>();
        services.AddSingleton<MembershipInbox>();
        return services;
    }
}
