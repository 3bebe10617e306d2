using Dapper;
using Jamsostek.Csv;
using Jamsostek.Database;
using Jamsostek.Tabular;
using Npgsql;

namespace Jamsostek.Rosters;

/// <summary><c>export rejects</c> (SPEC 5): every unresolved quarantined row, for the villages to fix, streamed from the database.</summary>
public sealed class RosterRejectsExport(NpgsqlDataSource dataSource)
{
    /// <summary>
    /// SPEC 5's columns, the CSV's header; in a workbook each with its width, every cell text as written by the village (a NIK
    /// Excel mangled stays as it came).
    /// </summary>
    public static readonly WorkbookColumn[] Columns =
    [
        new("sumber", 30),
        new("baris", 7),
        new("kode_desa", 13),
        new("nik", 19),
        new("nama", 32),
        new("alasan", 90),
    ];

    /// <summary>Writes SPEC 5's CSV: the header and one row per quarantined row; returns the number of rows.</summary>
    public Task<int> WriteAsync(TextWriter writer, CancellationToken cancellationToken) =>
        ExportAsync(rows => SafeCsv.WriteAllAsync(writer, [.. Columns.Select(c => c.Name)], rows), cancellationToken);

    /// <summary>As <see cref="WriteAsync"/>, as an Excel workbook with the same columns (<see cref="Workbook"/>).</summary>
    public Task<int> WriteWorkbookAsync(Stream stream, CancellationToken cancellationToken) =>
        ExportAsync(rows =>
        {
            Workbook.Write(stream, "Karantina", Columns, rows, cancellationToken);
            return Task.CompletedTask;
        }, cancellationToken);

    private async Task<int> ExportAsync(Func<IEnumerable<string?[]>, Task> write, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var reader = await connection.ExecuteReaderAsync(new CommandDefinition(
            SqlText.Get("rosters/unresolved_rejects"), cancellationToken: cancellationToken));
        var rows = 0;
        await write(ExportRows.Of(reader, () => rows++));
        return rows;
    }
}
