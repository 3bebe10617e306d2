namespace Jamsostek.Rosters;

/// <summary>
/// A 16-digit NIK and what it encodes (SPEC 3.1): province, regency and kecamatan of first issue, birth date
/// (women add 40 to the day), sex and serial. There is no check digit, so validity is what the parts allow.
/// </summary>
public readonly record struct Nik(string Value, DateOnly BirthDate, char Sex)
{
    private static readonly System.Buffers.SearchValues<char> MantissaChars = System.Buffers.SearchValues.Create("0123456789.,");
    private static readonly System.Buffers.SearchValues<char> DigitChars = System.Buffers.SearchValues.Create("0123456789");

    public int KecamatanCode => ParseDigits(Value.AsSpan(0, 6));

    public override string ToString() => Value;

    /// <summary>
    /// Parses a NIK as written by a village. <paramref name="fromNumericCell"/> says the value came from a numeric spreadsheet
    /// cell: a double keeps 15 digits, so the 16th is already lost.
    /// </summary>
    public static bool TryParse(string? raw, NikRules rules, DateOnly today, out Nik nik, out NikRejection rejection, bool fromNumericCell = false)
    {
        nik = default;
        if (string.IsNullOrWhiteSpace(raw) && !fromNumericCell)
        {
            rejection = NikRejection.Empty;
            return false;
        }

        if (fromNumericCell || LooksLikeExcelNumber(raw))
        {
            rejection = NikRejection.ExcelNumber;
            return false;
        }

        Span<char> digits = stackalloc char[16];
        var length = 0;
        foreach (var c in WithoutTextPrefix(raw))
        {
            if (IsSeparator(c))
            {
                continue;
            }

            if (!char.IsAsciiDigit(c) || length == 16)
            {
                rejection = NikRejection.NotSixteenDigits;
                return false;
            }

            digits[length++] = c;
        }

        // OpenSID numbers residents without a Dukcapil NIK from 0 (its nik_sementara); they can never match BPJS.
        if (length > 0 && digits[0] == '0')
        {
            rejection = NikRejection.TemporaryOpenSid;
            return false;
        }

        if (length != 16)
        {
            rejection = NikRejection.NotSixteenDigits;
            return false;
        }

        if (!rules.IsProvince(ParseDigits(digits[..2])))
        {
            rejection = NikRejection.UnknownProvince;
            return false;
        }

        if (!rules.IsRegency(ParseDigits(digits[..4])))
        {
            rejection = NikRejection.UnknownRegency;
            return false;
        }

        var dayCode = ParseDigits(digits.Slice(6, 2));
        if (dayCode is 0 or (>= 32 and <= 40) or > 71)
        {
            rejection = NikRejection.InvalidDay;
            return false;
        }

        var month = ParseDigits(digits.Slice(8, 2));
        if (month is < 1 or > 12)
        {
            rejection = NikRejection.InvalidMonth;
            return false;
        }

        // The century is not written: take the latest year with these two digits that is not in the future.
        var yy = ParseDigits(digits.Slice(10, 2));
        var year = today.Year / 100 * 100 + yy;
        if (year > today.Year)
        {
            year -= 100;
        }

        var day = dayCode > 40 ? dayCode - 40 : dayCode;
        if (day > DateTime.DaysInMonth(year, month))
        {
            rejection = NikRejection.DateDoesNotExist;
            return false;
        }

        if (digits[12] == '0' && digits[13] == '0' && digits[14] == '0' && digits[15] == '0')
        {
            rejection = NikRejection.SerialZero;
            return false;
        }

        var value = raw!.Length == 16 && raw.AsSpan().SequenceEqual(digits) ? raw : new string(digits);
        nik = new Nik(value, new DateOnly(year, month, day), dayCode > 40 ? 'P' : 'L');
        rejection = NikRejection.None;
        return true;
    }

    /// <summary>The SPEC 3.1 warnings: facts that do not reject the row but are reported to the village.</summary>
    public NikWarnings Warnings(NikRules rules, DateOnly today, DateOnly? rosterBirthDate = null, char? rosterSex = null)
    {
        var warnings = NikWarnings.None;
        if (!rules.IsCurrentKecamatan(KecamatanCode))
        {
            warnings |= NikWarnings.KecamatanNotCurrent;
        }

        if (BirthDate.AddYears(15) > today)
        {
            warnings |= NikWarnings.YoungerThan15;
        }

        if (rosterBirthDate is { } birthDate && birthDate != BirthDate)
        {
            warnings |= NikWarnings.BirthDateContradicts;
        }

        if (rosterSex is { } sex && sex != Sex)
        {
            warnings |= NikWarnings.SexContradicts;
        }

        return warnings;
    }

    /// <summary>
    /// What people put between a NIK's digit groups (a no-break space when it was copied from a web page), and the invisible
    /// marks a copy from a chat or a web page carries (zero-width spaces and joiners, direction marks, a byte-order mark left
    /// where two files were joined): the cell looks like 16 digits to whoever is asked to fix it.
    /// </summary>
    public static System.Buffers.SearchValues<char> Separators { get; } =
        System.Buffers.SearchValues.Create(" .-\u00A0\u200B\u200C\u200D\u200E\u200F\u202A\u202B\u202C\u202D\u202E\u2060\u2066\u2067\u2068\u2069\uFEFF");

    public static bool IsSeparator(char c) => Separators.Contains(c);

    /// <summary>
    /// The cell without spaces around it and without Excel's ways of keeping a long number text: the apostrophe villages type
    /// before it ('3604...: Excel hides it, but a CSV written by another program, or copied from the formula bar, keeps it),
    /// or the formula ="3604..." that programs exporting for Excel write.
    /// </summary>
    public static ReadOnlySpan<char> WithoutTextPrefix(string? raw)
    {
        // A byte-order mark too: two CSV files joined with `copy /b` put the second one's at the start of a row.
        var cell = (raw ?? "").AsSpan().Trim().Trim('\uFEFF').Trim();
        return cell.Length > 3 && cell.StartsWith("=\"") && cell[^1] == '"' ? cell[2..^1].Trim() : cell.TrimStart("'’‘`").TrimStart();
    }

    /// <summary>
    /// A long number as Excel writes it into CSV once the column is formatted as a number: 3.60401E+15 (3,60401E+15 in an
    /// Indonesian locale), with thousands separators (3.604.051.705.800.000), or with decimals (3604051705800000.0).
    /// Excel keeps 15 digits, so the 16th is already lost.
    /// </summary>
    public static bool LooksLikeExcelNumber(string? raw)
    {
        if (raw is null)
        {
            return false;
        }

        var span = raw.AsSpan().Trim();
        if (IsThousandsGrouped(span) || IsWithDecimals(span))
        {
            return true;
        }

        var e = span.IndexOfAny('E', 'e');
        if (e <= 0 || !char.IsAsciiDigit(span[0]))
        {
            return false;
        }

        var exponent = span[(e + 1)..].TrimStart('+');
        return exponent.Length > 0 && !span[..e].ContainsAnyExcept(MantissaChars) && !exponent.ContainsAnyExcept(DigitChars);
    }

    /// <summary>
    /// 1 to 3 digits, then groups of three after one separator, five groups at least, ending in 0: the 16th digit Excel did
    /// not keep. A NIK dotted in threes that ends in another digit is a NIK with separators, read as one.
    /// </summary>
    private static bool IsThousandsGrouped(ReadOnlySpan<char> span)
    {
        var separator = span.IndexOfAny('.', ',');
        if (separator is < 1 or > 3 || span[..separator].ContainsAnyExcept(DigitChars))
        {
            return false;
        }

        var groups = 0;
        for (var rest = span[separator..]; rest.Length > 0; rest = rest[4..], groups++)
        {
            if (rest.Length < 4 || rest[0] != span[separator] || rest[1..4].ContainsAnyExcept(DigitChars))
            {
                return false;
            }
        }

        return groups >= 5 && span[^1] == '0';
    }

    /// <summary>15 digits, or 16 ending in 0, then a decimal point and zeros.</summary>
    private static bool IsWithDecimals(ReadOnlySpan<char> span)
    {
        var point = span.IndexOfAny('.', ',');
        return (point == 15 || (point == 16 && span[15] == '0'))
            && !span[..point].ContainsAnyExcept(DigitChars) && span.Length > point + 1 && !span[(point + 1)..].ContainsAnyExcept('0');
    }

    private static int ParseDigits(ReadOnlySpan<char> digits)
    {
        var value = 0;
        foreach (var c in digits)
        {
            value = value * 10 + (c - '0');
        }

        return value;
    }
}

public enum NikRejection
{
    None,
    Empty,
    NotSixteenDigits,
    ExcelNumber,
    TemporaryOpenSid,
    UnknownProvince,
    UnknownRegency,
    InvalidDay,
    InvalidMonth,
    DateDoesNotExist,
    SerialZero,
}

[Flags]
public enum NikWarnings
{
    None = 0,
    KecamatanNotCurrent = 1,
    YoungerThan15 = 2,
    BirthDateContradicts = 4,
    SexContradicts = 8,
}
