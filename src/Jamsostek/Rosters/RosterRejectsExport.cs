using System.Globalization;
using CsvHelper;
using Dapper;
using Jamsostek.Database;
using Npgsql;

namespace Jamsostek.Rosters;

/// <summary><c>export rejects</c> (SPEC 5): every unresolved quarantined row, for the villages to fix.</summary>
public sealed class RosterRejectsExport(NpgsqlDataSource dataSource)
{
    public static readonly string[] Header = ["sumber", "baris", "kode_desa", "nik", "nama", "alasan"];

    public async Task<int> WriteAsync(string path, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string Sumber, int Baris, string? KodeDesa, string? Nik, string? Nama, string Alasan)>(
            new CommandDefinition(SqlText.Get("rosters/unresolved_rejects"), flags: CommandFlags.None, cancellationToken: cancellationToken));
        await using var writer = new StreamWriter(path, append: false, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        await using var csv = new CsvWriter(writer, CultureInfo.InvariantCulture);
        foreach (var column in Header)
        {
            csv.WriteField(column);
        }

        await csv.NextRecordAsync();
        var count = 0;
        foreach (var row in rows)
        {
            csv.WriteField(Neutralise(row.Sumber));
            csv.WriteField(row.Baris);
            csv.WriteField(Neutralise(row.KodeDesa));
            csv.WriteField(Neutralise(row.Nik));
            csv.WriteField(Neutralise(row.Nama));
            csv.WriteField(Neutralise(row.Alasan));
            await csv.NextRecordAsync();
            count++;
        }

        return count;
    }

    /// <summary>A cell a spreadsheet would run as a formula (=, +, -, @, tab, CR) is prefixed with ' (CSV injection).</summary>
    public static string? Neutralise(string? value) =>
        value is { Length: > 0 } && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + value : value;
}
