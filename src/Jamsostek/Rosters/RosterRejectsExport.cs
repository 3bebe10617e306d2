using System.Data.Common;
using System.Globalization;
using Dapper;
using Jamsostek.Csv;
using Jamsostek.Database;
using Jamsostek.Tabular;
using Npgsql;

namespace Jamsostek.Rosters;

/// <summary><c>export rejects</c> (SPEC 5): every unresolved quarantined row, for the villages to fix, streamed from the database.</summary>
public sealed class RosterRejectsExport(NpgsqlDataSource dataSource)
{
    public static readonly string[] Header = ["sumber", "baris", "kode_desa", "nik", "nama", "alasan"];

    /// <summary>The workbook's columns: SPEC 5's, every cell text as written by the village (a NIK Excel mangled stays as it came).</summary>
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
        ExportAsync(rows => SafeCsv.WriteAllAsync(writer, Header, rows), cancellationToken);

    /// <summary>As <see cref="WriteAsync"/>, as an Excel workbook with the same columns (<see cref="Workbook"/>).</summary>
    public Task<int> WriteWorkbookAsync(Stream stream, CancellationToken cancellationToken) =>
        ExportAsync(rows => Workbook.WriteAsync(stream, "Karantina", Columns, rows, cancellationToken), cancellationToken);

    private async Task<int> ExportAsync(Func<IEnumerable<string?[]>, Task> write, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var reader = await connection.ExecuteReaderAsync(new CommandDefinition(
            SqlText.Get("rosters/unresolved_rejects"), cancellationToken: cancellationToken));
        var rows = 0;
        await write(Rows(reader, () => rows++));
        return rows;
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
                reader.GetInt32(1).ToString(CultureInfo.InvariantCulture),
                Text(reader, 2),
                Text(reader, 3),
                Text(reader, 4),
                reader.GetString(5),
            ];
        }
    }

    private static string? Text(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
