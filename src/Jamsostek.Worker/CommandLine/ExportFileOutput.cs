using System.Text;
using Jamsostek.Tabular;

namespace Jamsostek.Worker.CommandLine;

/// <summary>The <c>--out FILE</c> of the export commands.</summary>
internal static class ExportFileOutput
{
    /// <summary>A message naming the option when the file cannot be written there, else null.</summary>
    public static string? Problem(FileInfo file) =>
        file.Directory is { Exists: false } ? $"--out {file.FullName}: the directory does not exist."
        : Directory.Exists(file.FullName) ? $"--out {file.FullName} is a directory, not a file."
        : OtherSpreadsheets.Contains(file.Extension, StringComparer.OrdinalIgnoreCase) ? $"--out {file.FullName}: a {file.Extension} file is not written; name it .xlsx for an Excel workbook or .csv for CSV."
        : null;

    /// <summary>Names a spreadsheet program would open as its own format, where the export would have written CSV under them.</summary>
    private static readonly string[] OtherSpreadsheets = [".xls", ".xlsm", ".xlsb", ".ods"];

    /// <summary>
    /// Writes an Excel workbook when the file is named <c>.xlsx</c> (Excel set to Indonesian reads a CSV as one column, and a
    /// NIK in it as a number that loses its 16th digit), else CSV. Writes beside the file and moves it in place, so a failed
    /// export leaves neither half a list where the last one was nor a half-written copy beside it. The rows are personal
    /// data: the file is readable by its owner only. CSV is UTF-8 without a byte-order mark: SPEC 5 gives its first line, and
    /// a program reading it as UTF-8 would see the mark in the first column's name; Excel users take the workbook.
    /// </summary>
    public static async Task<T> WriteAsync<T>(FileInfo file, Func<TextWriter, Task<T>> csv, Func<Stream, Task<T>> workbook)
    {
        var partial = file.FullName + ".partial";
        try
        {
            T result;
            await using (var stream = new FileStream(partial, PrivateFile.Options(FileMode.Create)))
            {
                if (Workbook.IsPath(file.Name))
                {
                    result = await workbook(stream);
                }
                else
                {
                    await using var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
                    result = await csv(writer);
                }
            }

            File.Move(partial, file.FullName, overwrite: true);
            return result;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The database's own failures arrive as DbException: an I/O error here is the file's.
            Discard(partial);
            throw new WrongUsageException($"--out {file.FullName} cannot be written: {ex.Message}", ex);
        }
        catch
        {
            Discard(partial);
            throw;
        }
    }

    private static void Discard(string partial)
    {
        try
        {
            File.Delete(partial);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Never written (the folder refused it): nothing to take back.
        }
    }
}
