using System.Globalization;
using System.Xml;
using CsvHelper;
using ExcelDataReader.Exceptions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Jamsostek.Rosters;

/// <summary>
/// Roster files (SPEC 2.1) and OpenSID exports (SPEC 2.2): from the command line, or from the inbox where processed files move
/// to archive/ and files rejected whole move to rejected/ with <c>&lt;file&gt;.error.txt</c> beside them.
/// </summary>
public sealed partial class RosterFileImporter(
    RosterSnapshotWriter writer,
    IOptions<RostersOptions> options,
    TimeProvider time,
    ILogger<RosterFileImporter> logger)
{
    private static readonly string[] Extensions = [".csv", ".xlsx", ".xlsm"];

    /// <summary>
    /// Imports the files given in one transaction; a file rejected whole is reported in the summary and the others are still imported.
    /// <paramref name="allowShrink"/>: an admin's word that a desa really lost more than half of its people.
    /// </summary>
    public async Task<RosterRunSummary> ImportFilesAsync(IEnumerable<string> paths, RosterReferenceData reference, CancellationToken cancellationToken, bool allowShrink = false)
    {
        var summary = new RosterRunSummary();
        await using var batch = await writer.BeginBatchAsync(cancellationToken);
        foreach (var path in paths)
        {
            summary.Files++;
            try
            {
                var result = await ImportFileAsync(path, reference, batch, cancellationToken, allowShrink);
                summary.Add(result);
                if (result.Skipped)
                {
                    summary.FilesUnchanged++;
                }
            }
            catch (InputRejectedException ex)
            {
                summary.AddRejection(ex.Message);
                var fileName = Path.GetFileName(path);
                LogFileRejected(fileName);
            }
        }

        await batch.CommitAsync(cancellationToken);
        return summary;
    }

    /// <summary>Every roster file in Rosters:InboxPath, oldest first; nothing when no inbox is configured.</summary>
    public async Task<RosterRunSummary> ProcessInboxAsync(RosterReferenceData reference, CancellationToken cancellationToken)
    {
        var summary = new RosterRunSummary();
        var inbox = options.Value.InboxPath;
        if (inbox is null)
        {
            return summary;
        }

        Directory.CreateDirectory(inbox);
        var files = new DirectoryInfo(inbox).EnumerateFiles()
            .Where(f => Extensions.Contains(f.Extension, StringComparer.OrdinalIgnoreCase) && !f.Name.StartsWith('~'))
            .OrderBy(f => f.LastWriteTimeUtc)
            .ThenBy(f => f.Name, StringComparer.Ordinal)
            .ToList();
        if (files.Count == 0)
        {
            return summary;
        }

        var taken = new List<string>();
        await using var batch = await writer.BeginBatchAsync(cancellationToken);
        foreach (var file in files)
        {
            summary.Files++;
            try
            {
                var result = await ImportFileAsync(file.FullName, reference, batch, cancellationToken);
                summary.Add(result);
                if (result.Skipped)
                {
                    summary.FilesUnchanged++;
                }

                taken.Add(file.FullName);
            }
            catch (InputRejectedException ex)
            {
                summary.AddRejection(ex.Message);
                var moved = MoveAside(file.FullName, Path.Combine(inbox, "rejected"));
                await File.WriteAllTextAsync(
                    moved + ".error.txt",
                    $"{ex.Message}{Environment.NewLine}Ditolak / rejected: {time.GetUtcNow().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture)}{Environment.NewLine}",
                    cancellationToken);
                LogFileMovedToRejected(file.Name);
            }
        }

        // Archived once committed: a run that fails leaves its files in the inbox for the next one.
        await batch.CommitAsync(cancellationToken);
        foreach (var path in taken)
        {
            MoveAside(path, Path.Combine(inbox, "archive"));
        }

        return summary;
    }

    /// <summary>One file, under its savepoint in the run's transaction. Throws <see cref="InputRejectedException"/> when the file is rejected whole.</summary>
    private async Task<RosterImportResult> ImportFileAsync(string path, RosterReferenceData reference, RosterBatch batch, CancellationToken cancellationToken, bool allowShrink = false)
    {
        var fileName = Path.GetFileName(path);
        var extension = Path.GetExtension(path).ToLowerInvariant();
        if (!Extensions.Contains(extension))
        {
            throw new InputRejectedException($"File {fileName} is rejected: only .csv and .xlsx roster files are read.");
        }

        if (!File.Exists(path))
        {
            throw new InputRejectedException($"File {fileName} is rejected: it does not exist.");
        }

        var (sha256, isUtf8) = await FileFingerprint.ReadAsync(path, cancellationToken);
        if (await batch.IsUnchangedFileAsync(sha256, cancellationToken))
        {
            LogFileUnchanged(fileName);
            return RosterImportResult.Unchanged(fileName);
        }

        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        try
        {
            using var reader = Open(stream, extension, isUtf8, fileName);
            var layout = RosterFileLayout.For(fileName, reader.Header, reference);
            var validator = new RosterRowValidator(reference, BusinessDay.Today(time));
            return await writer.WriteAsync(batch, new RosterSource(fileName, RosterSourceKind.File), layout.Perans, sha256, Rows(reader, layout).ToAsyncEnumerable(), validator, cancellationToken, allowShrink);
        }
        catch (MaxFieldSizeException ex)
        {
            // Thrown while the file's rows are copied: the writer has rolled back to the file's savepoint.
            throw new InputRejectedException(
                $"File {fileName} is rejected: row {ex.Context?.Parser?.Row} has a cell longer than {CsvTabularReader.MaxCellLength} characters.", ex);
        }
        catch (Exception ex) when (extension != ".csv" && ex is XmlException or HeaderException or InvalidDataException or ExcelReaderException)
        {
            // A workbook's parts are read lazily, so a broken sheet inside a valid zip shows only while its rows are read.
            throw new InputRejectedException($"File {fileName} is rejected: it is not a readable XLSX workbook.", ex);
        }
    }

    private static ITabularReader Open(Stream stream, string extension, bool isUtf8, string fileName)
    {
        if (extension == ".csv")
        {
            // SPEC 2.1: UTF-8 (BOM optional) or Windows-1252; a file that is not valid UTF-8 throughout is read as 1252.
            return CsvTabularReader.Open(stream, isUtf8 ? System.Text.Encoding.UTF8 : FileFingerprint.Windows1252);
        }

        try
        {
            return XlsxTabularReader.Open(stream);
        }
        catch (Exception ex) when (ex is HeaderException or InvalidDataException or ExcelReaderException or IOException)
        {
            throw new InputRejectedException($"File {fileName} is rejected: it is not a readable XLSX workbook.", ex);
        }
    }

    private static IEnumerable<RosterRow> Rows(ITabularReader reader, RosterFileLayout layout)
    {
        while (reader.Read())
        {
            if (layout.IsEnd(reader))
            {
                yield break;
            }

            if (layout.Map(reader) is { } row)
            {
                yield return row;
            }
        }
    }

    private static string MoveAside(string path, string folder)
    {
        Directory.CreateDirectory(folder);
        var target = Path.Combine(folder, Path.GetFileName(path));
        if (File.Exists(target))
        {
            target = Path.Combine(folder, $"{Path.GetFileNameWithoutExtension(path)}.{DateTime.UtcNow:yyyyMMddHHmmssfff}{Path.GetExtension(path)}");
        }

        File.Move(path, target);
        return target;
    }

    [LoggerMessage(EventId = 1200, Level = LogLevel.Debug, Message = "Roster file {File} was rejected whole")]
    private partial void LogFileRejected(string file);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Warning, Message = "Roster file {File} was rejected whole and moved to rejected/ with its error report")]
    private partial void LogFileMovedToRejected(string file);

    [LoggerMessage(EventId = 1201, Level = LogLevel.Information, Message = "Roster file {File} is unchanged since its last import; nothing to do")]
    private partial void LogFileUnchanged(string file);
}
