namespace Jamsostek.Rosters;

/// <summary>
/// The region codes a NIK may start with: every current province and regency plus the pre-2022 Papua regency codes
/// (still on real NIKs), and today's kecamatan list for the warning of SPEC 3.1. Read from the ref schema once per import.
/// </summary>
public sealed class NikRules
{
    private readonly bool[] provinces = new bool[100];
    private readonly bool[] regencies = new bool[10_000];
    private readonly bool[] currentKecamatan = new bool[1_000_000];

    public NikRules(IEnumerable<string> provinceCodes, IEnumerable<string> regencyCodes, IEnumerable<string> currentKecamatanCodes)
    {
        foreach (var code in provinceCodes)
        {
            provinces[int.Parse(code.Trim(), System.Globalization.CultureInfo.InvariantCulture)] = true;
        }

        foreach (var code in regencyCodes)
        {
            regencies[int.Parse(code.Trim(), System.Globalization.CultureInfo.InvariantCulture)] = true;
        }

        foreach (var code in currentKecamatanCodes)
        {
            currentKecamatan[int.Parse(code.Trim(), System.Globalization.CultureInfo.InvariantCulture)] = true;
        }
    }

    public bool IsProvince(int code) => provinces[code];

    public bool IsRegency(int code) => regencies[code];

    public bool IsCurrentKecamatan(int code) => currentKecamatan[code];
}
