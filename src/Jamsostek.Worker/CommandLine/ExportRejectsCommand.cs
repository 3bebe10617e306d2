using System.CommandLine;
using Jamsostek.Rosters;

namespace Jamsostek.Worker.CommandLine;

/// <summary><c>export rejects --out FILE</c> (SPEC 5): every unresolved quarantined roster row as CSV.</summary>
public static class ExportRejectsCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--out") { Required = true, Description = "The CSV file to write." };
        var command = new Command("rejects", "Write every unresolved quarantined roster row (sumber,baris,kode_desa,nik,nama,alasan).") { output };
        command.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(async (services, ct) =>
        {
            var path = parseResult.GetValue(output)!;
            var rows = await services.GetRequiredService<RosterRejectsExport>().WriteAsync(path, ct);
            Console.WriteLine($"Wrote {rows} quarantined roster rows to {path}.");
            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }
}
