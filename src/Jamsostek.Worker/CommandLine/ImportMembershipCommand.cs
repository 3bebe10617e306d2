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
        var command = new Command("membership", "Import BPJS membership files; the newest complete file replaces the register.") { files };
        command.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(async (services, ct) =>
        {
            var importer = services.GetRequiredService<MembershipImporter>();
            var exitCode = ExitCodes.Success;
            foreach (var file in parseResult.GetRequiredValue(files))
            {
                var result = await importer.ImportAsync(file.FullName, ct);
                exitCode = Math.Max(exitCode, await MembershipOutput.WriteAsync(result));
            }

            return exitCode;
        }, cancellationToken));
        return command;
    }
}

/// <summary>One line per file on stdout; a held file's sentence and the bad rows (numbers and fields only) on stderr.</summary>
internal static class MembershipOutput
{
    public static async Task<int> WriteAsync(MembershipImportResult result)
    {
        if (result.Outcome == MembershipImportOutcome.Held)
        {
            await Console.Error.WriteLineAsync(result.Message);
            return ExitCodes.InputRejected;
        }

        Console.WriteLine(result.Message);
        foreach (var problem in result.Problems)
        {
            await Console.Error.WriteLineAsync(problem.ToString());
        }

        return ExitCodes.Success;
    }
}
