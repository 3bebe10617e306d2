using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using ExcelDataReader;

namespace Jamsostek.Membership;

/// <summary>Reads a membership file (SPEC 2.3) row by row, never whole: CSV (UTF-8 with or without BOM, or Windows-1252; `,` or `;`) or XLSX.</summary>
internal abstract class MembershipFileReader : IDisposable
{
    /// <summary>The header row, trimmed; empty when the file has none.</summary>
    public abstract IReadOnlyList<string> Header { get; }

    /// <summary>The row number in the file as a spreadsheet shows it: the header is row 1.</summary>
    public abstract int RowNumber { get; }

    public abstract bool Read();

    public abstract string? Text(int column);

    /// <summary>Whether the cell is a number (XLSX): a NIK stored as a number has lost its 16th digit (SPEC 3.1).</summary>
    public abstract bool IsNumber(int column);

    public abstract void Dispose();

    public const int MaxCellLength = 4096;

    public static bool IsSpreadsheet(string path) =>
        Path.GetExtension(path).ToUpperInvariant() is ".XLSX" or ".XLS";

    public static MembershipFileReader Open(string path, bool isUtf8)
    {
        // Windows-1252 (Indonesian Excel's CSV) and the legacy XLS code pages are not built into .NET; registering twice is harmless.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return IsSpreadsheet(path) ? new Spreadsheet(path) : new Csv(path, isUtf8);
    }

    private sealed class Csv : MembershipFileReader
    {
        private readonly StreamReader text;
        private readonly CsvReader csv;

        public Csv(string path, bool isUtf8)
        {
            var encoding = isUtf8 ? new UTF8Encoding(false) : Encoding.GetEncoding(1252);
            text = new StreamReader(path, encoding, detectEncodingFromByteOrderMarks: true);
            csv = new CsvReader(text, new CsvConfiguration(CultureInfo.InvariantCulture)
            {
                DetectDelimiter = true,
                DetectDelimiterValues = [",", ";"],
                TrimOptions = TrimOptions.Trim,
                BadDataFound = null,
                MissingFieldFound = null,
                // No register cell is longer than this; a longer one is a broken file, held back before it fills memory.
                MaxFieldSize = MaxCellLength,
            });
            Header = csv.Read() && csv.ReadHeader() ? [.. csv.HeaderRecord!.Select(h => h.Trim())] : [];
        }

        public override IReadOnlyList<string> Header { get; }

        public override int RowNumber => csv.Parser.Row;

        public override bool Read() => csv.Read();

        public override string? Text(int column) => column < csv.Parser.Count ? csv.GetField(column) : null;

        public override bool IsNumber(int column) => false;

        public override void Dispose()
        {
            csv.Dispose();
            text.Dispose();
        }
    }

    private sealed class Spreadsheet : MembershipFileReader
    {
        private readonly FileStream stream;
        private readonly IExcelDataReader excel;
        private int row;

        public Spreadsheet(string path)
        {
            stream = File.OpenRead(path);
            excel = ExcelReaderFactory.CreateReader(stream);
            if (excel.Read())
            {
                row = 1;
                Header = [.. Enumerable.Range(0, excel.FieldCount).Select(i => Text(i)?.Trim() ?? "")];
            }
            else
            {
                Header = [];
            }
        }

        public override IReadOnlyList<string> Header { get; }

        public override int RowNumber => row;

        public override bool Read()
        {
            // The first sheet only; empty rows (formatting left behind below the data) are skipped.
            while (excel.Read())
            {
                row++;
                if (Enumerable.Range(0, excel.FieldCount).Any(i => !string.IsNullOrWhiteSpace(Text(i))))
                {
                    return true;
                }
            }

            return false;
        }

        public override string? Text(int column)
        {
            if (column >= excel.FieldCount)
            {
                return null;
            }

            // Cells are read as text: dates as YYYY-MM-DD, numbers as written.
            return excel.GetValue(column) switch
            {
                null => null,
                string s => s.Trim(),
                DateTime d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                double d => d.ToString("0.##############", CultureInfo.InvariantCulture),
                IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                var other => other.ToString(),
            };
        }

        public override bool IsNumber(int column) => column < excel.FieldCount && excel.GetValue(column) is double or int or long or decimal;

        public override void Dispose()
        {
            excel.Dispose();
            stream.Dispose();
        }
    }
}
