using Jamsostek.Rosters;

namespace Jamsostek.Worker.CommandLine;

/// <summary>What <c>import roster</c> and <c>pull roster</c> print (SPEC 5): the one-line summary, each file rejected whole on stderr, and the exit code.</summary>
internal static class RosterRunOutput
{
    public static async Task<int> ReportAsync(RosterRunSummary summary)
    {
        Console.WriteLine(summary.ToString());
        foreach (var rejection in summary.Rejections)
        {
            await Console.Error.WriteLineAsync(rejection);
        }

        return summary.Rejections.Count > 0 ? ExitCodes.InputRejected : ExitCodes.Success;
    }
}
