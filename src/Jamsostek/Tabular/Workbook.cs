using MiniExcelLibs;
using MiniExcelLibs.Attributes;
using MiniExcelLibs.OpenXml;

namespace Jamsostek.Tabular;

/// <summary>A column of a written workbook: its header, its width in characters and, for dates, the number format.</summary>
public sealed record WorkbookColumn(string Name, int Width, string? Format = null);

/// <summary>
/// Lists written for people who open them in Excel: the digest's attachment, and an export to a <c>.xlsx</c> file. Excel set to
/// Indonesian splits a CSV on <c>;</c> and turns a 16-digit NIK into a number that keeps 15 digits; in a workbook a string is a
/// text cell, shown as written and never run as a formula. One sheet, the header frozen and filtered.
/// </summary>
public static class Workbook
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>Whether an output path asks for a workbook (<c>.xlsx</c>) rather than CSV.</summary>
    public static bool IsPath(string path) => Path.GetExtension(path).Equals(".xlsx", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Writes the rows as they are enumerated (memory stays flat); each row's cells in the order of <paramref name="columns"/>.
    /// Synchronously: MiniExcel 1.46's asynchronous writer puts the sheet's drawing element inside its sheetData, which the
    /// format forbids, and Excel offers to repair every such file.
    /// </summary>
    public static void Write(Stream stream, string sheetName, IReadOnlyList<WorkbookColumn> columns, IEnumerable<object?[]> rows, CancellationToken cancellationToken)
    {
        var layout = new OpenXmlConfiguration
        {
            AutoFilter = true,
            FreezeRowCount = 1,
            DynamicColumns = [.. columns.Select(c => new DynamicExcelColumn(c.Name) { Width = c.Width, Format = c.Format })],
        };
        stream.SaveAs(Records(columns, rows, cancellationToken), sheetName: sheetName, excelType: ExcelType.XLSX, configuration: layout);
    }

    private static IEnumerable<Dictionary<string, object?>> Records(IReadOnlyList<WorkbookColumn> columns, IEnumerable<object?[]> rows, CancellationToken cancellationToken)
    {
        foreach (var row in rows)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var record = new Dictionary<string, object?>(columns.Count, StringComparer.Ordinal);
            for (var i = 0; i < columns.Count; i++)
            {
                record[columns[i].Name] = row[i];
            }

            yield return record;
        }
    }
}
