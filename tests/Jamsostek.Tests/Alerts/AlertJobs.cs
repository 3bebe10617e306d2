using Dapper;
using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Jamsostek.Tests.Infrastructure;

namespace Jamsostek.Tests.Alerts;

/// <summary>What the alert tests read of Hangfire's storage: the alert jobs enqueued, and a job's state and failure.</summary>
internal static class AlertJobs
{
    /// <summary>Every alert job ever enqueued on the database (whatever its state), as (id, state, failed job's id).</summary>
    public static async Task<IReadOnlyList<(string Id, string State, string FailedJobId)>> AllAsync(TestDatabase database)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        var rows = await connection.QueryAsync<(long Id, string? State, string Arguments)>(
            "SELECT id, statename, arguments::text FROM hangfire.job WHERE invocationdata::text LIKE '%SendFailureAlertJob%' ORDER BY id");
        return [.. rows.Select(r => (r.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), r.State ?? "", SerializationHelper.Deserialize<string[]>(r.Arguments)[0].Trim('"')))];
    }

    public static string? StateOf(JobStorage storage, string jobId)
    {
        using var connection = storage.GetConnection();
        return connection.GetJobData(jobId)?.State;
    }

    /// <summary>Waits for a job to reach one of <paramref name="states"/> and says which it reached.</summary>
    public static Task<string?> ReachesAsync(JobStorage storage, string jobId, params string[] states) =>
        Eventually.ReturnsAsync(() => Task.FromResult(StateOf(storage, jobId)), s => states.Contains(s));

    /// <summary>The failed state's time and message, as the dashboard shows them.</summary>
    public static (DateTime FailedAt, string Message) FailureOf(JobStorage storage, string jobId)
    {
        using var connection = storage.GetConnection();
        var state = connection.GetStateData(jobId);
        Assert.Equal(FailedState.StateName, state.Name);
        return (JobHelper.DeserializeDateTime(state.Data["FailedAt"]), state.Data["ExceptionMessage"]);
    }

    public static async Task<int> AlertsRecordedAsync(TestDatabase database)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM alerts.failure_alert");
    }

    /// <summary>Waits until every alert job enqueued has run to its end, succeeded or failed.</summary>
    public static Task<IReadOnlyList<(string Id, string State, string FailedJobId)>> SettledAsync(TestDatabase database, int atLeast = 1) =>
        Eventually.ReturnsAsync(() => AllAsync(database), jobs => jobs.Count >= atLeast && jobs.All(j => j.State is "Succeeded" or "Failed"));
}
