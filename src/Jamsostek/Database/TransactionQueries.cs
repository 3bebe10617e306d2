using Dapper;
using Npgsql;

namespace Jamsostek.Database;

/// <summary>
/// The one transaction a write of several steps runs in (a membership file, a roster snapshot): each step runs its named
/// queries (<see cref="SqlText"/>) in it, with the caller's cancellation, without passing connection, transaction and
/// token to every step.
/// </summary>
internal sealed class TransactionQueries(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
{
    /// <summary>For what Dapper does not do: binary COPY.</summary>
    public NpgsqlConnection Connection => connection;

    public CancellationToken CancellationToken => cancellationToken;

    public Task<int> ExecuteAsync(string query, object? parameters = null) =>
        connection.ExecuteAsync(Command(query, parameters));

    public Task<T?> ExecuteScalarAsync<T>(string query, object? parameters = null) =>
        connection.ExecuteScalarAsync<T>(Command(query, parameters));

    public Task<IEnumerable<T>> QueryAsync<T>(string query, object? parameters = null) =>
        connection.QueryAsync<T>(Command(query, parameters));

    public Task<T> QuerySingleAsync<T>(string query, object? parameters = null) =>
        connection.QuerySingleAsync<T>(Command(query, parameters));

    public Task<T?> QuerySingleOrDefaultAsync<T>(string query, object? parameters = null) =>
        connection.QuerySingleOrDefaultAsync<T>(Command(query, parameters));

    private CommandDefinition Command(string query, object? parameters) =>
        new(SqlText.Get(query), parameters, transaction, cancellationToken: cancellationToken);
}
