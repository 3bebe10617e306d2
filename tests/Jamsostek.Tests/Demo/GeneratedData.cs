using CsvHelper;
using Jamsostek.Demo;

namespace Jamsostek.Tests.Demo;

/// <summary>A generated data set in a temporary folder, and readers for its answer key and membership file.</summary>
public sealed class GeneratedData : IDisposable
{
    private GeneratedData(string root, SyntheticDataSummary summary)
    {
        Root = root;
        Summary = summary;
    }

    public string Root { get; }

    public SyntheticDataSummary Summary { get; }

    public static GeneratedData Create(SyntheticDataParameters parameters)
    {
        var root = Path.Combine(Path.GetTempPath(), $"jamsostek-gen-{Guid.NewGuid():N}");
        var summary = SyntheticData.Generate(
            parameters, new SyntheticDataFolders(Path.Combine(root, "rosters"), Path.Combine(root, "membership"), root), CancellationToken.None);
        return new GeneratedData(root, summary);
    }

    /// <summary>Every file written, relative to the root, with its bytes.</summary>
    public IReadOnlyDictionary<string, byte[]> Files() =>
        Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(Root, f), File.ReadAllBytes);

    public IEnumerable<Dictionary<string, string>> Truth() => Read(Summary.TruthPath);

    public IEnumerable<Dictionary<string, string>> Membership() => Read(Summary.MembershipPath);

    public void Dispose() => Directory.Delete(Root, recursive: true);

    private static IEnumerable<Dictionary<string, string>> Read(string path)
    {
        using var reader = new StreamReader(path);
        using var csv = CsvReader.Create(reader, new CsvReaderOptions { Separator = ',', AllowLineBreaksInQuotes = true });
        var header = csv.Headers;
        while (csv.Read())
        {
            yield return header.ToDictionary(h => h, csv.GetString);
        }
    }
}
