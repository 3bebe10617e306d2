using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Jamsostek.Digest;

public static class DigestServiceCollectionExtensions
{
    public static IServiceCollection AddDigest(this IServiceCollection services)
    {
        services.AddOptions<DigestOptions>().BindConfiguration(DigestOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DigestOptions>, DigestOptionsValidator>();
        services.AddSingleton<DigestTemplates>();
        services.AddSingleton<DigestComposer>();
        services.AddSingleton<DigestRecipients>();
        services.AddSingleton<DigestOutbox>();
        services.AddSingleton<DigestSender>();
        services.AddSingleton<WeeklyDigest>();
        // SMTP when a host is configured, otherwise the pickup folder: chosen once per container, from its configuration.
        services.AddSingleton<IDigestTransport>(sp =>
            string.IsNullOrWhiteSpace(sp.GetRequiredService<IOptions<DigestOptions>>().Value.Smtp.Host)
                ? ActivatorUtilities.CreateInstance<PickupFolderTransport>(sp)
                : ActivatorUtilities.CreateInstance<SmtpDigestTransport>(sp));
        return services;
    }
}
