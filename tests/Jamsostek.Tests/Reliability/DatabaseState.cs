using Dapper;
using Jamsostek.Tests.Infrastructure;

namespace Jamsostek.Tests.Reliability;

/// <summary>Table contents as text, to compare a database with itself before and after, or with another database.</summary>
public static class DatabaseState
{
    /// <summary>An MD5 of every row of every table, in a stable order: equal only when nothing changed.</summary>
    public static async Task<string> FingerprintAsync(TestDatabase database, params string[] tables)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        var parts = new List<string>();
        foreach (var table in tables)
        {
            // Table names are constants of the tests, never input.
            parts.Add(await connection.ExecuteScalarAsync<string>(
                $"SELECT coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') FROM {table} t") ?? "");
        }

        return string.Join(',', parts);
    }

    /// <summary>The rows of a query as text lines, sorted, for an exact comparison with another database's.</summary>
    public static async Task<List<string>> RowsAsync(TestDatabase database, string sql)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        var rows = (await connection.QueryAsync<string>(sql)).ToList();
        rows.Sort(StringComparer.Ordinal);
        return rows;
    }

    public static async Task<long> CountAsync(TestDatabase database, string sql)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<long>(sql);
    }
}
