using System.Text;

namespace Jamsostek.Tabular;

/// <summary>A header cell as the importers compare it: lower case, with spaces, dots and dashes as one underscore ("No. KPJ" is no_kpj).</summary>
internal static class TabularHeader
{
    /// <summary>How many rows above its header a table may have: a title, a date, a letterhead, blank lines.</summary>
    public const int MaxTitleRows = 10;

    /// <summary>
    /// Every layout read (SPEC 2.1 template, OpenSID's export, SPEC 2.3) has a NIK column, found by the name the layouts
    /// read it by: a header <c>NIK.</c> that was not one read the rows below it as title rows, and dropped them.
    /// </summary>
    public static bool IsHeader(IEnumerable<string> row) => NikColumn([.. row]) >= 0;

    /// <summary>The header's NIK column, or -1.</summary>
    public static int NikColumn(IReadOnlyList<string> header)
    {
        for (var i = 0; i < header.Count; i++)
        {
            if (Normalise(header[i].Trim().Trim('"')) == "nik")
            {
                return i;
            }
        }

        return -1;
    }

    public static string Normalise(string header)
    {
        var text = new StringBuilder(header.Length);
        foreach (var c in header.Trim().Trim('\uFEFF').Trim())
        {
            // A line break too: a header Excel wrapped with Alt+Enter (NO KPJ over two lines) reads as its words.
            if (c is '.' or '-' or '_' || char.IsWhiteSpace(c))
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
    /// One header from two rows, as an office's workbook heads a group of columns: IURAN merged over the two cells SAMPAI
    /// DENGAN and TERAKHIR below it reads as "IURAN SAMPAI DENGAN" and "IURAN TERAKHIR"; DATA PESERTA over NIK and NAMA reads
    /// as NIK and NAMA, the lower cell being a <paramref name="known"/> name (normalised) on its own. A cell of the upper row
    /// merged across several columns holds its text in the first of them only, so an empty upper cell above a named lower
    /// one takes the upper text on its left; a column named in one row alone (merged down over both) keeps that name.
    /// </summary>
    /// <summary>
    /// The readings of a header of two rows, for a header that lacks columns: the row above it as the upper row, then the
    /// row below it as the lower one (that row is consumed). Each names its <paramref name="known"/> columns as in <see cref="OverRow"/>.
    /// </summary>
    public static IEnumerable<IReadOnlyList<string>> TwoRowReadings(ITabularReader reader, Func<string, bool> known)
    {
        if (reader.RowAboveHeader is { } above)
        {
            yield return OverRow(above, reader.Header, known);
        }

        if (reader.ReadRowBelowHeader() is { } below)
        {
            yield return OverRow(reader.Header, below, known);
        }
    }

    public static IReadOnlyList<string> OverRow(IReadOnlyList<string> upper, IReadOnlyList<string> lower, Func<string, bool> known)
    {
        var header = new List<string>(Math.Max(upper.Count, lower.Count));
        var group = "";
        for (var i = 0; i < header.Capacity; i++)
        {
            var top = i < upper.Count ? upper[i].Trim() : "";
            var below = i < lower.Count ? lower[i].Trim() : "";
            if (top.Length > 0)
            {
                group = top;
            }

            header.Add(below.Length == 0 ? top
                : known(Normalise(below)) ? below
                : $"{(top.Length > 0 ? top : group)} {below}".Trim());
        }

        return header;
    }

    /// <summary>
    /// A row under the header that numbers its columns, as government tables do: 1, 2, 3 ... or (1), (2), (3) ..., at least
    /// three, in order from 1, every cell with text one of them. No person's row; read as one, it was a bad row of six problems.
    /// </summary>
    public static bool IsColumnNumbering(IEnumerable<string?> cells)
    {
        var next = 1;
        foreach (var cell in cells)
        {
            var text = cell?.Trim().TrimStart('(').TrimEnd(')') ?? "";
            if (text.Length == 0)
            {
                continue;
            }

            if (!int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number) || number != next)
            {
                return false;
            }

            next++;
        }

        return next > 3;
    }

    /// <summary>
    /// "the required column 'nik' is missing" or "the required columns 'nama' (name), 'peran' (role) are missing": every
    /// column a header lacks at once, so that an admin fixing it does not learn of the next on the next try.
    /// </summary>
    public static string MissingColumns(IReadOnlyList<string> quotedNames) => quotedNames.Count == 1
        ? $"the required column {quotedNames[0]} is missing"
        : $"the required columns {string.Join(", ", quotedNames)} are missing";

    /// <summary>As <see cref="MissingColumns"/>, in Bahasa Indonesia: "kolom wajib 'nik' tidak ada".</summary>
    public static string KolomHilang(IReadOnlyList<string> quotedNames) => $"kolom wajib {string.Join(", ", quotedNames)} tidak ada";

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
