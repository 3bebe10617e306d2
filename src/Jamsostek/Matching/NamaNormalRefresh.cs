using Dapper;
using Jamsostek.Database;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace Jamsostek.Matching;

/// <summary>
/// Recomputes the stored normalised names of the roster and the register when <see cref="NamaNormal"/>'s rules changed since
/// they were written (<see cref="NamaNormal.Version"/> against <c>matching.nama_normal_versi</c>): a migration cannot run
/// the C# normaliser. The migrator calls it after the scripts. Every name is read once, streamed; only the names the
/// rules now write otherwise are copied back, and set in one transaction with the version.
/// </summary>
public sealed partial class NamaNormalRefresh(NpgsqlDataSource dataSource, ILogger<NamaNormalRefresh> logger)
{
    /// <summary>False when the names are already written with this version (nothing read).</summary>
    public async Task<bool> RefreshAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var stored = await connection.ExecuteScalarAsync<int?>(new CommandDefinition(SqlText.Get("matching/names_version"), cancellationToken: cancellationToken));
        if (stored == NamaNormal.Version)
        {
            return false;
        }

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var queries = new TransactionQueries(connection, transaction, cancellationToken);
        var roster = await RefreshAsync(queries, "matching/names_roster", "matching/names_apply_roster");
        var register = await RefreshAsync(queries, "matching/names_register", "matching/names_apply_register");
        await queries.ExecuteAsync("matching/names_done", new { Changed = roster + register > 0, Versi = NamaNormal.Version });
        await transaction.CommitAsync(cancellationToken);
        LogRefreshed(stored, NamaNormal.Version, roster, register);
        return true;
    }

    /// <summary>Streams one table's names on a second connection while the first copies the changed ones back; returns how many changed.</summary>
    private async Task<int> RefreshAsync(TransactionQueries queries, string readSql, string applySql)
    {
        var cancellationToken = queries.CancellationToken;
        await queries.ExecuteAsync("matching/names_stage");
        await using (var importer = await queries.Connection.BeginBinaryImportAsync(SqlText.Get("matching/names_copy"), cancellationToken))
        {
            await using var reader = await dataSource.OpenConnectionAsync(cancellationToken);
            await foreach (var row in reader.QueryUnbufferedAsync<StoredName>(SqlText.Get(readSql)).WithCancellation(cancellationToken))
            {
                var namaNormal = NamaNormal.Of(row.Nama);
                if (namaNormal != row.NamaNormal)
                {
                    await importer.StartRowAsync(cancellationToken);
                    await importer.WriteAsync(row.Id, NpgsqlDbType.Bigint, cancellationToken);
                    await importer.WriteAsync(row.Nama, NpgsqlDbType.Text, cancellationToken);
                    await importer.WriteAsync(namaNormal, NpgsqlDbType.Text, cancellationToken);
                }
            }

            await importer.CompleteAsync(cancellationToken);
        }

        return await queries.ExecuteAsync(applySql);
    }

    private sealed record StoredName(long Id, string Nama, string NamaNormal);

    [LoggerMessage(EventId = 2520, Level = LogLevel.Information,
        Message = "Normalised names rewritten from normaliser version {From} to {To}: {Roster} roster entries, {Register} register records changed")]
    private partial void LogRefreshed(int? from, int to, int roster, int register);
}
