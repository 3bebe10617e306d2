using Jamsostek.Database;

namespace Jamsostek.Demo;

internal sealed record SyntheticDesa(int Index, string Code, string Name, string KecamatanCode, bool Coastal);

/// <summary>
/// The real Serang desa (from the embedded reference file that migration 0001 loads into ref.desa) and the kecamatan
/// codes a resident's NIK can carry: where it was first issued (SPEC 3.1), which is usually but not always home.
/// </summary>
internal sealed class SyntheticRegions
{
    // Kecamatan on the Java Sea or Sunda Strait coast, where villages list fishermen.
    private static readonly HashSet<string> CoastalKecamatan = ["360405", "360407", "360408", "360412", "360413", "360414", "360430", "360431"];

    // Kecamatan of Kabupaten Serang that became Kota Serang in 2007: older NIKs still carry them (a NIK never changes).
    private static readonly string[] FormerSerangKecamatan = ["360401", "360402", "360403", "360404", "360410", "360421"];

    private readonly Dictionary<int, int> nikKecamatanIndex = [];

    private SyntheticRegions()
    {
        var desa = new List<SyntheticDesa>();
        var kecamatan = new List<string>();
        foreach (var (code, level) in ReadColumns("serang_wilayah", 0, 1))
        {
            var plain = code.Replace(".", "", StringComparison.Ordinal);
            if (level == "kecamatan")
            {
                kecamatan.Add(plain);
            }
            else if (level == "desa")
            {
                desa.Add(new SyntheticDesa(desa.Count, plain, "", plain[..6], CoastalKecamatan.Contains(plain[..6])));
            }
        }

        var names = ReadColumns("serang_wilayah", 0, 2).ToDictionary(r => r.Item1.Replace(".", "", StringComparison.Ordinal), r => r.Item2);
        Desa = [.. desa.Select(d => d with { Name = names[d.Code] })];
        SerangKecamatan = [.. kecamatan];

        var otherBanten = new List<string>();
        var jakarta = new List<string>();
        foreach (var (code, _) in ReadColumns("districts", 0, 0))
        {
            var plain = code.Replace(".", "", StringComparison.Ordinal);
            if (plain.StartsWith("36", StringComparison.Ordinal) && !plain.StartsWith("3604", StringComparison.Ordinal))
            {
                otherBanten.Add(plain);
            }
            else if (plain.StartsWith("31", StringComparison.Ordinal))
            {
                jakarta.Add(plain);
            }
        }

        OtherBantenKecamatan = [.. otherBanten];
        JakartaKecamatan = [.. jakarta];
        FormerKecamatan = FormerSerangKecamatan;
        NikKecamatan = [.. SerangKecamatan, .. FormerKecamatan, .. OtherBantenKecamatan, .. JakartaKecamatan];
        for (var i = 0; i < NikKecamatan.Length; i++)
        {
            nikKecamatanIndex[int.Parse(NikKecamatan[i])] = i;
        }

        KnownRegencies = [.. ReadColumns("regencies", 0, 0).Concat(ReadColumns("regencies_historical", 0, 0))
            .Select(r => r.Item1.Replace(".", "", StringComparison.Ordinal))];
    }

    public static SyntheticRegions Instance { get; } = new();

    public SyntheticDesa[] Desa { get; }

    public string[] SerangKecamatan { get; }

    public string[] FormerKecamatan { get; }

    public string[] OtherBantenKecamatan { get; }

    public string[] JakartaKecamatan { get; }

    /// <summary>Every kecamatan code a synthetic NIK can carry; the index is part of the NIK cell (see <see cref="NikCells"/>).</summary>
    public string[] NikKecamatan { get; }

    /// <summary>Province+regency codes a NIK may start with (current, plus pre-2022 Papua codes): SPEC 3.1.</summary>
    public HashSet<string> KnownRegencies { get; }

    public int NikKecamatanIndex(string code) => nikKecamatanIndex[int.Parse(code)];

    public bool TryNikKecamatanIndex(int code, out int index) => nikKecamatanIndex.TryGetValue(code, out index);

    private static IEnumerable<(string, string)> ReadColumns(string dataset, int first, int second)
    {
        using var reader = new StreamReader(SqlText.OpenResource($"sql/reference/{dataset}.csv"));
        reader.ReadLine();
        while (reader.ReadLine() is { } line)
        {
            // The reference files have no quoted fields in the columns read here (codes, levels, Serang names).
            var fields = line.Split(',');
            yield return (fields[first].Trim(), fields[second].Trim());
        }
    }
}
