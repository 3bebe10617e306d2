using System.CommandLine;
using Jamsostek.Demo;
using Jamsostek.Worker.Hosting;

namespace Jamsostek.Worker.CommandLine;

/// <summary><c>demo</c> (SPEC 5): a small synthetic Kabupaten Serang, every desa, and one night run on it.</summary>
public static class DemoCommand
{
    public static Command Create()
    {
        var seed = new Option<ulong?>("--seed") { Description = "Seed of the synthetic data (Demo:Seed when not given); the same seed gives the same files." };
        var command = new Command("demo", "Seed a synthetic data set (rosters of all 326 desa, a BPJS membership file) into the inboxes and run one night and this week's digests.")
        {
            seed,
        };
        command.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(async (services, ct) =>
        {
            // Before anything connects: no other command reads them, so the start of every command does not check them.
            ConfigurationCheck.Validate<DemoOptions>(services);
            var summary = await services.GetRequiredService<DemoNight>().RunAsync(parseResult.GetValue(seed), ct);
            Console.WriteLine(summary.ToLine());
            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }
}
