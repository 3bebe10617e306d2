using System.Text.RegularExpressions;
using Jamsostek.Tests.Infrastructure;

namespace Jamsostek.Tests.Security;

public sealed partial class RepositoryHygieneTests
{
    private static readonly string[] TextExtensions = [".cs", ".json", ".sql", ".sh", ".md", ".props", ".targets", ".csproj", ".liquid", ".yml", ".yaml", ".txt", ""];

    [Fact]
    public void Every_log_message_has_an_event_id_of_its_own()
    {
        var ids = new[] { typeof(Jamsostek.BusinessDay).Assembly, typeof(Jamsostek.Worker.Hosting.WorkerServices).Assembly, typeof(Jamsostek.Jobs.SyncMembershipJob).Assembly }
            .SelectMany(a => a.GetTypes())
            .SelectMany(t => t.GetMethods(System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.DeclaredOnly))
            .Select(m => (Method: $"{m.DeclaringType!.Name}.{m.Name}", Attribute: m.GetCustomAttributes(typeof(Microsoft.Extensions.Logging.LoggerMessageAttribute), false).Cast<Microsoft.Extensions.Logging.LoggerMessageAttribute>().SingleOrDefault()))
            .Where(m => m.Attribute is not null)
            .ToList();

        Assert.NotEmpty(ids);
        Assert.Empty(ids.GroupBy(m => m.Attribute!.EventId).Where(g => g.Count() > 1).Select(g => $"{g.Key}: {string.Join(", ", g.Select(m => m.Method))}"));
    }

    [Fact]
    public void No_secret_is_committed()
    {
        var findings = new List<string>();
        foreach (var file in Repository.Files().Where(f => TextExtensions.Contains(Path.GetExtension(f))))
        {
            var text = File.ReadAllText(Path.Combine(Repository.Root, file));
            if (PrivateKey().IsMatch(text))
            {
                findings.Add($"{file}: a private key");
            }

            if (file.EndsWith(".json", StringComparison.Ordinal))
            {
                findings.AddRange(ConfiguredPassword().Matches(text)
                    .Where(m => !IsPlaceholder(m.Groups["value"].Value))
                    .Select(m => $"{file}: a password or token value"));
                findings.AddRange(RealPasswordHash().Matches(text).Select(_ => $"{file}: a real password hash"));
            }
        }

        Assert.Empty(findings);
    }

    [Fact]
    public void No_SQL_is_built_from_values_in_CSharp()
    {
        var findings = new List<string>();
        foreach (var file in Repository.Files().Where(f => f.EndsWith(".cs", StringComparison.Ordinal) && (f.StartsWith("src/", StringComparison.Ordinal) || f.StartsWith("jobs/", StringComparison.Ordinal))))
        {
            var lines = File.ReadAllLines(Path.Combine(Repository.Root, file));
            for (var i = 0; i < lines.Length; i++)
            {
                if (InterpolatedSql().IsMatch(lines[i]) || ConcatenatedSql().IsMatch(lines[i]))
                {
                    findings.Add($"{file}:{i + 1}");
                }
            }
        }

        Assert.Empty(findings);
    }

    [Fact]
    public void Every_query_file_is_parameterised_rather_than_dynamic()
    {
        var dynamic = Repository.Files()
            .Where(f => f.StartsWith("sql/", StringComparison.Ordinal) && f.EndsWith(".sql", StringComparison.Ordinal))
            .Where(f => DynamicSql().IsMatch(File.ReadAllText(Path.Combine(Repository.Root, f))))
            .ToList();

        Assert.Empty(dynamic);
    }

    private static bool IsPlaceholder(string value) =>
        value.Length == 0 || value.Contains("set-in-the-environment", StringComparison.Ordinal) || value.StartsWith('<') || value.StartsWith("PBKDF2-SHA256$100000$<", StringComparison.Ordinal);

    [GeneratedRegex("-----BEGIN [A-Z ]*PRIVATE KEY-----")]
    private static partial Regex PrivateKey();

    [GeneratedRegex("\"(Password|Token|ApiKey|Secret)\"\\s*:\\s*\"(?<value>[^\"]*)\"", RegexOptions.IgnoreCase)]
    private static partial Regex ConfiguredPassword();

    [GeneratedRegex("PBKDF2-SHA256\\$\\d+\\$[A-Za-z0-9+/=]{16,}\\$[A-Za-z0-9+/=]{32,}")]
    private static partial Regex RealPasswordHash();

    [GeneratedRegex("\\$@?\"[^\"]*\\b(SELECT|INSERT INTO|UPDATE|DELETE FROM|COPY|CREATE|DROP|ALTER|TRUNCATE)\\b[^\"]*\\{", RegexOptions.IgnoreCase)]
    private static partial Regex InterpolatedSql();

    [GeneratedRegex("\"[^\"]*\\b(SELECT|INSERT INTO|UPDATE|DELETE FROM|WHERE)\\b[^\"]*\"\\s*\\+", RegexOptions.IgnoreCase)]
    private static partial Regex ConcatenatedSql();

    [GeneratedRegex("\\bEXECUTE\\s+(format\\(|'|\\$|[a-z_]+\\s*\\|\\|)", RegexOptions.IgnoreCase)]
    private static partial Regex DynamicSql();
}
