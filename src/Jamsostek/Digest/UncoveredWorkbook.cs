using System.Data.Common;
using Dapper;
using Jamsostek.Database;
using MiniExcelLibs;
using MiniExcelLibs.Attributes;
using MiniExcelLibs.OpenXml;
using Npgsql;

namespace Jamsostek.Digest;

/// <summary>The written attachment, rewound, and how many rows of each status it holds (to check it against the email's figures).</summary>
public sealed record UncoveredList(Stream Workbook, int Rows, IReadOnlyDictionary<string, int> RowsByStatus);

/// <summary>
/// The digest's attachment: everyone in the scope the regency would enrol (SPEC 3.4) as of the day of the digest's figures,
/// NIKs masked unless allowed (SPEC 6), as an Excel workbook. Not CSV: Excel set to Indonesian splits a CSV on <c>;</c>, so a
/// comma-separated list opened with a double click is one column, and a whole 16-digit NIK typed into a number cell loses its
/// last digit. In a workbook every cell is text but the paid-through date, and a text cell is never run as a formula.
/// </summary>
public static class UncoveredWorkbook
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public const string SheetName = "Belum terlindungi";

    public static readonly string[] Header = ["kode_desa", "nama_desa", "nik", "nama", "peran", "status", "kpj", "iuran_sampai"];

    private static readonly OpenXmlConfiguration Layout = new()
    {
        AutoFilter = true,
        FreezeRowCount = 1,
        DynamicColumns =
        [
            new DynamicExcelColumn("kode_desa") { Width = 13 },
            new DynamicExcelColumn("nama_desa") { Width = 22 },
            new DynamicExcelColumn("nik") { Width = 19 },
            new DynamicExcelColumn("nama") { Width = 32 },
            new DynamicExcelColumn("peran") { Width = 17 },
            new DynamicExcelColumn("status") { Width = 16 },
            new DynamicExcelColumn("kpj") { Width = 14 },
            new DynamicExcelColumn("iuran_sampai") { Width = 13, Format = "yyyy-mm-dd" },
        ],
    };

    /// <summary>
    /// Writes the scope's rows as of <paramref name="asOf"/>, as PostgreSQL returns them, into a temporary file; returns it
    /// rewound, for the caller to attach and dispose.
    /// </summary>
    public static async Task<UncoveredList> WriteAsync(NpgsqlConnection connection, string scopeCode, DateOnly asOf, bool maySeeFullNik, CancellationToken cancellationToken)
    {
        var file = PrivateFile.CreateTemporary("jamsostek-digest", ".xlsx");
        try
        {
            var byStatus = new Dictionary<string, int>(StringComparer.Ordinal);
            // A reader, never a list: memory stays flat however many people the scope has.
            await using var reader = await connection.ExecuteReaderAsync(new CommandDefinition(
                SqlText.Get("digest/uncovered"), new { Scope = scopeCode, AsOf = asOf }, cancellationToken: cancellationToken));
            await file.SaveAsAsync(Rows(reader, maySeeFullNik, byStatus), sheetName: SheetName, excelType: ExcelType.XLSX, configuration: Layout, cancellationToken: cancellationToken);
            file.Position = 0;
            return new UncoveredList(file, byStatus.Values.Sum(), byStatus);
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }
    }

    // Synchronous reads: MiniExcel takes an IEnumerable, and the rows are already on their way from the server.
    private static IEnumerable<Dictionary<string, object?>> Rows(DbDataReader reader, bool maySeeFullNik, Dictionary<string, int> byStatus)
    {
        while (reader.Read())
        {
            var status = reader.GetString(5);
            byStatus[status] = byStatus.GetValueOrDefault(status) + 1;
            yield return new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["kode_desa"] = reader.GetString(0).Trim(),
                ["nama_desa"] = reader.GetString(1),
                ["nik"] = NikMask.Apply(reader.GetString(2), maySeeFullNik),
                ["nama"] = reader.GetString(3),
                ["peran"] = reader.GetString(4),
                ["status"] = status,
                ["kpj"] = reader.IsDBNull(6) ? null : reader.GetString(6),
                ["iuran_sampai"] = reader.IsDBNull(7) ? null : reader.GetFieldValue<DateOnly>(7).ToDateTime(TimeOnly.MinValue),
            };
        }
    }
}
