using System.Globalization;
using Dapper;
using Jamsostek.Database;
using Jamsostek.Digest;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;
using MimeKit.Text;
using Npgsql;

namespace Jamsostek.Alerts;

/// <summary>
/// A job's final Failed state as Hangfire stored it. Nothing in it is personal (SPEC 6): a job's name and arguments are ids,
/// codes and dates, and the service's exception messages are written without NIKs, names, birth dates or phones.
/// </summary>
/// <param name="JobId">Hangfire's job id, as the dashboard shows it.</param>
/// <param name="JobName">The recurring job's id with its display name, or the display name of a job enqueued by another (a kecamatan shard).</param>
/// <param name="FailedAt">When the job failed: the failed state's own time.</param>
/// <param name="ExceptionType">The exception's type name, without its namespace.</param>
/// <param name="ExceptionMessage">
/// The exception's message as the dashboard shows it, or null for a library's exception other than .NET's own, whose words
/// may quote a value of the data (PostgreSQL's "invalid input syntax ... "), which the email would carry off the server.
/// </param>
/// <param name="Kind">What failed, for grouping repeats: the recurring job's id, or the job's class and method (every shard alike).</param>
/// <param name="KodeKecamatan">The kecamatan a shard reconciles, which the email names by name as well (its job name has only the code).</param>
public sealed record JobFailure(string JobId, string JobName, DateTimeOffset FailedAt, string ExceptionType, string? ExceptionMessage, string Kind, string? KodeKecamatan = null);

/// <summary>
/// Emails Alerts:Recipients that a job failed for good, through the digest's mail settings and transport (Digest:Smtp, or
/// the pickup folder without a host): once per failure, and once per cause within Alerts:RepeatAfter. A failure is the job
/// id with the failed state's time: one failing again after an admin's Requeue is a new failure.
/// </summary>
public sealed partial class FailureAlerts(
    NpgsqlDataSource dataSource,
    IOptions<AlertOptions> options,
    IOptions<DigestOptions> digest,
    IDigestTransport transport,
    TimeProvider time,
    ILogger<FailureAlerts> logger)
{
    /// <summary>Whether anyone is to be told: without recipients no alert job is even enqueued.</summary>
    public bool Enabled => options.Value.Enabled;

    /// <summary>
    /// Sends the alert unless it was sent before, or its cause was emailed within Alerts:RepeatAfter (then only recorded, and
    /// counted in that cause's next email); true when sent now. The failure is claimed (alerts/claim_failure) in the
    /// transaction that sends: a failed send rolls the claim back for the retry, and a second alert job of the same failure
    /// waits on the claim, then finds it sent. A crash between the server's acceptance and the commit sends it again on the
    /// retry, with the same Message-Id (as the digest's outbox, DigestSender).
    /// </summary>
    public async Task<bool> SendAsync(JobFailure failure, CancellationToken cancellationToken)
    {
        var failedAt = failure.FailedAt.ToUniversalTime();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var kecamatan = failure.KodeKecamatan is { } kode ? await DigestRecipients.FindScopeAsync(connection, kode, cancellationToken) : null;
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var queries = new TransactionQueries(connection, transaction, cancellationToken);
        var cause = $"{failure.Kind}\n{failure.ExceptionType}\n{failure.ExceptionMessage}";
        await queries.ExecuteAsync("alerts/lock_cause", new { LockClass = AdvisoryLockKeys.AlertCauseClass, Cause = cause });
        var claim = await queries.QuerySingleOrDefaultAsync<Claim>(
            "alerts/claim_failure", new { failure.JobId, FailedAt = failedAt, SentAt = time.GetUtcNow(), Cause = cause, options.Value.RepeatAfter });
        if (claim is null)
        {
            LogSentBefore(failure.JobId, failedAt);
            return false;
        }

        if (!claim.Emailed)
        {
            await transaction.CommitAsync(CancellationToken.None);
            LogHeldAsRepeat(failure.JobId, failedAt);
            return false;
        }

        using var message = Compose(failure with { FailedAt = failedAt }, claim.Held, kecamatan);
        try
        {
            await using var session = await transport.OpenAsync(cancellationToken);
            await session.SendAsync(message, $"alert-job-{failure.JobId}-{failedAt:yyyyMMdd'T'HHmmssfff}", cancellationToken);
        }
        catch (OptionsValidationException)
        {
            // Digest:Smtp refused (DigestSender.LoginRefused, NotOffered): a setting to correct, which the alert job does not retry.
            LogSettingRefused(failure.JobId);
            throw;
        }
        catch (Exception ex) when (DigestSender.IsDeliveryFailure(ex))
        {
            // The exception's type only: the server's own words may quote an address.
            LogNotSent(failure.JobId, DigestSender.Describe(ex));
            var check = ex is MailKit.Security.SslHandshakeException ? $"; check {DigestSender.TlsSettings}" : "";
            throw new DigestDeliveryException($"The mail server of Digest:Smtp did not take the alert that job {failure.JobId} failed ({DigestSender.Describe(ex)}){check}; it is tried again.");
        }

        // Accepted by the mail server: recorded even if the host is stopping now, or it would be sent again.
        await transaction.CommitAsync(CancellationToken.None);
        LogSent(failure.JobId, failedAt, options.Value.Recipients.Count);
        return true;
    }

    /// <summary>
    /// Of the failures listed (job id and failed time), the ids of those no alert has claimed yet, the earliest first: what
    /// the sweep tells, without asking again for every failure the alert filter told.
    /// </summary>
    public async Task<IReadOnlyList<string>> UnclaimedAsync(IReadOnlyCollection<(string JobId, DateTimeOffset FailedAt)> failures, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var unclaimed = await connection.QueryAsync<string>(new CommandDefinition(
            SqlText.Get("alerts/unclaimed_failures"),
            new { JobIds = failures.Select(f => f.JobId).ToArray(), FailedAts = failures.Select(f => f.FailedAt.ToUniversalTime()).ToArray() },
            cancellationToken: cancellationToken));
        return [.. unclaimed];
    }

    /// <summary>One message to every recipient, in Bahasa Indonesia as the digest is: what failed, when, why, and what to do.</summary>
    private MimeMessage Compose(JobFailure failure, int held, DigestScope? kecamatan)
    {
        var from = MailboxAddress.Parse(digest.Value.Smtp.From);
        var wib = TimeZoneInfo.ConvertTime(failure.FailedAt, BusinessDay.TimeZone);
        var when = $"{DigestTemplates.FormatDate(DateOnly.FromDateTime(wib.DateTime))} pukul {wib.ToString("HH'.'mm", CultureInfo.InvariantCulture)} WIB";
        var dashboardUrl = options.Value.DashboardUrl;
        var open = string.IsNullOrWhiteSpace(dashboardUrl)
            ? $"Buka dashboard Hangfire (/hangfire), menu Jobs > Failed, lalu job nomor {failure.JobId}."
            : $"Buka job ini di dashboard: {dashboardUrl.TrimEnd('/')}/jobs/details/{failure.JobId}";
        var text = $"""
            Job Jamsostek Worker berikut gagal dan tidak akan dicoba lagi secara otomatis.

            Job: {failure.JobName}{Wilayah(failure.KodeKecamatan, kecamatan)}
            Nomor job: {failure.JobId}
            Gagal pada: {when}
            Penyebab: {failure.ExceptionType}: {failure.ExceptionMessage ?? "(pesan pustaka ini tidak disalin ke email karena dapat memuat data; bacalah di dashboard)"}{Repeats(held)}

            Yang perlu dilakukan:
            1. {open}
            2. Baca penyebabnya dan perbaiki dahulu bila perlu (berkas yang ditolak atau ditahan, pengaturan, layanan yang mati).
            3. Tekan tombol "Requeue" di halaman job itu untuk menjalankannya lagi. Job berkala juga berjalan lagi sendiri pada jadwal berikutnya.

            Email ini dikirim otomatis oleh Jamsostek Worker ke alamat di pengaturan Alerts:Recipients, satu kali untuk setiap kegagalan{RepeatWindow()}.
            """;

        var message = new MimeMessage();
        try
        {
            message.From.Add(from);
            message.To.AddRange(options.Value.Recipients.Select(MailboxAddress.Parse));
            message.Subject = $"Jamsostek: job gagal, perlu tindakan admin: {failure.JobName}";
            // The same for every try of the same failure, so a copy sent twice across a crash is recognisable.
            message.MessageId = $"alert.job{failure.JobId}.{failure.FailedAt.UtcTicks}@{from.Domain}";
            message.Date = time.GetUtcNow();
            message.Body = new TextPart(TextFormat.Plain) { Text = text.ReplaceLineEndings("\r\n") };
            message.Prepare(EncodingConstraint.SevenBit);
            return message;
        }
        catch
        {
            message.Dispose();
            throw;
        }
    }

    /// <summary>A shard's kecamatan by its name too, as the digest names a scope; by its code alone when the reference data has none.</summary>
    private static string Wilayah(string? kodeKecamatan, DigestScope? kecamatan) => kodeKecamatan is null
        ? ""
        : $"\nWilayah: {(kecamatan is null ? "kecamatan" : kecamatan.Label)} ({kodeKecamatan})";

    private static string Repeats(int held) => held == 0
        ? ""
        : $"\nSejak email terakhir tentang penyebab yang sama, kegagalan ini terjadi lagi {held} kali tanpa email.";

    private string RepeatWindow()
    {
        var window = options.Value.RepeatAfter;
        if (window == TimeSpan.Zero)
        {
            return "";
        }

        var length = window.TotalHours >= 1 && window.TotalHours % 1 == 0
            ? $"{window.TotalHours.ToString(CultureInfo.InvariantCulture)} jam"
            : $"{Math.Ceiling(window.TotalSeconds).ToString(CultureInfo.InvariantCulture)} detik";
        return $"; kegagalan yang sama (job, jenis galat dan pesan yang sama) dalam {length} sejak email terakhirnya hanya dicatat";
    }

    private sealed record Claim(bool Emailed, int Held);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Information, Message = "Job {JobId} failed at {FailedAt:o} for a cause emailed within Alerts:RepeatAfter; recorded, not emailed")]
    private partial void LogHeldAsRepeat(string jobId, DateTimeOffset failedAt);

    [LoggerMessage(EventId = 6000, Level = LogLevel.Information, Message = "Alert that job {JobId} failed at {FailedAt:o} sent to {Recipients} recipients")]
    private partial void LogSent(string jobId, DateTimeOffset failedAt, int recipients);

    [LoggerMessage(EventId = 6001, Level = LogLevel.Information, Message = "Alert that job {JobId} failed at {FailedAt:o} was sent before; not sent again")]
    private partial void LogSentBefore(string jobId, DateTimeOffset failedAt);

    [LoggerMessage(EventId = 6004, Level = LogLevel.Error, Message = "Alert that job {JobId} failed could not be sent: the mail server refused Digest:Smtp (its login, or the security it asks); not retried")]
    private partial void LogSettingRefused(string jobId);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Warning, Message = "Alert that job {JobId} failed could not be sent ({Error}); the alert job is retried")]
    private partial void LogNotSent(string jobId, string error);
}
