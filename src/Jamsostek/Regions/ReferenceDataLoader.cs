using System.Security.Cryptography;
using Dapper;
using Jamsostek.Database;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Jamsostek.Regions;

/// <summary>
/// Loads the reference files of sql/reference (copied from Kemendagri and OpenSID sources, see its README)
/// into the ref schema. Each file is loaded in its own transaction and only when its content changed.
/// </summary>
public sealed partial class ReferenceDataLoader(NpgsqlDataSource dataSource, ILogger<ReferenceDataLoader> logger)
{
    // Order matters: desa name variants update rows that serang_wilayah inserts.
    private static readonly string[] Datasets =
    [
        "provinces",
        "regencies",
        "regencies_historical",
        "districts",
        "districts_historical",
        "serang_wilayah",
        "serang_name_variants",
        "opensid_pekerjaan_codes",
    ];

    public async Task<int> LoadAsync(CancellationToken cancellationToken)
    {
        var loaded = 0;
        foreach (var dataset in Datasets)
        {
            if (await LoadIfChangedAsync(dataset, cancellationToken))
            {
                loaded++;
            }
        }

        return loaded;
    }

    private async Task<bool> LoadIfChangedAsync(string dataset, CancellationToken cancellationToken)
    {
        byte[] content;
        await using (var resource = SqlText.OpenResource($"sql/reference/{dataset}.csv"))
        using (var buffer = new MemoryStream())
        {
            await resource.CopyToAsync(buffer, cancellationToken);
            content = buffer.ToArray();
        }

        var sha256 = Convert.ToHexStringLower(SHA256.HashData(content));
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var loadedHash = await connection.QuerySingleOrDefaultAsync<string>(
            new CommandDefinition(SqlText.Get("reference/dataset_hash"), new { name = dataset }, cancellationToken: cancellationToken));
        if (loadedHash == sha256)
        {
            return false;
        }

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var queries = new TransactionQueries(connection, transaction, cancellationToken);
        await queries.ExecuteAsync("reference/stage");
        await using (var writer = await connection.BeginTextImportAsync(SqlText.Get($"reference/{dataset}.copy"), cancellationToken))
        {
            await writer.WriteAsync(System.Text.Encoding.UTF8.GetString(content).AsMemory(), cancellationToken);
        }

        await queries.ExecuteAsync($"reference/{dataset}.load");
        await queries.ExecuteAsync("reference/dataset_loaded", new { name = dataset, sha256 });
        await transaction.CommitAsync(cancellationToken);
        LogDatasetLoaded(dataset);
        return true;
    }

    [LoggerMessage(EventId = 110, Level = LogLevel.Information, Message = "Loaded reference file {Dataset}")]
    private partial void LogDatasetLoaded(string dataset);
}
