namespace Jamsostek.Coverage;

/// <summary>SPEC 3.2, in order of precedence; every status but <see cref="Covered"/> is a flag.</summary>
public static class CoverageStatus
{
    public const string NotRegistered = "NOT_REGISTERED";
    public const string NeedsReview = "NEEDS_REVIEW";
    public const string Inactive = "INACTIVE";
    public const string Lapsed = "LAPSED";
    public const string Partial = "PARTIAL";
    public const string Expiring = "EXPIRING";
    public const string Covered = "COVERED";

    public static IReadOnlyList<string> All { get; } = [NotRegistered, NeedsReview, Inactive, Lapsed, Partial, Expiring, Covered];

    /// <summary>The uncovered of SPEC 3.4, whom the regency would enrol: not NEEDS_REVIEW (an admin decides first) nor EXPIRING (still covered).</summary>
    public static IReadOnlyList<string> Uncovered { get; } = [NotRegistered, Inactive, Lapsed, Partial];

    /// <summary>Protected today: the digest's "terlindungi".</summary>
    public static bool IsCovered(string status) => status is Covered or Expiring;
}
