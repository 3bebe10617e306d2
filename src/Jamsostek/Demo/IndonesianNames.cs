using System.Text;

namespace Jamsostek.Demo;

/// <summary>A person's name as a list of words in today's spelling, plus the father's name that "bin"/"binti" may add.</summary>
internal sealed record SyntheticName(string[] Words, string FatherName, bool Female);

/// <summary>
/// Small name lists in the style of Banten (Sundanese, Javanese and Arabic given names), and the ways a village and
/// BPJS write the same name differently: exactly the variants SPEC 3.3 says name normalisation must absorb.
/// </summary>
internal static class IndonesianNames
{
    private static readonly string[] MaleGiven =
    [
        "Ahmad", "Asep", "Ujang", "Dedi", "Jaenudin", "Saepudin", "Sarmadi", "Rohmat", "Suryadi", "Mulyadi", "Hasanudin",
        "Sukardi", "Jajang", "Nana", "Iwan", "Agus", "Budi", "Rahmat", "Hendra", "Sahroni", "Jamhari", "Sanusi", "Mukhlis",
        "Ruhiyat", "Saefullah", "Haerudin", "Suparman", "Sutrisno", "Juhana", "Cecep", "Syarifudin", "Syamsudin", "Encep",
        "Dadang", "Maman", "Tatang", "Ade", "Apandi", "Kholid", "Fauzi", "Rizki", "Fajar", "Yusuf", "Ikhsan", "Bahrudin",
        "Samsul", "Hamdani", "Nurdin", "Karta", "Marjuki", "Junaedi", "Sukria", "Ma’ruf", "Syafe’i", "Tubagus", "Joko",
        "Usman", "Subur", "Sarip", "Ending", "Oman", "Romli", "Jumadi", "Arif", "Wahyu", "Dani", "Eko", "Taufik",
    ];

    private static readonly string[] FemaleGiven =
    [
        "Nur", "Eneng", "Iis", "Euis", "Nining", "Yanti", "Rohayati", "Aminah", "Maesaroh", "Fatimah", "Sri", "Dewi", "Rina",
        "Umi", "Ratna", "Imas", "Neneng", "Tuti", "Khodijah", "Jubaedah", "Suharti", "Sumiati", "Juju", "Nyai", "Cucu",
        "Enah", "Ipah", "Sarah", "Lilis", "Komariah", "Rukoyah", "Masitoh", "Nurhayati", "Halimah", "Mulyani", "Yuli",
        "Wati", "Ani", "Tati", "Nia", "Rika", "Intan", "Ayu", "Nur’aeni", "Suryani", "Cahyati", "Jamilah", "Ratu", "Uum",
    ];

    private static readonly string[] MaleFamily =
    [
        "Hidayat", "Setiawan", "Kurniawan", "Saputra", "Pratama", "Hermawan", "Gunawan", "Firmansyah", "Hidayatullah",
        "Maulana", "Ramdani", "Sopian", "Sudrajat", "Mulyana", "Supriatna", "Suherman", "Rohman", "Gofur", "Jaelani",
        "Munawar", "Sujana", "Kusnadi", "Suhendi", "Wijaya", "Nugraha", "Syahputra", "Cahyadi", "Sanjaya",
    ];

    private static readonly string[] FemaleFamily =
    [
        "Nurhasanah", "Rohmah", "Aminah", "Maryam", "Fitriani", "Susanti", "Handayani", "Rahmawati", "Wulandari", "Lestari",
        "Kartika", "Sari", "Fauziah", "Hasanah", "Nuraeni", "Oktaviani", "Pertiwi", "Julaeha", "Sumarni", "Yulianti",
    ];

    private static readonly string[] MuhammadInRoster = ["Muhammad", "Muhamad", "Mohammad", "Moh.", "M.", "Muh.", "Mhd."];
    private static readonly string[] AcademicSuffix = ["S.Pd.", "S.Ag.", "S.Pd.I", "S.E.", "S.Sos.", "S.H.", "A.Md."];

    public static SyntheticName Draw(ref SyntheticRandom random, bool female)
    {
        var words = new List<string>(4);
        var shape = random.NextDouble();
        if (female)
        {
            if (random.Chance(0.22))
            {
                words.Add("Siti");
                words.Add(random.Pick(FemaleFamily));
            }
            else
            {
                words.Add(random.Pick(FemaleGiven));
                if (shape > 0.3)
                {
                    words.Add(random.Pick(FemaleFamily));
                }
            }
        }
        else
        {
            var lead = random.NextDouble();
            if (lead < 0.16)
            {
                words.Add("Muhammad");
            }
            else if (lead < 0.22)
            {
                words.Add("Abdul");
                words.Add(random.Pick(MaleFamily));
            }

            if (words.Count == 0 || shape > 0.5)
            {
                words.Add(random.Pick(MaleGiven));
            }

            if (shape > 0.35 && words.Count < 3)
            {
                words.Add(random.Pick(MaleFamily));
            }
        }

        var father = random.Pick(MaleGiven);
        return new SyntheticName([.. words.Distinct()], father, female);
    }

    /// <summary>As BPJS registers it: capitals, no titles, no "bin", sometimes abbreviated or in the old spelling of the KTP it was copied from.</summary>
    public static string Bpjs(SyntheticName name, ref SyntheticRandom random, bool oldSpelling)
    {
        var text = new StringBuilder(32);
        foreach (var word in name.Words)
        {
            var written = word switch
            {
                "Muhammad" => random.Chance(0.8) ? "Muhammad" : random.Chance(0.5) ? "Muhamad" : "M.",
                "Abdul" => random.Chance(0.85) ? "Abdul" : "Abd.",
                _ => oldSpelling ? OldSpelling(word) : word,
            };
            Append(text, written.Replace('’', '\''));
        }

        return text.ToString().ToUpperInvariant();
    }

    /// <summary>As a village operator types it: titles, honorifics, abbreviations, old spellings, "bin/binti", odd spacing.</summary>
    public static string Roster(SyntheticName name, ref SyntheticRandom random, double variantRate, int age, bool educated, NameCase nameCase, bool oldSpelling)
    {
        var text = new StringBuilder(40);
        var varied = random.Chance(variantRate);
        if (varied && random.Chance(0.06))
        {
            Append(text, name.Female ? "Ibu" : "Bapak");
        }
        else if (varied && age >= 40 && random.Chance(0.35))
        {
            // The hajj title: a mark of respect villages write and BPJS does not.
            Append(text, name.Female ? "Hj." : "H.");
        }

        foreach (var word in name.Words)
        {
            var written = word switch
            {
                "Muhammad" when varied => random.Pick(MuhammadInRoster),
                "Siti" when varied && random.Chance(0.4) => "St.",
                "Abdul" when varied && random.Chance(0.5) => "Abd.",
                _ => oldSpelling ? OldSpelling(word) : word,
            };
            Append(text, written);
        }

        if (varied && educated && random.Chance(0.4))
        {
            text.Append(", ").Append(random.Pick(AcademicSuffix));
        }
        else if (varied && random.Chance(0.12))
        {
            Append(text, name.Female ? "binti" : "bin");
            Append(text, name.FatherName);
        }

        if (varied && random.Chance(0.05))
        {
            // Double spaces and a trailing space: what copy-paste from a register leaves behind.
            text.Replace(" ", "  ", 0, Math.Min(text.Length, 8)).Append(' ');
        }

        var result = text.ToString();
        return nameCase switch
        {
            NameCase.Upper => result.ToUpperInvariant(),
            NameCase.Lower => result.ToLowerInvariant(),
            _ => result,
        };
    }

    /// <summary>The spelling before 1972 (EYD): u was oe, j was dj, c was tj, ny was nj, sy was sj.</summary>
    public static string OldSpelling(string word)
    {
        var lower = word.ToLowerInvariant();
        var old = lower.Replace("sy", "sj", StringComparison.Ordinal).Replace("ny", "nj", StringComparison.Ordinal)
            .Replace("j", "dj", StringComparison.Ordinal).Replace("sdj", "sj", StringComparison.Ordinal).Replace("ndj", "nj", StringComparison.Ordinal)
            .Replace("c", "tj", StringComparison.Ordinal).Replace("u", "oe", StringComparison.Ordinal);
        return char.ToUpperInvariant(old[0]) + old[1..];
    }

    /// <summary>Whether a word changes under the old spelling at all (only then is an old-spelling variant a variant).</summary>
    public static bool HasOldSpelling(SyntheticName name) => name.Words.Any(w => OldSpelling(w) != w && w is not ("Muhammad" or "Abdul" or "Siti"));

    private static void Append(StringBuilder text, string word)
    {
        if (text.Length > 0)
        {
            text.Append(' ');
        }

        text.Append(word);
    }
}

internal enum NameCase
{
    Title,
    Upper,
    Lower,
}
