using System.Diagnostics;
using System.Text.RegularExpressions;
using Jamsostek.Tests.Infrastructure;

namespace Jamsostek.Tests.Hosting;

public sealed partial class RunLocalScriptTests
{
    [Fact]
    public async Task The_worker_command_printed_for_another_terminal_runs_from_any_folder()
    {
        // A new terminal opens in the home folder: a path relative to the checkout made dotnet answer that no such command exists.
        var script = await File.ReadAllTextAsync(Path.Combine(Repository.Root, "scripts", "run-local.sh"));
        var info = Info().Match(script);
        Assert.True(info.Success, "run-local.sh prints no INFO block");

        var printed = await PrintAsync(info.Groups[1].Value);

        var command = Assert.Single(printed.Split('\n'), line => line.Contains("Jamsostek.Worker.dll", StringComparison.Ordinal)).Trim();
        Assert.Equal("dotnet '/srv/jamsostek/.local/bin/Jamsostek.Worker.dll' export coverage --out coverage.csv", command);
    }

    /// <summary>The block as bash prints it, with the script's variables as it sets them in a checkout at /srv/jamsostek.</summary>
    private static async Task<string> PrintAsync(string block)
    {
        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        using var bash = Process.Start(start) ?? throw new InvalidOperationException("bash did not start.");
        await bash.StandardInput.WriteAsync($"repo=/srv/jamsostek; local_dir=$repo/.local; cat <<INFO\n{block}\nINFO\n");
        bash.StandardInput.Close();
        var output = await bash.StandardOutput.ReadToEndAsync();
        await bash.WaitForExitAsync();
        return output;
    }

    [GeneratedRegex("^cat <<INFO\n(.*?)\nINFO$", RegexOptions.Singleline | RegexOptions.Multiline)]
    private static partial Regex Info();
}
