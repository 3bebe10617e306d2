using System.Data.Common;
using System.Globalization;
using Dapper;
using Jamsostek.Csv;
using Jamsostek.Database;
using Jamsostek.Regions;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Jamsostek.Coverage;

/// <summary>SPEC 5 <c>export coverage</c>: every active roster entry of a scope as last reconciled, streamed from the database.</summary>
public sealed partial class CoverageExporter(NpgsqlDataSource dataSource, ILogger<CoverageExporter> logger)
{
    public const string Header = "kode_desa,nik,nama,peran,status,kpj,metode,skor,alasan";

    /// <summary>Writes the header and one row per entry; returns how many rows, as of which day, and what is not in them yet.</summary>
    public async Task<CoverageExport> WriteAsync(TextWriter writer, RegionScope scope, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        // One snapshot for the rows and what is said about them.
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
        var state = await connection.QuerySingleAsync<ExportState>(new CommandDefinition(
            SqlText.Get("coverage/export_coverage_state"), new { Scope = scope.Code }, transaction, cancellationToken: cancellationToken));
        await using var reader = await connection.ExecuteReaderAsync(new CommandDefinition(
            SqlText.Get("coverage/export_coverage"), new { Scope = scope.Code }, transaction, cancellationToken: cancellationToken));
        await using var csv = SafeCsv.CreateWriter(writer);
        csv.WriteRow(Header.Split(','));
        var rows = 0;
        while (await reader.ReadAsync(cancellationToken))
        {
            csv.WriteRow(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetString(3),
                reader.GetString(4),
                Text(reader, 5),
                Text(reader, 6),
                reader.IsDBNull(7) ? null : reader.GetDecimal(7).ToString(CultureInfo.InvariantCulture),
                Text(reader, 8));
            rows++;
        }

        await csv.FlushAsync();
        LogExported(scope.Code, rows);
        return new(rows, state.AsOf, state.NotReconciled);
    }

    private sealed record ExportState(DateOnly? AsOf, int NotReconciled);

    private static string? Text(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    [LoggerMessage(EventId = 3100, Level = LogLevel.Information, Message = "Exported coverage of scope {Scope}: {Rows} rows")]
    private partial void LogExported(string scope, int rows);
}

/// <summary>What an export wrote: its rows, the day their statuses are as of, and the roster entries taken since (not in it).</summary>
public sealed record CoverageExport(int Rows, DateOnly? AsOf, int NotReconciled);
