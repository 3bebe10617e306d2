using System.Diagnostics;
using Jamsostek.Tests.Infrastructure;
using Npgsql;

namespace Jamsostek.Tests.Reliability;

/// <summary>
/// A throwaway PostgreSQL cluster for one test that stops and starts it (never the shared server): initdb into a temporary
/// folder with Debian's binaries, run as the user jamsostek-pg when the tests run as root (PostgreSQL refuses root), as scripts/lib/postgres.sh does.
/// </summary>
public sealed class PrivatePostgres : IAsyncDisposable
{
    private const string ClusterUser = "jamsostek-pg";
    private readonly string bin;

    private PrivatePostgres(string root, string bin, int port)
    {
        Root = root;
        this.bin = bin;
        Port = port;
    }

    public string Root { get; }

    public int Port { get; }

    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Database=jamsostek;Pooling=false";

    private string Data => Path.Combine(Root, "data");

    public static async Task<PrivatePostgres> StartAsync()
    {
        var bin = Directory.GetDirectories("/usr/lib/postgresql").Select(v => Path.Combine(v, "bin")).Where(b => File.Exists(Path.Combine(b, "initdb"))).Order().Last();
        var root = Path.Combine("/var/tmp", $"jamsostek-pg-test-{Guid.NewGuid():N}");
        Directory.CreateDirectory(root);
        var cluster = new PrivatePostgres(root, bin, LoopbackPort.Free());
        if (IsRoot)
        {
            await RunAsync("chown", ClusterUser, root);
        }

        await cluster.AsClusterUserAsync("initdb", "-D", cluster.Data, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8");
        await cluster.StartAgainAsync();
        await using (var admin = new NpgsqlConnection($"Host=127.0.0.1;Port={cluster.Port};Username=postgres;Database=postgres;Pooling=false"))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand("CREATE DATABASE jamsostek", admin);
            await create.ExecuteNonQueryAsync();
        }

        return cluster;
    }

    /// <summary>Stops the server at once (pg_ctl -m immediate: connections are cut, as a crash or an OOM kill would).</summary>
    public Task StopAsync() => AsClusterUserAsync("pg_ctl", "-D", Data, "-m", "immediate", "-w", "stop");

    public Task StartAgainAsync() => AsClusterUserAsync(
        "pg_ctl", "-D", Data, "-l", Path.Combine(Root, "server.log"), "-w", "-o",
        $"-p {Port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={Root} -c fsync=off -c timezone=Pacific/Tongatapu", "start");

    public async ValueTask DisposeAsync()
    {
        try
        {
            await AsClusterUserAsync("pg_ctl", "-D", Data, "-m", "immediate", "-w", "stop");
        }
        catch (InvalidOperationException)
        {
            // Already stopped.
        }

        Directory.Delete(Root, recursive: true);
    }

    private static bool IsRoot => Environment.UserName == "root";

    private Task AsClusterUserAsync(string program, params string[] arguments) =>
        IsRoot ? RunAsync("runuser", ["-u", ClusterUser, "--", Path.Combine(bin, program), .. arguments]) : RunAsync(Path.Combine(bin, program), arguments);

    private static async Task RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited {process.ExitCode}: {await stderr}{await stdout}");
        }
    }
}
