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
    /// <summary>SPEC 5's columns, the CSV's header; in a workbook each with its width, every cell text as in the CSV.</summary>
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
        ExportAsync(scope, rows => SafeCsv.WriteAllAsync(writer, [.. Columns.Select(c => c.Name)], rows), cancellationToken);

    /// <summary>As <see cref="WriteAsync"/>, as an Excel workbook with the same columns (<see cref="Workbook"/>).</summary>
    public Task<CoverageExport> WriteWorkbookAsync(Stream stream, RegionScope scope, CancellationToken cancellationToken) =>
        ExportAsync(scope, rows =>
        {
            Workbook.Write(stream, "Cakupan", Columns, rows, cancellationToken);
            return Task.CompletedTask;
        }, cancellationToken);

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
        await write(ExportRows.Of(reader, () => rows++));
        LogExported(scope.Code, rows);
        return new(rows, state.AsOf, state.NotReconciled);
    }

    private sealed record ExportState(DateOnly? AsOf, int NotReconciled);

    [LoggerMessage(EventId = 3100, Level = LogLevel.Information, Message = "Exported coverage of scope {Scope}: {Rows} rows")]
    private partial void LogExported(string scope, int rows);
}

/// <summary>What an export wrote: its rows, the day their statuses are as of, and the roster entries taken since (not in it).</summary>
public sealed record CoverageExport(int Rows, DateOnly? AsOf, int NotReconciled);
