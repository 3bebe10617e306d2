using Jamsostek.Demo;

namespace Jamsostek.Tests.Reliability;

/// <summary>A synthetic Serang (one regency-wide roster file in the published template, one BPJS membership file) in a temporary folder.</summary>
public sealed class ReliabilityData : IDisposable
{
    private ReliabilityData(string root, SyntheticDataSummary summary)
    {
        Root = root;
        Summary = summary;
    }

    public string Root { get; }

    public SyntheticDataSummary Summary { get; }

    public string Roster => Summary.RosterPaths.Single();

    public string Membership => Summary.MembershipPath;

    public static ReliabilityData Create(int rosterEntries, int membershipRecords, ulong seed = 7)
    {
        var root = Directory.CreateTempSubdirectory("jamsostek-reliability-").FullName;
        var parameters = new SyntheticDataParameters
        {
            Seed = seed,
            RosterEntries = rosterEntries,
            MembershipRecords = membershipRecords,
            Layout = RosterLayout.SingleFile,
        };
        var summary = SyntheticData.Generate(
            parameters, new SyntheticDataFolders(Path.Combine(root, "rosters"), Path.Combine(root, "membership"), root), CancellationToken.None);
        return new ReliabilityData(root, summary);
    }

    public string Folder(string name) => Directory.CreateDirectory(Path.Combine(Root, name)).FullName;

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
