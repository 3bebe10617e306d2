using System.Diagnostics;

namespace Jamsostek.Tests.Infrastructure;

/// <summary>The worker executable run as a child process, exactly as an admin runs it: arguments, environment, exit code, stdout, stderr.</summary>
public static class WorkerProcess
{
    private static readonly string WorkerDll = Path.Combine(AppContext.BaseDirectory, "Jamsostek.Worker.dll");

    public static Process Start(IEnumerable<string> arguments, IDictionary<string, string?> environment)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(WorkerDll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Nothing from the test runner's environment decides the outcome but what the test passes.
        start.Environment.Remove("ConnectionStrings__Jamsostek");
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
}

public sealed record WorkerRun(int ExitCode, string Stdout, string Stderr);
