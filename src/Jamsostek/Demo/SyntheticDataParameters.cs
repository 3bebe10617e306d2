namespace Jamsostek.Demo;

public enum RosterLayout
{
    /// <summary>One file per desa, each in its operator's habits (delimiter, encoding, header words, date format).</summary>
    PerDesa,

    /// <summary>One regency-wide file in the template as published (UTF-8, comma, ISO dates).</summary>
    SingleFile,
}

/// <summary>What to generate. The defaults are the benchmark's default scale; the same seed always gives the same files.</summary>
public sealed record SyntheticDataParameters
{
    public ulong Seed { get; init; } = 20261123;

    public int RosterEntries { get; init; } = 1_000_000;

    /// <summary>Rows of the membership file: about half the roster people's records plus other people of Banten until this many.</summary>
    public int MembershipRecords { get; init; } = 5_000_000;

    public RosterLayout Layout { get; init; } = RosterLayout.PerDesa;

    /// <summary>The day the register describes: payments, arrears and lapses are placed around it.</summary>
    public DateOnly ReferenceDate { get; init; } = new(2026, 11, 23);

    /// <summary>The day D of SPEC 3.2 the answer key's statuses are computed for; the reference date when not given.</summary>
    public DateOnly? AsOf { get; init; }

    public int ExpiringWindowDays { get; init; } = 30;

    /// <summary>
    /// 0 for a first data set; 0.01 for the "1% changed night" of the same seed: one roster entry in a hundred leaves or is
    /// replaced by a newcomer, and one membership record in a hundred is paid for another month or reactivated.
    /// </summary>
    public double ChangedFraction { get; init; }

    /// <summary>How often a village writes a name differently from BPJS (titles, abbreviations, old spelling, "bin").</summary>
    public double NameVariantRate { get; init; } = 0.3;

    public RosterMistakeRates Mistakes { get; init; } = new();

    /// <summary>Different people in the register who share a roster person's name and birth date (SPEC 3.3: never proof).</summary>
    public double NameTwinRate { get; init; } = 0.004;

    public DateOnly TruthDate => AsOf ?? ReferenceDate;

    public static SyntheticDataParameters Small => new() { RosterEntries = 20_000, MembershipRecords = 100_000 };

    public static SyntheticDataParameters Demo => new() { RosterEntries = 30_000, MembershipRecords = 60_000 };
}

/// <summary>Per-row rates of the mistakes villages really make in roster files (SPEC 2.1, 3.1).</summary>
public sealed record RosterMistakeRates
{
    public double NikOneDigit { get; init; } = 0.008;

    public double NikSwappedNeighbours { get; init; } = 0.004;

    /// <summary>A NIK column Excel turned into a number: "3.60405E+15".</summary>
    public double NikExcelScientific { get; init; } = 0.001;

    /// <summary>OpenSID's temporary NIK for residents without one: a leading 0.</summary>
    public double NikOpenSidTemporary { get; init; } = 0.0005;

    public double EmptyName { get; init; } = 0.001;

    public double BadDesaCode { get; init; } = 0.0005;

    /// <summary>Every NIK mistake together: the share of rows whose written NIK is not the person's.</summary>
    public double AnyNik => NikOneDigit + NikSwappedNeighbours + NikExcelScientific + NikOpenSidTemporary;
}

/// <summary>Where the files go: the roster files, the membership file, and the answer key with the roster manifest.</summary>
public sealed record SyntheticDataFolders(string Rosters, string Membership, string Truth);

public sealed record SyntheticDataSummary(
    int RosterFiles,
    int RosterRows,
    int RosterPeople,
    int MembershipRecords,
    int MembershipPeople,
    int QuarantineExpected,
    IReadOnlyDictionary<string, int> TrueStatusCounts,
    IReadOnlyList<string> RosterPaths,
    string MembershipPath,
    string TruthPath,
    string ManifestPath,
    TimeSpan Elapsed);
