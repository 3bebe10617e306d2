using System.ComponentModel.DataAnnotations;

namespace Jamsostek.Matching;

public sealed class MatchingOptions
{
    public const string Section = "Matching";

    /// <summary>
    /// What a roster NIK that differs from a register person's only in the serial digits (13-16), with the same
    /// normalised name and birth date, becomes. SPEC 3.3 rule 2 corrects it; a namesake born the same day in the same
    /// kecamatan differs exactly there (Dukcapil numbers them 0001, 0002, ...), so the default only proposes it for
    /// review (docs/matching.md weighs the two).
    /// </summary>
    [EnumDataType(typeof(SerialDifference), ErrorMessage = "Matching:SerialDifference must be Review or Correct.")]
    public SerialDifference SerialDifference { get; set; } = SerialDifference.Review;
}

/// <summary>The policy of <see cref="MatchingOptions.SerialDifference"/>.</summary>
public enum SerialDifference
{
    /// <summary>A probable match (NEEDS_REVIEW): an admin tells a typo from a namesake.</summary>
    Review,

    /// <summary>A corrected NIK (NIK_KOREKSI), as SPEC 3.3 rule 2 reads, unless another safeguard leaves it in doubt.</summary>
    Correct,
}
