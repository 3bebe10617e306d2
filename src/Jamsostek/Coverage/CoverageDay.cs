using System.Globalization;

namespace Jamsostek.Coverage;

/// <summary>The business day of Kabupaten Serang (Asia/Jakarta), and its one written form in job arguments and the command line.</summary>
public static class CoverageDay
{
    public const string Format = "yyyy-MM-dd";

    public static string ToText(DateOnly day) => day.ToString(Format, CultureInfo.InvariantCulture);

    public static bool TryParse(string? text, out DateOnly day) =>
        DateOnly.TryParseExact(text, Format, CultureInfo.InvariantCulture, DateTimeStyles.None, out day);

    public static DateOnly Parse(string text) =>
        TryParse(text, out var day) ? day : throw new FormatException($"'{text}' is not a day in the form {Format}.");
}
