using System.Buffers;
using System.Text;

namespace Jamsostek.Matching;

/// <summary>
/// The person's own name, comparable across spellings (SPEC 3.3): case, spacing, punctuation, titles and honorifics,
/// degrees, Muhammad/Siti/Abdul abbreviations, pre-1972 spellings, and the father's name after bin/binti.
/// The importers store it with every roster entry and register record (it was a PL/pgSQL function, 21 µs a row on the
/// import path); changing a rule means raising <see cref="Version"/>, so the migrator recomputes the stored names
/// (<see cref="NamaNormalRefresh"/>).
/// </summary>
public static class NamaNormal
{
    /// <summary>The rules' version; a new one recomputes every stored name (docs/matching.md, "Name normaliser"). 2: dotted
    /// degree runs without a comma, Hadji and Nj. 3: K.H. with dots, bt. for binti, a trailing alm., Mukhammad and Achmad,
    /// Tb. and Rd., a few more degrees. 4: Nur, Nurul and Abdul joined to the next word, Abdur-/Abdus- as Abdul. 5: CH and KH
    /// as H in every word (Rachmat, Fakhri, Cholid), not only in Muhammad's and Ahmad's spellings.</summary>
    public const int Version = 5;

    private const int StackLimit = 256;

    /// <summary>The most words and letters of one degree after the name (S TR KEB, A MD FARM).</summary>
    private const int MostDegreeWords = 4;
    private const int LongestDegree = 16;

    /// <summary>The normalised name: upper-case words separated by one space; empty when the name has no word.</summary>
    public static string Of(string nama)
    {
        ArgumentNullException.ThrowIfNull(nama);
        char[]? rented = null;
        var buffer = nama.Length <= StackLimit ? stackalloc char[StackLimit] : (rented = ArrayPool<char>.Shared.Rent(nama.Length));
        Span<Range> words = nama.Length <= StackLimit ? stackalloc Range[(StackLimit / 2) + 1] : new Range[(nama.Length / 2) + 1];
        try
        {
            var length = Clean(nama, buffer);
            var text = buffer[..length];
            var count = Split(text, words);
            var kata = words[..count];

            // The father's name after bin/binti (bt.) is not the person's own name; the first word never counts as bin.
            // A lone B. does not count: it is as often an initial (Budi B. Santoso).
            for (var i = 1; i < kata.Length; i++)
            {
                if (text[kata[i]] is "BIN" or "BINTI" or "BT")
                {
                    kata = kata[..i];
                    break;
                }
            }

            // Titles and honorifics in front of the name; one word always stays. K.H. (Kyai Haji) is two words by now.
            while (kata.Length > 1)
            {
                if (IsTitle(text[kata[0]]))
                {
                    kata = kata[1..];
                }
                else if (kata.Length > 2 && text[kata[0]] is "K" && text[kata[1]] is "H")
                {
                    kata = kata[2..];
                }
                else
                {
                    break;
                }
            }

            // Degrees after the name, and alm. (the deceased); one word always stays.
            while (kata.Length > 1)
            {
                if (IsDeceased(text[kata[^1]]))
                {
                    kata = kata[..^1];
                }
                else if (TrailingDegree(text, kata) is var degree and > 0)
                {
                    kata = kata[..^degree];
                }
                else
                {
                    break;
                }
            }

            return Join(text, kata);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Upper case; apostrophes join (Ma'ruf is Maruf); a comma ends the name (degrees follow it: "Ahmad, S.Pd.");
    /// punctuation, digits and tab/CR/LF separate words ("DRS.H.AHMAD" is three words).</summary>
    private static int Clean(string nama, Span<char> buffer)
    {
        var length = 0;
        for (var i = 0; i < nama.Length; i++)
        {
            var c = nama[i];
            if (c < 0x80)
            {
                switch (c)
                {
                    case ',':
                        return length;
                    case '\'' or '`':
                        continue;
                    case '.' or '-' or '_' or '/' or '\\' or '(' or ')' or '[' or ']' or '{' or '}' or '"' or '!' or '?' or ';' or ':' or '*'
                        or '&' or '+' or '=' or '#' or '@' or '%' or '^' or '~' or '|' or '<' or '>' or '\t' or '\r' or '\n'
                        or (>= '0' and <= '9'):
                        buffer[length++] = ' ';
                        continue;
                    default:
                        buffer[length++] = char.IsAsciiLetterLower(c) ? (char)(c - 32) : c;
                        continue;
                }
            }

            if (c is '´' or '‘' or '’')
            {
                continue;
            }

            if (char.IsHighSurrogate(c) && i + 1 < nama.Length && Rune.TryCreate(c, nama[i + 1], out var rune))
            {
                // One code point, as PostgreSQL's upper() sees it; the upper case of a supplementary letter is one too.
                length += Rune.ToUpperInvariant(rune).EncodeToUtf16(buffer[length..]);
                i++;
                continue;
            }

            // PostgreSQL's upper() (glibc) made the dotless ı an I; .NET's invariant casing keeps it, alone among all letters.
            buffer[length++] = c == 'ı' ? 'I' : char.ToUpperInvariant(c);
        }

        return length;
    }

    private static int Split(ReadOnlySpan<char> text, Span<Range> words)
    {
        var count = 0;
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            if (i == text.Length || text[i] == ' ')
            {
                if (start >= 0)
                {
                    words[count++] = start..i;
                    start = -1;
                }
            }
            else if (start < 0)
            {
                start = i;
            }
        }

        return count;
    }

    /// <summary>The kept words, each with the EYD respellings and the given-name variants, one space apart; Nur, Nurul and
    /// Abdul joined to the next word.</summary>
    private static string Join(ReadOnlySpan<char> text, ReadOnlySpan<Range> kata)
    {
        if (kata.IsEmpty)
        {
            return "";
        }

        // A word may grow into its canonical given name (M is MUHAMMAD): at most 9 characters for every 2 of the input.
        var size = (text.Length * 5) + 8;
        char[]? rented = null;
        var output = size <= StackLimit * 5 ? stackalloc char[size] : (rented = ArrayPool<char>.Shared.Rent(size));
        try
        {
            var length = 0;
            var previous = ..0;
            foreach (var range in kata)
            {
                if (length > 0)
                {
                    output[length++] = ' ';
                }

                var word = output[length..];
                text[range].CopyTo(word);
                var n = Respell(word[..(range.End.Value - range.Start.Value)]);
                if (GivenName(word[..n]) is { } given)
                {
                    given.CopyTo(word);
                    n = given.Length;
                }

                n = Assimilated(word, n);
                if (length > 0 && n > 1 && JoinedToNext(output[previous], word[0]))
                {
                    word[..n].CopyTo(output[(length - 1)..]);
                    length--;
                }

                previous = length..(length + n);
                length += n;
            }

            return new string(output[..length]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Whether the word is one villages and BPJS write apart from the next word as often as joined to it (Nur Aini and
    /// Nuraini, Nurul Huda and Nurulhuda, Abdul Rahman and Abdulrahman): NUR, NURUL, ABDUL, and an Abdu- word assimilated to
    /// the next word's first letter as Arabic does (Abdur Rahman, Abdus Salam), which becomes ABDUL. Not before an initial
    /// (the caller's check): Nur A. may be any Nur, and Nura is another name. Rule 1's words that do not count as shared
    /// (matching.nama_serupa) keep NUR and ABDUL: they still stand alone at the end of a name or before an initial; a
    /// glued word (NURAINI) is as telling as any other, and no longer shares its second half (Abdul Hidayat, Asep Hidayat).</summary>
    private static bool JoinedToNext(Span<char> word, char next)
    {
        if (word is "NUR" or "NURUL" or "ABDUL")
        {
            return true;
        }

        if (word.Length == 5 && word.StartsWith("ABDU") && word[4] == next && IsSunLetter(next))
        {
            word[4] = 'L';
            return true;
        }

        return false;
    }

    /// <summary>Abdul written as one word with the name it belongs to, assimilated the Arabic way (Abdurrahman, Abdussalam)
    /// or with the doubled letter left out as often in Indonesia (Abdurahman, Abdusalam): ABDUL and the name (ABDULRAHMAN).
    /// Only before T, D, R, Z, S and N, where Arabic assimilates: Abduh stays.</summary>
    private static int Assimilated(Span<char> word, int n)
    {
        if (n < 7 || !word.StartsWith("ABDU") || !IsSunLetter(word[4]))
        {
            return n;
        }

        if (word[5] != word[4])
        {
            word[4..n].CopyTo(word[5..]);
            n++;
        }

        word[4] = 'L';
        return n;
    }

    /// <summary>The letters (as Indonesians write them: SY, DZ and TS begin with S, D and T) Arabic's al- assimilates to,
    /// L aside: ABDUL is the form everything is folded to.</summary>
    private static bool IsSunLetter(char c) => c is 'T' or 'D' or 'R' or 'Z' or 'S' or 'N';

    /// <summary>Spellings from before 1972 (EYD), one replacement after the other as in the old SQL: Soekarno, Djoko, Sjamsul,
    /// Soenjoto. The pairs SPEC 3.3 names, and CH, which EYD wrote KH: villages and the register write the same Arabic
    /// name with CH, KH or H (Rachmat, Rakhmat, Rahmat; Cholid, Kholid, Holid), so all three are H. No J→Y: Tjahjo is
    /// CAHJO (TJ→C), so it differs from Cahyo.</summary>
    private static int Respell(Span<char> word)
    {
        var n = word.Length;
        n = Replace(word[..n], 'O', 'E', 'U', '\0');
        n = Replace(word[..n], 'T', 'J', 'C', '\0');
        n = Replace(word[..n], 'D', 'J', 'J', '\0');
        n = Replace(word[..n], 'S', 'J', 'S', 'Y');
        n = Replace(word[..n], 'N', 'J', 'N', 'Y');
        n = Replace(word[..n], 'C', 'H', 'H', '\0');
        n = Replace(word[..n], 'K', 'H', 'H', '\0');
        return n;
    }

    /// <summary>Left to right, without overlaps (as string replace): every <paramref name="a"/><paramref name="b"/> becomes
    /// <paramref name="x"/>, or <paramref name="x"/><paramref name="y"/> when <paramref name="y"/> is not NUL.</summary>
    private static int Replace(Span<char> word, char a, char b, char x, char y)
    {
        var write = 0;
        var read = 0;
        while (read < word.Length)
        {
            if (read + 1 < word.Length && word[read] == a && word[read + 1] == b)
            {
                word[write++] = x;
                if (y != '\0')
                {
                    word[write++] = y;
                }

                read += 2;
            }
            else
            {
                word[write++] = word[read++];
            }
        }

        return write;
    }

    /// <summary>Common spellings and abbreviations of the same given name, respelled already (Mochammad is MOHAMMAD by now).</summary>
    private static string? GivenName(ReadOnlySpan<char> word) => word switch
    {
        "MUHAMMAD" or "MUHAMAD" or "MUHAMMED" or "MUHAMED" or "MUHAMMAT" or "MUHAMAT" or "MOHAMMAD" or "MOHAMAD" or "MOHAMMED" or "MOHAMED"
            or "MUHD" or "MOHD" or "MUH" or "MHD" or "MOH" or "M" => "MUHAMMAD",
        "ST" or "SITTI" => "SITI",
        "ABD" or "ABDL" => "ABDUL",
        // Abbreviated Banten and Sundanese nobility titles; the title itself is part of the name on the KTP, so it stays.
        "TB" => "TUBAGUS",
        "RD" => "RADEN",
        _ => null,
    };

    /// <summary>Titles and honorifics, with the spellings from before 1972 (Hadji, Nj., Njonja).</summary>
    private static bool IsTitle(ReadOnlySpan<char> word) => word is
        "H" or "HJ" or "HAJI" or "HAJAH" or "HAJJAH" or "HADJI" or "HADJAH" or "KH" or "KYAI" or "KIAI" or "DRS" or "DRA" or "DR" or "DRG"
        or "DRH" or "IR" or "PROF" or "BAPAK" or "BPK"
        or "BP" or "PAK" or "IBU" or "BU" or "SDR" or "SDRI" or "SDRA" or "NY" or "NYONYA" or "NJ" or "NJONJA" or "TN" or "TUAN" or "NN"
        or "USTADZ" or "USTAZ" or "UST" or "USTADZAH" or "USTAZAH" or "ALM" or "ALMH" or "ALMARHUM" or "ALMARHUMAH";

    /// <summary>Alm. after the name says the person has died; it is no part of the name.</summary>
    private static bool IsDeceased(ReadOnlySpan<char> word) => word is "ALM" or "ALMH" or "ALMARHUM" or "ALMARHUMAH";

    /// <summary>How many of the last words are a degree: one word (SPD), or a run of words whose letters make one ("S.Pd.I"
    /// is S PD I by now, "A.Md.Keb" A MD KEB, "S.E. M.M." two runs), the longest run first; 0 when they are none. A run of
    /// single letters (S E, M M) is a degree only after a word of two letters or more: otherwise they are initials (M M M).</summary>
    private static int TrailingDegree(ReadOnlySpan<char> text, ReadOnlySpan<Range> kata)
    {
        Span<char> letters = stackalloc char[LongestDegree];
        for (var k = Math.Min(MostDegreeWords, kata.Length - 1); k > 1; k--)
        {
            var length = 0;
            var initials = true;
            foreach (var range in kata[^k..])
            {
                var word = text[range];
                if (!word.TryCopyTo(letters[length..]))
                {
                    length = -1;
                    break;
                }

                length += word.Length;
                initials &= word.Length == 1;
            }

            if (length > 0 && IsDegreeRun(letters[..length]) && (!initials || HasWord(text, kata[..^k])))
            {
                return k;
            }
        }

        return IsDegree(text[kata[^1]]) ? 1 : 0;
    }

    /// <summary>Whether one of the words has two letters or more.</summary>
    private static bool HasWord(ReadOnlySpan<char> text, ReadOnlySpan<Range> kata)
    {
        foreach (var range in kata)
        {
            if (text[range].Length > 1)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Degrees written as one word after the name.</summary>
    private static bool IsDegree(ReadOnlySpan<char> word) => word is
        "SPD" or "SPDI" or "SAG" or "SE" or "SH" or "SHI" or "SKOM" or "SSOS" or "SIP" or "SKM" or "SKEP" or "SSI" or "SST" or "STP" or "SPT"
        or "ST" or "SIKOM" or "MPD" or "MPDI" or "MSI" or "MM" or "MAG" or "MH" or "MT" or "MKOM" or "MKES" or "AMD" or "AMK" or "AMKEP"
        or "AMA" or "AMAPD" or "AMDKEB" or "AMKEB" or "LC";

    /// <summary>Indonesian degrees (Kemendikbud and common usage) by their letters, as a run of words written with dots
    /// gives them: S.Pd.I is SPDI, A.Md.Kep. AMDKEP, M.M. MM. Two letters (SP, MA, ME) only count as a run of words.</summary>
    private static bool IsDegreeRun(ReadOnlySpan<char> letters) => IsDegree(letters) || letters is
        "SAB" or "SAK" or "SAP" or "SDS" or "SEI" or "SFARM" or "SGZ" or "SHUM" or "SHUT" or "SIK" or "SKEB" or "SKED" or "SKES" or "SKG"
        or "SKH" or "SKP" or "SP" or "SKEPNS" or "SKOMI" or "SPDSD" or "SPI" or "SPSI" or "SSN" or "SSIT" or "SSOSI" or "SSTP" or "SSY" or "STH" or "STHI" or "STR"
        or "STRKEB" or "STRKEP" or "STRKES" or "MA" or "MAK" or "MAP" or "ME" or "MEI" or "MFARM" or "MGZ" or "MHI" or "MHUM" or "MHUT" or "MIK"
        or "MIP" or "MKEB" or "MKEP" or "MKED" or "MKM" or "MKN" or "MPH" or "MPSI" or "MPT" or "MSC" or "MSOS" or "MSY" or "AMDAK"
        or "AMDFARM" or "AMDGZ" or "AMDKEP" or "AMDKES" or "AMDKOM" or "AMDT";
}
