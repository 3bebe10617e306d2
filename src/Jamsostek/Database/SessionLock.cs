using Dapper;
using Npgsql;

namespace Jamsostek.Database;

/// <summary>
/// A PostgreSQL session advisory lock on a connection the caller keeps open, released when disposed: for work that spans
/// transactions or the file system (files are archived after their commit), where a transaction's lock ends too soon.
/// A second holder waits. Should the release fail, the pool's reset (DISCARD ALL) or the closed session frees it.
/// The keys are <see cref="AdvisoryLockKeys"/>'s.
/// </summary>
public sealed class SessionLock : IAsyncDisposable
{
    private readonly NpgsqlConnection connection;
    private readonly long key;

    private SessionLock(NpgsqlConnection connection, long key) => (this.connection, this.key) = (connection, key);

    public static async Task<SessionLock> TakeAsync(NpgsqlConnection connection, long key, CancellationToken cancellationToken)
    {
        await connection.ExecuteAsync(new CommandDefinition(SqlText.Get("database/session_lock"), new { Key = key }, cancellationToken: cancellationToken));
        return new SessionLock(connection, key);
    }

    public async ValueTask DisposeAsync() =>
        await connection.ExecuteAsync(new CommandDefinition(SqlText.Get("database/session_unlock"), new { Key = key }, cancellationToken: CancellationToken.None));
}
