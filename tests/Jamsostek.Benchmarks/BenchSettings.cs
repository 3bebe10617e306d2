using Jamsostek.Demo;

namespace Jamsostek.Benchmarks;

public enum Scale
{
    Tiny,
    Small,
    Default,
}

/// <summary>The harness's command line: <c>--scale small|default</c>, where the worker is, where results go.</summary>
public sealed record BenchSettings
{
    public Scale Scale { get; init; } = Scale.Small;

    public RosterLayout Layout { get; init; } = RosterLayout.PerDesa;

    public string WorkerDll { get; init; } = "";

    public string WorkFolder { get; init; } = Path.Combine(Path.GetTempPath(), "jamsostek-bench");

    public string ResultsFolder { get; init; } = "BenchmarkResults";

    /// <summary>The PostgreSQL server (JAMSOSTEK_TEST_PG); each run creates its own database on it.</summary>
    public string AdminConnectionString { get; init; } = "";

    public bool KeepDatabase { get; init; }

    /// <summary>Stage names (prefixes, comma-separated with <c>--only</c>) to run; empty runs them all. Data is always generated.</summary>
    public IReadOnlyList<string> Only { get; init; } = [];

    /// <summary>Only generate the data and time the generator: no database, no worker.</summary>
    public bool GenerateOnly { get; init; }

    /// <summary>Extra worker configuration (<c>--env Key=Value</c>), e.g. the digest's SMTP and recipient settings.</summary>
    public IReadOnlyDictionary<string, string> WorkerEnvironment { get; init; } = new Dictionary<string, string>();

    public SyntheticDataParameters Data => Scale switch
    {
        Scale.Tiny => new SyntheticDataParameters { RosterEntries = 2_000, MembershipRecords = 8_000, Layout = Layout },
        Scale.Small => SyntheticDataParameters.Small with { Layout = Layout },
        _ => new SyntheticDataParameters { Layout = Layout },
    };

    public static BenchSettings Parse(string[] args)
    {
        var settings = new BenchSettings
        {
            AdminConnectionString = Environment.GetEnvironmentVariable("JAMSOSTEK_TEST_PG") ?? "",
        };
        var environment = new Dictionary<string, string>();
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            settings = args[i] switch
            {
                "--scale" => settings with { Scale = Value() switch { "tiny" => Scale.Tiny, "small" => Scale.Small, "default" => Scale.Default, var v => throw new ArgumentException($"--scale {v}: expected tiny, small or default.") } },
                "--layout" => settings with { Layout = Value() switch { "per-desa" => RosterLayout.PerDesa, "single" => RosterLayout.SingleFile, var v => throw new ArgumentException($"--layout {v}: expected per-desa or single.") } },
                "--worker" => settings with { WorkerDll = Value() },
                "--work" => settings with { WorkFolder = Value() },
                "--results" => settings with { ResultsFolder = Value() },
                "--keep-database" => settings with { KeepDatabase = true },
                "--generate-only" => settings with { GenerateOnly = true },
                "--only" => settings with { Only = Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) },
                "--env" => AddEnvironment(settings, environment, Value()),
                var other => throw new ArgumentException($"Unknown argument {other}."),
            };
        }

        if (settings.GenerateOnly)
        {
            return settings with { WorkerEnvironment = environment };
        }

        if (string.IsNullOrEmpty(settings.WorkerDll) || !File.Exists(settings.WorkerDll))
        {
            throw new ArgumentException("--worker must point at the built Jamsostek.Worker.dll.");
        }

        if (string.IsNullOrEmpty(settings.AdminConnectionString))
        {
            throw new ArgumentException("JAMSOSTEK_TEST_PG is not set: scripts/bench.sh sets it.");
        }

        return settings with { WorkerEnvironment = environment };
    }

    private static BenchSettings AddEnvironment(BenchSettings settings, Dictionary<string, string> environment, string pair)
    {
        var at = pair.IndexOf('=', StringComparison.Ordinal);
        if (at <= 0)
        {
            throw new ArgumentException($"--env {pair}: expected Key=Value.");
        }

        environment[pair[..at].Replace(":", "__", StringComparison.Ordinal)] = pair[(at + 1)..];
        return settings;
    }
}
