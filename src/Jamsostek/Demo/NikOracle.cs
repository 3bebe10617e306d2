namespace Jamsostek.Demo;

/// <summary>
/// The generator's own, independent reading of SPEC 3.1 rejections, used only to write the answer key: a roster row
/// whose NIK this rejects is expected in quarantine. It is deliberately separate from the importer's validator so the
/// answer key can catch a mistake there.
/// </summary>
internal static class NikOracle
{
    public static string Clean(string written)
    {
        Span<char> digits = stackalloc char[written.Length];
        var length = 0;
        foreach (var c in written.Trim())
        {
            if (c is not (' ' or '.' or '-'))
            {
                digits[length++] = c;
            }
        }

        return new string(digits[..length]);
    }

    public static bool IsValid(string written, DateOnly today, HashSet<string> knownRegencies)
    {
        var nik = Clean(written);
        if (nik.Length != 16 || !nik.All(char.IsAsciiDigit) || nik[0] == '0' || !knownRegencies.Contains(nik[..4]))
        {
            return false;
        }

        var day = int.Parse(nik.AsSpan(6, 2));
        var month = int.Parse(nik.AsSpan(8, 2));
        var yy = int.Parse(nik.AsSpan(10, 2));
        if (day is 0 or (>= 32 and <= 40) or > 71 || month is < 1 or > 12 || nik[12..] == "0000")
        {
            return false;
        }

        // The century is the latest one that does not put the birth year in the future.
        var year = 2000 + yy > today.Year ? 1900 + yy : 2000 + yy;
        return (day > 40 ? day - 40 : day) <= DateTime.DaysInMonth(year, month);
    }
}
