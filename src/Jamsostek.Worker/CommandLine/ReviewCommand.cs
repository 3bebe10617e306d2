using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Numerics;
using Jamsostek.Matching;
using Jamsostek.Regions;

namespace Jamsostek.Worker.CommandLine;

/// <summary>
/// <c>review list|decisions|accept ID|reject ID|undo ID</c>: the admin's queue of probable matches and the decisions on it
/// (SPEC 3.3, 5); <c>review export|import</c>: the same queue as a sheet to fill in, and its decisions applied in bulk.
/// </summary>
public static class ReviewCommand
{
    public static Command Create()
    {
        var review = new Command("review", "Review probable matches (a doubtful NIK correction, a namesake, or an exact NIK under another name): list, accept or reject; list the decisions or undo one; export the queue as a sheet and import the decisions filled in.");

        review.Subcommands.Add(Listing<ProbableMatch>(
            "list",
            "List the probable matches awaiting a decision, the likeliest first (score, then desa), NIKs masked unless --full.",
            (queue, region, limit, each, ct) => queue.ListAsync(region, limit, each, ct),
            m => [m.Metode, m.Skor.ToString("0.000", CultureInfo.InvariantCulture), m.Alasan],
            "method, score, reason",
            (total, region) => total == 1 ? $"probable match awaits review in scope {region.Code}" : $"probable matches await review in scope {region.Code}",
            then: ""));
        review.Subcommands.Add(Listing<ReviewDecision>(
            "decisions",
            "List the admins' decisions, the latest first, NIKs masked unless --full: accepted and rejected ones hold in every run, withdrawn ones (DIBATALKAN) were taken back with `review undo`.",
            (queue, region, limit, each, ct) => queue.ListDecisionsAsync(region, limit, each, ct),
            d =>
            [
                d.KeputusanSemula is { } semula ? $"{d.Keputusan} ({semula} {Wib(d.DiputuskanSemulaAt)}{By(d.DiputuskanSemulaOleh)})" : d.Keputusan,
                Wib(d.DecidedAt),
                d.DecidedBy ?? NotRecorded,
                d.LeftTheRoster ? "left the roster" : "",
            ],
            "decision (a withdrawn one with what it was, when and by whom), decided at (WIB), decided by, whether the entry left the roster",
            (total, region) => $"review decision{(total == 1 ? "" : "s")} in scope {region.Code}",
            then: "; `review undo ID` takes one back"));
        review.Subcommands.Add(Decision("accept", "Accept a probable match: later runs match the entry to that register person while their NIK is in the register, unless the entry's own NIK is registered under a similar name.",
            (queue, id, by, ct) => queue.AcceptAsync(id, by, ct), "accepted: matched as KEPUTUSAN_ADMIN; its status changes with the next reconcile"));
        review.Subcommands.Add(Decision("reject", "Reject a probable match, or take back an acceptance: that register person is never proposed for the entry again.",
            (queue, id, by, ct) => queue.RejectAsync(id, by, ct), "rejected: never proposed again; its status changes with the next reconcile"));
        review.Subcommands.Add(Export());
        review.Subcommands.Add(Import());
        review.Subcommands.Add(Decision("undo", "Take back an acceptance or a rejection (one typed for the wrong id, say): the next reconcile matches the entry by the rules again.",
            (queue, id, by, ct) => queue.UndoAsync(id, by, ct), "had its decision taken back: the next reconcile matches it by the rules again"));
        return review;
    }

    /// <summary>
    /// A listing of review rows in a scope: one tab-separated line per row, both sides masked unless --full, then a line that
    /// says how many the scope has and what the columns are.
    /// </summary>
    private static Command Listing<T>(
        string name,
        string description,
        Func<ReviewQueue, RegionScope, int?, Action<T>, CancellationToken, Task<long>> stream,
        Func<T, string[]> tail,
        string tailColumns,
        Func<long, RegionScope, string> counted,
        string then)
        where T : IReviewSides
    {
        var scope = ScopeOption.Create();
        var limit = new Option<int?>("--limit")
        {
            Description = "Show at most this many, in the list's order.",
            CustomParser = result => Positive<int>(result, text => $"--limit '{text}' is not a positive number."),
        };
        var full = new Option<bool>("--full")
        {
            Description = "Show both sides' whole NIK, name and birth date to compare them (personal data: for deciding, not for sharing).",
        };
        var command = new Command(name, description) { scope, limit, full };
        command.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(async (services, ct) =>
        {
            if (await ScopeOption.ResolveAsync(parseResult, scope, services, ct) is not { } region)
            {
                return ExitCodes.WrongUsage;
            }

            var whole = parseResult.GetValue(full);
            var shown = 0;
            var total = await stream(services.GetRequiredService<ReviewQueue>(), region, parseResult.GetValue(limit), row =>
            {
                string[] sides = whole
                    ? [row.EntryNik, row.EntryNama, Date(row.EntryTanggalLahir), row.MemberNik, row.MemberNama ?? "", Date(row.MemberTanggalLahir)]
                    : [NikMask.Mask(row.EntryNik), NikMask.Mask(row.MemberNik)];
                Console.WriteLine(string.Join('\t', [row.Id.ToString(CultureInfo.InvariantCulture), row.KodeDesa, .. sides, .. tail(row)]));
                shown++;
            }, ct);
            var of = shown < total ? $"{shown} of " : "";
            var columns = whole
                ? $"id, kode_desa, roster NIK, name and birth date, register NIK, name and birth date, {tailColumns}"
                : $"id, kode_desa, roster NIK, register NIK, {tailColumns}; --full to compare names, birth dates and whole NIKs";
            Console.WriteLine($"{of}{total} {counted(total, region)} ({columns}){then}.");
            return ExitCodes.Success;
        }, cancellationToken));
        return command;
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

    private static string Wib(DateTime? utc) =>
        utc is { } at ? TimeZoneInfo.ConvertTimeFromUtc(at, BusinessDay.TimeZone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : "";

    private static string Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";

    // Decisions made before deciders were recorded (migration 0263).
    private const string NotRecorded = "(not recorded)";

    private static string By(string? decidedBy) => $" by {decidedBy ?? NotRecorded}";

    // Room for a name and a title; a longer --by is a mistyped command line, not a name.
    private const int MaxDeciderLength = 100;

    /// <summary><c>--by</c>: the admin who decides, for <c>accept</c>, <c>reject</c>, <c>undo</c> and <c>import</c>.</summary>
    private static Option<string> Decider()
    {
        // Recorded with the decision (migration 0263): the admin, by --by or else the account running the command. Through
        // sudo that is the account that ran sudo: the server's `jamsostek` command (deploy/) runs as the service's user.
        return new Option<string>("--by")
        {
            Description = "Who decides, as `review decisions` shows it (an admin sharing the server's account names themself); default: the account running the command, or the one that ran sudo.",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("SUDO_USER") is { Length: > 0 } admin ? admin : Environment.UserName,
            CustomParser = result =>
            {
                var text = result.Tokens.Count == 1 ? result.Tokens[0].Value.Trim() : "";
                if (text.Length is 0 or > MaxDeciderLength || text.Any(char.IsControl))
                {
                    result.AddError($"--by must name the admin in 1 to {MaxDeciderLength} characters on one line.");
                }

                return text;
            },
        };
    }

    private static Command Export()
    {
        var output = new Option<FileInfo>("--out") { Description = "The file to write (replaced when it exists): CSV, or an Excel workbook when it ends in .xlsx.", Required = true };
        var scope = ScopeOption.Create();
        var command = new Command(
            "export",
            "Write the whole queue of probable matches (as `review list`, both sides whole) as CSV or .xlsx, with an empty keputusan column to fill in with TERIMA or TOLAK for `review import`.")
        {
            output,
            scope,
        };
        command.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(async (services, ct) =>
        {
            var file = parseResult.GetRequiredValue(output);
            if (await ScopeOption.ResolveAsync(parseResult, scope, services, ct) is not { } region)
            {
                return ExitCodes.WrongUsage;
            }

            if (ExportFileOutput.Problem(file) is { } problem)
            {
                await Console.Error.WriteLineAsync(problem);
                return ExitCodes.WrongUsage;
            }

            var sheet = services.GetRequiredService<ReviewSheet>();
            var rows = await ExportFileOutput.WriteAsync(file, writer => sheet.WriteAsync(writer, region, ct), stream => sheet.WriteWorkbookAsync(stream, region, ct));
            Console.WriteLine(
                $"Wrote {rows} probable match{(rows == 1 ? "" : "es")} of scope {region.Code} to {file.FullName} (whole NIKs, names and birth dates: for deciding, not for sharing); fill in keputusan with TERIMA or TOLAK and run `review import`.");
            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }

    // Enough to see what went wrong; a file of thousands of skipped rows has one cause thousands of times (as MembershipOutput).
    private const int ShownSkipped = 50;

    private static Command Import()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "A file `review export` wrote, keputusan filled in (TERIMA or TOLAK, or ACCEPT or REJECT; blank: undecided)." };
        file.AcceptExistingOnly();
        var by = Decider();
        var command = new Command(
            "import",
            "Apply the decisions filled in a file `review export` wrote, each as `review accept` or `review reject` would; a row whose entry no longer awaits review with the register person the file shows is skipped.")
        {
            file,
            by,
        };
        command.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(async (services, ct) =>
        {
            var import = await services.GetRequiredService<ReviewSheet>().ImportAsync(parseResult.GetRequiredValue(file).FullName, parseResult.GetRequiredValue(by), ct);
            foreach (var skipped in import.Skipped.Take(ShownSkipped))
            {
                await Console.Error.WriteLineAsync(skipped.ToString());
            }

            if (import.Skipped.Count > ShownSkipped)
            {
                await Console.Error.WriteLineAsync($"... and {import.Skipped.Count - ShownSkipped} more rows skipped (the first {ShownSkipped} are above).");
            }

            Console.WriteLine(import.Summary());
            return import.Skipped.Count == 0 ? ExitCodes.Success : ExitCodes.InputRejected;
        }, cancellationToken));
        return command;
    }

    private static Command Decision(string name, string description, Func<ReviewQueue, long, string, CancellationToken, Task> decide, string done)
    {
        var id = new Argument<long>("ID")
        {
            Description = "The id shown by `review list`.",
            CustomParser = result => Positive<long>(result, text => $"ID '{text}' is not a review id: use the number in the first column of `review list`.") ?? 0,
        };
        var by = Decider();
        var command = new Command(name, description) { id, by };
        command.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(async (services, ct) =>
        {
            var value = parseResult.GetRequiredValue(id);
            await decide(services.GetRequiredService<ReviewQueue>(), value, parseResult.GetRequiredValue(by), ct);
            Console.WriteLine($"Probable match {value} {done}.");
            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }
}
