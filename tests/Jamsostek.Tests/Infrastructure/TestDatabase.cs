using Dapper;
using Jamsostek.Database;
using Jamsostek.Worker.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Jamsostek.Tests.Infrastructure;

/// <summary>
/// A fresh PostgreSQL database per test (or test class), copied from a template that the service's own migrations built once per run.
/// The server comes from JAMSOSTEK_TEST_PG (scripts/test.sh starts one); a missing server fails the test, it is never skipped.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private static readonly SemaphoreSlim TemplateGate = new(1, 1);
    private static string? templateName;

    private TestDatabase(string name, string connectionString)
    {
        Name = name;
        ConnectionString = connectionString;
        DataSource = NpgsqlDataSource.Create(connectionString);
    }

    public string Name { get; }

    public string ConnectionString { get; }

    public NpgsqlDataSource DataSource { get; }

    public static string AdminConnectionString =>
        Environment.GetEnvironmentVariable("JAMSOSTEK_TEST_PG")
        ?? throw new InvalidOperationException("JAMSOSTEK_TEST_PG is not set: run the tests with scripts/test.sh, which starts PostgreSQL.");

    /// <summary>A database with every migration and the reference data applied.</summary>
    public static async Task<TestDatabase> CreateAsync() => await CreateFromAsync(await MigratedTemplateAsync());

    /// <summary>An empty database, for testing the migrations themselves.</summary>
    public static Task<TestDatabase> CreateEmptyAsync() => CreateFromAsync("template0");

    public static string ConnectionStringFor(string database) =>
        new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = database, Pooling = true }.ConnectionString;

    /// <summary>Configuration as the worker would read it, pointing at this database; <paramref name="settings"/> adds or overrides keys.</summary>
    public Dictionary<string, string?> Settings(IDictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["ConnectionStrings:Jamsostek"] = ConnectionString,
            // The tests write their inbox files whole before a run reads them; InboxTests wait as the service does.
            ["Rosters:InboxQuietPeriod"] = "00:00:00",
            ["Membership:InboxQuietPeriod"] = "00:00:00",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        return all;
    }

    /// <summary>The worker's own service registrations (as the command line builds them) on this database; with
    /// <paramref name="clock"/>, the time they read is the test's.</summary>
    public IHost BuildHost(IDictionary<string, string?>? settings = null, TimeProvider? clock = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(Settings(settings));
        builder.AddWorkerServices();
        builder.Services.AddJamsostekHangfire(withServer: false);
        if (clock is not null)
        {
            builder.Services.AddSingleton(clock);
        }

        return builder.Build();
    }

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(AdminConnectionString);
        await admin.ExecuteAsync($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)");
    }

    private static async Task<TestDatabase> CreateFromAsync(string template)
    {
        var name = $"jt_{Guid.NewGuid():N}";
        await using (var admin = new NpgsqlConnection(AdminConnectionString))
        {
            // Identifiers cannot be parameters; both names are generated here, never input.
            await admin.ExecuteAsync($"CREATE DATABASE \"{name}\" TEMPLATE \"{template}\"");
        }

        return new TestDatabase(name, ConnectionStringFor(name));
    }

    private static async Task<string> MigratedTemplateAsync()
    {
        await TemplateGate.WaitAsync();
        try
        {
            if (templateName is not null)
            {
                return templateName;
            }

            var database = await CreateEmptyAsync();
            using (var host = database.BuildHost())
            {
                await host.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
                await host.Services.GetRequiredService<NpgsqlDataSource>().DisposeAsync();
            }

            await database.DataSource.DisposeAsync();
            NpgsqlConnection.ClearAllPools();
            templateName = database.Name;
            AppDomain.CurrentDomain.ProcessExit += (_, _) => DropQuietly(database.Name);
            return templateName;
        }
        finally
        {
            TemplateGate.Release();
        }
    }

    private static void DropQuietly(string name)
    {
        try
        {
            using var admin = new NpgsqlConnection(AdminConnectionString);
            admin.Execute($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
        }
        catch (NpgsqlException)
        {
            // The server may already be gone at process exit; a leftover template is harmless.
        }
    }
}
