using Dapper;
using Jamsostek.Database;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Jamsostek.Digest;

/// <summary>
/// Renders a week's digests into the outbox: one row per (recipient, ISO week), holding the finished MIME message.
/// Rendering the same week again renders only recipients that have no row yet, so a retried or repeated run adds nothing.
/// </summary>
public sealed partial class DigestOutbox(
    NpgsqlDataSource dataSource,
    DigestComposer composer,
    IOptions<DigestOptions> options,
    TimeProvider time,
    ILogger<DigestOutbox> logger)
{
    /// <summary>Returns how many digests were rendered now (0 when every active recipient already has the week).</summary>
    public async Task<int> RenderWeekAsync(IsoWeek week, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        List<DigestRecipient> recipients;
        DigestWeek digestWeek;
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        {
            recipients = [.. await connection.QueryAsync<DigestRecipient>(new CommandDefinition(
                SqlText.Get("digest/outbox_pending_recipients"), new { IsoWeek = week.ToString() }, cancellationToken: cancellationToken))];
            if (recipients.Count == 0)
            {
                // A retry after every digest was rendered: nothing to compute the week's figures for.
                LogRendered(week, 0, TimeSpan.Zero);
                return 0;
            }

            // Once for every recipient of the run: the people figures of the whole regency in a few set-based passes.
            digestWeek = await composer.LoadWeekAsync(connection, week, cancellationToken);
            if (digestWeek.Days.ThisWeek is null)
            {
                // A row is the week's one digest for the recipient: an empty one would stand in for the real one forever.
                throw DigestWeek.NotReconciled(week);
            }
        }

        LogMembershipAge(week, digestWeek);

        var rendered = 0;
        // Queries wait on PostgreSQL and the chart and MIME work on the CPU: a few recipients at a time keep both busy.
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.Value.RenderParallelism, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(recipients, parallel, async (recipient, ct) =>
        {
            await using var connection = await dataSource.OpenConnectionAsync(ct);
            using var digest = await composer.ComposeAsync(connection, recipient, digestWeek, ct);
            using var mime = new MemoryStream();
            await digest.Message.WriteToAsync(DigestComposer.MimeFormat, mime, ct);
            var inserted = await connection.ExecuteAsync(new CommandDefinition(
                SqlText.Get("digest/outbox_insert"),
                new { RecipientId = recipient.Id, IsoWeek = week.ToString(), MessageId = digest.Message.MessageId, Mime = mime.ToArray(), Now = time.GetUtcNow() },
                cancellationToken: ct));
            Interlocked.Add(ref rendered, inserted);
        });

        var elapsed = time.GetElapsedTime(started);
        LogRendered(week, rendered, elapsed);
        return rendered;
    }

    /// <summary>Once per run, for the admin: the digests themselves tell their readers too.</summary>
    private void LogMembershipAge(IsoWeek week, DigestWeek digestWeek)
    {
        if (digestWeek.Days.ThisWeek is not { } day)
        {
            return;
        }

        if (digestWeek.MembershipMissing)
        {
            LogNoMembership(week, day);
        }
        else if (digestWeek.MembershipStale)
        {
            LogMembershipStale(week, day, digestWeek.MembershipAsOf!.Value, digestWeek.MembershipAgeDays!.Value, digestWeek.MembershipStaleDays);
        }
    }

    [LoggerMessage(EventId = 4011, Level = LogLevel.Warning, Message = "Digests of {IsoWeek} warn that the membership register is old: its figures ({FiguresDay:yyyy-MM-dd}) were reconciled with the file as of {MembershipAsOf:yyyy-MM-dd}, {AgeDays} days earlier (Digest:MembershipStaleDays {StaleDays})")]
    private partial void LogMembershipStale(IsoWeek isoWeek, DateOnly figuresDay, DateOnly membershipAsOf, int ageDays, int staleDays);

    [LoggerMessage(EventId = 4012, Level = LogLevel.Warning, Message = "Digests of {IsoWeek} warn that there is no membership register: its figures ({FiguresDay:yyyy-MM-dd}) were reconciled before any membership file was accepted")]
    private partial void LogNoMembership(IsoWeek isoWeek, DateOnly figuresDay);

    [LoggerMessage(EventId = 4010, Level = LogLevel.Information, Message = "Rendered {Rendered} digests for {IsoWeek} into the outbox in {Elapsed}")]
    private partial void LogRendered(IsoWeek isoWeek, int rendered, TimeSpan elapsed);
}
