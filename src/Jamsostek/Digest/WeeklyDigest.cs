using System.Text;
using Dapper;
using Jamsostek.Database;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Jamsostek.Digest;

public sealed record WeekSendReport(IsoWeek Week, int Rendered, int Sent, int Refused)
{
    /// <summary>What <c>digest send</c> prints and the job's result in the dashboard.</summary>
    public string ToLine() => $"Week {Week}: rendered {Rendered}, sent {Sent}, refused {Refused}.";
}

/// <summary>
/// What the job and the command line do with digests. The rule for which week: a digest reports on a complete ISO week, so the
/// Monday 07:00 run (SPEC 4) reports the week that ended the evening before: the ISO week before the one containing today in Asia/Jakarta.
/// A week is sent once per recipient (the outbox), so only an ended week with a reconciled day is ever rendered into it.
/// </summary>
public sealed partial class WeeklyDigest(
    NpgsqlDataSource dataSource,
    DigestOutbox outbox,
    DigestSender sender,
    DigestComposer composer,
    TimeProvider time,
    ILogger<WeeklyDigest> logger)
{
    public IsoWeek ReportWeek() => ReportWeekAt(time.GetUtcNow());

    public static IsoWeek ReportWeekAt(DateTimeOffset now) => CurrentWeekAt(now).Previous();

    /// <summary>The ISO week containing today in Asia/Jakarta: it has not ended, so its digest is not due yet.</summary>
    public IsoWeek CurrentWeek() => CurrentWeekAt(time.GetUtcNow());

    public static IsoWeek CurrentWeekAt(DateTimeOffset now) => IsoWeek.Containing(BusinessDay.On(now));

    /// <summary>
    /// Why <c>--week</c> <paramref name="week"/> cannot be sent now (wrong usage), or null. Only an ended week is sent: the
    /// outbox records a week once per recipient, so a digest of a week still running (or not begun) would use the week up and
    /// its real digest, due the Monday after it ends, would never go out.
    /// </summary>
    public string? RefusalToSend(IsoWeek week)
    {
        var current = CurrentWeek();
        if (week.Monday > current.Monday)
        {
            return $"--week {week} is after the current week {current} (Asia/Jakarta): a digest reports a week that has ended.";
        }

        return week == current
            ? $"--week {week} is the current week (Asia/Jakarta), which has not ended: its digest goes out on the Monday after it " +
              "(send-weekly-digest), and sending it now would use the week up; digest preview shows it so far."
            : null;
    }

    /// <summary>Why <c>--week</c> <paramref name="week"/> cannot be previewed (wrong usage), or null: the current week may be, a later one not.</summary>
    public string? RefusalToPreview(IsoWeek week)
    {
        var current = CurrentWeek();
        return week.Monday > current.Monday
            ? $"--week {week} is after the current week {current} (Asia/Jakarta): there is nothing to show for it yet."
            : null;
    }

    /// <summary>
    /// Renders the week's missing digests into the outbox and sends everything the outbox holds (earlier weeks' leftovers too).
    /// Delivery starts as soon as the first digest is in the outbox: rendering is CPU and PostgreSQL work, delivery mostly
    /// waits on the mail server, so the two overlap rather than add up.
    /// </summary>
    /// <remarks>
    /// Refuses, before anything is rendered or sent, a week that has not ended (<see cref="RefusalToSend"/>) and, with
    /// <see cref="InputRejectedException"/>, a week without a reconciled day: rendering it would record the week as sent with
    /// an empty digest. The Monday job then fails in the dashboard, not retried: an admin reconciles the week (<c>reconcile
    /// --as-of</c>) and runs <c>digest send</c> or triggers the job again.
    /// </remarks>
    public async Task<WeekSendReport> SendAsync(IsoWeek? week, CancellationToken cancellationToken, Action<long>? onSent = null)
    {
        var reportWeek = week ?? ReportWeek();
        if (RefusalToSend(reportWeek) is { } refusal)
        {
            throw new ArgumentOutOfRangeException(nameof(week), reportWeek, refusal);
        }

        await EnsureReconciledAsync(reportWeek, DigestWeek.NotReconciled, cancellationToken);
        var rendering = outbox.RenderWeekAsync(reportWeek, cancellationToken);
        DeliveryReport delivery;
        try
        {
            delivery = await sender.DeliverPendingAsync(cancellationToken, onSent, rendering);
        }
        catch
        {
            // The delivery error is what the job reports; rendering still finishes (or fails) before the job ends, and what
            // it put in the outbox waits there for the retry.
            await ((Task)rendering).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            throw;
        }

        var rendered = await rendering;
        return new WeekSendReport(reportWeek, rendered, delivery.Sent, delivery.Refused);
    }

    /// <summary>Writes each active recipient's digest as .eml and .html into <paramref name="folder"/>; sends nothing and leaves the outbox alone.</summary>
    public async Task<int> PreviewAsync(string folder, IsoWeek? week, CancellationToken cancellationToken)
    {
        var reportWeek = week ?? ReportWeek();
        if (RefusalToPreview(reportWeek) is { } refusal)
        {
            throw new ArgumentOutOfRangeException(nameof(week), reportWeek, refusal);
        }

        await EnsureReconciledAsync(reportWeek, DigestWeek.NotReconciledToPreview, cancellationToken);
        Directory.CreateDirectory(folder);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var recipients = (await connection.QueryAsync<DigestRecipient>(new CommandDefinition(
            SqlText.Get("digest/recipient_list"), cancellationToken: cancellationToken))).ToList();
        var digestWeek = await composer.LoadWeekAsync(connection, reportWeek, cancellationToken);
        foreach (var recipient in recipients)
        {
            using var digest = await composer.ComposeAsync(connection, recipient, digestWeek, cancellationToken);
            // Named by scope, so that an admin finds a kecamatan's or a desa's digest without opening each.
            var name = $"{reportWeek}-{recipient.ScopeCode}-recipient-{recipient.Id}";
            // Previews are for an admin's eyes (full NIKs for a recipient who may see them): the worker's user only.
            await using (var eml = new FileStream(Path.Combine(folder, name + ".eml"), PrivateFile.Options(FileMode.Create)))
            {
                await digest.Message.WriteToAsync(DigestComposer.MimeFormat, eml, cancellationToken);
            }

            await using var html = new StreamWriter(Path.Combine(folder, name + ".html"), new UTF8Encoding(false), PrivateFile.Options(FileMode.Create));
            await html.WriteAsync(digest.Html.AsMemory(), cancellationToken);
        }

        LogPreviewed(recipients.Count, reportWeek);
        return recipients.Count;
    }

    private async Task EnsureReconciledAsync(IsoWeek week, Func<IsoWeek, InputRejectedException> refusal, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        if ((await DigestWeek.LoadDaysAsync(connection, week, cancellationToken)).ThisWeek is null)
        {
            throw refusal(week);
        }
    }

    [LoggerMessage(EventId = 4030, Level = LogLevel.Information, Message = "Wrote {Count} digest previews for {IsoWeek}")]
    private partial void LogPreviewed(int count, IsoWeek isoWeek);
}
