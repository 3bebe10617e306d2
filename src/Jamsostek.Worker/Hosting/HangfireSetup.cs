using Hangfire;
using Hangfire.Common;
using Hangfire.PostgreSql;
using Jamsostek.Database;
using Jamsostek.Jobs;
using Microsoft.Extensions.Options;

namespace Jamsostek.Worker.Hosting;

public static class HangfireSetup
{
    public const string Schema = "hangfire";

    /// <summary>Hangfire storage in its own schema; with <paramref name="withServer"/> also this process's job server and the recurring jobs.</summary>
    public static IServiceCollection AddJamsostekHangfire(this IServiceCollection services, bool withServer)
    {
        services.AddOptions<JobsOptions>().BindConfiguration(JobsOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<JobsOptions>, JobsOptionsValidator>();
        // Hangfire's installer takes its logger, once per process, from Hangfire's process-wide LogProvider, which
        // Hangfire.AspNetCore points at the logger factory of the host that last resolved its configuration. Resolved here
        // first, that is this host's: a disposed one of an earlier host in the same process (the tests) made the installer's
        // type initializer throw, for good.
        services.AddSingleton<ILibrarySchema>(sp =>
        {
            _ = sp.GetRequiredService<IGlobalConfiguration>();
            return new HangfireSchema();
        });
        // Hangfire's server and clients read their filters from the container when it has a provider (AddHangfire only adds
        // its static one if none is there): this host's alert and newer-database filters, beside the global filters and the
        // jobs' attributes. Added to the static GlobalJobFilters instead, a second host in one process (the tests) would run
        // the first's too. The newer-database filter acts only where a worker is about to perform a job.
        services.AddSingleton<FailureAlertFilter>();
        services.AddSingleton<NewerDatabaseFilter>();
        services.AddSingleton<IJobFilterProvider>(sp =>
            new JobFilterProviderCollection(JobFilterProviders.Providers, new JobFilterCollection
            {
                sp.GetRequiredService<FailureAlertFilter>(),
                sp.GetRequiredService<NewerDatabaseFilter>(),
            }));
        services.AddHangfire((sp, configuration) =>
        {
            var jobs = sp.GetRequiredService<IOptions<JobsOptions>>().Value;
            var connectionString = sp.GetRequiredService<IOptions<DatabaseOptions>>().Value.ConnectionString;
            configuration
                .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
                .UseSimpleAssemblyNameTypeSerializer()
                .UseRecommendedSerializerSettings()
                .UsePostgreSqlStorage(
                    bootstrapper => bootstrapper.UseNpgsqlConnection(connectionString),
                    new PostgreSqlStorageOptions
                    {
                        SchemaName = Schema,
                        // Installed by migrate, under its lock (HangfireSchema), which serve runs first.
                        PrepareSchemaIfNecessary = false,
                        UseSlidingInvisibilityTimeout = true,
                        InvisibilityTimeout = jobs.InvisibilityTimeout,
                        QueuePollInterval = TimeSpan.FromSeconds(1),
                        // Its default retried the first connection for 31 s, even a refused password, then ran on without storage:
                        // serve's start is what must fail, at once, with its one sentence; the service manager restarts it.
                        StartupConnectionMaxRetries = 0,
                        AllowDegradedModeWithoutStorage = false,
                    });
        });

        if (withServer)
        {
            // Hosted services start in order: a schedule that does not parse stops the host before the server takes a job.
            services.AddHostedService<RecurringJobRegistrar>();
            services.AddHangfireServer((sp, server) =>
            {
                server.WorkerCount = sp.GetRequiredService<IOptions<JobsOptions>>().Value.WorkerCount;
                server.ServerName = ServerNamePrefix;
            });
        }

        return services;
    }

    /// <summary>Hangfire appends its own id; readiness looks for this process's servers by this prefix.</summary>
    public static string ServerNamePrefix { get; } = $"jamsostek-{Environment.MachineName}-{Environment.ProcessId}";
}
