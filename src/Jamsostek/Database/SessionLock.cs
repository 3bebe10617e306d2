using Dapper;
using Npgsql;

namespace Jamsostek.Database;

/// <summary>
/// A PostgreSQL session advisory lock on a connection the caller keeps open, released when disposed: for work that spans
/// transactions or the file system (files are archived after their commit), where a transaction's lock ends too soon.
/// A second holder waits. Should the release fail, the pool's reset (DISCARD ALL) or the closed session frees it.
/// </summary>
public sealed class SessionLock : IAsyncDisposable
{
    /// <summary>Migrations, and the schemas libraries own: servers starting together must not run a script twice.</summary>
    public const long Migrations = 7316042001;

    /// <summary>One sender drains the digest outbox at a time (the job, a retry, <c>digest send</c>).</summary>
    public const long DigestOutbox = 4400001;

    /// <summary>The night's changes gathered once at a time (docs/coverage.md, "Gathered once").</summary>
    public const long CoverageGathering = 3303_0000;

    /// <summary>One run of the roster inbox at a time: a second found files the first was still archiving.</summary>
    public const long RosterInbox = 1100001;

    /// <summary>One run of the membership inbox at a time, for the same reason.</summary>
    public const long MembershipInbox = 2200001;

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
