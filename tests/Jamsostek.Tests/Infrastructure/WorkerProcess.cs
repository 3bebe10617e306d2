using System.Diagnostics;

namespace Jamsostek.Tests.Infrastructure;

/// <summary>The worker executable run as a child process, exactly as an admin runs it: arguments, environment, exit code, stdout, stderr.</summary>
public static class WorkerProcess
{
    private static readonly string WorkerDll = Path.Combine(AppContext.BaseDirectory, "Jamsostek.Worker.dll");

    // parent: a shell to start the worker from, whose name the worker sees as its parent process's (a copy of /bin/sh
    // named systemd plays the service manager); it writes the worker's process id as the first line of stdout.
    public static Process Start(IEnumerable<string> arguments, IDictionary<string, string?> environment, string? parent = null)
    {
        var start = new ProcessStartInfo(parent ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (parent is not null)
        {
            // Not exec'd: the shell stays the worker's parent, and passes its exit code on.
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add("dotnet \"$@\" & echo $!; wait $!");
            start.ArgumentList.Add(Path.GetFileName(parent));
        }

        start.ArgumentList.Add(WorkerDll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Nothing from the test runner's environment decides the outcome but what the test passes.
        start.Environment.Remove("ConnectionStrings__Jamsostek");
        start.Environment.Remove("SUDO_USER");
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in environment)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        return Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
    }

    public static async Task<WorkerRun> RunAsync(IEnumerable<string> arguments, IDictionary<string, string?> environment, TimeSpan? timeout = null)
    {
        using var process = Start(arguments, environment);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancellation = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(cancellation.Token);
        return new WorkerRun(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>What serve needs besides its database (one admin of the dashboard), on the connection string given, if any.</summary>
    public static Dictionary<string, string?> ServeSettings(string? connectionString = null, string urls = "http://127.0.0.1:0")
    {
        var settings = new Dictionary<string, string?>
        {
            ["urls"] = urls,
            ["Dashboard:Users:0:Name"] = "admin",
            ["Dashboard:Users:0:PasswordHash"] = Jamsostek.Worker.Dashboard.PasswordHash.Create(RunningWorker.AdminPassword),
            ["Dashboard:Users:0:Role"] = "Admin",
        };
        if (connectionString is not null)
        {
            settings["ConnectionStrings:Jamsostek"] = connectionString;
        }

        return settings;
    }
}

public sealed record WorkerRun(int ExitCode, string Stdout, string Stderr);
