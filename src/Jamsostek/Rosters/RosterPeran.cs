using System.Text;
using System.Text.RegularExpressions;

namespace Jamsostek.Rosters;

/// <summary>The roles of SPEC 2.1, and the labels villages write for them ("Ketua RT", "kader posyandu", English aliases).</summary>
public static partial class RosterPeran
{
    public static readonly IReadOnlyList<string> All =
        ["BPD", "KETUA_RT", "KETUA_RW", "PERANGKAT_DESA", "KADER_POSYANDU", "PENDAMPING_PKH", "PETANI", "NELAYAN", "LAINNYA"];

    /// <summary>A role as villages and officials read it ("Kader posyandu" for KADER_POSYANDU), in reports and digests.</summary>
    public static string Label(string peran) => peran switch
    {
        "BPD" => "Anggota BPD",
        "KETUA_RT" => "Ketua RT",
        "KETUA_RW" => "Ketua RW",
        "PERANGKAT_DESA" => "Perangkat desa",
        "KADER_POSYANDU" => "Kader posyandu",
        "PENDAMPING_PKH" => "Pendamping PKH",
        "PETANI" => "Petani",
        "NELAYAN" => "Nelayan",
        "LAINNYA" => "Lainnya",
        _ => peran,
    };

    private static readonly Dictionary<string, string> Aliases = new(StringComparer.Ordinal)
    {
        ["ANGGOTA_BPD"] = "BPD",
        ["KETUA_BPD"] = "BPD",
        ["WAKIL_KETUA_BPD"] = "BPD",
        ["SEKRETARIS_BPD"] = "BPD",
        ["BADAN_PERMUSYAWARATAN_DESA"] = "BPD",
        ["PENGURUS_BPD"] = "BPD",
        ["RT"] = "KETUA_RT",
        ["KETUA_RUKUN_TETANGGA"] = "KETUA_RT",
        ["RT_HEAD"] = "KETUA_RT",
        ["RW"] = "KETUA_RW",
        ["KETUA_RUKUN_WARGA"] = "KETUA_RW",
        ["RW_HEAD"] = "KETUA_RW",
        ["PERANGKAT"] = "PERANGKAT_DESA",
        ["APARAT_DESA"] = "PERANGKAT_DESA",
        ["KEPALA_DESA"] = "PERANGKAT_DESA",
        ["KADES"] = "PERANGKAT_DESA",
        ["SEKRETARIS_DESA"] = "PERANGKAT_DESA",
        ["SEKDES"] = "PERANGKAT_DESA",
        ["KEPALA_KEWILAYAHAN"] = "PERANGKAT_DESA",
        ["STAF_DESA"] = "PERANGKAT_DESA",
        ["BENDAHARA_DESA"] = "PERANGKAT_DESA",
        ["VILLAGE_OFFICIAL"] = "PERANGKAT_DESA",
        ["VILLAGE_STAFF"] = "PERANGKAT_DESA",
        ["OPERATOR_DESA"] = "PERANGKAT_DESA",
        // The village staff who keep its information system (OpenSID and the like).
        ["OPERATOR_SID"] = "PERANGKAT_DESA",
        ["KADER"] = "KADER_POSYANDU",
        ["POSYANDU"] = "KADER_POSYANDU",
        ["POSYANDU_CADRE"] = "KADER_POSYANDU",
        // Posyandu is the village's health post: its cadres are what villages call their health cadres.
        ["KADER_KESEHATAN"] = "KADER_POSYANDU",
        ["PKH"] = "PENDAMPING_PKH",
        ["PKH_FACILITATOR"] = "PENDAMPING_PKH",
        // The programme's own title for its facilitators.
        ["PENDAMPING_SOSIAL_PKH"] = "PENDAMPING_PKH",
        ["PETANI_PEKEBUN"] = "PETANI",
        ["PEKEBUN"] = "PETANI",
        ["PETERNAK"] = "PETANI",
        // OpenSID's occupations 9 and 10 written as one label: both are PETANI (SPEC 2.2).
        ["PETANI_PETERNAK"] = "PETANI",
        ["BURUH_TANI"] = "PETANI",
        ["FARMER"] = "PETANI",
        ["NELAYAN_PERIKANAN"] = "NELAYAN",
        ["BURUH_NELAYAN"] = "NELAYAN",
        ["FISHER"] = "NELAYAN",
        ["FISHERMAN"] = "NELAYAN",
        ["LAIN_LAIN"] = "LAINNYA",
        ["LAIN"] = "LAINNYA",
        ["OTHER"] = "LAINNYA",
    };

    // The positions of village government in Permendagri 84/2015, alone or followed by the position's own name ("Kaur
    // Keuangan", "Kasi Pemerintahan", "Kadus II").
    private static readonly string[] PerangkatTitles = ["KAUR", "KASI", "KADUS", "KEPALA_DUSUN", "KEPALA_URUSAN", "KEPALA_SEKSI"];

    /// <summary>The role a label means, or null when it maps to none of the list (the row is then quarantined).</summary>
    public static string? Map(string label)
    {
        // "Ketua R.T.", "B.P.D.": an abbreviation written with dots is the abbreviation.
        var key = Normalise(DotsBetweenInitials().Replace(label, ""));
        // "Ketua RT 03", "RW 002": the number says which RT or RW, not which role.
        return Known(key)
            ?? Known(key.TrimEnd('0', '1', '2', '3', '4', '5', '6', '7', '8', '9').TrimEnd('_'))
            ?? (PerangkatTitles.Any(title => IsTitle(key, title)) ? "PERANGKAT_DESA" : null)
            // "Ketua RT 001/RW 002": the RT's number ends the role; what follows says where it is.
            ?? Known(BeforeFirstNumber(key))
            // "Kader Posyandu Mawar": each posyandu has a name of its own.
            ?? (IsTitle(key, "KADER_POSYANDU") ? "KADER_POSYANDU" : null)
            ?? Qualified(key);
    }

    /// <summary>A label naming the role to the full and then qualifying it ("Petani Penggarap", "Nelayan Tradisional",
    /// "Pendamping PKH Kec. Kramatwatu"): the role, unless the qualifier names a role too ("Ketua RT RW": which one?).
    /// "Kader" alone is no role's full name (Kader PKK, Kader KB are not posyandu cadres).</summary>
    private static string? Qualified(string key)
    {
        var role = All.Concat(Aliases.Keys)
            .Where(label => label != "KADER" && label.Length < key.Length && IsTitle(key, label))
            .MaxBy(label => label.Length);
        return role is not null && !key[(role.Length + 1)..].Split('_').Any(word => Known(word) is not null) ? Known(role) : null;
    }

    private static string BeforeFirstNumber(string key)
    {
        var words = key.Split('_');
        var number = Array.FindIndex(words, word => word.Length > 0 && word.All(char.IsAsciiDigit));
        return number > 0 ? string.Join('_', words[..number]) : key;
    }

    [GeneratedRegex(@"(?<=\b\p{L})\.(?=\p{L}\b)")]
    private static partial Regex DotsBetweenInitials();

    private static string? Known(string key) => All.Contains(key, StringComparer.Ordinal) ? key : Aliases.GetValueOrDefault(key);

    private static bool IsTitle(string key, string title) =>
        key.StartsWith(title, StringComparison.Ordinal) && (key.Length == title.Length || key[title.Length] == '_');

    private static string Normalise(string label)
    {
        var builder = new StringBuilder(label.Length);
        foreach (var c in label.Trim())
        {
            if (char.IsLetterOrDigit(c))
            {
                builder.Append(char.ToUpperInvariant(c));
            }
            else if (builder.Length > 0 && builder[^1] != '_')
            {
                builder.Append('_');
            }
        }

        return builder.ToString().TrimEnd('_');
    }
}
