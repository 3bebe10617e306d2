using System.Globalization;
using System.Text.RegularExpressions;
using Jamsostek.Database;
using Jamsostek.Matching;
using Jamsostek.Tabular;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace Jamsostek.Membership;

/// <summary>
/// Takes a BPJS membership file (SPEC 2.3) into the register: streamed into a staging table by binary COPY, checked,
/// and swapped in one transaction (SPEC 2.4). A file smaller than half the last one (unless an admin allows it), older
/// than the register, dated after today, or missing a column is held back whole; bad rows are left out and reported by
/// file, row and field.
/// </summary>
public sealed partial class MembershipImporter(NpgsqlDataSource dataSource, TimeProvider timeProvider, ILogger<MembershipImporter> logger)
{
    /// <summary>Enough row numbers to fix a file by; the count beyond is still exact.</summary>
    private const int MaxReportedProblems = 10_000;

    // Checked records between the reading thread and the COPY (RowHandOver): 32 chunks of 1,024.
    private const int ChunkRecords = 1024;
    private const int BufferedChunks = 32;

    public Task<MembershipImportResult> ImportAsync(string path, CancellationToken cancellationToken) =>
        ImportAsync(path, allowShrink: false, replaceSameDate: false, cancellationToken);

    /// <summary>
    /// One file; with <paramref name="allowShrink"/> an admin vouches that a file less than half the size of the last one is
    /// complete, with <paramref name="replaceSameDate"/> that a file of the register's own date replaces the one imported with it.
    /// </summary>
    public async Task<MembershipImportResult> ImportAsync(string path, bool allowShrink, bool replaceSameDate, CancellationToken cancellationToken)
    {
        var fileName = Path.GetFileName(path);
        if (!Extensions.Contains(Path.GetExtension(path), StringComparer.OrdinalIgnoreCase))
        {
            // Read as CSV, an .xls or .ods workbook was held back for missing every column, which sent its reader looking
            // at the header.
            return Held(fileName, AsOf(path), 0, 0, [],
                $"Membership file {fileName} is held back: only .csv, .txt and .xlsx membership files are read, so save it as .xlsx or .csv; the register is unchanged.");
        }

        var started = timeProvider.GetTimestamp();
        var (hash, isUtf8) = await FileFingerprint.ReadAsync(path, cancellationToken);
        var asOf = AsOf(path);

        // Every step runs in this one transaction, so a file held back at any step leaves the register as it was: returning
        // without commit rolls back what the steps before wrote.
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var import = new TransactionQueries(connection, transaction, cancellationToken);
        var last = await LockAndReadLastImportAsync(import);
        if (last is not null && string.Equals(last.FileHash, hash, StringComparison.Ordinal))
        {
            return AlreadyImported(fileName, last);
        }

        if (WhyHoldBackForItsDate(fileName, asOf, last) is { } misdated)
        {
            return Held(fileName, asOf, 0, 0, [], misdated);
        }

        var staged = await StageAsync(import, path, fileName, isUtf8, firstFile: last is null);
        if (staged.NotStaged is { } notStaged)
        {
            return Held(fileName, asOf, 0, 0, [], notStaged);
        }

        if (WhyHoldBackForItsRecords(fileName, asOf, staged, last, allowShrink, replaceSameDate) is { } incomplete)
        {
            return Held(fileName, asOf, staged.Records, staged.BadRows, staged.Problems, incomplete);
        }

        var register = await DiffIntoRegisterAsync(import, staged);
        await RecordImportAsync(import, fileName, hash, asOf, register, staged);
        await transaction.CommitAsync(cancellationToken);
        return Imported(fileName, asOf, register, staged, started);
    }

    /// <summary>One import at a time (membership/lock_import), then the last accepted file, which the new one is checked against.</summary>
    private static async Task<ImportRow?> LockAndReadLastImportAsync(TransactionQueries import)
    {
        await import.ExecuteAsync("membership/create_staging");
        await import.ExecuteAsync("membership/lock_import", new { Key = AdvisoryLockKeys.MembershipImport });
        // Only the register's own file is "imported before": an earlier file of the same content is the truth again when a
        // newer file since was wrong (the branch sends the right one again).
        return await import.QuerySingleOrDefaultAsync<ImportRow>("membership/last_import");
    }

    /// <summary>Hold back, before a row is read: a file dated after today or older than the register (SPEC 2.4).</summary>
    private string? WhyHoldBackForItsDate(string fileName, DateOnly asOf, ImportRow? last)
    {
        var today = BusinessDay.Today(timeProvider);
        if (asOf > today)
        {
            return $"Membership file {fileName} is held back: it is dated {asOf:yyyy-MM-dd}, after today ({today:yyyy-MM-dd}), and a file is as of the last date in its name, so if that is the end of a period name the file by the day the branch made it and send it again; the register is unchanged.";
        }

        if (last is not null && asOf < last.AsOf)
        {
            return $"Membership file {fileName} is held back: it is as of {asOf:yyyy-MM-dd}, older than the register (as of {last.AsOf:yyyy-MM-dd}); the register is unchanged.";
        }

        return null;
    }

    /// <summary>
    /// Stage: the file's valid records copied in by binary COPY, its bad rows listed. Only a register some file filled can
    /// be diffed, so the first file is copied straight into it, its indexes dropped before and built after.
    /// </summary>
    private static async Task<StagedFile> StageAsync(TransactionQueries import, string path, string fileName, bool isUtf8, bool firstFile)
    {
        if (firstFile)
        {
            await import.ExecuteAsync("membership/first_load_begin");
        }

        var problems = new List<MembershipRowProblem>();
        int badRows, keptWithoutBirthDate;
        try
        {
            await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            using ITabularReader reader = Workbook.IsPath(path)
                ? XlsxTabularReader.Open(stream)
                : CsvTabularReader.Open(stream, isUtf8 ? System.Text.Encoding.UTF8 : FileFingerprint.Windows1252);
            var headerRow = reader.RowNumber;
            var (columns, missing) = FindColumns(fileName, reader);
            if (columns is null)
            {
                return StagedFile.HeldBack(
                    $"Membership file {fileName} is held back: {TabularHeader.MissingColumns([.. missing.Select(c => $"'{c}'")])} from its header (row {headerRow}); the register is unchanged.");
            }

            var copySql = firstFile ? "membership/copy_register" : "membership/copy_staging";
            (badRows, keptWithoutBirthDate) = await CopyAsync(import.Connection, copySql, reader, columns, problems, import.CancellationToken);
        }
        catch (UnreadableTableException ex)
        {
            return StagedFile.HeldBack($"Membership file {fileName} is held back: {ex.Message}; the register is unchanged.");
        }
        catch (Exception ex) when (Workbook.IsPath(path) && XlsxTabularReader.IsBroken(ex))
        {
            return StagedFile.HeldBack($"Membership file {fileName} is held back: it is not a readable XLSX workbook; the register is unchanged.");
        }

        if (firstFile)
        {
            // Before the counts, which read the NIK index it builds. The first file is the register already: counted there.
            await import.ExecuteAsync("membership/first_load_end");
            var loaded = await RegisterCountsAsync(import);
            return new(loaded.Records, badRows, keptWithoutBirthDate, problems, loaded);
        }

        // A later file is counted in staging, its people once it is the register.
        var records = await import.QuerySingleAsync<int>("membership/staging_counts");
        return new(records, badRows, keptWithoutBirthDate, problems, FirstLoad: null);
    }

    /// <summary>
    /// The columns the header names, or every column it lacks. A header of two rows, as a workbook heads a group of columns:
    /// a group above the row that names the NIK (DATA PESERTA over NIK and NAMA), or parts below it (IURAN over SAMPAI
    /// DENGAN). Tried only when columns are missing; a file still missing some is held back naming the fewest.
    /// </summary>
    private static (MembershipColumns? Columns, string[] Missing) FindColumns(string fileName, ITabularReader reader)
    {
        var (columns, missing) = MembershipColumns.Find(fileName, reader.Header);
        if (columns is not null)
        {
            return (columns, missing);
        }

        // Lazily: the row below the header is read (and consumed) only when the row above did not complete it.
        foreach (var twoRows in TabularHeader.TwoRowReadings(reader, MembershipColumns.Known))
        {
            var (joined, stillMissing) = MembershipColumns.Find(fileName, twoRows);
            (columns, missing) = (joined, stillMissing.Length < missing.Length ? stillMissing : missing);
            if (columns is not null)
            {
                break;
            }
        }

        return (columns, missing);
    }

    /// <summary>Hold back, once the file is staged: no valid row, less than half the last file, or the register's own date (SPEC 2.4).</summary>
    private static string? WhyHoldBackForItsRecords(string fileName, DateOnly asOf, StagedFile staged, ImportRow? last, bool allowShrink, bool replaceSameDate)
    {
        var (records, badRows) = (staged.Records, staged.BadRows);
        if (records == 0)
        {
            return $"Membership file {fileName} is held back: it has no valid rows; the register is unchanged.";
        }

        if (last is not null && records * 2L < last.Rows && !allowShrink)
        {
            // Short of rows, or long enough with too many bad ones: the second is mended in the file, not by taking it.
            return (records + (long)badRows) * 2 < last.Rows
                ? $"Membership file {fileName} is held back: it has {records} valid rows, less than half of the {last.Rows} rows of the last accepted file {last.FileName}, so the register is unchanged until an admin who knows the file is complete imports it with --allow-shrink."
                : $"Membership file {fileName} is held back: {badRows} of its {records + badRows} rows are bad (listed by row and field), which leaves {records} valid rows, less than half of the {last.Rows} rows of the last accepted file {last.FileName}; mend those rows and send the file again (--allow-shrink would leave them out, and their people would read as not registered); the register is unchanged.";
        }

        // Checked once the file is known to be whole and readable, so the sentence is the last thing to act on. A second
        // file of one date is a part of that day's register (PU and BPU sent apart) or a corrected file, and only
        // the admin can tell: taken as the whole register, a part had dropped every record of the first.
        if (last is not null && asOf == last.AsOf && !replaceSameDate)
        {
            return $"Membership file {fileName} is held back: the register is already as of {asOf:yyyy-MM-dd}, from {last.FileName}, and a file replaces the whole register, so if the branch sent the register in parts put every part's rows in one file, and if this file corrects {last.FileName} import it with --replace; the register is unchanged.";
        }

        return null;
    }

    /// <summary>
    /// Diff: the register becomes the staged file, only records that differ deleted and inserted
    /// (membership/replace_register). A first file is the register already.
    /// </summary>
    private static async Task<RegisterCounts> DiffIntoRegisterAsync(TransactionQueries import, StagedFile staged)
    {
        if (staged.FirstLoad is { } loaded)
        {
            return loaded;
        }

        await import.ExecuteAsync("membership/replace_register");
        // The register's records, not the file's rows: a line repeated in the file is one record (replace_register), and
        // counting it twice raised the half-size bar for the next file.
        return await RegisterCountsAsync(import);
    }

    /// <summary>Record the accepted file: the next one is checked against it, and the same content again changes nothing.</summary>
    private async Task RecordImportAsync(TransactionQueries import, string fileName, string hash, DateOnly asOf, RegisterCounts register, StagedFile staged) =>
        await import.ExecuteAsync("membership/record_import", new
        {
            FileName = fileName,
            FileHash = hash,
            Rows = register.Records,
            BadRows = staged.BadRows,
            AsOf = asOf.ToDateTime(TimeOnly.MinValue),
            ImportedAt = timeProvider.GetUtcNow(),
        });

    private static async Task<RegisterCounts> RegisterCountsAsync(TransactionQueries import) =>
        await import.QuerySingleAsync<RegisterCounts>("membership/register_counts");

    private MembershipImportResult Imported(string fileName, DateOnly asOf, RegisterCounts register, StagedFile staged, long started)
    {
        var ((records, people), badRows, keptWithoutBirthDate) = (register, staged.BadRows, staged.KeptWithoutBirthDate);
        var elapsedMs = timeProvider.GetElapsedTime(started).TotalMilliseconds;
        LogImported(fileName, records, people, badRows, keptWithoutBirthDate, elapsedMs);
        var badNote = badRows switch { 0 => "", 1 => ", 1 bad row left out", _ => $", {badRows} bad rows left out" };
        var keptNote = keptWithoutBirthDate == 0 ? "" : $", {keptWithoutBirthDate} kept without a birth date";
        return new(fileName, MembershipImportOutcome.Imported,
            $"Imported membership file {fileName}: {records} records of {people} people as of {asOf:yyyy-MM-dd}{badNote}{keptNote}.",
            records, people, badRows, keptWithoutBirthDate, asOf, staged.Problems);
    }

    private MembershipImportResult AlreadyImported(string fileName, ImportRow last)
    {
        LogAlreadyImported(fileName);
        return new(fileName, MembershipImportOutcome.AlreadyImported,
            $"Membership file {fileName} was imported before (as {last.FileName}); nothing changed.",
            last.Rows, 0, 0, 0, last.AsOf, []);
    }

    private MembershipImportResult Held(string fileName, DateOnly asOf, int records, int badRows, IReadOnlyList<MembershipRowProblem> problems, string message)
    {
        // Returning without commit rolls the staging back: the register is untouched.
        LogHeld(fileName, records, badRows);
        return new(fileName, MembershipImportOutcome.Held, message, records, 0, badRows, 0, asOf, problems);
    }

    /// <summary>
    /// The date the file is the truth as of: the last date in its name (kepesertaan_2026-11-20.xlsx, 20261120, or day first
    /// as Indonesians write it: 20-11-2026, 5-12-2026, 20112026, 05 DES 2026; a period 2026-11-01_sd_2026-11-30 is the truth
    /// as of its end), else when it was written, in Jakarta. Candidates may overlap: in Data_3604_05-12-2026 the region
    /// code and the day read as a year and a month first, and a match that took them would hide the date.
    /// </summary>
    public static DateOnly AsOf(string path)
    {
        var name = Path.GetFileNameWithoutExtension(path);
        DateOnly? last = null;
        foreach (Match match in DateInName().Matches(name))
        {
            if (DateOfName(match.Groups[1].Value.Replace('_', '-')) is { Year: >= 2000 and < 2100 } date)
            {
                last = date;
            }
        }

        return last ?? DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(File.GetLastWriteTimeUtc(path), BusinessDay.TimeZone));
    }

    private static DateOnly? DateOfName(string text)
    {
        DateOnly date;
        if (text.Length == 8 && text.All(char.IsAsciiDigit))
        {
            // Eight bare digits are read year first when that makes a date of this century, else day first (01022026 is
            // 1 February 2026).
            return DateOnly.TryParseExact(text, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date) && date.Year is >= 2000 and < 2100
                || DateOnly.TryParseExact(text, "ddMMyyyy", CultureInfo.InvariantCulture, DateTimeStyles.None, out date)
                ? date
                : null;
        }

        if (!text.AsSpan(0, 4).ContainsAnyExceptInRange('0', '9'))
        {
            return DateOnly.TryParseExact(text.Replace('.', '-'), "yyyy-M-d", CultureInfo.InvariantCulture, DateTimeStyles.None, out date) ? date : null;
        }

        return TabularDate.TryParseOffice(text, twoDigitYear: false, out date) ? date : null;
    }

    /// <summary>What SPEC 2.4 calls CSV (Excel's "Unicode Text" and some offices name it .txt) or XLSX.</summary>
    private static readonly string[] Extensions = [".csv", ".txt", ".xlsx"];

    /// <summary>
    /// Streams the file's valid records into the COPY and returns how many rows were bad and how many kept without a birth date. The rows are read and checked
    /// on a thread of their own while this one writes: the worker's CPU, not the server's, bounded the copy (5,000,000
    /// records: 18.7 s of worker CPU in a 21 s copy at the default benchmark scale).
    /// </summary>
    private static async Task<(int BadRows, int KeptWithoutBirthDate)> CopyAsync(
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
            var counts = await reading;
            await importer.CompleteAsync(cancellationToken);
            return counts;
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
    private static async Task<(int BadRows, int KeptWithoutBirthDate)> ReadRecordsAsync(
        ITabularReader reader, MembershipColumns columns, List<MembershipRowProblem> problems, RowHandOver<MembershipRecord> records, CancellationToken cancellationToken)
    {
        try
        {
            var (badRows, kept) = (0, 0);
            while (reader.Read())
            {
                var before = problems.Count;
                var record = columns.Parse(reader, problems, out var notARecord);
                if (notARecord)
                {
                    continue;
                }

                var reported = problems.Count - before;
                if (problems.Count > MaxReportedProblems)
                {
                    problems.RemoveRange(before, reported);
                }

                if (record is null)
                {
                    badRows++;
                    continue;
                }

                kept += reported > 0 ? 1 : 0;
                await records.AddAsync(record, cancellationToken);
            }

            await records.CompleteAsync(cancellationToken);
            return (badRows, kept);
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

    // Year first, eight digits, day first, or a month's name between day and year; each position tried (a lookahead), so
    // candidates overlap.
    [GeneratedRegex(@"(?<!\d)(?=(\d{4}[-_.]\d{1,2}[-_.]\d{1,2}(?!\d)|\d{8}(?!\d)|\d{1,2}[-_.]\d{1,2}[-_.]\d{4}(?!\d)|\d{1,2}[-_. ]?[A-Za-z]{3,9}[-_. ]?\d{4}(?!\d)))")]
    private static partial Regex DateInName();

    [LoggerMessage(EventId = 2000, Level = LogLevel.Information, Message = "Imported membership file {FileName}: {Records} records of {People} people, {BadRows} bad rows left out, {KeptWithoutBirthDate} kept without a birth date, in {ElapsedMs:F0} ms")]
    private partial void LogImported(string fileName, int records, int people, int badRows, int keptWithoutBirthDate, double elapsedMs);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Membership file {FileName} held back ({Records} valid rows, {BadRows} bad rows); the register is unchanged")]
    private partial void LogHeld(string fileName, int records, int badRows);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Membership file {FileName} was imported before; nothing changed")]
    private partial void LogAlreadyImported(string fileName);

    private sealed record ImportRow(string FileName, string FileHash, int Rows, DateOnly AsOf);

    private sealed record RegisterCounts(int Records, int People);

    /// <summary>
    /// The file's valid records once staged: in membership_staging, or, the first file, in the register itself
    /// (<see cref="FirstLoad"/>: its counts). <see cref="NotStaged"/> says why a file was held back before any was.
    /// </summary>
    private sealed record StagedFile(int Records, int BadRows, int KeptWithoutBirthDate, IReadOnlyList<MembershipRowProblem> Problems, RegisterCounts? FirstLoad)
    {
        public string? NotStaged { get; private init; }

        public static StagedFile HeldBack(string message) => new(0, 0, 0, [], null) { NotStaged = message };
    }
}
