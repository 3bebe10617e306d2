using System.Text;

namespace Jamsostek.Tabular;

/// <summary>A header cell as the importers compare it: lower case, with spaces, dots and dashes as one underscore ("No. KPJ" is no_kpj).</summary>
internal static class TabularHeader
{
    public static string Normalise(string header)
    {
        var text = new StringBuilder(header.Length);
        foreach (var c in header.Trim().Trim('\uFEFF').Trim())
        {
            if (c is ' ' or '.' or '-' or '_' or '\u00A0')
            {
                if (text.Length > 0 && text[^1] != '_')
                {
                    text.Append('_');
                }
            }
            else
            {
                text.Append(char.ToLowerInvariant(c));
            }
        }

        return text.ToString().TrimEnd('_');
    }

    /// <summary>
    /// "the required column 'nik' is missing" or "the required columns 'nama' (name), 'peran' (role) are missing": every
    /// column a header lacks at once, so that an admin fixing it does not learn of the next on the next try.
    /// </summary>
    public static string MissingColumns(IReadOnlyList<string> quotedNames) => quotedNames.Count == 1
        ? $"the required column {quotedNames[0]} is missing"
        : $"the required columns {string.Join(", ", quotedNames)} are missing";

    /// <summary>The index of the first of <paramref name="names"/> among the normalised <paramref name="columns"/>, the
    /// preferred name first; -1 when none is there.</summary>
    public static int Find(IReadOnlyList<string> columns, params string[] names)
    {
        foreach (var name in names)
        {
            for (var i = 0; i < columns.Count; i++)
            {
                if (columns[i] == name)
                {
                    return i;
                }
            }
        }

        return -1;
    }
}
