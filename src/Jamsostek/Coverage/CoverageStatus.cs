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
}
