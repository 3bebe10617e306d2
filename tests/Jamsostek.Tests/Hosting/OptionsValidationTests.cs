using Jamsostek.Tests.Infrastructure;
using Jamsostek.Worker.CommandLine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Jamsostek.Tests.Hosting;

[Collection(HangfireHostCollection.Name)]
public sealed class OptionsValidationTests
{
    [Theory]
    [InlineData("Dashboard:Users:0:PasswordHash", "plain-text-password", "Dashboard:Users:0:PasswordHash")]
    [InlineData("Dashboard:Users:0:Name", "", "Dashboard:Users:0:Name")]
    [InlineData("Jobs:TimeZone", "Mars/Olympus_Mons", "Jobs:TimeZone")]
    [InlineData("Jobs:WorkerCount", "0", "Jobs:WorkerCount")]
    [InlineData("Jobs:InvisibilityTimeout", "00:00:05", "Jobs:InvisibilityTimeout")]
    [InlineData("Jobs:InvisibilityTimeout", "5", "Jobs:InvisibilityTimeout")]
    [InlineData("Jobs:Schedules:no-such-job", "0 * * * *", "Jobs:Schedules:no-such-job")]
    [InlineData("Dashboard:Users:0:Role", "Admn", "Dashboard:Users:0:Role")]
    [InlineData("Dashboard:FailedLoginLimit", "0", "Dashboard:FailedLoginLimit")]
    [InlineData("Dashboard:FailedLoginWindow", "00:00:00", "Dashboard:FailedLoginWindow")]
    [InlineData("Dashboard:FailedLoginWindow", "15", "Dashboard:FailedLoginWindow")]
    [InlineData("Jobs:WorkerCount", "four", "Jobs:WorkerCount")]
    [InlineData("Rosters:AttemptTimeout", "30s", "Rosters:AttemptTimeout")]
    [InlineData("Rosters:InboxQuietPeriod", "-00:01:00", "Rosters:InboxQuietPeriod")]
    [InlineData("Membership:InboxQuietPeriod", "1.00:00:00", "Membership:InboxQuietPeriod")]
    [InlineData("Rosters:ArchiveRetention", "00:00:00", "Rosters:ArchiveRetention")]
    [InlineData("Membership:ArchiveRetention", "-1.00:00:00", "Membership:ArchiveRetention")]
    [InlineData("Membership:ArchiveRetention", "36500", "Membership:ArchiveRetention")]
    [InlineData("Logging:LogLevel:Default", "Verbose", "Logging:LogLevel:Default")]
    [InlineData("ConnectionStrings:Jamsostek", "Host=127.0.0.1;Database=unused;Include Error Detail=true", "ConnectionStrings:Jamsostek sets Include Error Detail")]
    [InlineData("Logging:LogLevel:Hangfire", "Info", "Logging:LogLevel:Hangfire")]
    [InlineData("Matching:SerialDifference", "Koreksi", "Matching:SerialDifference")]
    [InlineData("Matching:SerialDifference", "7", "Matching:SerialDifference must be Review or Correct")]
    public void A_wrong_setting_stops_the_service_with_a_message_naming_the_key(string key, string value, string named)
    {
        var error = Assert.Throws<OptionsValidationException>(() => BuildAndValidate(ServeArgumentsWith(key, value)));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Demo:RosterEntries", "5")]
    [InlineData("Demo:Seed", "abc")]
    public void A_demo_setting_does_not_stop_the_service_which_never_reads_it(string key, string value)
    {
        var error = Record.Exception(() => BuildAndValidate(ServeArgumentsWith(key, value)));

        Assert.Null(error);
    }

    [Fact]
    public void Several_sections_wrong_at_once_are_one_error_naming_every_key()
    {
        var error = Assert.Throws<OptionsValidationException>(() => BuildAndValidate(
        [
            "--ConnectionStrings:Jamsostek=Host=127.0.0.1;Database=unused",
            "--Dashboard:Users:0:Name=admin",
            $"--Dashboard:Users:0:PasswordHash={Worker.Dashboard.PasswordHash.Create("secret")}",
            "--Rosters:PageSize=0",
            "--Digest:BatchSize=0",
        ]));

        Assert.Contains("Rosters:PageSize", error.Message, StringComparison.Ordinal);
        Assert.Contains("Digest:BatchSize", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task User_secrets_are_read_in_production_below_the_environment()
    {
        await using var database = await TestDatabase.CreateAsync();
        var home = Directory.CreateTempSubdirectory("jamsostek-home-");
        var secrets = Path.Combine(home.FullName, ".microsoft", "usersecrets", "jamsostek-worker", "secrets.json");
        Directory.CreateDirectory(Path.GetDirectoryName(secrets)!);
        void Secret(string connectionString) => File.WriteAllText(secrets, System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string> { ["ConnectionStrings:Jamsostek"] = connectionString }));

        Secret(database.ConnectionString);
        var fromSecrets = await WorkerProcess.RunAsync(["migrate"], new Dictionary<string, string?> { ["HOME"] = home.FullName });
        Secret("Host=127.0.0.1;Port=1;Database=wrong");
        var environmentWins = await WorkerProcess.RunAsync(["migrate"], database.Settings(new Dictionary<string, string?> { ["HOME"] = home.FullName }));

        Assert.True(fromSecrets.ExitCode == 0, fromSecrets.Stderr);
        Assert.True(environmentWins.ExitCode == 0, environmentWins.Stderr);
        home.Delete(recursive: true);
    }

    [Fact]
    public async Task The_documented_example_settings_bind_and_validate_once_the_environment_gives_the_secrets()
    {
        await using var database = await TestDatabase.CreateAsync();
        var example = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(Repository.Root, "appsettings.example.json")).Build();
        var settings = example.AsEnumerable().Where(kv => kv.Value is not null).ToDictionary(kv => kv.Key, kv => kv.Value);
        // What its comments say the environment sets.
        settings["ConnectionStrings:Jamsostek"] = database.ConnectionString;
        settings["Dashboard:Users:0:PasswordHash"] = Worker.Dashboard.PasswordHash.Create("admin-secret");
        settings["Dashboard:Users:1:PasswordHash"] = Worker.Dashboard.PasswordHash.Create("kesra-secret");

        await using var app = ServeCommand.Build([.. settings.Select(kv => $"--{kv.Key}={kv.Value}")]);

        var digest = app.Services.GetRequiredService<IOptions<Jamsostek.Digest.DigestOptions>>().Value;
        var dashboard = app.Services.GetRequiredService<IOptions<Worker.Dashboard.DashboardOptions>>().Value;
        var jobs = app.Services.GetRequiredService<IOptions<Worker.Hosting.JobsOptions>>().Value;
        Assert.Equal((Jamsostek.Digest.SmtpSecurity.StartTls, "smtp.serangkab.go.id"), (digest.Smtp.Security, digest.Smtp.Host));
        Assert.Equal([Worker.Dashboard.DashboardRole.Admin, Worker.Dashboard.DashboardRole.ReadOnly], dashboard.Users.Select(u => u.Kind));
        Assert.Equal(Jamsostek.Jobs.RecurringJobs.All.Count, jobs.Schedules.Count);
        Assert.Equal(2, app.Services.GetRequiredService<IOptions<Jamsostek.Alerts.AlertOptions>>().Value.Recipients.Count);
    }

    [Fact]
    public void The_example_documents_every_setting_the_service_reads_and_nothing_else()
    {
        var sections = new (string Section, Type Options)[]
        {
            (Jamsostek.Rosters.RostersOptions.Section, typeof(Jamsostek.Rosters.RostersOptions)),
            (Jamsostek.Membership.MembershipOptions.Section, typeof(Jamsostek.Membership.MembershipOptions)),
            (Jamsostek.Coverage.CoverageOptions.Section, typeof(Jamsostek.Coverage.CoverageOptions)),
            (Jamsostek.Matching.MatchingOptions.Section, typeof(Jamsostek.Matching.MatchingOptions)),
            (Jamsostek.Digest.DigestOptions.Section, typeof(Jamsostek.Digest.DigestOptions)),
            (Jamsostek.Alerts.AlertOptions.Section, typeof(Jamsostek.Alerts.AlertOptions)),
            (Jamsostek.Demo.DemoOptions.Section, typeof(Jamsostek.Demo.DemoOptions)),
            (Worker.Hosting.JobsOptions.Section, typeof(Worker.Hosting.JobsOptions)),
            (Worker.Dashboard.DashboardOptions.Section, typeof(Worker.Dashboard.DashboardOptions)),
        };
        var read = sections.SelectMany(s => SettingKeys(s.Section, s.Options)).Append(Jamsostek.Database.DatabaseOptions.ConnectionStringKey).ToHashSet();
        var example = new ConfigurationBuilder().AddJsonFile(Path.Combine(Repository.Root, "appsettings.example.json")).Build();
        // List items as their first (Feeds:0:Name), a dictionary's entries as the dictionary (Schedules); Logging is .NET's.
        var documented = example.AsEnumerable()
            .Where(kv => kv.Value is not null && !kv.Key.StartsWith("Logging:", StringComparison.Ordinal))
            .Select(kv => System.Text.RegularExpressions.Regex.Replace(kv.Key, ":[0-9]+(?=:|$)", ":0"))
            .Select(key => read.FirstOrDefault(r => r.EndsWith(":*", StringComparison.Ordinal) && key.StartsWith(r[..^1], StringComparison.Ordinal)) ?? key)
            .ToHashSet();

        Assert.Empty(read.Except(documented).Order());
        Assert.Empty(documented.Except(read).Order());
    }

    /// <summary>The configuration keys an options class binds: a list as its item 0, a dictionary as "Key:*".</summary>
    private static IEnumerable<string> SettingKeys(string prefix, Type options)
    {
        foreach (var property in options.GetProperties().Where(p => p.CanWrite && p.SetMethod!.IsPublic))
        {
            var key = $"{prefix}:{property.Name}";
            var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Dictionary<,>))
            {
                yield return key + ":*";
            }
            else if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>))
            {
                var item = type.GetGenericArguments()[0];
                foreach (var itemKey in IsValue(item) ? [key + ":0"] : SettingKeys(key + ":0", item))
                {
                    yield return itemKey;
                }
            }
            else if (IsValue(type))
            {
                yield return key;
            }
            else
            {
                foreach (var nested in SettingKeys(key, type))
                {
                    yield return nested;
                }
            }
        }
    }

    private static bool IsValue(Type type) => type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(TimeSpan);

    [Theory]
    [InlineData("missing", "Dashboard:DataProtection:CertificatePath '{path}' is no file")]
    [InlineData("text", "Dashboard:DataProtection:CertificatePath '{path}' is not a PKCS#12 (.pfx) file")]
    [InlineData("pem-without-key", "Dashboard:DataProtection:CertificatePath '{path}' is not a PKCS#12 (.pfx) file")]
    [InlineData("wrong-password", "Dashboard:DataProtection:CertificatePassword does not open Dashboard:DataProtection:CertificatePath '{path}'")]
    [InlineData("ecdsa", "Dashboard:DataProtection:CertificatePath '{path}' holds no RSA key")]
    [InlineData("password-without-path", "Dashboard:DataProtection:CertificatePassword is set but Dashboard:DataProtection:CertificatePath is not")]
    public void A_certificate_for_the_keys_that_cannot_be_used_stops_the_service_naming_the_key_never_the_password(string file, string named)
    {
        const string password = "kata-sandi-sertifikat";
        var folder = Directory.CreateTempSubdirectory("jamsostek-certificate-");
        try
        {
            var path = Path.Combine(folder.FullName, "data-protection.pfx");
            switch (file)
            {
                case "text": File.WriteAllText(path, "not a certificate\n"); break;
                case "pem-without-key": File.WriteAllText(path, TestCertificate.PemWithoutKey()); break;
                case "wrong-password": File.WriteAllBytes(path, TestCertificate.Pfx("another-password")); break;
                case "ecdsa": File.WriteAllBytes(path, TestCertificate.EcdsaPfx(password)); break;
            }

            string[] args =
            [
                .. ServeArgumentsWith("Dashboard:DataProtection:CertificatePassword", password),
                .. file == "password-without-path" ? Array.Empty<string>() : [$"--Dashboard:DataProtection:CertificatePath={path}"],
            ];
            var error = Assert.Throws<OptionsValidationException>(() => BuildAndValidate(args));

            Assert.Contains(named.Replace("{path}", path, StringComparison.Ordinal), error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(password, error.Message, StringComparison.Ordinal);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void The_service_refuses_to_start_without_any_dashboard_user()
    {
        var error = Assert.Throws<OptionsValidationException>(() => BuildAndValidate(["--ConnectionStrings:Jamsostek=Host=127.0.0.1;Database=unused"]));

        Assert.Contains("Dashboard:Users", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_user_name_given_twice_is_refused_naming_both_entries()
    {
        // Someone adds a second "admin" with a new password: the login only ever checked the first one's.
        var error = Assert.Throws<OptionsValidationException>(() => BuildAndValidate(
        [
            "--ConnectionStrings:Jamsostek=Host=127.0.0.1;Database=unused",
            "--Dashboard:Users:0:Name=admin",
            $"--Dashboard:Users:0:PasswordHash={Worker.Dashboard.PasswordHash.Create("old-secret")}",
            "--Dashboard:Users:0:Role=Admin",
            "--Dashboard:Users:1:Name=admin",
            $"--Dashboard:Users:1:PasswordHash={Worker.Dashboard.PasswordHash.Create("new-secret")}",
            "--Dashboard:Users:1:Role=ReadOnly",
        ]));

        Assert.Contains("Dashboard:Users:1:Name 'admin' is the name of Dashboard:Users:0 already", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Password_hashes_verify_the_right_password_only()
    {
        var hash = Worker.Dashboard.PasswordHash.Create("kata-sandi");

        Assert.True(Worker.Dashboard.PasswordHash.Verify("kata-sandi", hash));
        Assert.False(Worker.Dashboard.PasswordHash.Verify("kata-sandi ", hash));
        Assert.False(Worker.Dashboard.PasswordHash.Verify("kata-sandi", "PBKDF2-SHA256$100000$garbage"));
    }

    /// <summary>What serve needs to start (an unused database, one admin) with <paramref name="key"/> set to <paramref name="value"/>.</summary>
    private static string[] ServeArgumentsWith(string key, string value)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Jamsostek"] = "Host=127.0.0.1;Database=unused",
            ["Dashboard:Users:0:Name"] = "admin",
            ["Dashboard:Users:0:PasswordHash"] = Worker.Dashboard.PasswordHash.Create("secret"),
            ["Dashboard:Users:0:Role"] = "Admin",
            [key] = value,
        };
        return [.. settings.Select(kv => $"--{kv.Key}={kv.Value}")];
    }

    private static void BuildAndValidate(string[] args)
    {
        using var app = ServeCommand.Build(args);
        app.Services.GetRequiredService<IStartupValidator>().Validate();
    }
}
