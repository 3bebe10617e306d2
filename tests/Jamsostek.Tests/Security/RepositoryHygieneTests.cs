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
        var findings = Repository.Files()
            .Where(f => TextExtensions.Contains(Path.GetExtension(f)))
            .SelectMany(f => SecretsIn(f, File.ReadAllText(Path.Combine(Repository.Root, f))))
            .ToList();

        Assert.Empty(findings);
    }

    [Theory]
    // Cut in two so that this file holds no secret of its own.
    [InlineData("appsettings.json", "{ \"ConnectionStrings\": { \"Jamsostek\": \"Host=db;Database=jamsostek;Username=jamsostek;Pass" + "word=Serang2026!\" } }")]
    [InlineData("appsettings.json", "{ \"ConnectionStrings\": { \"Jamsostek\": \"PW" + "D = Serang2026;Host=db;Database=jamsostek\" } }")]
    [InlineData("appsettings.Production.json", "{ \"Digest\": { \"Smtp\": { \"SmtpPass" + "word\": \"Serang2026!\" } } }")]
    [InlineData("scripts/deploy.sh", "export ConnectionStrings__Jamsostek='Host=db;Username=jamsostek;Pass" + "word=Serang2026!'")]
    public void A_password_written_into_a_committed_file_is_found(string file, string text) => Assert.NotEmpty(SecretsIn(file, text));

    [Theory]
    [InlineData("appsettings.example.json", "{ \"Jamsostek\": \"Host=127.0.0.1;Username=jamsostek;Password=set-in-the-environment\", \"Password\": \"set-in-the-environment\" }")]
    [InlineData("docs/benchmarks.md", "ConnectionStrings__Jamsostek=\"Host=127.0.0.1;Port=$PORT;Username=postgres;Database=recon_new;Command Timeout=3600\"")]
    [InlineData("scripts/run-local.sh", "psql \"Host=127.0.0.1;Password=$PGPASSWORD\"")]
    public void A_placeholder_or_a_connection_string_without_a_password_is_not_a_secret(string file, string text) => Assert.Empty(SecretsIn(file, text));

    /// <summary>What in one committed file looks like a secret: a private key, a password in a connection string, a password, token or hash in JSON.</summary>
    private static IEnumerable<string> SecretsIn(string file, string text)
    {
        if (PrivateKey().IsMatch(text))
        {
            yield return $"{file}: a private key";
        }

        // A connection string can sit in any file (JSON, a script, a doc), and Npgsql reads Password, PWD and PSW in it.
        foreach (var _ in ConnectionString().Matches(text)
            .SelectMany(c => ConnectionStringPassword().Matches(c.Value))
            .Where(m => !IsPlaceholder(m.Groups["value"].Value.Trim())))
        {
            yield return $"{file}: a password in a connection string";
        }

        if (file.EndsWith(".json", StringComparison.Ordinal))
        {
            foreach (var _ in ConfiguredPassword().Matches(text).Where(m => !IsPlaceholder(m.Groups["value"].Value)))
            {
                yield return $"{file}: a password or token value";
            }

            foreach (var _ in RealPasswordHash().Matches(text))
            {
                yield return $"{file}: a real password hash";
            }
        }
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
        value.Length == 0 || value.Contains("set-in-the-environment", StringComparison.Ordinal) || value.StartsWith('<') || value.StartsWith('$')
        || value.StartsWith("PBKDF2-SHA256$100000$<", StringComparison.Ordinal);

    [GeneratedRegex("-----BEGIN [A-Z ]*PRIVATE KEY-----")]
    private static partial Regex PrivateKey();

    // Any key ending in one of the words: SmtpPassword, BearerToken, ClientSecret as well as Password.
    [GeneratedRegex("\"[A-Za-z_]*(Password|Token|ApiKey|Secret)\"\\s*:\\s*\"(?<value>[^\"]*)\"", RegexOptions.IgnoreCase)]
    private static partial Regex ConfiguredPassword();

    // A run of key=value pairs with a host, up to the end of its quoted string or line.
    [GeneratedRegex("[^\"'\\r\\n]*(?<![A-Za-z])(Host|Server)\\s*=[^\"'\\r\\n]*", RegexOptions.IgnoreCase)]
    private static partial Regex ConnectionString();

    // Password=..., PWD=... or PSW=... up to the next ; or the end of the connection string.
    [GeneratedRegex("(?<![A-Za-z])(Password|PWD|PSW)\\s*=\\s*(?<value>[^;\"'\\r\\n]*)", RegexOptions.IgnoreCase)]
    private static partial Regex ConnectionStringPassword();

    [GeneratedRegex("PBKDF2-SHA256\\$\\d+\\$[A-Za-z0-9+/=]{16,}\\$[A-Za-z0-9+/=]{32,}")]
    private static partial Regex RealPasswordHash();

    [GeneratedRegex("\\$@?\"[^\"]*\\b(SELECT|INSERT INTO|UPDATE|DELETE FROM|COPY|CREATE|DROP|ALTER|TRUNCATE)\\b[^\"]*\\{", RegexOptions.IgnoreCase)]
    private static partial Regex InterpolatedSql();

    [GeneratedRegex("\"[^\"]*\\b(SELECT|INSERT INTO|UPDATE|DELETE FROM|WHERE)\\b[^\"]*\"\\s*\\+", RegexOptions.IgnoreCase)]
    private static partial Regex ConcatenatedSql();

    [GeneratedRegex("\\bEXECUTE\\s+(format\\(|'|\\$|[a-z_]+\\s*\\|\\|)", RegexOptions.IgnoreCase)]
    private static partial Regex DynamicSql();
}
