using System.ComponentModel.DataAnnotations;

namespace Jamsostek.Coverage;

public sealed class CoverageOptions
{
    public const string Section = "Coverage";

    /// <summary>SPEC 3.2: a covered entry paid through less than this many days after the day is EXPIRING.</summary>
    [Range(0, 366, ErrorMessage = "Coverage:ExpiringWindowDays must be between 0 and 366.")]
    public int ExpiringWindowDays { get; set; } = 30;
}
