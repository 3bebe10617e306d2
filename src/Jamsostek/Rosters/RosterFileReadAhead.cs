using System.Runtime.CompilerServices;
using Jamsostek.Tabular;

namespace Jamsostek.Rosters;

/// <summary>
/// One roster file hashed, opened, read and checked on a thread of its own, into a bounded buffer: the next file of a run is
/// read while the server merges the one before (<see cref="RosterFileImporter"/>), and memory stays flat however big a file is.
/// Whatever stops the file (not a roster file, a missing column, a cell too long, a broken workbook) is thrown where the
/// inline read threw it: <see cref="FingerprintAsync"/>, <see cref="LayoutAsync"/>, or the row of <see cref="RowsAsync"/> it was read at.
/// </summary>
internal sealed class RosterFileReadAhead : IAsyncDisposable
{
    // 32 chunks of 256 rows, about three per-desa files: the next file is read whole while the server merges one.
    private const int ChunkRows = 256;
    private const int BufferedChunks = 32;

    // Text: SPEC 2.1's CSV, and the tab-separated text Excel ("Unicode Text") and Google Sheets save as .txt or .tsv.
    private static readonly string[] TextExtensions = [".csv", ".txt", ".tsv"];
    private static readonly string[] WorkbookExtensions = [".xlsx", ".xlsm"];

    private readonly RowHandOver<RosterRowCheck> rows = new(ChunkRows, BufferedChunks);

    private readonly TaskCompletionSource<(string Sha256, bool IsUtf8)> fingerprint = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<RosterFileLayout> layout = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource stop;
    private readonly Task reading;

    private RosterFileReadAhead(string path, RosterReferenceData reference, DateOnly today, CancellationToken cancellationToken)
    {
        Path = path;
        FileName = System.IO.Path.GetFileName(path);
        Extension = System.IO.Path.GetExtension(path).ToLowerInvariant();
        stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        reading = Task.Run(() => ReadAsync(reference, today, stop.Token), CancellationToken.None);
    }

    public string Path { get; }

    public string FileName { get; }

    public string Extension { get; }

    /// <summary>Read as delimited text (else as a workbook).</summary>
    public bool IsText => TextExtensions.Contains(Extension);

    /// <summary>Starts reading <paramref name="path"/> at once.</summary>
    public static RosterFileReadAhead Start(string path, RosterReferenceData reference, DateOnly today, CancellationToken cancellationToken) =>
        new(path, reference, today, cancellationToken);

    /// <summary>Lists files of <paramref name="paths"/> in order, each one's reading started while the one before is written.</summary>
    public static async IAsyncEnumerable<RosterFileReadAhead> InOrderAsync(
        IReadOnlyList<string> paths, RosterReferenceData reference, DateOnly today, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var next = paths.Count > 0 ? Start(paths[0], reference, today, cancellationToken) : null;
        try
        {
            for (var i = 0; i < paths.Count; i++)
            {
                await using var current = next!;
                next = i + 1 < paths.Count ? Start(paths[i + 1], reference, today, cancellationToken) : null;
                yield return current;
            }
        }
        finally
        {
            if (next is not null)
            {
                await next.DisposeAsync();
            }
        }
    }

    /// <summary>The file's content hash, and whether it is UTF-8 throughout; throws <see cref="InputRejectedException"/> when it is no roster file.</summary>
    public Task<(string Sha256, bool IsUtf8)> FingerprintAsync() => fingerprint.Task;

    /// <summary>What the header says the file is; throws <see cref="InputRejectedException"/> when it is unreadable or lacks a column.</summary>
    public Task<RosterFileLayout> LayoutAsync() => layout.Task;

    /// <summary>The checked rows, once; a row that could not be read throws here, after the rows before it.</summary>
    public async IAsyncEnumerable<RosterRowCheck> RowsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var chunk in rows.ChunksAsync(cancellationToken))
        {
            foreach (var row in chunk)
            {
                yield return row;
            }
        }

        await reading;
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        try
        {
            await reading;
        }
        catch (Exception)
        {
            // Already thrown where the file was written, or the file was not wanted (unchanged since its last import).
        }

        stop.Dispose();
    }

    private const int ExcelColumnMinNiks = 20;

    private async Task ReadAsync(RosterReferenceData reference, DateOnly today, CancellationToken cancellationToken)
    {
        try
        {
            if (!IsText && !WorkbookExtensions.Contains(Extension))
            {
                throw RosterFileRejection.Of(
                    FileName,
                    "only .csv, .txt, .tsv, .xlsx and .xlsm roster files are read, so save it as .xlsx or .csv",
                    "hanya berkas roster .csv, .txt, .tsv, .xlsx dan .xlsm yang dibaca, jadi simpan sebagai .xlsx atau .csv");
            }

            if (!File.Exists(Path))
            {
                throw RosterFileRejection.Of(FileName, "it does not exist", "berkasnya tidak ada");
            }

            var (sha256, isUtf8) = await FileFingerprint.ReadAsync(Path, cancellationToken);
            fingerprint.SetResult((sha256, isUtf8));

            await using var stream = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            using var reader = Open(stream, isUtf8);
            var fileLayout = RosterFileLayout.Read(FileName, reader, reference);
            layout.SetResult(fileLayout);
            var validator = new RosterRowValidator(reference, today);
            var (niks, endingInZero) = (0, 0);
            while (reader.Read())
            {
                if (fileLayout.IsEnd(reader))
                {
                    break;
                }

                if (fileLayout.Map(reader) is { } row)
                {
                    var check = validator.Check(row);
                    if (check.Nik is { } nik)
                    {
                        niks++;
                        endingInZero += nik[^1] == '0' ? 1 : 0;
                    }

                    await rows.AddAsync(check, cancellationToken);
                }
            }

            // A NIK column Excel formatted as a number and saved as CSV without separators: Excel keeps 15 digits, so every
            // NIK ends in 0 and each still reads as valid (a tenth of real NIKs end in 0; twenty in a row do not by chance).
            if (niks >= ExcelColumnMinNiks && endingInZero == niks)
            {
                throw new UnreadableTableException(
                    $"every one of its {niks} NIKs ends in 0: the nik column was formatted as a number, which keeps 15 digits, so each NIK lost its last digit; format the column as Text and enter the NIKs again",
                    $"semua {niks} NIK di berkas ini berakhiran 0: kolom nik diformat sebagai angka, yang hanya menyimpan 15 digit, sehingga digit terakhir setiap NIK hilang; format kolom nik sebagai Teks lalu isi ulang NIK dari sumbernya");
            }

            await rows.CompleteAsync(cancellationToken);
        }
        catch (Exception ex)
        {
            // Whichever step was awaited next sees it; the rows end here and RowsAsync throws it.
            fingerprint.TrySetException(ex);
            layout.TrySetException(ex);
            rows.Fail();
            throw;
        }
    }

    private ITabularReader Open(Stream stream, bool isUtf8)
    {
        if (IsText)
        {
            // SPEC 2.1: UTF-8 (BOM optional) or Windows-1252; a file that is not valid UTF-8 throughout is read as 1252.
            return CsvTabularReader.Open(stream, isUtf8 ? System.Text.Encoding.UTF8 : FileFingerprint.Windows1252);
        }

        try
        {
            return XlsxTabularReader.Open(stream, OpenSidLayout.SheetName);
        }
        // Opening reads the zip's directory: a file cut short throws an IOException there.
        catch (Exception ex) when (XlsxTabularReader.IsBroken(ex) || ex is IOException)
        {
            throw RosterFileRejection.NotAWorkbook(FileName, ex);
        }
    }
}
