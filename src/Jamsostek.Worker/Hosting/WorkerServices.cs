using Jamsostek.Alerts;
using Jamsostek.Coverage;
using Jamsostek.Demo;
using Jamsostek.Digest;
using Jamsostek.Matching;
using Jamsostek.Membership;
using Jamsostek.Rosters;
using Microsoft.Extensions.Configuration.EnvironmentVariables;

namespace Jamsostek.Worker.Hosting;

public static class WorkerServices
{
    /// <summary>Everything both <c>serve</c> and the command line need: the database and every capability.</summary>
    public static IHostApplicationBuilder AddWorkerServices(this IHostApplicationBuilder builder)
    {
        builder.AddUserSecretsInEveryEnvironment();
        ConfigurationCheck.ValidateLogLevels(builder.Configuration);
        builder.Services.AddJamsostekDatabase();
        builder.Services.AddMembership();
        builder.Services.AddMatching();
        builder.Services.AddRosters();
        builder.Services.AddCoverage();
        builder.Services.AddDigest();
        builder.Services.AddAlerts();
        builder.Services.AddDemo();
        return builder;
    }

    /// <summary>
    /// SPEC 6: secrets come from the environment or user secrets. The host reads user secrets only in Development; a
    /// server runs as Production, so they are added here, below the environment and the command line as in Development.
    /// </summary>
    private static void AddUserSecretsInEveryEnvironment(this IHostApplicationBuilder builder)
    {
        if (builder.Environment.IsDevelopment())
        {
            return;
        }

        var sources = builder.Configuration.Sources;
        var environment = sources.Select((source, index) => (source, index))
            .LastOrDefault(s => s.source is EnvironmentVariablesConfigurationSource { Prefix: null or "" }).index;
        var secrets = new ConfigurationBuilder().AddUserSecrets(typeof(WorkerServices).Assembly, optional: true, reloadOnChange: false).Sources[0];
        sources.Insert(environment > 0 ? environment : sources.Count, secrets);
    }
}
