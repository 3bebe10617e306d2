using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Numerics;
using Jamsostek.Matching;

namespace Jamsostek.Worker.CommandLine;

/// <summary><c>review list|accept ID|reject ID|undo ID</c>: the admin's queue of probable matches (SPEC 3.3, 5).</summary>
public static class ReviewCommand
{
    public static Command Create()
    {
        var review = new Command("review", "Review probable matches (a doubtful NIK correction, a namesake, or an exact NIK under another name): list, accept or reject.");

        var scope = ScopeOption.Create();
        var limit = new Option<int?>("--limit")
        {
            Description = "Show at most this many, the likeliest first (score, then desa).",
            CustomParser = result => Positive<int>(result, text => $"--limit '{text}' is not a positive number."),
        };
        var full = new Option<bool>("--full")
        {
            Description = "Show both sides' whole NIK, name and birth date to compare them (personal data: for deciding, not for sharing).",
        };
        var list = new Command("list", "List the probable matches awaiting a decision, the likeliest first, NIKs masked unless --full.") { scope, limit, full };
        list.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(async (services, ct) =>
        {
            if (await ScopeOption.ResolveAsync(parseResult, scope, services, ct) is not { } region)
            {
                return ExitCodes.WrongUsage;
            }

            var most = parseResult.GetValue(limit);
            var whole = parseResult.GetValue(full);
            var shown = 0;
            var total = await services.GetRequiredService<ReviewQueue>().ListAsync(region, most, m =>
            {
                var id = m.Id.ToString(CultureInfo.InvariantCulture);
                var skor = m.Skor.ToString("0.000", CultureInfo.InvariantCulture);
                Console.WriteLine(whole
                    ? string.Join('\t', id, m.KodeDesa, m.EntryNik, m.EntryNama, Date(m.EntryTanggalLahir), m.MemberNik, m.MemberNama ?? "", Date(m.MemberTanggalLahir), m.Metode, skor, m.Alasan)
                    : string.Join('\t', id, m.KodeDesa, NikMask.Mask(m.EntryNik), NikMask.Mask(m.MemberNik), m.Metode, skor, m.Alasan));
                shown++;
            }, ct);
            var of = shown < total ? $"{shown} of " : "";
            var columns = whole
                ? "id, kode_desa, roster NIK, name and birth date, register NIK, name and birth date, method, score, reason"
                : "id, kode_desa, roster NIK, register NIK, method, score, reason; --full to compare names, birth dates and whole NIKs";
            Console.WriteLine($"{of}{total} probable matches await review in scope {region.Code} ({columns}).");
            return ExitCodes.Success;
        }, cancellationToken));
        review.Subcommands.Add(list);
        review.Subcommands.Add(Decision("accept", "Accept a probable match: later runs match the entry to that register person while their NIK is in the register, unless the entry's own NIK is registered under a similar name.",
            (queue, id, ct) => queue.AcceptAsync(id, ct), "accepted: matched as KEPUTUSAN_ADMIN; its status changes with the next reconcile"));
        review.Subcommands.Add(Decision("reject", "Reject a probable match, or take back an acceptance: that register person is never proposed for the entry again.",
            (queue, id, ct) => queue.RejectAsync(id, ct), "rejected: never proposed again; its status changes with the next reconcile"));
        review.Subcommands.Add(Decision("undo", "Take back an acceptance or a rejection (one typed for the wrong id, say): the next reconcile matches the entry by the rules again.",
            (queue, id, ct) => queue.UndoAsync(id, ct), "had its decision taken back: the next reconcile matches it by the rules again"));
        return review;
    }

    /// <summary>
    /// A positive whole number, or the refusal as the command's error: System.CommandLine's own error for a word names the
    /// CLR type ("System.Nullable`1[System.Int32]").
    /// </summary>
    private static T? Positive<T>(ArgumentResult result, Func<string, string> refusal)
        where T : struct, IBinaryInteger<T>
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
        if (T.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > T.Zero)
        {
            return value;
        }

        result.AddError(refusal(text));
        return null;
    }

    private static string Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";

    private static Command Decision(string name, string description, Func<ReviewQueue, long, CancellationToken, Task> decide, string done)
    {
        var id = new Argument<long>("ID")
        {
            Description = "The id shown by `review list`.",
            CustomParser = result => Positive<long>(result, text => $"ID '{text}' is not a review id: use the number in the first column of `review list`.") ?? 0,
        };
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
