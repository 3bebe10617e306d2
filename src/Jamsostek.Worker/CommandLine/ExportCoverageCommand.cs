using System.CommandLine;
using Jamsostek.Coverage;

namespace Jamsostek.Worker.CommandLine;

/// <summary><c>export coverage --out FILE [--scope CODE]</c>: the CSV of SPEC 5 (or the same columns as a workbook), for the regency, a kecamatan or a desa.</summary>
public static class ExportCoverageCommand
{
    public static Command Create()
    {
        var output = new Option<FileInfo>("--out") { Description = "The file to write (replaced when it exists): CSV, or an Excel workbook when it ends in .xlsx.", Required = true };
        var scope = ScopeOption.Create();
        var command = new Command("coverage", "Write the coverage of every active roster entry as CSV (or .xlsx).") { output, scope };
        command.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(async (services, ct) =>
        {
            var file = parseResult.GetRequiredValue(output);
            var exporter = services.GetRequiredService<CoverageExporter>();
            if (await ScopeOption.ResolveAsync(parseResult, scope, services, ct) is not { } region)
            {
                return ExitCodes.WrongUsage;
            }

            if (ExportFileOutput.Problem(file) is { } problem)
            {
                await Console.Error.WriteLineAsync(problem);
                return ExitCodes.WrongUsage;
            }

            var export = await ExportFileOutput.WriteAsync(
                file, writer => exporter.WriteAsync(writer, region, ct), stream => exporter.WriteWorkbookAsync(stream, region, ct));
            var asOf = export.AsOf is { } day ? $" as reconciled on {day:yyyy-MM-dd}" : " (nothing reconciled yet)";
            var pending = export.NotReconciled == 0 ? "" : $"; {export.NotReconciled} roster entries taken since are not in it until the next reconcile";
            Console.WriteLine($"Wrote {export.Rows} coverage rows of scope {region.Code}{asOf} to {file.FullName}{pending}.");
            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }
}
