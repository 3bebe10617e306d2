using System.CommandLine;
using Jamsostek.Membership;

namespace Jamsostek.Worker.CommandLine;

/// <summary><c>import membership FILE...</c>: each file in the order given, as if dropped in the inbox, but left where it is (SPEC 2.4, 5).</summary>
public static class ImportMembershipCommand
{
    public static Command Create()
    {
        var files = new Argument<FileInfo[]>("FILE") { Description = "BPJS membership files (CSV or XLSX, the columns of SPEC 2.3).", Arity = ArgumentArity.OneOrMore };
        files.AcceptExistingOnly();
        var allowShrink = new Option<bool>("--allow-shrink")
        {
            Description = "Take a file even when it has fewer than half the rows of the last accepted file (people leave the register).",
        };
        var replace = new Option<bool>("--replace")
        {
            Description = "Take a file of the register's own date: it replaces the file imported with that date (a corrected file).",
        };
        var command = new Command("membership", "Import BPJS membership files; the newest complete file replaces the register.") { files, allowShrink, replace };
        command.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(async (services, ct) =>
        {
            var importer = services.GetRequiredService<MembershipImporter>();
            var exitCode = ExitCodes.Success;
            foreach (var file in parseResult.GetRequiredValue(files))
            {
                var result = await importer.ImportAsync(file.FullName, parseResult.GetValue(allowShrink), parseResult.GetValue(replace), ct);
                exitCode = Math.Max(exitCode, await MembershipOutput.WriteAsync(result));
            }

            return exitCode;
        }, cancellationToken));
        return command;
    }
}

/// <summary>
/// One line per file: an imported file's on stdout, a held file's sentence on stderr; then on stderr the first rows reported
/// (file, row and field, never the value), which say why a file held for having too few valid rows had so few.
/// </summary>
internal static class MembershipOutput
{
    /// <summary>Enough to see what is wrong with a file; a file of thousands of bad rows has one mistake made thousands of times.</summary>
    private const int ShownProblems = 50;

    public static async Task<int> WriteAsync(MembershipImportResult result)
    {
        var held = result.Outcome == MembershipImportOutcome.Held;
        await (held ? Console.Error : Console.Out).WriteLineAsync(result.Message);
        foreach (var problem in result.Problems.Take(ShownProblems))
        {
            await Console.Error.WriteLineAsync(problem.ToString());
        }

        if (result.Problems.Count > ShownProblems)
        {
            await Console.Error.WriteLineAsync($"... and {result.Problems.Count - ShownProblems} more rows reported (the first {ShownProblems} are above).");
        }

        return held ? ExitCodes.InputRejected : ExitCodes.Success;
    }
}
