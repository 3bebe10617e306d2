using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml;
using CsvHelper;
using Dapper;
using ExcelDataReader.Exceptions;
using Jamsostek.Database;
using Jamsostek.Matching;
using Jamsostek.Tabular;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace Jamsostek.Membership;

/// <summary>
/// Takes a BPJS membership file (SPEC 2.3) into the register: streamed into a staging table by binary COPY, checked,
/// and swapped in one transaction (SPEC 2.4). A file smaller than half the last one, older than the register, or missing
/// a column is held back whole; bad rows are left out and reported by row and field.
/// </summary>
public sealed partial class MembershipImporter(NpgsqlDataSource dataSource, TimeProvider timeProvider, ILogger<MembershipImporter> logger)
{
    /// <summary>Enough row numbers to fix a file by; the count beyond is still exact.</summary>
    private const int MaxReportedProblems = 10_000;

    // Checked records between the reading thread and the COPY (RowHandOver): 32 chunks of 1,024.
    private const int ChunkRecords = 1024;
    private const int BufferedChunks = 32;

    public async Task<MembershipImportResult> ImportAsync(string path, CancellationToken cancellationToken)
    {
        var fileName = Path.GetFileName(path);
        var started = timeProvider.GetTimestamp();
        var (hash, isUtf8) = await FileFingerprint.ReadAsync(path, cancellationToken);
        var asOf = AsOf(path);

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(SqlText.Get("membership/create_staging"), transaction: transaction, cancellationToken: cancellationToken));

        var known = await connection.QuerySingleOrDefaultAsync<ImportRow>(new CommandDefinition(
            SqlText.Get("membership/find_import"), new { FileHash = hash }, transaction, cancellationToken: cancellationToken));
        if (known is not null)
        {
            LogAlreadyImported(fileName);
            return new(fileName, MembershipImportOutcome.AlreadyImported,
                $"Membership file {fileName} was imported before (as {known.FileName}); nothing changed.",
                known.Rows, 0, 0, known.AsOf, []);
        }

        var last = await connection.QuerySingleOrDefaultAsync<ImportRow>(new CommandDefinition(
            SqlText.Get("membership/last_import"), transaction: transaction, cancellationToken: cancellationToken));
        if (last is not null && asOf < last.AsOf)
        {
            return Held(fileName, asOf, 0, 0, [],
                $"Membership file {fileName} is held back: it is as of {asOf:yyyy-MM-dd}, older than the register (as of {last.AsOf:yyyy-MM-dd}); the register is unchanged.");
        }

        // Only a register some file filled can be diffed; the first file is copied straight into it, its indexes built after.
        var first = last is null;
        if (first)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                SqlText.Get("membership/first_load_begin"), transaction: transaction, cancellationToken: cancellationToken));
        }

        var problems = new List<MembershipRowProblem>();
        int badRows;
        try
        {
            await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            using ITabularReader reader = IsSpreadsheet(path)
                ? XlsxTabularReader.Open(stream)
                : CsvTabularReader.Open(stream, isUtf8 ? System.Text.Encoding.UTF8 : FileFingerprint.Windows1252);
            var (columns, missing) = MembershipColumns.Find(reader.Header);
            if (columns is null)
            {
                return Held(fileName, asOf, 0, 0, [],
                    $"Membership file {fileName} is held back: the required column '{missing}' is missing from its header; the register is unchanged.");
            }

            badRows = await CopyAsync(connection, first ? "membership/copy_register" : "membership/copy_staging", reader, columns, problems, cancellationToken);
        }
        catch (MaxFieldSizeException ex)
        {
            return Held(fileName, asOf, 0, 0, [],
                $"Membership file {fileName} is held back: row {ex.Context?.Parser?.Row} has a cell longer than {CsvTabularReader.MaxCellLength} characters; the register is unchanged.");
        }
        catch (Exception ex) when (IsSpreadsheet(path) && ex is XmlException or HeaderException or InvalidDataException or ExcelReaderException)
        {
            // A workbook's parts are read lazily: a broken sheet inside a valid zip shows only while its rows are read.
            return Held(fileName, asOf, 0, 0, [],
                $"Membership file {fileName} is held back: it is not a readable XLSX workbook; the register is unchanged.");
        }

        if (first)
        {
            // Before the counts, which read the NIK index it builds.
            await connection.ExecuteAsync(new CommandDefinition(
                SqlText.Get("membership/first_load_end"), transaction: transaction, cancellationToken: cancellationToken));
        }

        // A first file is the register already; a later one is counted in staging, its people once it is the register.
        var loaded = first ? await RegisterCountsAsync(connection, transaction, cancellationToken) : null;
        var records = loaded?.Records ?? await connection.QuerySingleAsync<int>(new CommandDefinition(
            SqlText.Get("membership/staging_counts"), transaction: transaction, cancellationToken: cancellationToken));
        if (last is not null && records * 2L < last.Rows)
        {
            return Held(fileName, asOf, records, badRows, problems,
                $"Membership file {fileName} is held back: it has {records} valid rows, less than half of the {last.Rows} rows of the last accepted file {last.FileName}; the register is unchanged.");
        }

        if (records == 0)
        {
            return Held(fileName, asOf, 0, badRows, problems,
                $"Membership file {fileName} is held back: it has no valid rows; the register is unchanged.");
        }

        if (!first)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                SqlText.Get("membership/replace_register"), transaction: transaction, cancellationToken: cancellationToken));
        }

        var people = (loaded ?? await RegisterCountsAsync(connection, transaction, cancellationToken)).People;

        await connection.ExecuteAsync(new CommandDefinition(
            SqlText.Get("membership/record_import"),
            new
            {
                FileName = fileName,
                FileHash = hash,
                Rows = records,
                BadRows = badRows,
                AsOf = asOf.ToDateTime(TimeOnly.MinValue),
                ImportedAt = timeProvider.GetUtcNow(),
            },
            transaction,
            cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);

        var elapsedMs = timeProvider.GetElapsedTime(started).TotalMilliseconds;
        LogImported(fileName, records, people, badRows, elapsedMs);
        var badNote = badRows == 0 ? "" : $", {badRows} bad rows left out";
        return new(fileName, MembershipImportOutcome.Imported,
            $"Imported membership file {fileName}: {records} records of {people} people as of {asOf:yyyy-MM-dd}{badNote}.",
            records, people, badRows, asOf, problems);
    }

    private static async Task<RegisterCounts> RegisterCountsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken) =>
        await connection.QuerySingleAsync<RegisterCounts>(new CommandDefinition(
            SqlText.Get("membership/register_counts"), transaction: transaction, cancellationToken: cancellationToken));

    /// <summary>The date the file is the truth as of: a date in its name (kepesertaan_2026-11-20.xlsx, 20261120), else when it was written, in Jakarta.</summary>
    public static DateOnly AsOf(string path)
    {
        var name = Path.GetFileNameWithoutExtension(path);
        foreach (Match match in DateInName().Matches(name))
        {
            var digits = match.Value.Replace("-", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal);
            if (DateOnly.TryParseExact(digits, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                return date;
            }
        }

        return DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(File.GetLastWriteTimeUtc(path), BusinessDay.TimeZone));
    }

    private MembershipImportResult Held(string fileName, DateOnly asOf, int records, int badRows, IReadOnlyList<MembershipRowProblem> problems, string message)
    {
        // Returning without commit rolls the staging back: the register is untouched.
        LogHeld(fileName, records, badRows);
        return new(fileName, MembershipImportOutcome.Held, message, records, 0, badRows, asOf, problems);
    }

    /// <summary>Whether the file is read as a workbook (SPEC 2.4: CSV or XLSX).</summary>
    private static bool IsSpreadsheet(string path) => Path.GetExtension(path).Equals(".xlsx", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Streams the file's valid records into the COPY and returns how many rows were bad. The rows are read and checked
    /// on a thread of their own while this one writes: the worker's CPU, not the server's, bounded the copy (5,000,000
    /// records: 18.7 s of worker CPU in a 21 s copy at the default benchmark scale).
    /// </summary>
    private static async Task<int> CopyAsync(
        NpgsqlConnection connection, string copySql, ITabularReader reader, MembershipColumns columns, List<MembershipRowProblem> problems, CancellationToken cancellationToken)
    {
        var records = new RowHandOver<MembershipRecord>(ChunkRecords, BufferedChunks);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var reading = Task.Run(() => ReadRecordsAsync(reader, columns, problems, records, stop.Token), CancellationToken.None);
        try
        {
            await using var importer = await connection.BeginBinaryImportAsync(SqlText.Get(copySql), cancellationToken);
            await foreach (var chunk in records.ChunksAsync(cancellationToken))
            {
                foreach (var record in chunk)
                {
                    // Normalised and keyed here, not on the reading thread: it was the slower of the two.
                    var namaNormal = NamaNormal.Of(record.Nama);
                    // Synchronous writes: the importer buffers and flushes on its own; an await per field was most of the worker's CPU.
                    importer.StartRow();
                    importer.Write(record.Nik, NpgsqlDbType.Char);
                    importer.Write(record.Kpj, NpgsqlDbType.Text);
                    importer.Write(record.Nama, NpgsqlDbType.Text);
                    importer.Write(namaNormal, NpgsqlDbType.Text);
                    WriteDate(importer, record.TanggalLahir);
                    importer.Write(record.Segmen, NpgsqlDbType.Text);
                    importer.Write(record.Program, NpgsqlDbType.Array | NpgsqlDbType.Text);
                    importer.Write(record.Status, NpgsqlDbType.Text);
                    WriteDate(importer, record.IuranSampai);
                    importer.Write(record.KeyOf(namaNormal), NpgsqlDbType.Uuid);
                }
            }

            // A row that could not be read (a cell too long, a broken workbook) throws here, after the rows before it.
            var badRows = await reading;
            await importer.CompleteAsync(cancellationToken);
            return badRows;
        }
        finally
        {
            await stop.CancelAsync();
            try
            {
                await reading;
            }
            catch (Exception)
            {
                // Thrown above already, or the copy failed first and the reading was stopped.
            }
        }
    }

    /// <summary>The reading thread of <see cref="CopyAsync"/>; <paramref name="problems"/> is its own until it ends.</summary>
    private static async Task<int> ReadRecordsAsync(
        ITabularReader reader, MembershipColumns columns, List<MembershipRowProblem> problems, RowHandOver<MembershipRecord> records, CancellationToken cancellationToken)
    {
        try
        {
            var badRows = 0;
            while (reader.Read())
            {
                var before = problems.Count;
                var record = columns.Parse(reader, problems);
                if (record is null)
                {
                    badRows++;
                    if (problems.Count > MaxReportedProblems)
                    {
                        problems.RemoveRange(before, problems.Count - before);
                    }

                    continue;
                }

                await records.AddAsync(record, cancellationToken);
            }

            await records.CompleteAsync(cancellationToken);
            return badRows;
        }
        catch
        {
            records.Fail();
            throw;
        }
    }

    private static void WriteDate(NpgsqlBinaryImporter importer, DateOnly? date)
    {
        if (date is { } value)
        {
            importer.Write(value, NpgsqlDbType.Date);
        }
        else
        {
            importer.WriteNull();
        }
    }

    [GeneratedRegex(@"(?<!\d)(\d{4}[-_]?\d{2}[-_]?\d{2})(?!\d)")]
    private static partial Regex DateInName();

    [LoggerMessage(EventId = 2000, Level = LogLevel.Information, Message = "Imported membership file {FileName}: {Records} records of {People} people, {BadRows} bad rows left out, in {ElapsedMs:F0} ms")]
    private partial void LogImported(string fileName, int records, int people, int badRows, double elapsedMs);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Membership file {FileName} held back ({Records} valid rows, {BadRows} bad rows); the register is unchanged")]
    private partial void LogHeld(string fileName, int records, int badRows);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Membership file {FileName} was imported before; nothing changed")]
    private partial void LogAlreadyImported(string fileName);

    private sealed record ImportRow(string FileName, int Rows, DateOnly AsOf);

    private sealed record RegisterCounts(int Records, int People);
}
