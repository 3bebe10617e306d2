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
    // The desa this run has written entries for: a later file of the run listing one of them is its newer snapshot and is
    // merged (diff_snapshot), not appended.
    private readonly HashSet<string> written = new(StringComparer.Ordinal);

    private bool keyBuilt;

    public NpgsqlConnection Connection => connection;

    public NpgsqlTransaction Transaction => transaction;

    /// <summary>
    /// The earlier import of this file's content (earlier in this run too) when it is still the latest snapshot of every desa
    /// it listed, its desa then heard from at <paramref name="now"/>; null when the content is new.
    /// </summary>
    public async Task<UnchangedFile?> UnchangedFileAsync(string sha256, DateTimeOffset now, CancellationToken cancellationToken) =>
        await connection.QuerySingleOrDefaultAsync<UnchangedFile>(new CommandDefinition(
            SqlText.Get("rosters/file_unchanged"), new { Sha256 = sha256, Now = now }, transaction, cancellationToken: cancellationToken));

    /// <summary>
    /// True when none of <paramref name="desa"/> had an entry when the run began (a first import) or got one since: their snapshot
    /// is appended as it is (rosters/append_snapshot), with no diff, no shrink guard and no key to keep up.
    /// </summary>
    internal bool IsFirstSnapshotOf(IReadOnlyCollection<string> desa) => bulk && !desa.Any(written.Contains);

    internal void Written(IEnumerable<string> desa) => written.UnionWith(desa);

    /// <summary>The unique key a first import's start dropped, built again before a merge looks entries up by it.</summary>
    internal async Task EnsureKeyAsync(CancellationToken cancellationToken)
    {
        if (bulk && !keyBuilt)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                SqlText.Get("rosters/bulk_key"), transaction: transaction, cancellationToken: cancellationToken));
            keyBuilt = true;
        }
    }

    /// <summary>Builds what a first import's start dropped (rosters/bulk_begin) and commits every file of the run.</summary>
    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        if (bulk)
        {
            var started = time.GetTimestamp();
            await EnsureKeyAsync(cancellationToken);
            await connection.ExecuteAsync(new CommandDefinition(
                SqlText.Get("rosters/bulk_end"), transaction: transaction, cancellationToken: cancellationToken));
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

/// <summary>A file whose content was taken before: when, and how many of its bad rows are still quarantined.</summary>
public sealed record UnchangedFile(DateTime ImportedAt, int StillQuarantined);
