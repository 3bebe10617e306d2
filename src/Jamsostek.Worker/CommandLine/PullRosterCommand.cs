using System.CommandLine;
using Jamsostek.Rosters;

namespace Jamsostek.Worker.CommandLine;

/// <summary><c>pull roster</c> (SPEC 5): what the pull-roster-updates job does, now: every feed, then the inbox.</summary>
public static class PullRosterCommand
{
    public static Command Create()
    {
        var command = new Command("roster", "Pull every configured OpenSID feed, then import every file in Rosters:InboxPath.");
        command.SetAction((_, cancellationToken) => CliHost.RunAsync(
            async (services, ct) => await RosterRunOutput.ReportAsync(await services.GetRequiredService<RosterUpdates>().RunAsync(ct)),
            cancellationToken));
        return command;
    }
}
