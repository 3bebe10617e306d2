using System.Text;

namespace Jamsostek.Rosters;

/// <summary>The totals of one run over files and feeds, and the one-line summary the command line prints (SPEC 5).</summary>
public sealed class RosterRunSummary
{
    private readonly Dictionary<string, int> quarantined = new(StringComparer.Ordinal);
    private readonly List<string> rejections = [];

    public int Files { get; set; }

    public int FilesUnchanged { get; set; }

    public int DesaPulled { get; set; }

    public int DesaFailed { get; set; }

    public int Taken { get; private set; }

    public int Appeared { get; private set; }

    public int Changed { get; private set; }

    public int Left { get; private set; }

    public int Warned { get; private set; }

    public IReadOnlyDictionary<string, int> Quarantined => quarantined;

    /// <summary>One sentence per file rejected whole.</summary>
    public IReadOnlyList<string> Rejections => rejections;

    public void Add(RosterImportResult result)
    {
        Taken += result.Taken;
        Appeared += result.Appeared;
        Changed += result.Changed;
        Left += result.Left;
        Warned += result.Warned;
        foreach (var (alasan, rows) in result.Quarantined)
        {
            quarantined[alasan] = quarantined.GetValueOrDefault(alasan) + rows;
        }
    }

    public void AddRejection(string message) => rejections.Add(message);

    public void Add(RosterRunSummary other)
    {
        Files += other.Files;
        FilesUnchanged += other.FilesUnchanged;
        DesaPulled += other.DesaPulled;
        DesaFailed += other.DesaFailed;
        Taken += other.Taken;
        Appeared += other.Appeared;
        Changed += other.Changed;
        Left += other.Left;
        Warned += other.Warned;
        foreach (var (alasan, rows) in other.quarantined)
        {
            quarantined[alasan] = quarantined.GetValueOrDefault(alasan) + rows;
        }

        rejections.AddRange(other.rejections);
    }

    public override string ToString()
    {
        var line = new StringBuilder();
        line.Append($"Rosters: {Files} file(s) ({FilesUnchanged} unchanged, {rejections.Count} rejected), {DesaPulled} desa pulled ({DesaFailed} failed); ");
        line.Append($"rows taken {Taken}, new {Appeared}, changed {Changed}, left {Left}, warned {Warned}, quarantined {quarantined.Values.Sum()}");
        if (quarantined.Count > 0)
        {
            line.Append(" (");
            line.AppendJoin("; ", quarantined.OrderByDescending(q => q.Value).ThenBy(q => q.Key, StringComparer.Ordinal).Select(q => $"{q.Value}× {q.Key.TrimEnd('.')}"));
            line.Append(')');
        }

        return line.Append('.').ToString();
    }
}
