using System.CommandLine;
using System.Globalization;
using Jamsostek.Matching;

namespace Jamsostek.Worker.CommandLine;

/// <summary><c>review list|accept ID|reject ID</c>: the admin's queue of probable matches (SPEC 3.3, 5).</summary>
public static class ReviewCommand
{
    public static Command Create()
    {
        var review = new Command("review", "Review probable matches (same name and birth date, NIK differs): list, accept or reject.");

        var list = new Command("list", "List the probable matches awaiting a decision, NIKs masked.");
        list.SetAction((_, cancellationToken) => CliHost.RunAsync(async (services, ct) =>
        {
            var matches = await services.GetRequiredService<ReviewQueue>().ListAsync(ct);
            foreach (var m in matches)
            {
                Console.WriteLine(string.Join('\t', m.Id.ToString(CultureInfo.InvariantCulture), m.KodeDesa, m.EntryNikMasked, m.MemberNikMasked,
                    m.Metode, m.Skor.ToString("0.000", CultureInfo.InvariantCulture), m.Alasan));
            }

            Console.WriteLine($"{matches.Count} probable matches await review (id, kode_desa, roster NIK, register NIK, method, score, reason).");
            return ExitCodes.Success;
        }, cancellationToken));
        review.Subcommands.Add(list);
        review.Subcommands.Add(Decision("accept", "Accept a probable match: the entry is matched to that register person in every later run.",
            (queue, id, ct) => queue.AcceptAsync(id, ct), "accepted: matched as KEPUTUSAN_ADMIN from now on"));
        review.Subcommands.Add(Decision("reject", "Reject a probable match: that register person is never proposed for the entry again.",
            (queue, id, ct) => queue.RejectAsync(id, ct), "rejected: never proposed again"));
        return review;
    }

    private static Command Decision(string name, string description, Func<ReviewQueue, long, CancellationToken, Task> decide, string done)
    {
        var id = new Argument<long>("ID") { Description = "The id shown by `review list`." };
        var command = new Command(name, description) { id };
        command.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(async (services, ct) =>
        {
            var value = parseResult.GetRequiredValue(id);
            await decide(services.GetRequiredService<ReviewQueue>(), value, ct);
            Console.WriteLine($"Probable match {value} {done}.");
            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }
}
