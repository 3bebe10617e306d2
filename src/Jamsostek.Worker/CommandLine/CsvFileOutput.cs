using System.Text;

namespace Jamsostek.Worker.CommandLine;

/// <summary>The <c>--out FILE</c> of the export commands.</summary>
internal static class CsvFileOutput
{
    /// <summary>A message naming the option when the file cannot be written there, else null.</summary>
    public static string? Problem(FileInfo file) =>
        file.Directory is { Exists: false } ? $"--out {file.FullName}: the directory does not exist." : null;

    /// <summary>
    /// Writes beside the file and moves it in place, so a failed export never leaves half a list where the last one was.
    /// A byte-order mark makes Excel, which village operators open CSV files with, read UTF-8 names correctly.
    /// </summary>
    public static async Task<int> WriteAsync(FileInfo file, bool byteOrderMark, Func<TextWriter, Task<int>> write)
    {
        var partial = file.FullName + ".partial";
        int rows;
        await using (var writer = new StreamWriter(partial, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: byteOrderMark)))
        {
            rows = await write(writer);
        }

        File.Move(partial, file.FullName, overwrite: true);
        return rows;
    }
}
