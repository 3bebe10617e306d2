using System.Collections.Concurrent;
using System.Reflection;

namespace Jamsostek.Database;

/// <summary>The SQL of sql/, embedded in this assembly and read by its path: <c>Get("rosters/merge_snapshot")</c> is sql/rosters/merge_snapshot.sql.</summary>
public static class SqlText
{
    private static readonly Assembly Assembly = typeof(SqlText).Assembly;
    private static readonly ConcurrentDictionary<string, string> Cache = new();

    public static string Get(string name) => Cache.GetOrAdd(name, static n => Read($"sql/{n}.sql"));

    public static Stream OpenResource(string path) =>
        Assembly.GetManifestResourceStream(path)
        ?? throw new InvalidOperationException($"The embedded resource '{path}' is missing from the build.");

    private static string Read(string path)
    {
        using var reader = new StreamReader(OpenResource(path));
        return reader.ReadToEnd();
    }
}
