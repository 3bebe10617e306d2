using Jamsostek.Coverage;
using Jamsostek.Digest;
using Jamsostek.Demo;
using Jamsostek.Matching;
using Jamsostek.Rosters;
using Jamsostek.Membership;

namespace Jamsostek.Worker.Hosting;

public static class WorkerServices
{
    /// <summary>Everything both <c>serve</c> and the command line need: the database and every capability.</summary>
    public static IHostApplicationBuilder AddWorkerServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddJamsostekDatabase();
        builder.Services.AddMembership();
        builder.Services.AddMatching();
        builder.Services.AddRosters();
        builder.Services.AddCoverage();
        builder.Services.AddDigest();
        builder.Services.AddDemo();
        return builder;
    }
}
