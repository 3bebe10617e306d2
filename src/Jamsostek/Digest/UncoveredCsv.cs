using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using Dapper;
using Jamsostek.Database;
using Npgsql;

namespace Jamsostek.Digest;

/// <summary>The digest's attachment: everyone in the scope the regency would enrol (SPEC 3.4), NIKs masked unless allowed (SPEC 6).</summary>
public static class UncoveredCsv
{
    public static readonly string[] Header = ["kode_desa", "nama_desa", "nik", "nama", "peran", "status", "kpj", "iuran_sampai"];

    /// <summary>Streams the scope's rows from PostgreSQL into CSV bytes (UTF-8 with BOM so Excel reads the names right); returns the row count.</summary>
    public static async Task<(byte[] Csv, int Rows)> WriteAsync(NpgsqlConnection connection, string scopeCode, bool maySeeFullNik, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var rows = 0;
        await using (var writer = new StreamWriter(buffer, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), leaveOpen: true))
        await using (var csv = new CsvWriter(writer, Configuration))
        {
            foreach (var field in Header)
            {
                csv.WriteField(field);
            }

            await csv.NextRecordAsync();
            // Read as a stream: the regency's list can be tens of thousands of rows.
            await using var reader = await connection.ExecuteReaderAsync(new CommandDefinition(
                SqlText.Get("digest/uncovered"), new { Scope = scopeCode }, flags: CommandFlags.None, cancellationToken: cancellationToken));
            while (await reader.ReadAsync(cancellationToken))
            {
                csv.WriteField(reader.GetString(0).Trim());
                csv.WriteField(reader.GetString(1));
                csv.WriteField(NikMask.Apply(reader.GetString(2), maySeeFullNik));
                csv.WriteField(reader.GetString(3));
                csv.WriteField(reader.GetString(4));
                csv.WriteField(reader.GetString(5));
                csv.WriteField(await reader.IsDBNullAsync(6, cancellationToken) ? "" : reader.GetString(6));
                csv.WriteField(await reader.IsDBNullAsync(7, cancellationToken) ? "" : reader.GetFieldValue<DateOnly>(7).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                await csv.NextRecordAsync();
                rows++;
            }
        }

        return (buffer.ToArray(), rows);
    }

    /// <summary>Names and other cells come from villages: a cell starting with = + - @ tab or CR is prefixed with ' so a spreadsheet shows it rather than runs it.</summary>
    internal static CsvConfiguration Configuration { get; } = new(CultureInfo.InvariantCulture)
    {
        NewLine = "\r\n",
        InjectionOptions = InjectionOptions.Escape,
        InjectionCharacters = ['=', '+', '-', '@', '\t', '\r'],
        InjectionEscapeCharacter = '\'',
    };
}
