using System.Net.Sockets;
using Dapper;
using Jamsostek.Database;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;
using Npgsql;

namespace Jamsostek.Digest;

public sealed record OutboxMessage(long Id, long RecipientId, string IsoWeek, string MessageId, byte[] Mime, int Attempts, DateTime? SendingSince)
{
    /// <summary>The pickup folder's file name for it: a recipient's week, written once.</summary>
    public string Name => $"{IsoWeek}-recipient-{RecipientId}";
}

public sealed record DeliveryReport(int Sent, int Refused);

/// <summary>
/// Drains the outbox (SPEC 4: one email per recipient per week, never twice, none lost). Each message is marked sent in its own
/// statement right after the server accepted it; a connection failure stops the run with an exception so Hangfire retries it,
/// and what was not sent stays in the outbox for that retry. A recipient the server refuses is recorded and skipped.
/// </summary>
/// <remarks>
/// The residual window: a crash after the server accepted a message and before its row is marked leaves the row unsent, and the
/// next run sends it again. That second copy carries the same Message-Id (derived from recipient and week), so it is detectable
/// and most mail systems drop it. Each batch is marked sending before it goes out; the next run logs the lowest row still
/// marked as the one that may have been delivered twice (messages go in id order and each is marked as soon as it is accepted).
/// </remarks>
public sealed partial class DigestSender(
    NpgsqlDataSource dataSource,
    IOptions<DigestOptions> options,
    IDigestTransport transport,
    TimeProvider time,
    ILogger<DigestSender> logger)
{
    /// <summary>How long delivery waits for the next rendered digest when it has caught up with rendering.</summary>
    private static readonly TimeSpan RenderPollInterval = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Sends every unsent digest of every week; <paramref name="onSent"/> is told each outbox id once it is marked sent.
    /// With <paramref name="rendering"/>, delivery starts while the outbox is still being filled and goes on until that task
    /// has finished and everything it rendered is handled.
    /// </summary>
    public async Task<DeliveryReport> DeliverPendingAsync(CancellationToken cancellationToken, Action<long>? onSent = null, Task? rendering = null)
    {
        var settings = options.Value;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        // A second sender (the job, a retry, `digest send`) waits, then finds nothing left.
        await using var draining = await SessionLock.TakeAsync(connection, AdvisoryLockKeys.DigestOutbox, cancellationToken);
        long afterId = 0;
        int sent = 0, refused = 0, deferred = 0;
        // Parallel renders can commit a lower id after a higher one was read: once rendering is over, one more pass from
        // the start picks such rows up, skipping what this run already handled (a refused row is not tried twice).
        var handled = new HashSet<long>();
        var sweptAfterRendering = rendering is null;
        while (true)
        {
            var fetched = (await connection.QueryAsync<OutboxMessage>(new CommandDefinition(
                SqlText.Get("digest/outbox_next_batch"),
                new { AfterId = afterId, settings.BatchSize, settings.MaxAttempts },
                cancellationToken: cancellationToken))).ToList();
            if (fetched.Count == 0)
            {
                if (rendering is { IsCompleted: false })
                {
                    await Task.WhenAny(rendering, Task.Delay(RenderPollInterval, cancellationToken));
                    cancellationToken.ThrowIfCancellationRequested();
                    continue;
                }

                if (!sweptAfterRendering)
                {
                    sweptAfterRendering = true;
                    afterId = 0;
                    continue;
                }

                break;
            }

            afterId = fetched[^1].Id;
            var batch = fetched.Where(b => handled.Add(b.Id)).ToList();
            if (batch.Count == 0)
            {
                continue;
            }
            foreach (var interrupted in batch.Where(b => b.SendingSince is not null).Take(1))
            {
                LogInterrupted(interrupted.Id, interrupted.SendingSince!.Value);
            }

            await connection.ExecuteAsync(new CommandDefinition(
                SqlText.Get("digest/outbox_mark_sending"), new { Ids = batch.Select(b => b.Id).ToArray(), Now = time.GetUtcNow() }, cancellationToken: cancellationToken));
            IDigestSession session;
            try
            {
                session = await transport.OpenAsync(cancellationToken);
            }
            catch (OptionsValidationException)
            {
                // A setting the server refuses (SmtpDigestTransport: the login, STARTTLS): the batch waits for the run after the
                // fix, no transmission counted.
                await MarkFailedAsync(connection, [.. batch.Select(b => b.Id)], attempted: null, SettingRefusedError);
                LogSettingRefused(sent);
                throw;
            }
            catch (Exception ex) when (IsDeliveryFailure(ex))
            {
                await MarkFailedAsync(connection, [.. batch.Select(b => b.Id)], attempted: null, Describe(ex));
                LogConnectFailed(Describe(ex), sent);
                throw new DigestDeliveryException(ex is SslHandshakeException
                    ? $"Digest delivery could not set up TLS with the mail server of Digest:Smtp ({Describe(ex)}) after {sent} messages; check {TlsSettings}. The rest stay in the outbox for the retry."
                    : $"Digest delivery could not open a session with the mail server of Digest:Smtp ({Describe(ex)}) after {sent} messages; the rest stay in the outbox for the retry.");
            }

            await using (session)
            {
                foreach (var (row, index) in batch.Select((row, index) => (row, index)))
                {
                    using var mime = new MemoryStream(row.Mime, writable: false);
                    var message = await MimeMessage.LoadAsync(mime, cancellationToken);
                    try
                    {
                        await session.SendAsync(message, row.Name, cancellationToken);
                    }
                    catch (SmtpCommandException ex) when (ex.ErrorCode is SmtpErrorCode.RecipientNotAccepted or SmtpErrorCode.MessageNotAccepted)
                    {
                        await MarkFailedAsync(connection, [row.Id], row.Id, Describe(ex));
                        if ((int)ex.StatusCode >= 500)
                        {
                            refused++;
                            LogRefused(row.Id, (int)ex.StatusCode);
                        }
                        else
                        {
                            deferred++;
                            LogDeferred(row.Id, (int)ex.StatusCode);
                        }

                        continue;
                    }
                    catch (Exception ex) when (IsDeliveryFailure(ex))
                    {
                        await MarkFailedAsync(connection, [.. batch.Skip(index).Select(b => b.Id)], row.Id, Describe(ex));
                        LogSendFailed(row.Id, Describe(ex), sent);
                        throw new DigestDeliveryException($"The mail server of Digest:Smtp failed digest delivery at outbox row {row.Id} ({Describe(ex)}) after {sent} messages; the rest stay in the outbox for the retry.");
                    }

                    // Accepted by the server: mark it even if the host is stopping now, or it would be sent twice.
                    await connection.ExecuteAsync(new CommandDefinition(
                        SqlText.Get("digest/outbox_mark_sent"), new { row.Id, Now = time.GetUtcNow() }, cancellationToken: CancellationToken.None));
                    sent++;
                    onSent?.Invoke(row.Id);
                }
            }
        }

        LogDelivered(sent, refused, deferred);
        if (deferred > 0)
        {
            throw new DigestDeliveryException($"The mail server deferred {deferred} digests; they stay in the outbox for the retry.");
        }

        // One refused address is that recipient's; every digest refused is the sender's (relay denied, SPF, authentication),
        // and read as a success the week's digests would be given up after Digest:MaxAttempts runs without anyone noticing.
        if (sent == 0 && refused > 1)
        {
            throw new DigestDeliveryException(
                $"The mail server refused every one of the {refused} digests it was offered; check Digest:Smtp (the sender address, relay and authentication). They stay in the outbox for the retry, up to Digest:MaxAttempts tries each.");
        }

        return new DeliveryReport(sent, refused);
    }

    /// <summary>
    /// What to check when TLS could not be set up: the mode against what the server's port expects (StartTls on 587,
    /// SslOnConnect on 465), or a certificate the machine does not trust (expired, self-signed, another host's name).
    /// </summary>
    internal const string TlsSettings =
        "Digest:Smtp:Security (StartTls or SslOnConnect, as the server's port expects) and the server's certificate (trusted by this machine, valid, for the name in Digest:Smtp:Host)";

    /// <summary>What the outbox records of a refused setting: no SMTP status, as the server's words stay out (they may quote the login).</summary>
    private const string SettingRefusedError = "Digest:Smtp refused by the mail server (its login, or the security it asks)";

    internal static bool IsDeliveryFailure(Exception ex) =>
        ex is IOException or SocketException or TimeoutException or UnauthorizedAccessException
            or ProtocolException or CommandException or ServiceNotConnectedException or SslHandshakeException
            or MailKit.Security.AuthenticationException or System.Security.Authentication.AuthenticationException;

    /// <summary>
    /// The mail server refused Digest:Smtp's user name or password: a setting to correct, as the command line's exit 2 and
    /// a job that is not retried (a retry is refused again). Only the keys: never the server's words, the user name or the
    /// password.
    /// </summary>
    internal static OptionsValidationException LoginRefused() => SettingRefused(
        "The mail server of Digest:Smtp refused its login: check Digest:Smtp:Username and Digest:Smtp:Password (in the environment, Digest__Smtp__Password). A retry is refused again, so no digest or alert goes out until they are corrected; the digests wait in the outbox.");

    /// <summary>
    /// The mail server does not offer what Digest:Smtp asks of it: STARTTLS (MailKit's NotSupportedException as it
    /// connects), or a login while Digest:Smtp:Username is set (no AUTH mechanism in its EHLO answer). A setting to
    /// correct, as a refused login is; /health/ready says the same sentence.
    /// </summary>
    internal static OptionsValidationException NotOffered(bool startTls) => SettingRefused(startTls
        ? "The mail server of Digest:Smtp does not offer STARTTLS, which Digest:Smtp:Security asks for: set it to SslOnConnect for a port that speaks TLS at once (465), or None only for a server on this machine or a trusted network. The digests wait in the outbox."
        : "The mail server of Digest:Smtp offers no login, yet Digest:Smtp:Username is set: leave it and Digest:Smtp:Password empty for a server that relays without one, or check Digest:Smtp:Host and Port. The digests wait in the outbox.");

    private static OptionsValidationException SettingRefused(string sentence) =>
        new($"{DigestOptions.Section}:{nameof(DigestOptions.Smtp)}", typeof(SmtpSettings), [sentence]);

    /// <summary>What went wrong, without the server's text: it may quote an address (SPEC 6 keeps personal data out of the outbox and logs).</summary>
    internal static string Describe(Exception ex) => ex switch
    {
        SmtpCommandException command => $"SMTP {(int)command.StatusCode} {command.ErrorCode}",
        SocketException socket => $"{nameof(SocketException)} {socket.SocketErrorCode}",
        IOException { InnerException: SocketException socket } => $"{nameof(IOException)} {socket.SocketErrorCode}",
        _ => ex.GetType().Name,
    };

    private async Task MarkFailedAsync(NpgsqlConnection connection, long[] ids, long? attempted, string error) =>
        await connection.ExecuteAsync(new CommandDefinition(
            SqlText.Get("digest/outbox_mark_failed"),
            new { Ids = ids, Attempted = attempted ?? 0, Error = error, Now = time.GetUtcNow() },
            cancellationToken: CancellationToken.None));

    [LoggerMessage(EventId = 4020, Level = LogLevel.Information, Message = "Digest delivery finished: {Sent} sent, {Refused} refused, {Deferred} deferred")]
    private partial void LogDelivered(int sent, int refused, int deferred);

    [LoggerMessage(EventId = 4021, Level = LogLevel.Warning, Message = "Outbox row {OutboxId} may have been delivered before a crash at {SendingSince:o} without being marked; it is sent again with the same Message-Id")]
    private partial void LogInterrupted(long outboxId, DateTime sendingSince);

    [LoggerMessage(EventId = 4022, Level = LogLevel.Warning, Message = "The mail server refused outbox row {OutboxId} with status {Status}; it is kept for an admin")]
    private partial void LogRefused(long outboxId, int status);

    [LoggerMessage(EventId = 4023, Level = LogLevel.Warning, Message = "The mail server deferred outbox row {OutboxId} with status {Status}")]
    private partial void LogDeferred(long outboxId, int status);

    [LoggerMessage(EventId = 4024, Level = LogLevel.Error, Message = "Digest delivery could not open a session ({Error}) after {Sent} messages")]
    private partial void LogConnectFailed(string error, int sent);

    [LoggerMessage(EventId = 4026, Level = LogLevel.Error, Message = "Digest delivery stopped after {Sent} messages: the mail server refused Digest:Smtp (its login, or the security it asks); not retried")]
    private partial void LogSettingRefused(int sent);

    [LoggerMessage(EventId = 4025, Level = LogLevel.Error, Message = "Digest delivery failed at outbox row {OutboxId} ({Error}) after {Sent} messages")]
    private partial void LogSendFailed(long outboxId, string error, int sent);
}

/// <summary>
/// Thrown so the job fails and Hangfire retries with back-off and shows it in the dashboard; carries no personal data. It
/// wraps no MailKit exception: Hangfire keeps the whole chain in the failed state (the dashboard, and the log that repeats
/// it), and the server's own text there may quote the sender, the recipients or the login (SPEC 6). Its sentence carries
/// what an admin acts on instead: <c>Digest:Smtp</c>, the SMTP status and the kind of failure (<see cref="DigestSender.Describe"/>).
/// </summary>
public sealed class DigestDeliveryException(string message) : Exception(message);
