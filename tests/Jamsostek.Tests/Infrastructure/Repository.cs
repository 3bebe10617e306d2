using System.Diagnostics;

namespace Jamsostek.Tests.Infrastructure;

/// <summary>The repository this test run was built from, for tests that read its files (hygiene checks).</summary>
public static class Repository
{
    public static string Root { get; } = FindRoot();

    /// <summary>Every file git tracks or would track (untracked but not ignored), as paths relative to the root.</summary>
    public static IReadOnlyList<string> Files()
    {
        var start = new ProcessStartInfo("git", "ls-files --cached --others --exclude-standard")
        {
            WorkingDirectory = Root,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        using var git = Process.Start(start) ?? throw new InvalidOperationException("git did not start.");
        var output = git.StandardOutput.ReadToEnd();
        git.WaitForExit();
        // A git that refused (e.g. "dubious ownership") would list nothing, and every hygiene check would pass unchecked.
        var files = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(f => File.Exists(Path.Combine(Root, f))).ToList();
        return git.ExitCode == 0 && files.Count > 0
            ? files
            : throw new InvalidOperationException($"git ls-files exited {git.ExitCode} with {files.Count} files in {Root}.");
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Jamsostek.Worker.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The tests do not run inside the repository.");
    }
}
