using System.CommandLine;
using Jamsostek.Demo;

namespace Jamsostek.Worker.CommandLine;

/// <summary><c>demo</c> (SPEC 5): a small synthetic Kabupaten Serang, every desa, dropped into the roster and membership inboxes.</summary>
public static class DemoCommand
{
    public static Command Create()
    {
        var seed = new Option<ulong?>("--seed") { Description = "Seed of the synthetic data (Demo:Seed when not given); the same seed gives the same files." };
        var command = new Command("demo", "Write a synthetic data set (rosters of all 326 desa, a BPJS membership file, the answer key) into the inboxes.")
        {
            seed,
        };
        command.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(async (services, ct) =>
        {
            var summary = await services.GetRequiredService<DemoDataSet>().WriteAsync(parseResult.GetValue(seed), ct);
            Console.WriteLine(
                $"Wrote {summary.RosterRows} roster rows in {summary.RosterFiles} files, {summary.MembershipRecords} membership records and the answer key {summary.TruthPath}.");
            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }
}
