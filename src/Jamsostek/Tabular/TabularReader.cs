using System.Globalization;
using System.Text;
using CsvHelper;
using ExcelDataReader;

namespace Jamsostek.Tabular;

/// <summary>A spreadsheet-like source read forward one record at a time, every cell as text.</summary>
internal interface ITabularReader : IDisposable
{
    IReadOnlyList<string> Header { get; }

    /// <summary>The row number of the current record as a person sees it (the header is row 1).</summary>
    int RowNumber { get; }

    bool Read();

    /// <summary>The last row with a cell above <see cref="Header"/> (a title, or the upper half of a header of two rows); null when none.</summary>
    IReadOnlyList<string>? RowAboveHeader { get; }

    /// <summary>
    /// Reads the next row as the lower half of a header of two rows (<see cref="TabularHeader.OverRow"/>); null when no row
    /// follows. Only for a header that lacks columns: the row is consumed.
    /// </summary>
    IReadOnlyList<string>? ReadRowBelowHeader();

    /// <summary>The cells the current row has: a CSV row cut short has fewer than its header (a workbook row never does).</summary>
    int CellCount { get; }

    string? Get(int column);

    /// <summary>The cell was a number in the spreadsheet (only XLSX knows).</summary>
    bool IsNumeric(int column);

    /// <summary>
    /// A CSV row with a cell beyond the header's <paramref name="columns"/>: a delimiter inside an unquoted cell (a name with
    /// ", S.Pd") moved the cells after it one column on. A workbook's cells cannot move, and its columns beyond the header are notes.
    /// </summary>
    bool HasCellsBeyond(int columns);
}

/// <summary>A CSV file or a workbook that cannot be read as one table of rows and cells; the message says where and why, without a cell's text.</summary>
internal sealed class UnreadableTableException(string problem, string masalah, Exception? inner = null) : Exception(problem, inner)
{
    /// <summary>The same problem in Bahasa Indonesia, for the report a village operator reads.</summary>
    public string Masalah { get; } = masalah;
}

/// <summary>What the readers do to every cell they hand out.</summary>
internal static class TabularText
{
    /// <summary>
    /// The text without NUL characters (and trimmed again once they are gone, as every cell is): PostgreSQL text cannot hold
    /// U+0000 (COPY refuses the whole file), and nothing a village or the branch office means is written with it.
    /// Allocates only when a NUL is present.
    /// </summary>
    public static string? WithoutNul(string? text) =>
        text is null || !text.Contains('\0', StringComparison.Ordinal) ? text : text.Replace("\0", "", StringComparison.Ordinal).Trim();

    /// <summary>
    /// How a problem names a cell's column, in English and in Bahasa Indonesia: its header text, else (no header yet, a
    /// column the header leaves blank, a cell beyond it) its letter, as the spreadsheet the operator opens the file in shows it.
    /// A file without a header row has its first row standing in for one: that row is a person's, and its cells would put
    /// their NIK or name into the sentence (SPEC 6), so only a row that names the NIK column names columns.
    /// </summary>
    public static (string Field, string Kolom) ColumnName(IReadOnlyList<string>? header, int column)
    {
        if (header is not null && column < header.Count && !string.IsNullOrWhiteSpace(header[column]) && TabularHeader.IsHeader(header))
        {
            return (header[column], header[column]);
        }

        var letter = ColumnLetter(column);
        return ($"column {letter}", letter);
    }

    /// <summary>
    /// A CSV row far longer than any roster or register row (<see cref="CsvTabularReader"/>'s limit): a cell in it is longer
    /// than <see cref="CsvTabularReader.MaxCellLength"/>, most often a quote left open that ran on into the rows after it.
    /// </summary>
    public static UnreadableTableException RowTooLong(int row, Exception inner) =>
        new($"row {row}: a cell is longer than {CsvTabularReader.MaxCellLength} characters, most often a quote (\") left open; shorten the cell or close the quote",
            $"baris {row}: ada sel yang lebih panjang dari {CsvTabularReader.MaxCellLength} karakter, biasanya karena tanda petik (\") yang tidak ditutup; pendekkan sel itu atau tambahkan tanda petik penutupnya",
            inner);

    /// <summary>A, B, ... Z, AA, AB ...: the letter a spreadsheet gives the column at this index.</summary>
    public static string ColumnLetter(int column)
    {
        var letters = "";
        for (var n = column + 1; n > 0; n = (n - 1) / 26)
        {
            letters = (char)('A' + ((n - 1) % 26)) + letters;
        }

        return letters;
    }

    /// <summary>
    /// A cell longer than <see cref="CsvTabularReader.MaxCellLength"/>: no roster or register cell is that long, and in a CSV
    /// it is most often a quote left open that ran on into the rows after it.
    /// </summary>
    public static UnreadableTableException CellTooLong(int row, IReadOnlyList<string>? header, int column)
    {
        var (field, kolom) = ColumnName(header, column);
        return new UnreadableTableException(
            $"row {row}, field {field}: the cell is longer than {CsvTabularReader.MaxCellLength} characters; shorten it or empty it",
            $"baris {row}, kolom {kolom}: sel itu lebih panjang dari {CsvTabularReader.MaxCellLength} karakter; pendekkan atau kosongkan sel itu");
    }
}

/// <summary>
/// CSV (SPEC 2.1, 2.3): UTF-8 with or without BOM, else Windows-1252; <c>,</c> or <c>;</c> detected from the header line,
/// or named by a first line <c>sep=;</c>.
/// </summary>
internal sealed class CsvTabularReader : ITabularReader
{
    private readonly CsvReader csv;
    private readonly string delimiterText;

    // The current record's cells, and its row as Excel numbers it: one a record, blank lines included.
    private string[] cells = [];
    private int lineRow;

    // Until the first row is handed out, a row numbering the columns (1, 2, 3 ...) is skipped; checked no further.
    private bool dataSeen;

    private CsvTabularReader(StreamReader reader, char delimiter, bool separatorLine)
    {
        if (separatorLine)
        {
            // Excel reads the line as a setting and shows the header as row 1: so do the row numbers of this file.
            reader.ReadLine();
        }

        csv = CsvReader.Create(reader, new CsvReaderOptions
        {
            Separator = delimiter,
            HasHeader = false,
            AllowLineBreaksInQuotes = true,
            // Blank lines are read, to be counted in the row numbers, and passed over in ReadRecord.
            SkipEmptyLines = false,
            TrimWhitespace = true,
            WhitespaceCharacters = " ",
            // No roster or register cell is longer than MaxCellLength (checked in ReadRecord); a row far longer is a quote left
            // open, refused before it fills memory.
            MaxRecordSize = MaxRecordBytes,
            // CsvHelper 34's defaults, set because ReadRecord relies on them: quoting errors and short rows are read and
            // checked there, so that MaxRecordSize is all that makes Read throw.
            MalformedData = CsvMalformedDataHandling.Recover,
            FieldCountMismatch = CsvFieldCountHandling.Allow,
        });
        delimiterText = delimiter.ToString();
        Header = FindHeader();
    }

    /// <summary>
    /// The row that names the NIK, the first or below a title (a village's "DAFTAR PERANGKAT DESA ..." line, blank lines),
    /// as in a workbook; without one, the first row, which the caller reports as lacking its columns. Rows keep the numbers
    /// Excel shows.
    /// </summary>
    private List<string> FindHeader()
    {
        List<string>? first = null;
        for (var row = 0; row <= TabularHeader.MaxTitleRows && ReadRecord(); row++)
        {
            List<string> texts = [.. cells.Select(h => TabularText.WithoutNul(h)!)];
            first ??= texts;
            if (TabularHeader.IsHeader(texts))
            {
                RowNumber = lineRow;
                return texts;
            }

            if (texts.Any(c => c.Length > 0))
            {
                RowAboveHeader = texts;
            }
        }

        RowNumber = 1;
        return first ?? throw new UnreadableTableException("it is empty, without a header row or any row", "berkas kosong, tanpa baris judul kolom maupun baris data");
    }

    public const int MaxCellLength = 4096;

    /// <summary>The longest row read: 64 cells of the longest length in 4-byte UTF-8 characters.</summary>
    private const int MaxRecordBytes = 64 * MaxCellLength * 4;

    public IReadOnlyList<string> Header { get; }

    public IReadOnlyList<string>? RowAboveHeader { get; private set; }

    public int RowNumber { get; private set; }

    public IReadOnlyList<string>? ReadRowBelowHeader() => Read() ? [.. cells.Select(c => TabularText.WithoutNul(c)!)] : null;

    public static CsvTabularReader Open(Stream stream, Encoding encoding)
    {
        var (delimiter, separatorLine) = DetectDelimiter(stream, encoding);
        stream.Position = 0;
        return new CsvTabularReader(new StreamReader(stream, encoding, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16), delimiter, separatorLine);
    }

    public bool Read()
    {
        // Rows of empty cells (what a spreadsheet leaves below its data when saved as CSV) are not rows, as in XLSX.
        while (ReadRecord())
        {
            RowNumber = lineRow;
            if (!IsEmptyRow() && (dataSeen || !TabularHeader.IsColumnNumbering(cells)))
            {
                dataSeen = true;
                return true;
            }
        }

        return false;
    }

    /// <summary>The next record; throws <see cref="UnreadableTableException"/> when the file cannot be cut into rows.</summary>
    private bool ReadRecord()
    {
        do
        {
            try
            {
                if (!csv.Read())
                {
                    cells = [];
                    return false;
                }
            }
            catch (CsvFormatException ex)
            {
                // MaxRecordSize: the options recover from malformed quoting (checked below) and allow short rows.
                throw TabularText.RowTooLong(lineRow + 1, ex);
            }

            lineRow++;
        }
        while (csv.RawRecord.IsEmpty);

        cells = new string[csv.FieldCount];
        for (var i = 0; i < cells.Length; i++)
        {
            // The cell as written, its quotes and the spaces around it included (as CsvHelper 33's MaxFieldSize counted).
            if (csv.GetRawSpan(i) is var raw && raw.Length > MaxCellLength && Encoding.UTF8.GetCharCount(raw) > MaxCellLength)
            {
                throw TabularText.CellTooLong(lineRow, Header, i);
            }

            cells[i] = csv.GetString(i);
        }

        // Only a record spanning several lines can hold a line break: the cells of the others are not searched.
        if (csv.RawRecord.IndexOfAny((byte)'\n', (byte)'\r') >= 0)
        {
            for (var i = 0; i < cells.Length; i++)
            {
                // A line break inside quotes is legal CSV (a cell typed with Alt+Enter); one followed by delimiters is the
                // rows after a stray opening quote, read into one cell: those people would silently leave the roster.
                var cell = cells[i];
                if (cell.AsSpan().IndexOfAny('\n', '\r') is var lineBreak and >= 0 && cell.AsSpan(lineBreak).Contains(delimiterText, StringComparison.Ordinal))
                {
                    throw StrayQuote(i, "so the rows after it were read into the cell", "sehingga baris-baris sesudahnya terbaca masuk ke sel itu");
                }
            }
        }

        // On the last row, a stray quote runs to the end of the file: the rest of the row is read into its last cell, which
        // then holds delimiters, and the row comes out short. Only short rows are looked at, with a quote count that is odd.
        if (Header is { } header && cells.Length < header.Count && cells.Length > 0
            && cells[^1].Contains(delimiterText, StringComparison.Ordinal) && csv.RawRecord.Count((byte)'"') % 2 == 1)
        {
            throw StrayQuote(cells.Length - 1, "so the rest of its row was read into the cell", "sehingga sisa barisnya terbaca masuk ke sel itu");
        }

        return true;
    }

    private UnreadableTableException StrayQuote(int column, string consequence, string akibat)
    {
        // While the header is being looked for, it has no names yet.
        var (field, kolom) = TabularText.ColumnName(Header, column);
        return new UnreadableTableException(
            $"row {lineRow}, field {field}: a quote (\") opens in this cell and is not closed on its row, {consequence}; remove the quote or close it",
            $"baris {lineRow}, kolom {kolom}: tanda petik (\") dibuka di sel ini dan tidak ditutup di barisnya, {akibat}; hapus tanda petik itu atau tambahkan tanda petik penutupnya");
    }

    private bool IsEmptyRow()
    {
        for (var i = 0; i < cells.Length; i++)
        {
            if (!string.IsNullOrWhiteSpace(Get(i)))
            {
                return false;
            }
        }

        return true;
    }

    public int CellCount => cells.Length;

    public string? Get(int column) => column < cells.Length ? TabularText.WithoutNul(cells[column]) : null;

    public bool IsNumeric(int column) => false;

    public bool HasCellsBeyond(int columns)
    {
        for (var i = columns; i < cells.Length; i++)
        {
            if (!string.IsNullOrWhiteSpace(cells[i]))
            {
                return true;
            }
        }

        return false;
    }

    public void Dispose() => csv.Dispose();

    /// <summary>
    /// Indonesian Excel writes <c>;</c>, and Excel's and Google Sheets' tab-separated text a tab; whichever the header line
    /// (the first that names the NIK, below any title rows) holds most of (outside quotes) wins, a comma before a semicolon
    /// before a tab on a tie. A first line <c>sep=;</c> (written by tools so that Excel opens the file in any locale) names
    /// it instead.
    /// </summary>
    private static (char Delimiter, bool SeparatorLine) DetectDelimiter(Stream stream, Encoding encoding)
    {
        using var peek = new StreamReader(stream, encoding, detectEncodingFromByteOrderMarks: true, bufferSize: 4096, leaveOpen: true);
        List<string> lines = [];
        while (lines.Count <= TabularHeader.MaxTitleRows && peek.ReadLine() is { } next)
        {
            lines.Add(next);
        }

        if (lines is [var first, ..] && first.StartsWith("sep=", StringComparison.OrdinalIgnoreCase))
        {
            var rest = first.AsSpan(4);
            var named = rest is ['\t', ..] ? rest[..1] : rest.Trim();
            return named is [',' or ';' or '\t']
                ? (named[0], true)
                : throw new UnreadableTableException(
                    "row 1 names a delimiter other than a comma, a semicolon or a tab (sep=); save the file with one of them between its cells",
                    "baris 1 (sep=) menyebut pemisah selain koma, titik koma atau tab; simpan berkas dengan salah satunya di antara sel");
        }

        var line = lines.FirstOrDefault(l => TabularHeader.IsHeader(l.Split([',', ';', '\t']))) ?? lines.FirstOrDefault() ?? "";
        int commas = 0, semicolons = 0, tabs = 0;
        var quoted = false;
        foreach (var c in line)
        {
            switch (c)
            {
                case '"':
                    quoted = !quoted;
                    break;
                case ',' when !quoted:
                    commas++;
                    break;
                case ';' when !quoted:
                    semicolons++;
                    break;
                case '\t' when !quoted:
                    tabs++;
                    break;
                default:
                    break;
            }
        }

        var delimiter = tabs > commas && tabs > semicolons ? '\t' : semicolons > commas ? ';' : ',';
        return (delimiter, false);
    }
}

/// <summary>XLSX through ExcelDataReader: the named sheet when there is one (OpenSID's "Data Penduduk"), else the first that holds a table.</summary>
internal sealed class XlsxTabularReader : ITabularReader
{
    /// <summary>
    /// What ExcelDataReader throws for a file that is no workbook or a broken one. A workbook's parts are read lazily, so a
    /// broken sheet inside a valid zip shows only while its rows are read: every reader of rows catches this too.
    /// </summary>
    public static bool IsBroken(Exception ex) =>
        ex is System.Xml.XmlException or ExcelDataReader.Exceptions.HeaderException or InvalidDataException or ExcelDataReader.Exceptions.ExcelReaderException;

    private readonly IExcelDataReader reader;

    // ExcelDataReader looks up Windows-1252 even for a workbook: a reader opened before anything else registered the code
    // pages (`review import` of a .xlsx reads no CSV first) stopped on NotSupportedException.
    static XlsxTabularReader() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    // As in CsvTabularReader; rows read while the header is looked for do not count.
    private bool dataSeen;

    // Cells merged down a column below the header (a desa code or a role written once for its group of rows): the value of
    // each range's top cell, taken as its row is read, for the cells below it, which a workbook leaves empty. Only into a
    // row with a NIK of its own, never into the NIK column: a NIK is one person's, and a blank numbered row or a signature
    // block beside a merged cell is nobody. Header cells merged over two rows are left as they are, as a header of two rows
    // reads its empty lower cells (TabularHeader.OverRow).
    // Per column, the range merged down over the current rows and its top value: ranges down one column do not overlap, so
    // each row looks up its cells' ranges at once, however many the sheet has.
    private readonly Dictionary<int, (CellRange Range, string? Top)> mergedTops = [];
    private ILookup<int, CellRange> mergedStarting = Array.Empty<CellRange>().ToLookup(r => r.FromRow);
    private CellRange[]? mergedOfSheet;
    private int headerDepth = int.MaxValue;
    private int nikColumn = -1;

    private XlsxTabularReader(IExcelDataReader reader, string? preferredSheet)
    {
        this.reader = reader;
        if (ToSheet(preferredSheet))
        {
            if (FindHeader())
            {
                return;
            }
        }
        else if (FindSheetWithHeader() is { } sheet)
        {
            EnsureOneTable(sheet);
            return;
        }

        // None does: the first row is the header the caller reports as lacking a column.
        reader.Reset();
        RowNumber = 0;
        ToSheet(preferredSheet);
        Header = ReadHeader();
        (headerDepth, nikColumn) = (reader.Depth, -1);
    }

    /// <summary>
    /// The first sheet whose table names the NIK: a template's instructions ("Petunjuk") or an office's cover sheet often
    /// comes before the sheet with the table.
    /// </summary>
    private int? FindSheetWithHeader()
    {
        var sheet = 0;
        do
        {
            RowNumber = 0;
            if (FindHeader())
            {
                return sheet;
            }

            sheet++;
        }
        while (reader.NextResult());

        return null;
    }

    /// <summary>
    /// Refuses a workbook in which a later sheet holds a table too (an office's PU and BPU members, a village's dusun, one
    /// sheet each): only the first is read, and the others' people would be missing without a word. Then back to the
    /// <paramref name="sheet"/>-th sheet's header.
    /// </summary>
    private void EnsureOneTable(int sheet)
    {
        List<string> tables = [reader.Name];
        while (reader.NextResult())
        {
            RowNumber = 0;
            if (FindHeader())
            {
                tables.Add(reader.Name);
            }
        }

        if (tables.Count > 1)
        {
            var names = string.Join(", ", tables.SkipLast(1).Select(t => $"'{t}'"));
            throw new UnreadableTableException(
                $"sheets {names} and '{tables[^1]}' each hold a table with a nik column, and only one would be read; put every row in one sheet",
                $"lembar {names} dan '{tables[^1]}' masing-masing memuat tabel dengan kolom nik, padahal hanya satu yang dibaca; pindahkan semua baris ke satu lembar");
        }

        reader.Reset();
        for (var i = 0; i < sheet; i++)
        {
            reader.NextResult();
        }

        RowNumber = 0;
        FindHeader();
    }

    /// <summary>The current sheet's header: the row that names the NIK, the first or below a title, a date or a letterhead.</summary>
    private bool FindHeader()
    {
        headerDepth = int.MaxValue;
        Header = ReadHeader();
        RowAboveHeader = null;
        dataSeen = false;
        if (TabularHeader.IsHeader(Header))
        {
            (headerDepth, nikColumn) = (reader.Depth, TabularHeader.NikColumn(Header));
            return true;
        }

        var above = Header;
        for (var titleRows = 0; titleRows < TabularHeader.MaxTitleRows && Read(); titleRows++)
        {
            var row = CurrentRow();
            if (TabularHeader.IsHeader(row))
            {
                (Header, RowAboveHeader, dataSeen, headerDepth, nikColumn) = (row, above, false, reader.Depth, TabularHeader.NikColumn(row));
                return true;
            }

            above = row;
        }

        dataSeen = false;
        return false;
    }

    /// <summary>Moves to the workbook's sheet of that name and says so; else stays at (or goes back to) its first.</summary>
    private bool ToSheet(string? preferredSheet)
    {
        if (preferredSheet is null)
        {
            return false;
        }

        do
        {
            if (string.Equals(reader.Name, preferredSheet, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }
        while (reader.NextResult());

        reader.Reset();
        return false;
    }

    /// <summary>The first row that is not empty.</summary>
    private List<string> ReadHeader() => Read() ? CurrentRow() : [];

    private List<string> CurrentRow() => [.. Enumerable.Range(0, reader.FieldCount).Select(i => Cell(i) ?? "")];

    public IReadOnlyList<string> Header { get; private set; } = [];

    public IReadOnlyList<string>? RowAboveHeader { get; private set; }

    public int RowNumber { get; private set; }

    public IReadOnlyList<string>? ReadRowBelowHeader() => Read() ? CurrentRow() : null;

    public static XlsxTabularReader Open(Stream stream, string? preferredSheet = null) => new(ExcelReaderFactory.CreateOpenXmlReader(stream), preferredSheet);

    public bool Read()
    {
        while (reader.Read())
        {
            RowNumber++;
            KeepMergedTops();
            if (!IsEmptyRow() && (dataSeen || !TabularHeader.IsColumnNumbering(Enumerable.Range(0, reader.FieldCount).Select(Cell))))
            {
                dataSeen = true;
                return true;
            }
        }

        return false;
    }

    public int CellCount => reader.FieldCount;

    public bool HasCellsBeyond(int columns) => false;

    /// <summary>
    /// A cell the caller reads, refused when longer than a CSV cell may be, as a CSV's is: a workbook can hold 32,767
    /// characters in a cell, and a name that long would go into the roster or the register. A long note in a column
    /// nobody reads is left alone.
    /// </summary>
    public string? Get(int column)
    {
        var text = Cell(column);
        return text is { Length: > CsvTabularReader.MaxCellLength } ? throw TabularText.CellTooLong(RowNumber, Header, column) : text;
    }

    private string? Cell(int column)
    {
        if (column >= reader.FieldCount)
        {
            return null;
        }

        if (mergedTops.Count > 0 && column != nikColumn && reader.GetValue(column) is null
            && nikColumn >= 0 && nikColumn < reader.FieldCount && reader.GetValue(nikColumn) is not null
            && mergedTops.TryGetValue(column, out var merged) && merged.Range.FromRow < reader.Depth && reader.Depth <= merged.Range.ToRow)
        {
            return merged.Top;
        }

        return Text(column);
    }

    private void KeepMergedTops()
    {
        if (!ReferenceEquals(reader.MergeCells, mergedOfSheet))
        {
            mergedOfSheet = reader.MergeCells;
            mergedStarting = (mergedOfSheet ?? []).Where(r => r.ToRow > r.FromRow).ToLookup(r => r.FromRow);
            mergedTops.Clear();
        }

        if (reader.Depth <= headerDepth)
        {
            return;
        }

        foreach (var range in mergedStarting[reader.Depth])
        {
            if (range.FromColumn < reader.FieldCount)
            {
                mergedTops[range.FromColumn] = (range, Text(range.FromColumn));
            }
        }
    }

    private string? Text(int column)
    {
        return reader.GetValue(column) switch
        {
            null => null,
            string text => TabularText.WithoutNul(text)!.Trim(),
            double number when number == Math.Floor(number) && Math.Abs(number) < 1e17 => number.ToString("0", CultureInfo.InvariantCulture),
            double number => number.ToString(CultureInfo.InvariantCulture),
            DateTime date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            IFormattable other => other.ToString(null, CultureInfo.InvariantCulture),
            var other => other.ToString(),
        };
    }

    public bool IsNumeric(int column) => column < reader.FieldCount && reader.GetValue(column) is double or int or long or decimal;

    public void Dispose() => reader.Dispose();

    private bool IsEmptyRow()
    {
        for (var i = 0; i < reader.FieldCount; i++)
        {
            if (reader.GetValue(i) is { } value && (value is not string text || !string.IsNullOrWhiteSpace(TabularText.WithoutNul(text))))
            {
                return false;
            }
        }

        return true;
    }
}
