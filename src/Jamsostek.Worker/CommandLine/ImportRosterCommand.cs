using System.CommandLine;
using Jamsostek.Rosters;

namespace Jamsostek.Worker.CommandLine;

/// <summary><c>import roster FILE...</c> (SPEC 5): the files where they are (nothing is moved); exit 1 when one was rejected whole, 2 when one does not exist.</summary>
public static class ImportRosterCommand
{
    public static Command Create()
    {
        var files = new Argument<FileInfo[]>("FILE") { Arity = ArgumentArity.OneOrMore, Description = "Roster CSV/XLSX files or OpenSID exports." };
        // A path that does not exist is wrong usage (exit 2), as for import membership: nothing is imported.
        files.AcceptExistingOnly();
        var allowShrink = new Option<bool>("--allow-shrink")
        {
            Description = "Take the files even when a desa lists fewer than half of the people on its roster now (they leave).",
        };
        var command = new Command("roster", "Import village roster files (CSV or XLSX, SPEC 2.1) or OpenSID exports (SPEC 2.2).") { files, allowShrink };
        command.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(
            async (services, ct) => await RosterRunOutput.ReportAsync(await services.GetRequiredService<RosterUpdates>().ImportAsync(parseResult.GetRequiredValue(files).Select(f => f.FullName), ct, parseResult.GetValue(allowShrink))),
            cancellationToken));
        return command;
    }
}
