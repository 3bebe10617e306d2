using Jamsostek.Demo;
using Jamsostek.Matching;

namespace Jamsostek.Worker.Hosting;

public static class WorkerServices
{
    /// <summary>Everything both <c>serve</c> and the command line need: the database and every capability.</summary>
    public static IHostApplicationBuilder AddWorkerServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddJamsostekDatabase();
        builder.Services.AddMatching();
        builder.Services.AddDemo();
        return builder;
    }
}
