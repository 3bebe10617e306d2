using Jamsostek.Matching;
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
        return builder;
    }
}
