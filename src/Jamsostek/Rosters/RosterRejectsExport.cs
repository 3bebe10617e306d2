using System.Data.Common;
using System.Globalization;
using Dapper;
using Jamsostek.Csv;
using Jamsostek.Database;
using Npgsql;

namespace Jamsostek.Rosters;

/// <summary><c>export rejects</c> (SPEC 5): every unresolved quarantined row, for the villages to fix, streamed from the database.</summary>
public sealed class RosterRejectsExport(NpgsqlDataSource dataSource)
{
    public static readonly string[] Header = ["sumber", "baris", "kode_desa", "nik", "nama", "alasan"];

    /// <summary>Writes the header and one row per quarantined row; returns the number of rows.</summary>
    public async Task<int> WriteAsync(TextWriter writer, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var reader = await connection.ExecuteReaderAsync(new CommandDefinition(
            SqlText.Get("rosters/unresolved_rejects"), cancellationToken: cancellationToken));
        await using var csv = SafeCsv.CreateWriter(writer);
        csv.WriteRow(Header);
        var rows = 0;
        while (await reader.ReadAsync(cancellationToken))
        {
            csv.WriteRow(
                reader.GetString(0),
                reader.GetInt32(1).ToString(CultureInfo.InvariantCulture),
                Text(reader, 2),
                Text(reader, 3),
                Text(reader, 4),
                reader.GetString(5));
            rows++;
        }

        await csv.FlushAsync();
        return rows;
    }

    private static string? Text(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
