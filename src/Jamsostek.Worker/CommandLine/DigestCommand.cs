using System.CommandLine;
using Jamsostek.Digest;

namespace Jamsostek.Worker.CommandLine;

/// <summary>
/// <c>digest recipients add|list|remove|seed</c>, <c>digest preview --out DIR</c> and <c>digest send [--week YYYY-Www]</c> (SPEC 5):
/// recipients change without a redeploy; preview writes files only; send renders the week into the outbox and drains it.
/// A malformed address or domain, or a scope that is none of Serang's, is wrong usage (SPEC 5: exit 2, one sentence on stderr),
/// as for <c>export coverage --scope</c>; it is checked before anything is written.
/// </summary>
public static class DigestCommand
{
    public static Command Create()
    {
        var command = new Command("digest", "Weekly email digests to officials: recipients, preview, send.");
        command.Subcommands.Add(Recipients());
        command.Subcommands.Add(Preview());
        command.Subcommands.Add(Send());
        return command;
    }

    private static Command Recipients()
    {
        var recipients = new Command("recipients", "Manage who receives which scope's digest.");

        var email = new Option<string>("--email") { Description = "The recipient's email address.", Required = true };
        var scope = new Option<string>("--scope") { Description = "3604 (the regency), a kecamatan code (6 digits) or a desa code (10 digits).", Required = true };
        var name = new Option<string?>("--name") { Description = "How the email greets the recipient, e.g. \"Camat Kramatwatu\"; kept when an existing recipient is updated without it." };
        var fullNik = new Option<bool>("--full-nik") { Description = "Show NIKs whole to this recipient (SPEC 6: masked otherwise)." };
        var add = new Command("add", "Add a recipient, or update the scope, name and NIK permission of an existing one.") { email, scope, name, fullNik };
        add.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(async (services, ct) =>
        {
            var address = parseResult.GetValue(email);
            if (!DigestRecipients.IsEmailAddress(address))
            {
                await Console.Error.WriteLineAsync(DigestRecipients.EmailRefusal);
                return ExitCodes.WrongUsage;
            }

            if (!DigestRecipients.IsName(parseResult.GetValue(name)))
            {
                await Console.Error.WriteLineAsync(DigestRecipients.NameRefusal);
                return ExitCodes.WrongUsage;
            }

            if (await ScopeOption.ResolveAsync(parseResult, scope, services, ct) is not { } region)
            {
                return ExitCodes.WrongUsage;
            }

            var inserted = await services.GetRequiredService<DigestRecipients>().AddAsync(
                address!, region.Code, parseResult.GetValue(name), parseResult.GetValue(fullNik), ct);
            Console.WriteLine(inserted ? "Recipient added." : "Recipient updated.");
            return ExitCodes.Success;
        }, cancellationToken));

        var listWeek = WeekOption("ISO week YYYY-Www whose digest to show for each recipient; default: each one's latest.");
        var list = new Command("list", "List the active recipients: email, scope, NIK permission, their latest digest or --week's (sent, or why not), name.") { listWeek };
        list.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(async (services, ct) =>
        {
            var week = ParseWeek(parseResult.GetValue(listWeek));
            var all = await services.GetRequiredService<DigestRecipients>().ListAsync(week, ct);
            foreach (var recipient in all)
            {
                var delivery = week is { } asked ? recipient.DeliveryOf(asked) : recipient.Delivery;
                Console.WriteLine($"{recipient.Email}\t{recipient.ScopeCode}\t{(recipient.MaySeeFullNik ? "full-nik" : "masked-nik")}\t{delivery}\t{recipient.Name}");
            }

            Console.WriteLine($"{all.Count} recipients.");
            return ExitCodes.Success;
        }, cancellationToken));

        var removeEmail = new Option<string>("--email") { Description = "The recipient's email address.", Required = true };
        var remove = new Command("remove", "Stop sending digests to an address.") { removeEmail };
        remove.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(async (services, ct) =>
        {
            var address = parseResult.GetValue(removeEmail);
            if (!DigestRecipients.IsEmailAddress(address))
            {
                await Console.Error.WriteLineAsync(DigestRecipients.EmailRefusal);
                return ExitCodes.WrongUsage;
            }

            // A well-formed address that receives nothing is the data's answer, not a misuse: input rejected, as `review accept` of an unknown ID.
            var removed = await services.GetRequiredService<DigestRecipients>().RemoveAsync(address!, ct);
            if (!removed)
            {
                throw new InputRejectedException("--email is not an active digest recipient.");
            }

            Console.WriteLine("Recipient removed.");
            return ExitCodes.Success;
        }, cancellationToken));

        var domain = new Option<string>("--domain") { Description = "Mail domain of the default addresses ringkasan-CODE@DOMAIN.", DefaultValueFactory = _ => "example.org" };
        var seed = new Command("seed", "Add one default recipient for every scope: the regency, its 29 kecamatan and 326 desa.") { domain };
        seed.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(async (services, ct) =>
        {
            var mailDomain = parseResult.GetValue(domain);
            if (!DigestRecipients.IsMailDomain(mailDomain))
            {
                await Console.Error.WriteLineAsync(DigestRecipients.DomainRefusal);
                return ExitCodes.WrongUsage;
            }

            var added = await services.GetRequiredService<DigestRecipients>().SeedDefaultsAsync(mailDomain!, ct);
            Console.WriteLine($"Added {added} default recipients.");
            return ExitCodes.Success;
        }, cancellationToken));

        recipients.Subcommands.Add(add);
        recipients.Subcommands.Add(list);
        recipients.Subcommands.Add(remove);
        recipients.Subcommands.Add(seed);
        return recipients;
    }

    private static Command Preview()
    {
        var output = new Option<DirectoryInfo>("--out") { Description = "Folder for the .eml and .html files.", Required = true };
        var week = WeekOption();
        var preview = new Command("preview", "Write every recipient's digest as .eml and .html without sending or touching the outbox.") { output, week };
        preview.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(async (services, ct) =>
        {
            var folder = parseResult.GetValue(output)!;
            if (File.Exists(folder.FullName) || folder.Parent is { Exists: false })
            {
                await Console.Error.WriteLineAsync(File.Exists(folder.FullName)
                    ? $"--out {folder.FullName} is a file, not a folder."
                    : $"--out {folder.FullName}: the folder it would be made in does not exist.");
                return ExitCodes.WrongUsage;
            }

            var digest = services.GetRequiredService<WeeklyDigest>();
            var requested = ParseWeek(parseResult.GetValue(week));
            if (requested is { } asked && digest.RefusalToPreview(asked) is { } refusal)
            {
                await Console.Error.WriteLineAsync(refusal);
                return ExitCodes.WrongUsage;
            }

            var written = await digest.PreviewAsync(folder.FullName, requested, ct);
            Console.WriteLine(written == 0
                ? $"Wrote no digest preview to {folder.FullName}: there are no recipients (`digest recipients seed` adds the regency's, `digest recipients add` one)."
                : $"Wrote {written} digest preview{(written == 1 ? "" : "s")} to {folder.FullName}.");
            return ExitCodes.Success;
        }, cancellationToken));
        return preview;
    }

    private static Command Send()
    {
        var week = WeekOption();
        var send = new Command("send", "Render the week's digests into the outbox (once per recipient) and send everything unsent.") { week };
        send.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(async (services, ct) =>
        {
            var digest = services.GetRequiredService<WeeklyDigest>();
            var requested = ParseWeek(parseResult.GetValue(week));
            if (requested is { } asked && digest.RefusalToSend(asked) is { } refusal)
            {
                await Console.Error.WriteLineAsync(refusal);
                return ExitCodes.WrongUsage;
            }

            // A week without a reconciled day is refused by SendAsync (input rejected, exit 1) before anything is rendered or sent.
            var report = await digest.SendAsync(requested, ct);
            Console.WriteLine(report.ToLine());
            return ExitCodes.Success;
        }, cancellationToken));
        return send;
    }

    private static Option<string?> WeekOption(
        string description = "ISO week YYYY-Www that has ended (preview: or the current one); default: the week that ended last Sunday (Asia/Jakarta).")
    {
        var week = new Option<string?>("--week") { Description = description };
        week.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } text && !IsoWeek.TryParse(text, out _, out var whyNot))
            {
                result.AddError(whyNot is null ? $"--week '{text}' is not an ISO week such as 2026-W47." : $"--week '{text}' is not an ISO week: {whyNot}.");
            }
        });
        return week;
    }

    private static IsoWeek? ParseWeek(string? text) => IsoWeek.TryParse(text, out var week) ? week : null;
}
