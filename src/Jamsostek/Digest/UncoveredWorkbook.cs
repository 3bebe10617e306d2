using System.Data.Common;
using Dapper;
using Jamsostek.Database;
using Jamsostek.Tabular;
using Npgsql;

namespace Jamsostek.Digest;

/// <summary>The written attachment, rewound, and how many rows of each status it holds (to check it against the email's figures).</summary>
public sealed record UncoveredList(Stream Workbook, int Rows, IReadOnlyDictionary<string, int> RowsByStatus);

/// <summary>
/// The digest's attachment: everyone in the scope the regency would enrol (SPEC 3.4) as of the day of the digest's figures,
/// NIKs masked unless allowed (SPEC 6), as an Excel workbook (<see cref="Workbook"/>: not CSV, which Excel set to Indonesian
/// reads as one column). Every cell is text but the paid-through day, a date. The status is given as its code and, for the
/// kepala desa, as the email words it (keterangan).
/// </summary>
public static class UncoveredWorkbook
{
    public const string SheetName = "Belum terlindungi";

    public static readonly WorkbookColumn[] Columns =
    [
        new("kode_desa", 13),
        new("nama_desa", 22),
        new("nik", 19),
        new("nama", 32),
        new("peran", 17),
        new("status", 16),
        new("keterangan", 30),
        new("kpj", 14),
        new("iuran_sampai", 13, "yyyy-mm-dd"),
    ];

    /// <summary>
    /// Writes the scope's rows as of <paramref name="asOf"/>, as PostgreSQL returns them, into a temporary file; returns it
    /// rewound, for the caller to attach and dispose.
    /// </summary>
    public static async Task<UncoveredList> WriteAsync(NpgsqlConnection connection, string scopeCode, DateOnly asOf, bool maySeeFullNik, int expiringWindowDays, CancellationToken cancellationToken)
    {
        var file = PrivateFile.CreateTemporary("jamsostek-digest", ".xlsx");
        try
        {
            var byStatus = new Dictionary<string, int>(StringComparer.Ordinal);
            // A reader, never a list: memory stays flat however many people the scope has.
            await using var reader = await connection.ExecuteReaderAsync(new CommandDefinition(
                SqlText.Get("digest/uncovered"), new { Scope = scopeCode, AsOf = asOf }, cancellationToken: cancellationToken));
            Workbook.Write(file, SheetName, Columns, Rows(reader, maySeeFullNik, expiringWindowDays, byStatus), cancellationToken);
            file.Position = 0;
            return new UncoveredList(file, byStatus.Values.Sum(), byStatus);
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }
    }

    // Synchronous reads: the workbook writer takes an IEnumerable, and the rows are already on their way from the server.
    private static IEnumerable<object?[]> Rows(DbDataReader reader, bool maySeeFullNik, int expiringWindowDays, Dictionary<string, int> byStatus)
    {
        while (reader.Read())
        {
            var status = reader.GetString(5);
            byStatus[status] = byStatus.GetValueOrDefault(status) + 1;
            yield return
            [
                reader.GetString(0).Trim(),
                reader.GetString(1),
                NikMask.Apply(reader.GetString(2), maySeeFullNik),
                reader.GetString(3),
                reader.GetString(4),
                status,
                DigestLabels.Status(status, expiringWindowDays),
                reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.IsDBNull(7) ? null : reader.GetFieldValue<DateOnly>(7).ToDateTime(TimeOnly.MinValue),
            ];
        }
    }
}
