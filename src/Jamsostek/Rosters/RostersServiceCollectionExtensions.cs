using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace Jamsostek.Rosters;

public static class RostersServiceCollectionExtensions
{
    /// <summary>Village rosters in (SPEC 2.1, 2.2): files, OpenSID feeds, the snapshot writer and the rejects export.</summary>
    public static IServiceCollection AddRosters(this IServiceCollection services)
    {
        services.AddOptions<RostersOptions>().BindConfiguration(RostersOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RostersOptions>, RostersOptionsValidator>();
        services.AddSingleton<RosterSnapshotWriter>();
        services.AddSingleton<RosterFileImporter>();
        services.AddSingleton<RosterFeedPuller>();
        services.AddSingleton<RosterUpdates>();
        services.AddSingleton<RosterRejectsExport>();
        services.AddSingleton<OpenSidClient>();
        services.AddHttpClient(OpenSidClient.HttpClientName, (sp, client) =>
            {
                // The resilience pipeline owns time-outs; this is only a backstop above its total.
                client.Timeout = sp.GetRequiredService<IOptions<RostersOptions>>().Value.TotalTimeout + TimeSpan.FromSeconds(10);
            })
            .AddResilienceHandler("opensid", static (pipeline, context) =>
            {
                var options = context.ServiceProvider.GetRequiredService<IOptions<RostersOptions>>().Value;
                pipeline.AddTimeout(options.TotalTimeout);
                // Rosters:MaxRetries 0 means no retry; Polly's retry strategy refuses fewer than one attempt.
                if (options.MaxRetries > 0)
                {
                    pipeline.AddRetry(new HttpRetryStrategyOptions
                    {
                        MaxRetryAttempts = options.MaxRetries,
                        BackoffType = DelayBackoffType.Exponential,
                        UseJitter = true,
                        Delay = options.RetryDelay,
                        // A 429 or 503 says when to come back; waiting less only earns another refusal.
                        ShouldRetryAfterHeader = true,
                    });
                }

                pipeline
                    .AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
                    {
                        SamplingDuration = TimeSpan.FromSeconds(30),
                        FailureRatio = 0.5,
                        MinimumThroughput = 10,
                        BreakDuration = options.BreakDuration,
                    })
                    .AddTimeout(options.AttemptTimeout);
            })
            // One breaker per OpenSID server: a dead feed must not stop the others.
            .SelectPipelineByAuthority();
        services.AddTransient<OpenSidWholePageHandler>();
        services.AddHttpClient(OpenSidClient.HttpClientName)
            .AddHttpMessageHandler<OpenSidWholePageHandler>()
            // A redirect drops the bearer token (.NET removes Authorization when it follows one), so the server answered 401 to
            // a valid token; unfollowed, the pull fails naming the 301 or 302, which points the admin at Rosters:Feeds:N:BaseUrl.
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });
        return services;
    }
}
