using System.Collections.Frozen;
using Dapper;
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
/// compute). A database a newer worker migrated is refused before any of it: this build's steps would write by an older
/// schema's rules.
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

    /// <summary>This build's scripts by the names DbUp journals them under: their resource names.</summary>
    private static readonly FrozenSet<string> BuildScripts =
        typeof(DatabaseMigrator).Assembly.GetManifestResourceNames().Where(IsMigration).ToFrozenSet(StringComparer.Ordinal);

    public async Task<int> MigrateAsync(CancellationToken cancellationToken)
    {
        // Two processes starting together must not run the same script twice: DbUp itself takes no lock.
        await using var lockConnection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var migrating = await SessionLock.TakeAsync(lockConnection, AdvisoryLockKeys.Migrations, cancellationToken);
        // DbUp would apply nothing, but the library schemas, reference data and stored names below would be rewritten
        // by this build's older rules.
        if (await ReadStateAsync(lockConnection, cancellationToken) == MigrationState.Newer)
        {
            throw new DatabaseOfNewerWorkerException();
        }

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

    /// <summary>What the database's journal holds against this build's scripts, in one query.</summary>
    public async Task<MigrationState> ReadStateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await ReadStateAsync(connection, cancellationToken);
    }

    /// <summary>
    /// What the journal holds against this build's scripts, in one query on <paramref name="connection"/>: asked at every
    /// command's start and every readiness probe, since a newer worker may migrate the database under a running one.
    /// </summary>
    public static async Task<MigrationState> ReadStateAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        HashSet<string> applied;
        try
        {
            applied = [.. await connection.QueryAsync<string>(new CommandDefinition(SqlText.Get("database/applied_migrations"), cancellationToken: cancellationToken))];
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            // DbUp creates its journal with the first script: a database never migrated.
            return MigrationState.Pending;
        }

        // Newer wins over pending: migrating a database with scripts this build does not know would build on a schema
        // it cannot foresee.
        return !applied.IsSubsetOf(BuildScripts) ? MigrationState.Newer
            : applied.Count < BuildScripts.Count ? MigrationState.Pending
            : MigrationState.Applied;
    }

    private static bool IsMigration(string resourceName) => resourceName.StartsWith(MigrationPrefix, StringComparison.Ordinal);

    private UpgradeEngine BuildUpgrader() =>
        DeployChanges.To
            .PostgresqlDatabase(options.Value.ConnectionString)
            .WithScriptsEmbeddedInAssembly(typeof(DatabaseMigrator).Assembly, IsMigration)
            .WithTransactionPerScript()
            // DbUp otherwise leaves Npgsql's 30 s, and a migration that rewrites the roster or the register runs for minutes.
            .WithExecutionTimeout(TimeSpan.FromSeconds(new NpgsqlConnectionStringBuilder(dataSource.ConnectionString).CommandTimeout))
            // sql/database/applied_migrations.sql reads this table.
            .JournalToPostgresqlTable("public", "schema_migrations")
            .LogToNowhere()
            .Build();

    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Applied migration {Script}")]
    private partial void LogScriptApplied(string script);

    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "Database is up to date: {Scripts} migrations applied now, {Datasets} reference files loaded")]
    private partial void LogMigrated(int scripts, int datasets);
}

/// <summary>What a database's DbUp journal holds against this build's scripts.</summary>
public enum MigrationState
{
    /// <summary>Every script of this build, and no other.</summary>
    Applied,

    /// <summary>Not every script of this build: a database never migrated, or not since this version was installed.</summary>
    Pending,

    /// <summary>A script this build does not have: a newer worker migrated the database (a rolling deploy, or the worker rolled back alone).</summary>
    Newer,
}

/// <summary>
/// A database a newer worker migrated: this worker would write into a schema it does not know by older assumptions, and
/// migrations only go forward (exit 2: the caller upgrades the worker).
/// </summary>
public sealed class DatabaseOfNewerWorkerException() : Exception(Sentence)
{
    public const string Sentence =
        $"The database of {DatabaseOptions.ConnectionStringKey} was migrated by a newer version of the worker: upgrade this worker to that version (do not roll the database back by hand).";
}

public sealed class MigrationFailedException(string script, Exception? inner)
    : Exception($"Migration {script} failed: {inner?.Message}", inner);
