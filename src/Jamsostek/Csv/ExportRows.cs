using System.Data.Common;

namespace Jamsostek.Csv;

/// <summary>The rows of an export's query, every column text as the query writes it: SPEC 5's CSV and its workbook take the same cells.</summary>
public static class ExportRows
{
    /// <summary>
    /// Each row as it is read, <paramref name="counted"/> called for each. Synchronous reads: both writers take the rows as an
    /// IEnumerable, and they are already on their way from the server.
    /// </summary>
    public static IEnumerable<string?[]> Of(DbDataReader reader, Action counted)
    {
        while (reader.Read())
        {
            counted();
            var row = new string?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetString(i);
            }

            yield return row;
        }
    }
}
