using Dapper;
using Jamsostek.Database;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Jamsostek.Rosters;

/// <summary>
/// The connection and transaction the files of one run are written in (<see cref="RosterSnapshotWriter.BeginBatchAsync"/>):
/// nothing of the run is visible before <see cref="CommitAsync"/>, and a run that fails or is killed leaves nothing.
/// </summary>
public sealed partial class RosterBatch(NpgsqlConnection connection, NpgsqlTransaction transaction, bool bulk, TimeProvider time, ILogger logger)
    : IAsyncDisposable
{
    public NpgsqlConnection Connection => connection;

    public NpgsqlTransaction Transaction => transaction;

    /// <summary>True when this file's content was imported before (earlier in this run too) and is still the latest snapshot of every desa it listed.</summary>
    public async Task<bool> IsUnchangedFileAsync(string sha256, CancellationToken cancellationToken) =>
        await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            SqlText.Get("rosters/file_unchanged"), new { Sha256 = sha256 }, transaction, cancellationToken: cancellationToken));

    /// <summary>Builds what a first import's start dropped (rosters/bulk_begin) and commits every file of the run.</summary>
    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        if (bulk)
        {
            var started = time.GetTimestamp();
            await connection.ExecuteAsync(new CommandDefinition(
                SqlText.Get("rosters/bulk_end"), transaction: transaction, commandTimeout: RosterSnapshotWriter.MergeTimeoutSeconds, cancellationToken: cancellationToken));
            var built = time.GetElapsedTime(started);
            LogIndexesBuilt(logger, (long)built.TotalMilliseconds);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await transaction.DisposeAsync();
        await connection.DisposeAsync();
    }

    [LoggerMessage(EventId = 1003, Level = LogLevel.Information, Message = "First import into an empty roster: secondary indexes built after the load in {IndexMs} ms")]
    private static partial void LogIndexesBuilt(ILogger logger, long indexMs);
}
