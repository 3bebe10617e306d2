using System.CommandLine;
using Jamsostek.Rosters;

namespace Jamsostek.Worker.CommandLine;

/// <summary><c>export rejects --out FILE</c> (SPEC 5): every unresolved quarantined roster row as CSV (or .xlsx).</summary>
public static class ExportRejectsCommand
{
    public static Command Create()
    {
        var output = new Option<FileInfo>("--out") { Required = true, Description = "The file to write (replaced when it exists): CSV, or an Excel workbook when it ends in .xlsx." };
        var command = new Command("rejects", "Write every unresolved quarantined roster row (sumber,baris,kode_desa,nik,nama,alasan).") { output };
        command.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(async (services, ct) =>
        {
            var file = parseResult.GetRequiredValue(output);
            if (ExportFileOutput.Problem(file) is { } problem)
            {
                await Console.Error.WriteLineAsync(problem);
                return ExitCodes.WrongUsage;
            }

            var export = services.GetRequiredService<RosterRejectsExport>();
            var rows = await ExportFileOutput.WriteAsync(file, writer => export.WriteAsync(writer, ct), stream => export.WriteWorkbookAsync(stream, ct));
            Console.WriteLine($"Wrote {rows} quarantined roster rows to {file.FullName}.");
            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }
}
