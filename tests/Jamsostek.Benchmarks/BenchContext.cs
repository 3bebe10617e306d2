using System.Globalization;
using Dapper;
using Jamsostek.Demo;
using Npgsql;

namespace Jamsostek.Benchmarks;

/// <summary>What every stage shares in one run: the settings, the run's own database, the generated data, the results so far.</summary>
public sealed class BenchContext(BenchSettings settings, string databaseName)
{
    public const double RssLimitMb = 500;

    public BenchSettings Settings { get; } = settings;

    public string DatabaseName { get; } = databaseName;

    public string ConnectionString { get; } = new NpgsqlConnectionStringBuilder(settings.AdminConnectionString) { Database = databaseName }.ConnectionString;

    public SyntheticDataParameters Parameters { get; } = settings.Data;

    public SyntheticDataSummary? Data { get; set; }

    public SyntheticDataSummary? Night { get; set; }

    public string DataFolder => Path.Combine(Settings.WorkFolder, "data");

    public string NightFolder => Path.Combine(Settings.WorkFolder, "night");

    public DateOnly AsOf => Parameters.ReferenceDate;

    /// <summary>The changed night is the next day's run.</summary>
    public DateOnly NightAsOf => AsOf.AddDays(1);

    public string Week => $"{ISOWeek.GetYear(AsOf.ToDateTime(TimeOnly.MinValue))}-W{ISOWeek.GetWeekOfYear(AsOf.ToDateTime(TimeOnly.MinValue)):D2}";

    public List<StageResult> Results { get; } = [];

    /// <summary>Worker settings a stage adds for its own run (an SMTP sink's port); <c>--env</c> settings win over these.</summary>
    public Dictionary<string, string> StageEnvironment { get; } = [];

    public StageResult? Result(string stage) => Results.LastOrDefault(r => r.Stage == stage && r.Outcome == StageOutcome.Ok);

    /// <summary>The worker executable, exactly as an admin runs it, on this run's database.</summary>
    public Task<ChildRun> RunWorkerAsync(IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__Jamsostek"] = ConnectionString,
            ["DOTNET_ENVIRONMENT"] = "Production",
            ["Logging__LogLevel__Default"] = "Warning",
            ["Rosters__InboxPath"] = Path.Combine(Settings.WorkFolder, "inbox", "rosters"),
            ["Membership__InboxPath"] = Path.Combine(Settings.WorkFolder, "inbox", "membership"),
        };
        foreach (var (key, value) in StageEnvironment.Concat(Settings.WorkerEnvironment))
        {
            environment[key] = value;
        }

        return ChildProcess.RunAsync("dotnet", [Settings.WorkerDll, .. arguments], environment, cancellationToken);
    }

    /// <summary>psql on this run's database, stopping at the first error.</summary>
    public Task<ChildRun> RunPsqlAsync(string scriptPath, IReadOnlyDictionary<string, string> variables, CancellationToken cancellationToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(ConnectionString);
        var environment = new Dictionary<string, string>
        {
            ["PGHOST"] = builder.Host ?? "127.0.0.1",
            ["PGPORT"] = builder.Port.ToString(CultureInfo.InvariantCulture),
            ["PGUSER"] = builder.Username ?? "postgres",
            ["PGDATABASE"] = DatabaseName,
        };
        if (!string.IsNullOrEmpty(builder.Password))
        {
            environment["PGPASSWORD"] = builder.Password;
        }

        List<string> arguments = ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-f", scriptPath];
        foreach (var (name, value) in variables)
        {
            arguments.AddRange(["-v", $"{name}={value}"]);
        }

        return ChildProcess.RunAsync("psql", arguments, environment, cancellationToken);
    }

    /// <summary>A count from this run's database, or null when the table is not there (a capability not merged yet).</summary>
    public async Task<long?> CountAsync(string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken);
        try
        {
            return await connection.ExecuteScalarAsync<long>(new CommandDefinition(sql, cancellationToken: cancellationToken));
        }
        catch (PostgresException)
        {
            return null;
        }
    }
}
