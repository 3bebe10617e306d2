using System.Globalization;

namespace Jamsostek.Rosters;

/// <summary>
/// tweb_penduduk.tanggallahir as OpenSID and the APIs over its database write it (SPEC 2.2): a date (<c>1980-05-17</c>, or
/// <c>17-05-1980</c> from the gabungan API's d-m-Y cast); a timestamp of its midnight, which Laravel's plain datetime cast
/// writes as the UTC instant (on a server set to Asia/Jakarta 17 May is <c>1980-05-16T17:00:00.000000Z</c>); or MySQL's
/// zero date, what OpenSID holds for a birth date nobody entered, which Carbon renders as 30 November of year -1
/// (<c>30-11--0001</c>, <c>-0001-11-30</c>, <c>-000001-11-30T00:00:00.000000Z</c>).
/// </summary>
internal static class OpenSidTanggalLahir
{
    /// <summary>The date as text the roster's date rule reads, or null for the zero date: the NIK's own is used, as for an empty cell.</summary>
    public static string? Of(string? value)
    {
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text) || IsZeroDate(text))
        {
            return null;
        }

        if (text.Length <= 10 || text[4] != '-' || text[10] is not ('T' or ' '))
        {
            return text;
        }

        // A date's midnight in any zone from UTC-11 to UTC+11 (Indonesia's are +7 to +9) lies within 12 hours of the day's
        // start in UTC: the nearest midnight is the day.
        var time = text.AsSpan(11);
        var hasOffset = time.EndsWith("Z", StringComparison.OrdinalIgnoreCase) || time.IndexOfAny('+', '-') >= 0;
        return hasOffset && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant)
            ? DateOnly.FromDateTime(instant.UtcDateTime.AddHours(12)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : text[..10];
    }

    // A year of zero, or the year before it where Carbon moves 0000-00-00 to; a lone "-", which a village types for a date
    // it does not know, stays what the roster's rules make of it.
    private static bool IsZeroDate(string text) =>
        text.StartsWith("0000-00-00", StringComparison.Ordinal)
        || text.StartsWith("-0", StringComparison.Ordinal)
        || text.Contains("--0", StringComparison.Ordinal);
}
