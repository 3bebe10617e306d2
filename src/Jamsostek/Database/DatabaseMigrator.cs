using DbUp;
using DbUp.Engine;
using Jamsostek.Matching;
using Jamsostek.Regions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Jamsostek.Database;

/// <summary>
/// Applies the numbered scripts of sql/migrations (DbUp, one transaction each), then the schemas libraries own (Hangfire's),
/// then the reference data, then the stored normalised names when the normaliser's rules changed (what a script cannot
/// compute).
/// </summary>
public sealed partial class DatabaseMigrator(
    NpgsqlDataSource dataSource,
    IOptions<DatabaseOptions> options,
    ReferenceDataLoader referenceData,
    NamaNormalRefresh namaNormal,
    IEnumerable<ILibrarySchema> librarySchemas,
    ILogger<DatabaseMigrator> logger)
{
    private const string MigrationPrefix = "sql/migrations/";

    public async Task<int> MigrateAsync(CancellationToken cancellationToken)
    {
        // Two processes starting together must not run the same script twice: DbUp itself takes no lock.
        await using var lockConnection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var migrating = await SessionLock.TakeAsync(lockConnection, AdvisoryLockKeys.Migrations, cancellationToken);
        var result = BuildUpgrader().PerformUpgrade();
        if (!result.Successful)
        {
            throw new MigrationFailedException(result.ErrorScript?.Name ?? "(unknown script)", result.Error);
        }

        foreach (var script in result.Scripts)
        {
            LogScriptApplied(script.Name);
        }

        var applied = result.Scripts.Count();
        foreach (var schema in librarySchemas)
        {
            schema.Install(lockConnection);
        }

        var datasets = await referenceData.LoadAsync(cancellationToken);
        await namaNormal.RefreshAsync(cancellationToken);
        LogMigrated(applied, datasets);
        return applied;
    }

    private volatile bool upToDate;

    /// <summary>Whether every migration of this build is applied; asked of the journal until it once says yes (readiness probes ask every few seconds).</summary>
    public bool IsUpToDate() => upToDate || (upToDate = !BuildUpgrader().IsUpgradeRequired());

    private UpgradeEngine BuildUpgrader() =>
        DeployChanges.To
            .PostgresqlDatabase(options.Value.ConnectionString)
            .WithScriptsEmbeddedInAssembly(typeof(DatabaseMigrator).Assembly, name => name.StartsWith(MigrationPrefix, StringComparison.Ordinal))
            .WithTransactionPerScript()
            // DbUp otherwise leaves Npgsql's 30 s, and a migration that rewrites the roster or the register runs for minutes.
            .WithExecutionTimeout(TimeSpan.FromSeconds(new NpgsqlConnectionStringBuilder(dataSource.ConnectionString).CommandTimeout))
            .JournalToPostgresqlTable("public", "schema_migrations")
            .LogToNowhere()
            .Build();

    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Applied migration {Script}")]
    private partial void LogScriptApplied(string script);

    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "Database is up to date: {Scripts} migrations applied now, {Datasets} reference files loaded")]
    private partial void LogMigrated(int scripts, int datasets);
}

public sealed class MigrationFailedException(string script, Exception? inner)
    : Exception($"Migration {script} failed: {inner?.Message}", inner);
