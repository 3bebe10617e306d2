using System.CommandLine;
using Jamsostek.Coverage;

namespace Jamsostek.Worker.CommandLine;

/// <summary><c>reconcile [--as-of YYYY-MM-DD]</c>: every kecamatan inline, then the day's counts (SPEC 3.2, 5).</summary>
public static class ReconcileCommand
{
    public static Command Create()
    {
        var asOf = new Option<string>("--as-of")
        {
            Description = "The day to reconcile (Asia/Jakarta), YYYY-MM-DD; default today. An earlier day than the latest reconciled one only records its missing counts.",
        };
        var command = new Command("reconcile", "Match, classify and flag every roster entry for a day, then write the day's counts.") { asOf };
        command.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(async (services, ct) =>
        {
            var reconciler = services.GetRequiredService<CoverageReconciler>();
            var text = parseResult.GetValue(asOf);
            var day = reconciler.Today();
            if (text is not null && !CoverageDay.TryParse(text, out day))
            {
                await Console.Error.WriteLineAsync($"--as-of '{text}' is not a day in the form YYYY-MM-DD.");
                return ExitCodes.WrongUsage;
            }

            if (day > reconciler.Today())
            {
                await Console.Error.WriteLineAsync($"--as-of {CoverageDay.ToText(day)} is after today ({CoverageDay.ToText(reconciler.Today())}, Asia/Jakarta): a day can only be reconciled once it has begun.");
                return ExitCodes.WrongUsage;
            }

            var summary = await reconciler.ReconcileDayAsync(day, ct);
            Console.WriteLine(summary.ToLine());
            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }
}
