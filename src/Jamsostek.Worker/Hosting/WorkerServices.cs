using Jamsostek.Coverage;
using Jamsostek.Demo;
using Jamsostek.Digest;
using Jamsostek.Matching;
using Jamsostek.Membership;
using Jamsostek.Rosters;

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
