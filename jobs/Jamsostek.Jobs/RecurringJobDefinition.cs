using System.Linq.Expressions;
using Hangfire;

namespace Jamsostek.Jobs;

/// <summary>One recurring job: its id in the dashboard, its default schedule (cron, Asia/Jakarta) and the call it makes.</summary>
public sealed record RecurringJobDefinition(string Id, string DefaultCron, Action<IRecurringJobManager, string, RecurringJobOptions> Register)
{
    public static RecurringJobDefinition For<TJob>(string id, string defaultCron, Expression<Func<TJob, Task>> call) =>
        new(id, defaultCron, (manager, cron, options) => manager.AddOrUpdate(id, call, cron, options));
}
