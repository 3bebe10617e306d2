using System.Globalization;
using System.Text;
using Dapper;
using Jamsostek.Csv;
using Jamsostek.Database;
using Npgsql;

namespace Jamsostek.Digest;

/// <summary>The written attachment, rewound, and how many rows of each status it holds (to check it against the email's figures).</summary>
public sealed record UncoveredList(Stream Csv, int Rows, IReadOnlyDictionary<string, int> RowsByStatus);

/// <summary>
/// The digest's attachment: everyone in the scope the regency would enrol (SPEC 3.4) as of the day of the digest's figures,
/// NIKs masked unless allowed (SPEC 6).
/// </summary>
public static class UncoveredCsv
{
    public static readonly string[] Header = ["kode_desa", "nama_desa", "nik", "nama", "peran", "status", "kpj", "iuran_sampai"];

    /// <summary>
    /// Writes the scope's rows as of <paramref name="asOf"/>, as PostgreSQL returns them, into a temporary file (UTF-8 with BOM so
    /// Excel reads the names right, CRLF, cells neutralised by <see cref="SafeCsv"/>); returns it rewound, for the caller to
    /// attach and dispose.
    /// </summary>
    public static async Task<UncoveredList> WriteAsync(NpgsqlConnection connection, string scopeCode, DateOnly asOf, bool maySeeFullNik, CancellationToken cancellationToken)
    {
        var file = CreateTemporaryFile();
        try
        {
            var rows = 0;
            var byStatus = new Dictionary<string, int>(StringComparer.Ordinal);
            await using (var writer = new StreamWriter(file, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), bufferSize: 1 << 16, leaveOpen: true))
            await using (var csv = SafeCsv.CreateCrlfWriter(writer))
            {
                csv.WriteRow(Header);
                // A reader, never a list: memory stays flat however many people the scope has.
                await using var reader = await connection.ExecuteReaderAsync(new CommandDefinition(
                    SqlText.Get("digest/uncovered"), new { Scope = scopeCode, AsOf = asOf }, cancellationToken: cancellationToken));
                while (await reader.ReadAsync(cancellationToken))
                {
                    var status = reader.GetString(5);
                    byStatus[status] = byStatus.GetValueOrDefault(status) + 1;
                    csv.WriteRow(
                        reader.GetString(0).Trim(),
                        reader.GetString(1),
                        NikMask.Apply(reader.GetString(2), maySeeFullNik),
                        reader.GetString(3),
                        reader.GetString(4),
                        status,
                        reader.IsDBNull(6) ? null : reader.GetString(6),
                        reader.IsDBNull(7) ? null : reader.GetFieldValue<DateOnly>(7).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                    rows++;
                }
            }

            file.Position = 0;
            return new UncoveredList(file, rows, byStatus);
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// The file holds personal data: only the worker's user may read it, it is deleted when closed, and on Linux it is unlinked
    /// at once (the open handle still reads it), so a killed process leaves nothing behind in the temporary folder either.
    /// </summary>
    private static FileStream CreateTemporaryFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"jamsostek-digest-{Guid.NewGuid():N}.csv");
        var file = new FileStream(path, PrivateFile.Options(FileMode.CreateNew, FileAccess.ReadWrite, FileOptions.DeleteOnClose));
        if (!OperatingSystem.IsWindows())
        {
            File.Delete(path);
        }

        return file;
    }
}
