using System.CommandLine;
using Jamsostek.Coverage;

namespace Jamsostek.Worker.CommandLine;

/// <summary><c>export coverage --out FILE [--scope CODE]</c>: the CSV of SPEC 5, for the regency, a kecamatan or a desa.</summary>
public static class ExportCoverageCommand
{
    public static Command Create()
    {
        var output = new Option<FileInfo>("--out") { Description = "The CSV file to write (replaced when it exists).", Required = true };
        var scope = ScopeOption.Create();
        var command = new Command("coverage", "Write the coverage of every active roster entry as CSV.") { output, scope };
        command.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(async (services, ct) =>
        {
            var file = parseResult.GetRequiredValue(output);
            var exporter = services.GetRequiredService<CoverageExporter>();
            if (await ScopeOption.ResolveAsync(parseResult, scope, services, ct) is not { } region)
            {
                return ExitCodes.WrongUsage;
            }

            if (CsvFileOutput.Problem(file) is { } problem)
            {
                await Console.Error.WriteLineAsync(problem);
                return ExitCodes.WrongUsage;
            }

            var rows = await CsvFileOutput.WriteAsync(file, byteOrderMark: false, writer => exporter.WriteAsync(writer, region, ct));
            Console.WriteLine($"Wrote {rows} coverage rows of scope {region.Code} to {file.FullName}.");
            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }
}
