using Hangfire.States;
using Jamsostek.Database;
using Npgsql;

namespace Jamsostek.Worker.Hosting;

/// <summary>
/// Once a newer worker migrated the database under this running server (a rolling deploy: another server was upgraded
/// first), every job this server fetches is left to a server of the newer version: moved back to Scheduled, never
/// performed here, since this build's code would run against a schema it does not know. A job only the newer build has
/// (one this build cannot load) is left the same way, where Hangfire would fail it here and spend one of its retries.
/// </summary>
/// <remarks>
/// An election filter on the Processing state, not a server filter: a job whose <c>OnPerforming</c> is canceled is
/// recorded Succeeded by Hangfire's worker with nothing performed (lost), and an exception there fails it and spends one
/// of its retries. A state other than Processing elected here makes the worker drop the fetched job from its queue without
/// performing it, and Scheduled keeps the job, its arguments and its retry count: the scheduler of any server enqueues it
/// again after <see cref="LeftFor"/>, and a newer server's worker performs it (this one, fetching it again, moves it again).
/// </remarks>
public sealed partial class NewerDatabaseFilter(NpgsqlDataSource dataSource, TimeProvider clock, ILogger<NewerDatabaseFilter> logger) : IElectStateFilter
{
    /// <summary>How long one reading of the journal holds: a busy server does not read it for every job it starts.</summary>
    public static readonly TimeSpan ReadEvery = TimeSpan.FromMinutes(1);

    /// <summary>How long a job left to a newer server waits before a scheduler enqueues it again.</summary>
    public static readonly TimeSpan LeftFor = TimeSpan.FromMinutes(1);

    private readonly Lock reading = new();
    private MigrationState state = MigrationState.Applied;
    private DateTimeOffset readUntil = DateTimeOffset.MinValue;

    /// <summary>The reason the dashboard shows on the job's Scheduled state; it names the process to upgrade.</summary>
    public static string Reason { get; } =
        $"Left to a newer worker: a newer version of the worker migrated the database, and {HangfireSetup.ServerNamePrefix} runs an older one; enqueued again in {LeftFor.TotalMinutes:0} minute(s) for a server of the newer version to perform.";

    public void OnStateElection(ElectStateContext context)
    {
        // The journal is read only for these: enqueueing, scheduling and recording a job's own result go through.
        if (WouldRunOrFailHere(context) && IsNewer())
        {
            context.CandidateState = new ScheduledState(LeftFor) { Reason = Reason };
        }
    }

    /// <summary>
    /// Processing: a worker is about to perform the job. Failed with no job: this build cannot load the job's type or
    /// method, and Hangfire failed it as it was fetched or enqueued, before any filter ran.
    /// </summary>
    private static bool WouldRunOrFailHere(ElectStateContext context) =>
        context.CandidateState is ProcessingState || (context.CandidateState is FailedState && context.BackgroundJob.Job is null);

    private bool IsNewer()
    {
        // One reading at a time: the other workers wait for it rather than each asking the journal.
        lock (reading)
        {
            var now = clock.GetUtcNow();
            if (now >= readUntil && Read() is { } read)
            {
                if (read == MigrationState.Newer && state != MigrationState.Newer)
                {
                    LogLeftToNewerWorker(LeftFor);
                }

                state = read;
                readUntil = now + ReadEvery;
            }

            return state == MigrationState.Newer;
        }
    }

    private MigrationState? Read()
    {
        try
        {
            // Hangfire's election filters are synchronous; its workers are threads of their own, with no context to block.
            return ReadAsync().GetAwaiter().GetResult();
        }
        catch (NpgsqlException)
        {
            // Unknown is not newer: the job meets the same database, fails and is retried as any job that lost it, and the
            // next job reads the journal again. A journal once read as newer stays so meanwhile.
            return null;
        }
    }

    private async Task<MigrationState> ReadAsync()
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return await DatabaseMigrator.ReadStateAsync(connection, CancellationToken.None);
    }

    [LoggerMessage(EventId = 11, Level = LogLevel.Warning, Message = "A newer version of the worker migrated the database: this server performs no more jobs, each one it fetches is scheduled again in {LeftFor} for a server of that version; upgrade this worker")]
    private partial void LogLeftToNewerWorker(TimeSpan leftFor);
}
