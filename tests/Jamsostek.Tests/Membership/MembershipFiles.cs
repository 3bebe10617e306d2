using System.Text;
using MiniExcelLibs;

namespace Jamsostek.Tests.Membership;

/// <summary>Membership files as the BPJS branch sends them (SPEC 2.3), written to a temporary folder.</summary>
internal sealed class MembershipFiles : IDisposable
{
    public const string Header = "nik,kpj,nama,tanggal_lahir,segmen,program,status,iuran_sampai";

    public MembershipFiles() => Folder = Directory.CreateTempSubdirectory("jamsostek-membership-").FullName;

    public string Folder { get; }

    /// <summary>A CSV named <paramref name="name"/>; the as-of date comes from the name when it holds one.</summary>
    public string Csv(string name, IEnumerable<string> lines, Encoding? encoding = null, string? folder = null)
    {
        var path = Path.Combine(folder ?? Folder, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, string.Join("\r\n", lines) + "\r\n", encoding ?? new UTF8Encoding(false));
        return path;
    }

    public string Xlsx(string name, IEnumerable<IDictionary<string, object?>> rows)
    {
        var path = Path.Combine(Folder, name);
        MiniExcel.SaveAs(path, rows);
        return path;
    }

    /// <summary>
    /// Rows of cells as a CSV, or as a workbook when <paramref name="name"/> ends in .xlsx, written as they are (no header
    /// of MiniExcel's own); an empty cell is an empty workbook cell, as a merged one reads.
    /// </summary>
    public string Table(string name, string[][] rows)
    {
        if (!name.EndsWith(".xlsx", StringComparison.Ordinal))
        {
            return Csv(name, rows.Select(r => string.Join(',', r)));
        }

        var path = Path.Combine(Folder, name);
        MiniExcel.SaveAs(
            path,
            rows.Select(r => r.Select((cell, i) => (Key: $"c{i}", Value: cell.Length == 0 ? null : (object?)cell)).ToDictionary(c => c.Key, c => c.Value)),
            printHeader: false);
        return path;
    }

    /// <summary>Valid rows for <paramref name="people"/> distinct people, each with one active BPU membership.</summary>
    public static IEnumerable<string> People(int people, int firstSerial = 1) =>
        Enumerable.Range(firstSerial, people).Select(i => Row($"36040512039{i:00000}", $"KPJ{i:000000}", $"Peserta {i}"));

    public static string Row(string nik, string kpj, string nama, string tanggalLahir = "1990-03-12", string segmen = "BPU",
        string program = "JKK;JKM", string status = "AKTIF", string iuranSampai = "2027-01-31") =>
        $"{nik},{kpj},{nama},{tanggalLahir},{segmen},\"{program}\",{status},{iuranSampai}";

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
