using Jamsostek.Rosters;

namespace Jamsostek.Worker.CommandLine;

/// <summary>What <c>import roster</c> and <c>pull roster</c> print (SPEC 5): the one-line summary, each file rejected whole and each failed desa pull on stderr, and the exit code.</summary>
internal static class RosterRunOutput
{
    public static async Task<int> ReportAsync(RosterRunSummary summary)
    {
        Console.WriteLine(summary.ToString());
        foreach (var sentence in summary.Rejections.Concat(summary.Failures))
        {
            await Console.Error.WriteLineAsync(sentence);
        }

        // Input to fix comes first, then a feed's token or address to correct (configuration); a feed that did not answer
        // only needs the same pull again.
        return summary.Rejections.Count > 0 ? ExitCodes.InputRejected
            : summary.SettingsRefused.Count > 0 ? ExitCodes.WrongUsage
            : summary.Failures.Count > 0 ? ExitCodes.Failed
            : ExitCodes.Success;
    }
}
