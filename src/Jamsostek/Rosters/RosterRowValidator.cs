using System.Globalization;
using Jamsostek.Matching;
using Jamsostek.Regions;
using Jamsostek.Tabular;

namespace Jamsostek.Rosters;

/// <summary>The row checks of SPEC 2.1: a valid NIK (3.1), a name, a Serang desa code, a known role, a real birth date.</summary>
public sealed class RosterRowValidator(RosterReferenceData reference, DateOnly today)
{
    private readonly Dictionary<string, string?> peranCache = new(StringComparer.Ordinal);
    private readonly Dictionary<NikWarnings, string[]> warningTexts = [];

    /// <summary>
    /// Checks one row and normalises its name: everything the writer needs, so it can be done ahead on another thread. A bad
    /// row's name is normalised too: the person on the roster under it does not leave (rosters/diff_snapshot).
    /// </summary>
    public RosterRowCheck Check(in RosterRow row)
    {
        if (TryValidate(row, out var valid, out var alasan, out var kodeDesa, out var nik))
        {
            return new RosterRowCheck(row, valid, NamaNormal.Of(valid.Nama), alasan, kodeDesa, nik);
        }

        // A row with cells beyond the header that fails after its desa code and NIK (a name with ", S.Pd" unquoted moved the
        // role one column on) is told why; one that passes keeps its note in a column the header does not name. A failure
        // before the name is no shift's doing.
        if (row.Shifted && kodeDesa is not null && nik is not null)
        {
            alasan = RosterReasons.SelBergeser;
        }

        return new RosterRowCheck(row, null, string.IsNullOrWhiteSpace(row.Nama) ? null : NamaNormal.Of(row.Nama), alasan, kodeDesa, nik);
    }

    /// <summary>Checks one row; on failure <paramref name="alasan"/> is the one-sentence reason and the parsed codes are still given when they were good.</summary>
    private bool TryValidate(in RosterRow row, out ValidRosterRow valid, out string alasan, out string? kodeDesa, out string? nikValue)
    {
        valid = default;
        nikValue = null;
        kodeDesa = ParseKodeDesa(row.KodeDesa);
        if (kodeDesa is null)
        {
            // The NIK still names whose row it is: a mistyped desa code must not make that person leave (diff_snapshot).
            nikValue = Nik.TryParse(row.Nik, reference.NikRules, today, out var named, out _, row.NikFromNumericCell) ? named.Value : null;
            alasan = string.IsNullOrWhiteSpace(row.KodeDesa) ? RosterReasons.KodeDesaKosong : RosterReasons.KodeDesaTidakDikenal;
            return false;
        }

        if (!Nik.TryParse(row.Nik, reference.NikRules, today, out var nik, out var rejection, row.NikFromNumericCell))
        {
            alasan = RosterReasons.Describe(rejection);
            return false;
        }

        nikValue = nik.Value;
        var nama = row.Nama?.Trim();
        // "-" or "..." is how a village writes a name it does not know: no name, and one rule 1 could not tell from any other.
        if (string.IsNullOrEmpty(nama) || !nama.Any(char.IsLetter))
        {
            alasan = RosterReasons.NamaKosong;
            return false;
        }

        var peran = MapPeran(row.Peran);
        if (peran is null)
        {
            alasan = RosterReasons.PeranTidakDikenal;
            return false;
        }

        DateOnly? tanggalLahir = null;
        if (!string.IsNullOrWhiteSpace(row.TanggalLahir))
        {
            if (!TabularDate.TryParse(row.TanggalLahir, out var parsed))
            {
                alasan = RosterReasons.TanggalLahirBukanTanggal;
                return false;
            }

            tanggalLahir = parsed;
        }

        var warnings = nik.Warnings(reference.NikRules, today, tanggalLahir, ParseSex(row.JenisKelamin));
        // Typed '0812... so that Excel keeps the leading zero; a re-save drops the apostrophe, and that is no change of number.
        var noHp = Nik.WithoutTextPrefix(row.NoHp) is { Length: > 0 } phone ? (phone.Length == row.NoHp!.Length ? row.NoHp : phone.ToString()) : null;
        valid = new ValidRosterRow(row.Baris, kodeDesa, nik.Value, peran, nama, nik.BirthDate, tanggalLahir, nik.Sex, noHp, RosterReasons.Describe(warnings, warningTexts));
        alasan = "";
        return true;
    }

    /// <summary>Dotted <c>36.04.01.2001</c> or plain <c>3604012001</c>, and a desa of the reference data.</summary>
    public string? ParseKodeDesa(string? raw)
    {
        if (raw is null)
        {
            return null;
        }

        var span = Nik.WithoutTextPrefix(raw);
        Span<char> digits = stackalloc char[10];
        var length = 0;
        foreach (var c in span)
        {
            if (RegionCode.IsSeparator(c))
            {
                continue;
            }

            if (!char.IsAsciiDigit(c) || length == 10)
            {
                return null;
            }

            digits[length++] = c;
        }

        if (length != 10 || !reference.IsDesa(long.Parse(digits, CultureInfo.InvariantCulture)))
        {
            return null;
        }

        return span.Length == 10 && span.SequenceEqual(digits) ? (raw.Length == 10 ? raw : new string(span)) : new string(digits);
    }

    public string? MapPeran(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }

        if (!peranCache.TryGetValue(raw, out var peran))
        {
            peran = RosterPeran.Map(raw);
            peranCache[raw] = peran;
        }

        return peran;
    }

    private static char? ParseSex(string? raw) =>
        raw?.Trim().ToUpperInvariant() switch
        {
            "L" or "LK" or "LAKI-LAKI" or "LAKI LAKI" or "M" or "MALE" or "1" => 'L',
            "P" or "PR" or "PEREMPUAN" or "W" or "F" or "FEMALE" or "2" => 'P',
            _ => null,
        };
}
