using System.Reflection;
using System.Text.RegularExpressions;
using Jamsostek.Database;

namespace Jamsostek.Tests.Database;

public sealed partial class AdvisoryLockKeysTests
{
    [Fact]
    public void No_two_advisory_locks_share_a_key()
    {
        var keys = typeof(AdvisoryLockKeys).GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral).ToList();

        // PostgreSQL keeps the bigint keys and the (class, object) pairs apart, so each space only needs to be distinct in itself.
        Assert.All(keys, k => Assert.True(k.FieldType == typeof(long) || k.FieldType == typeof(int), $"{k.Name} is neither a bigint key nor a class."));
        foreach (var space in keys.GroupBy(k => k.FieldType))
        {
            var shared = space.GroupBy(k => k.GetRawConstantValue()).Where(g => g.Count() > 1).Select(g => string.Join(" and ", g.Select(k => k.Name)));
            Assert.Empty(shared);
        }
    }

    [Fact]
    public void The_sql_takes_every_advisory_lock_key_as_a_parameter_so_AdvisoryLockKeys_stays_the_one_list()
    {
        var queries = typeof(SqlText).Assembly.GetManifestResourceNames().Where(n => n.EndsWith(".sql", StringComparison.Ordinal)).ToList();
        var locks = queries
            .SelectMany(q => AdvisoryLockCall().Matches(Read(q)).Select(m => (Query: q, Key: m.Groups["key"].Value)))
            .ToList();

        Assert.NotEmpty(locks);
        Assert.All(locks, l => Assert.True(l.Key.StartsWith('@'), $"{l.Query} takes the advisory lock key {l.Key}; pass one of AdvisoryLockKeys instead."));
    }

    private static string Read(string resource)
    {
        using var reader = new StreamReader(SqlText.OpenResource(resource));
        return reader.ReadToEnd();
    }

    // The first argument of any advisory lock function, lock or unlock, session or transaction, shared or not; SQL comments
    // name the functions too, so only a call with its parenthesis counts.
    [GeneratedRegex(@"pg_(?:try_)?advisory_(?:xact_)?(?:un)?lock(?:_shared)?\s*\(\s*(?<key>[^,)\s]+)", RegexOptions.IgnoreCase)]
    private static partial Regex AdvisoryLockCall();
}
