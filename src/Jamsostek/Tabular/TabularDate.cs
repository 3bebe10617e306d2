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

    /// <summary>
    /// The other forms a BPJS office export writes a date in, beyond <see cref="TryParse"/>: <c>YYYY/MM/DD</c>,
    /// <c>DD.MM.YYYY</c>, and the month as a name in Indonesian or English, whole or cut short (<c>30-Jun-2027</c>,
    /// <c>31 Agu 2026</c>, <c>5 Desember 2026</c>); with <paramref name="twoDigitYear"/> also a year of two digits, as
    /// 20YY (<c>30/06/27</c>). Not for rosters: SPEC 2.1 names their forms, and a birth date in any other is a bad row.
    /// </summary>
    public static bool TryParseOffice(ReadOnlySpan<char> text, bool twoDigitYear, out DateOnly date)
    {
        text = text.Trim();
        if (DateOnly.TryParseExact(text, OfficeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
        {
            return true;
        }

        Span<Range> parts = stackalloc Range[4];
        var count = text.SplitAny(parts, "-/. ", StringSplitOptions.RemoveEmptyEntries);
        if (count != 3 || !int.TryParse(text[parts[0]], NumberStyles.None, CultureInfo.InvariantCulture, out var day)
            || !int.TryParse(text[parts[2]], NumberStyles.None, CultureInfo.InvariantCulture, out var year))
        {
            return false;
        }

        var monthText = text[parts[1]];
        var month = int.TryParse(monthText, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : MonthOf(monthText) ?? 0;
        var yearDigits = text[parts[2]].Length;
        if (yearDigits == 2 && twoDigitYear)
        {
            year += 2000;
        }
        else if (yearDigits != 4)
        {
            return false;
        }

        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        date = new DateOnly(year, month, day);
        return true;
    }

    /// <summary>A month's number from its name in Indonesian or English, whole or by its first three letters (Agu, Agt, Ags, Des, Okt ...).</summary>
    public static int? MonthOf(ReadOnlySpan<char> name)
    {
        if (name.Length < 3 || name.Length > 9)
        {
            return null;
        }

        foreach (var c in name)
        {
            if (!char.IsAsciiLetter(c))
            {
                return null;
            }
        }

        Span<char> prefix = stackalloc char[3];
        name[..3].ToUpperInvariant(prefix);
        var month = Array.IndexOf(MonthPrefixes, new string(prefix));
        return month < 0 ? null : MonthNumbers[month];
    }

    private static readonly string[] OfficeFormats = ["yyyy/MM/dd", "yyyy/M/d"];

    private static readonly string[] MonthPrefixes = ["JAN", "FEB", "MAR", "APR", "MEI", "MAY", "JUN", "JUL", "AGU", "AGT", "AGS", "AUG", "SEP", "OKT", "OCT", "NOV", "DES", "DEC"];

    private static readonly int[] MonthNumbers = [1, 2, 3, 4, 5, 5, 6, 7, 8, 8, 8, 8, 9, 10, 10, 11, 12, 12];
}
