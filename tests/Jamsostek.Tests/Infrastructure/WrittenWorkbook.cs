using System.Globalization;
using System.IO.Compression;
using System.Text;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using ExcelDataReader;
using Jamsostek.Tabular;
using MimeKit;

namespace Jamsostek.Tests.Infrastructure;

/// <summary>A workbook the worker wrote (a digest's attachment, an export) read back as a spreadsheet would: its one sheet, header and typed cells.</summary>
public sealed record WrittenWorkbook(string SheetName, IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyDictionary<string, object?>> Rows, string SheetXml)
{
    // ExcelDataReader looks up Windows-1252 even for a workbook; the worker registers the code pages before it reads one.
    static WrittenWorkbook() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>The message's one workbook attachment.</summary>
    public static WrittenWorkbook Of(MimeMessage message)
    {
        var attachment = message.Attachments.OfType<MimePart>().Single(a => a.ContentType.MimeType == Workbook.ContentType);
        using var content = new MemoryStream();
        attachment.Content!.DecodeTo(content);
        return Read(content);
    }

    public static WrittenWorkbook Read(string path)
    {
        using var content = new MemoryStream(File.ReadAllBytes(path));
        return Read(content);
    }

    private static WrittenWorkbook Read(MemoryStream content)
    {
        content.Position = 0;
        string sheetXml;
        using (var zip = new ZipArchive(content, ZipArchiveMode.Read, leaveOpen: true))
        using (var sheet = new StreamReader(zip.GetEntry("xl/worksheets/sheet1.xml")!.Open()))
        {
            sheetXml = sheet.ReadToEnd();
        }

        // What Excel checks before it opens a file (a drawing element inside the sheet's rows made it offer a repair).
        content.Position = 0;
        using (var document = SpreadsheetDocument.Open(content, isEditable: false))
        {
            Assert.Empty(new OpenXmlValidator().Validate(document).Select(e => $"{e.Path?.XPath}: {e.Description}"));
        }

        content.Position = 0;
        using var reader = ExcelReaderFactory.CreateOpenXmlReader(content);
        Assert.Equal(1, reader.ResultsCount);
        Assert.True(reader.Read());
        var header = Enumerable.Range(0, reader.FieldCount).Select(i => Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture)!).ToList();
        var rows = new List<IReadOnlyDictionary<string, object?>>();
        while (reader.Read())
        {
            rows.Add(header.Select((column, i) => (column, value: reader.GetValue(i))).ToDictionary(c => c.column, c => (object?)c.value, StringComparer.Ordinal));
        }

        return new WrittenWorkbook(reader.Name, header, rows, sheetXml);
    }

    /// <summary>A column's cells as text: a date as <c>yyyy-MM-dd</c>, an empty cell as "".</summary>
    public List<string> Column(string column) => [.. Rows.Select(r => Text(r, column))];

    public static string Text(IReadOnlyDictionary<string, object?> row, string column) => row[column] switch
    {
        null => "",
        DateTime date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        var value => Convert.ToString(value, CultureInfo.InvariantCulture)!,
    };
}
