namespace Jamsostek.Membership;

public enum MembershipImportOutcome
{
    /// <summary>The file replaced the register.</summary>
    Imported,

    /// <summary>The same content was imported before: nothing changed.</summary>
    AlreadyImported,

    /// <summary>The file was refused whole and the register is unchanged (SPEC 2.4); <see cref="MembershipImportResult.Message"/> says why.</summary>
    Held,
}

/// <summary>What importing one membership file did. Carries counts, row numbers and field names, never personal data.</summary>
public sealed record MembershipImportResult(
    string FileName,
    MembershipImportOutcome Outcome,
    string Message,
    int Records,
    int People,
    int BadRows,
    int KeptWithoutBirthDate,
    DateOnly? AsOf,
    IReadOnlyList<MembershipRowProblem> Problems)
{
    /// <summary>The text written beside a held or partly bad file: the sentence, then every row reported.</summary>
    public string Report()
    {
        var lines = new List<string> { Message };
        lines.AddRange(Problems.Select(p => p.ToString()));
        if (BadRows > Problems.Count)
        {
            lines.Add($"... and {BadRows - Problems.Count} more bad rows.");
        }

        return string.Join(Environment.NewLine, lines) + Environment.NewLine;
    }
}
