using System.Data.Common;
using System.Globalization;
using Dapper;
using Jamsostek.Csv;
using Jamsostek.Database;
using Jamsostek.Regions;
using Jamsostek.Tabular;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Jamsostek.Coverage;

/// <summary>SPEC 5 <c>export coverage</c>: every active roster entry of a scope as last reconciled, streamed from the database.</summary>
public sealed partial class CoverageExporter(NpgsqlDataSource dataSource, ILogger<CoverageExporter> logger)
{
    public const string Header = "kode_desa,nik,nama,peran,status,kpj,metode,skor,alasan";

    /// <summary>The workbook's columns: SPEC 5's, every cell text as in the CSV.</summary>
    public static readonly WorkbookColumn[] Columns =
    [
        new("kode_desa", 13),
        new("nik", 19),
        new("nama", 32),
        new("peran", 17),
        new("status", 16),
        new("kpj", 14),
        new("metode", 17),
        new("skor", 7),
        new("alasan", 90),
    ];

    /// <summary>Writes SPEC 5's CSV: the header and one row per entry; returns how many rows, as of which day, and what is not in them yet.</summary>
    public Task<CoverageExport> WriteAsync(TextWriter writer, RegionScope scope, CancellationToken cancellationToken) =>
        ExportAsync(scope, rows => SafeCsv.WriteAllAsync(writer, Header.Split(','), rows), cancellationToken);

    /// <summary>As <see cref="WriteAsync"/>, as an Excel workbook with the same columns (<see cref="Workbook"/>).</summary>
    public Task<CoverageExport> WriteWorkbookAsync(Stream stream, RegionScope scope, CancellationToken cancellationToken) =>
        ExportAsync(scope, rows => Workbook.WriteAsync(stream, "Cakupan", Columns, rows, cancellationToken), cancellationToken);

    private async Task<CoverageExport> ExportAsync(RegionScope scope, Func<IEnumerable<string?[]>, Task> write, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        // One snapshot for the rows and what is said about them.
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
        var state = await connection.QuerySingleAsync<ExportState>(new CommandDefinition(
            SqlText.Get("coverage/export_coverage_state"), new { Scope = scope.Code }, transaction, cancellationToken: cancellationToken));
        await using var reader = await connection.ExecuteReaderAsync(new CommandDefinition(
            SqlText.Get("coverage/export_coverage"), new { Scope = scope.Code }, transaction, cancellationToken: cancellationToken));
        var rows = 0;
        await write(Rows(reader, () => rows++));
        LogExported(scope.Code, rows);
        return new(rows, state.AsOf, state.NotReconciled);
    }

    // Synchronous reads: both writers take the rows as an IEnumerable, and they are already on their way from the server.
    private static IEnumerable<string?[]> Rows(DbDataReader reader, Action counted)
    {
        while (reader.Read())
        {
            counted();
            yield return
            [
                reader.GetString(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetString(3),
                reader.GetString(4),
                Text(reader, 5),
                Text(reader, 6),
                reader.IsDBNull(7) ? null : reader.GetDecimal(7).ToString(CultureInfo.InvariantCulture),
                Text(reader, 8),
            ];
        }
    }

    private sealed record ExportState(DateOnly? AsOf, int NotReconciled);

    private static string? Text(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    [LoggerMessage(EventId = 3100, Level = LogLevel.Information, Message = "Exported coverage of scope {Scope}: {Rows} rows")]
    private partial void LogExported(string scope, int rows);
}

/// <summary>What an export wrote: its rows, the day their statuses are as of, and the roster entries taken since (not in it).</summary>
public sealed record CoverageExport(int Rows, DateOnly? AsOf, int NotReconciled);
