using System.Globalization;

namespace Jamsostek.Tabular;

/// <summary>
/// A date cell as villages and the branch office write it (SPEC 2.1): <c>YYYY-MM-DD</c>, <c>DD-MM-YYYY</c> or
/// <c>DD/MM/YYYY</c> (what Indonesian Excel saves), day and month with or without their leading zero. A midnight time
/// after it (<c>1990-03-12 00:00:00</c>, what a database export writes for a date column) is no part of the date.
/// </summary>
internal static class TabularDate
{
    private static readonly string[] Formats = ["yyyy-MM-dd", "dd-MM-yyyy", "dd/MM/yyyy", "d-M-yyyy", "d/M/yyyy"];
    private static readonly string[] Midnights = [" 00:00:00", "T00:00:00", " 00:00"];

    /// <summary>Whether the trimmed <paramref name="text"/> is a date in one of the accepted forms.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out DateOnly date)
    {
        text = text.Trim();
        foreach (var midnight in Midnights)
        {
            if (text.EndsWith(midnight, StringComparison.Ordinal))
            {
                text = text[..^midnight.Length];
                break;
            }
        }

        return DateOnly.TryParseExact(text, Formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
    }
}
