using System.Diagnostics;

namespace Jamsostek.Benchmarks;

public sealed record ChildRun(int ExitCode, string Stdout, string Stderr, TimeSpan Elapsed, double? PeakRssMb)
{
    public string FirstErrorLine => Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "";
}

/// <summary>Runs a child process and measures its wall time and peak resident memory (VmHWM, polled from /proc).</summary>
public static class ChildProcess
{
    public static async Task<ChildRun> RunAsync(string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var stopwatch = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{fileName} did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        var statusPath = $"/proc/{process.Id}/status";
        long peakKb = 0;
        var exited = process.WaitForExitAsync(cancellationToken);
        while (!exited.IsCompleted)
        {
            // VmHWM is the high-water mark so far: the last reading before exit misses at most one polling interval.
            peakKb = Math.Max(peakKb, ReadHighWaterMarkKb(statusPath));
            await Task.WhenAny(exited, Task.Delay(25, cancellationToken));
        }

        await exited;
        stopwatch.Stop();
        return new ChildRun(process.ExitCode, await stdout, await stderr, stopwatch.Elapsed, peakKb > 0 ? peakKb / 1024.0 : null);
    }

    private static long ReadHighWaterMarkKb(string statusPath)
    {
        try
        {
            foreach (var line in File.ReadLines(statusPath))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    return long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim());
                }
            }
        }
        catch (IOException)
        {
            // The process ended between the check and the read.
        }
        catch (UnauthorizedAccessException)
        {
            // Same: /proc entries of a reaped process vanish.
        }

        return 0;
    }
}
