using CsvHelper;

namespace Jamsostek.Csv;

/// <summary>
/// CSV for people who open it in a spreadsheet. Names and codes come from villages and BPJS files, so they are untrusted:
/// a cell starting with = + - @ (or a tab or carriage return) would run as a formula (CSV injection). Such a cell is
/// written with a leading apostrophe, which spreadsheets read as "text" and do not show.
/// </summary>
public static class SafeCsv
{
    private static readonly CsvWriterOptions Options = new()
    {
        NewLine = "\n",
        // A cell with the delimiter, a quote or any line break (RFC 4180, a lone CR included) is always quoted; one that starts
        // or ends with a space is too, as CsvHelper 33 did, so that a reader that trims keeps the space.
        ShouldQuote = (field, _, _, _) => field is [' ', ..] or [.., ' '],
        // Neutralised here (Neutralise), the same way for every export, rather than by CsvHelper's Injection option.
        Injection = CsvInjection.None,
        ValidateFieldCount = false,
    };

    public static string Neutralise(string? cell)
    {
        if (string.IsNullOrEmpty(cell))
        {
            return "";
        }

        return cell[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + cell : cell;
    }

    /// <summary>A writer (comma, invariant culture, LF) over <paramref name="writer"/>; write rows with <see cref="WriteRow"/>.</summary>
    public static CsvWriter CreateWriter(TextWriter writer) => CsvWriter.Create(writer, Options, leaveOpen: true);

    /// <summary>A whole export: the header, then each row as it is enumerated.</summary>
    public static async Task WriteAllAsync(TextWriter writer, IReadOnlyList<string> header, IEnumerable<string?[]> rows)
    {
        await using var csv = CreateWriter(writer);
        csv.WriteRow([.. header]);
        foreach (var row in rows)
        {
            csv.WriteRow(row);
        }

        await csv.FlushAsync();
    }

    /// <summary>Writes one record, every cell neutralised.</summary>
    public static void WriteRow(this CsvWriter csv, params ReadOnlySpan<string?> cells)
    {
        foreach (var cell in cells)
        {
            csv.WriteField(Neutralise(cell));
        }

        csv.EndRecord();
    }
}
