using System.Text;
using MiniExcelLibs;

namespace Jamsostek.Tests.Rosters;

/// <summary>Roster files written by the tests themselves: CSV in any encoding and delimiter, XLSX through MiniExcel (no binary fixtures).</summary>
public sealed class RosterTestFiles : IDisposable
{
    public const string Header = "kode_desa,nik,nama,tanggal_lahir,jenis_kelamin,peran,no_hp";

    static RosterTestFiles() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public RosterTestFiles()
    {
        Folder = Directory.CreateTempSubdirectory("jamsostek-rosters-").FullName;
    }

    public string Folder { get; }

    public string Csv(string name, IEnumerable<string> lines, Encoding? encoding = null, char delimiter = ',')
    {
        var path = Path.Combine(Folder, name);
        var text = string.Join("\r\n", lines.Select(l => delimiter == ',' ? l : l.Replace(',', delimiter))) + "\r\n";
        File.WriteAllText(path, text, encoding ?? new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        return path;
    }

    public string Csv(string name, params string[] lines) => Csv(name, (IEnumerable<string>)lines);

    /// <summary>An XLSX with one sheet; values keep their .NET type, so a long or double becomes a numeric cell.</summary>
    public string Xlsx(string name, IEnumerable<IDictionary<string, object?>> rows, string sheetName = "Sheet1")
    {
        var path = Path.Combine(Folder, name);
        MiniExcel.SaveAs(path, rows.Select(r => (IDictionary<string, object?>)new Dictionary<string, object?>(r)).ToList(), sheetName: sheetName);
        return path;
    }

    /// <summary>An XLSX with several sheets, in the order given.</summary>
    public string Xlsx(string name, params (string Sheet, IEnumerable<IDictionary<string, object?>> Rows)[] sheets)
    {
        var path = Path.Combine(Folder, name);
        var workbook = new Dictionary<string, object>();
        foreach (var (sheet, rows) in sheets)
        {
            workbook[sheet] = rows.Select(r => (IDictionary<string, object?>)new Dictionary<string, object?>(r)).ToList();
        }

        MiniExcel.SaveAs(path, workbook);
        return path;
    }

    /// <summary>Merges cells of the workbook's first sheet (<c>A2:A4</c>), as Excel's "Merge Cells" leaves them: the value in the top cell only.</summary>
    public static void Merge(string path, params string[] ranges)
    {
        using var zip = System.IO.Compression.ZipFile.Open(path, System.IO.Compression.ZipArchiveMode.Update);
        var entry = zip.GetEntry("xl/worksheets/sheet1.xml")!;
        string xml;
        using (var reader = new StreamReader(entry.Open()))
        {
            xml = reader.ReadToEnd();
        }

        var merges = $"<x:mergeCells count=\"{ranges.Length}\">{string.Concat(ranges.Select(r => $"<x:mergeCell ref=\"{r}\"/>"))}</x:mergeCells>";
        var end = xml.IndexOf("</x:sheetData>", StringComparison.Ordinal) is var at and >= 0 ? at + "</x:sheetData>".Length : throw new InvalidOperationException("no sheetData");
        entry.Delete();
        using var writer = new StreamWriter(zip.CreateEntry("xl/worksheets/sheet1.xml").Open());
        writer.Write(xml.Insert(end, merges));
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still open by a failed test; the temp folder is cleaned by the OS.
        }
    }
}
