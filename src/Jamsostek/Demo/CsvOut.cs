using System.Text;

namespace Jamsostek.Demo;

/// <summary>
/// A streaming CSV writer with a large buffer: a row is written and forgotten, so memory stays flat at any scale.
/// The file is written under a ".part" name and renamed when complete, so an inbox never sees half a file.
/// </summary>
internal sealed class CsvOut : IDisposable
{
    private readonly StreamWriter writer;
    private readonly char delimiter;
    private readonly string newLine;
    private readonly string path;
    private bool firstField = true;
    private bool completed;

    public CsvOut(string path, Encoding encoding, char delimiter, bool crlf = false)
    {
        this.path = path;
        this.delimiter = delimiter;
        newLine = crlf ? "\r\n" : "\n";
        writer = new StreamWriter(new FileStream(path + ".part", FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16), encoding, 1 << 16);
    }

    public string Path => path;

    public CsvOut Field(ReadOnlySpan<char> value)
    {
        Separate();
        if (value.IndexOfAny(delimiter, '"', '\n') >= 0 || value.Contains('\r'))
        {
            writer.Write('"');
            foreach (var c in value)
            {
                if (c == '"')
                {
                    writer.Write('"');
                }

                writer.Write(c);
            }

            writer.Write('"');
        }
        else
        {
            writer.Write(value);
        }

        return this;
    }

    /// <summary>A field known to hold no delimiter or quote (digits, codes, dates): written without scanning.</summary>
    public CsvOut Plain(ReadOnlySpan<char> value)
    {
        Separate();
        writer.Write(value);
        return this;
    }

    public CsvOut Plain(long value)
    {
        Span<char> digits = stackalloc char[20];
        value.TryFormat(digits, out var written, default, System.Globalization.CultureInfo.InvariantCulture);
        return Plain(digits[..written]);
    }

    public CsvOut Date(DateOnly? value, DateFormat format)
    {
        if (value is not { } day)
        {
            return Plain([]);
        }

        Span<char> text = stackalloc char[10];
        var (first, second, separator) = format switch
        {
            DateFormat.DayMonthYearDash => (day.Day, day.Month, '-'),
            DateFormat.DayMonthYearSlash => (day.Day, day.Month, '/'),
            _ => (0, 0, '-'),
        };
        if (format == DateFormat.Iso)
        {
            Digits(text[..4], day.Year);
            text[4] = '-';
            Digits(text.Slice(5, 2), day.Month);
            text[7] = '-';
            Digits(text.Slice(8, 2), day.Day);
        }
        else
        {
            Digits(text[..2], first);
            text[2] = separator;
            Digits(text.Slice(3, 2), second);
            text[5] = separator;
            Digits(text.Slice(6, 4), day.Year);
        }

        return Plain(text);
    }

    /// <summary>Appends a completed file written by another <see cref="CsvOut"/> (same encoding, no header) and deletes it.</summary>
    public void Append(string completedPath)
    {
        writer.Flush();
        using (var source = new FileStream(completedPath, FileMode.Open, FileAccess.Read, FileShare.None, 1 << 16))
        {
            source.CopyTo(writer.BaseStream);
        }

        File.Delete(completedPath);
    }

    public void EndRow()
    {
        writer.Write(newLine);
        firstField = true;
    }

    /// <summary>Flushes and gives the file its final name; a file not completed is deleted on dispose.</summary>
    public void Complete()
    {
        writer.Flush();
        writer.Dispose();
        File.Move(path + ".part", path, overwrite: true);
        completed = true;
    }

    public void Dispose()
    {
        if (!completed)
        {
            writer.Dispose();
            File.Delete(path + ".part");
        }
    }

    private void Separate()
    {
        if (!firstField)
        {
            writer.Write(delimiter);
        }

        firstField = false;
    }

    private static void Digits(Span<char> into, int value)
    {
        for (var i = into.Length - 1; i >= 0; i--)
        {
            into[i] = (char)('0' + (value % 10));
            value /= 10;
        }
    }
}

internal enum DateFormat
{
    Iso,
    DayMonthYearDash,
    DayMonthYearSlash,
}
