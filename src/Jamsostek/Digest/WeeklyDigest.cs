using Dapper;
using Jamsostek.Database;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Jamsostek.Digest;

public sealed record WeekSendReport(IsoWeek Week, int Rendered, int Sent, int Refused);

/// <summary>
/// What the job and the command line do with digests. The rule for which week: a digest reports on a complete ISO week, so the
/// Monday 07:00 run (SPEC 4) reports the week that ended the evening before: the ISO week before the one containing today in Asia/Jakarta.
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

    public static IsoWeek ReportWeekAt(DateTimeOffset now)
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, BusinessDay.TimeZone).DateTime);
        return IsoWeek.Containing(today).Previous();
    }

    /// <summary>
    /// Renders the week's missing digests into the outbox and sends everything the outbox holds (earlier weeks' leftovers too).
    /// Delivery starts as soon as the first digest is in the outbox: rendering is CPU and PostgreSQL work, delivery mostly
    /// waits on the mail server, so the two overlap rather than add up.
    /// </summary>
    public async Task<WeekSendReport> SendAsync(IsoWeek? week, CancellationToken cancellationToken, Action<long>? onSent = null)
    {
        var reportWeek = week ?? ReportWeek();
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
        Directory.CreateDirectory(folder);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var recipients = (await connection.QueryAsync<DigestRecipient>(new CommandDefinition(
            SqlText.Get("digest/recipient_list"), cancellationToken: cancellationToken))).ToList();
        var digestWeek = await composer.LoadWeekAsync(connection, reportWeek, cancellationToken);
        foreach (var recipient in recipients)
        {
            using var digest = await composer.ComposeAsync(connection, recipient, digestWeek, cancellationToken);
            var name = $"{reportWeek}-recipient-{recipient.Id}";
            await digest.Message.WriteToAsync(DigestComposer.MimeFormat, Path.Combine(folder, name + ".eml"), cancellationToken);
            await File.WriteAllTextAsync(Path.Combine(folder, name + ".html"), digest.Html, cancellationToken);
        }

        LogPreviewed(recipients.Count, reportWeek);
        return recipients.Count;
    }

    [LoggerMessage(EventId = 4030, Level = LogLevel.Information, Message = "Wrote {Count} digest previews for {IsoWeek}")]
    private partial void LogPreviewed(int count, IsoWeek isoWeek);
}
