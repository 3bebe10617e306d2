using Dapper;
using Jamsostek.Tests.Infrastructure;
using Npgsql;

namespace Jamsostek.Tests.Reliability;

/// <summary>
/// Holds a table in EXCLUSIVE mode (reads pass, writes wait), so that a worker's transaction stops at its write to that table
/// with its earlier work done and uncommitted: the moment to kill it or to cut the database off, found without guessing at timing.
/// </summary>
public sealed class WorkGate : IAsyncDisposable
{
    private readonly NpgsqlConnection connection;
    private readonly NpgsqlTransaction transaction;

    private WorkGate(NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        this.connection = connection;
        this.transaction = transaction;
    }

    public static Task<WorkGate> CloseAsync(TestDatabase database, string table) => CloseAsync(database.ConnectionString, table);

    public static async Task<WorkGate> CloseAsync(string connectionString, string table)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var transaction = await connection.BeginTransactionAsync();
        // The table name is a constant of the tests, never input.
        await connection.ExecuteAsync($"LOCK TABLE {table} IN EXCLUSIVE MODE", transaction: transaction);
        return new WorkGate(connection, transaction);
    }

    /// <summary>True once another session of this database waits for a lock: the worker reached the gate.</summary>
    public async Task<bool> WorkerWaitsAsync()
    {
        await using var probe = new NpgsqlConnection(connection.ConnectionString);
        await probe.OpenAsync();
        return await probe.ExecuteScalarAsync<bool>(
            "SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND wait_event_type = 'Lock')");
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await transaction.RollbackAsync();
        }
        catch (NpgsqlException)
        {
            // The server was stopped under the gate.
        }

        await transaction.DisposeAsync();
        await connection.DisposeAsync();
    }
}
