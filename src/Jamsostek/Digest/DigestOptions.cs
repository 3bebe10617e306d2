using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Jamsostek.Digest;

/// <summary>Digest:* settings. With no Digest:Smtp:Host the digests are written as .eml files to Digest:PickupPath instead.</summary>
public sealed class DigestOptions
{
    public const string Section = "Digest";

    public SmtpSettings Smtp { get; set; } = new();

    /// <summary>Where .eml files go when no SMTP host is configured (a relay's pickup folder, or a folder to inspect).</summary>
    public string PickupPath { get; set; } = "digest-pickup";

    /// <summary>SPEC 3.4: the monthly BPU contribution per person at the lowest bracket, in rupiah. Rates are configuration.</summary>
    public IuranSettings Iuran { get; set; } = new();

    /// <summary>Messages sent over one SMTP connection before it is closed and the next batch opens a new one.</summary>
    public int BatchSize { get; set; } = 50;

    /// <summary>Digests rendered at once: each waits on PostgreSQL part of the time, so a few more than the cores.</summary>
    public int RenderParallelism { get; set; } = 4;

    /// <summary>After this many transmissions a message the server keeps refusing is left for an admin to look at.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>A desa whose latest roster snapshot is older than this is listed under data quality.</summary>
    public int StaleSnapshotDays { get; set; } = 90;

    /// <summary>Ten years, past any useful threshold: a value set high to silence the list must still leave a date.</summary>
    public const int StaleSnapshotDaysCeiling = 3650;

    /// <summary>
    /// SPEC 2.4 and 3.2: LAPSED is measured against the figures' day, but the register is only as new as the branch office's
    /// last file. When that file's date is more than this many days before the figures' day, the digest warns that arrears and
    /// paid-through days may be out of date (it always says the file's date).
    /// </summary>
    public int MembershipStaleDays { get; set; } = 14;

    /// <summary>How many people or desa a list in the email body shows before "dan N lainnya"; the totals stay exact.</summary>
    public int ListLimit { get; set; } = 25;

    /// <summary>
    /// The most uncovered people a digest attaches as an Excel workbook (about 90 bytes a row once encoded: 10,000 rows are
    /// about 0.9 MB, enough for the largest desa). A scope with more gets no attachment: the email gives the count and the
    /// <c>export coverage</c> command instead.
    /// </summary>
    public int AttachmentMaxRows { get; set; } = 10_000;

    /// <summary>About 9 MB encoded: above this a digest would be refused by many mail servers anyway.</summary>
    public const int AttachmentMaxRowsCeiling = 100_000;
}

public sealed class SmtpSettings
{
    public string? Host { get; set; }

    public int Port { get; set; } = 587;

    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;

    public string? Username { get; set; }

    public string? Password { get; set; }

    public string From { get; set; } = "Jamsostek Kabupaten Serang <jamsostek@localhost>";

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(60);
}

public enum SmtpSecurity
{
    None,
    StartTls,
    SslOnConnect,
}

public sealed class IuranSettings
{
    /// <summary>JKK: 1% of Rp1,000,000.</summary>
    public decimal Jkk { get; set; } = 10_000m;

    public decimal Jkm { get; set; } = 6_800m;
}

internal sealed class DigestOptionsValidator(IConfiguration configuration) : IValidateOptions<DigestOptions>
{
    /// <summary>
    /// Was the window of the digest's expiring list, beside <c>Coverage:ExpiringWindowDays</c> for the EXPIRING status: one email
    /// could count 1,173 "iuran segera berakhir" by status and list 1,316 "iuran berakhir dalam 30 hari".
    /// </summary>
    internal const string RemovedExpiringKey = "ExpiringWithinDays";

    public ValidateOptionsResult Validate(string? name, DigestOptions options)
    {
        var failures = new List<string>();
        if (!MailboxAddress.TryParse(options.Smtp.From, out var from) || !from.Address.Contains('@', StringComparison.Ordinal))
        {
            failures.Add("Digest:Smtp:From must be an email address, e.g. \"Jamsostek <jamsostek@serangkab.go.id>\".");
        }
        // The default serves the pickup folder; a real mail server refuses a sender @localhost or files it as spam.
        else if (!string.IsNullOrWhiteSpace(options.Smtp.Host) && from.Domain.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            failures.Add("Digest:Smtp:From is required with Digest:Smtp:Host: the regency's own address, e.g. \"Jamsostek <jamsostek@serangkab.go.id>\", since mail servers refuse or file as spam a sender @localhost.");
        }

        if (string.IsNullOrWhiteSpace(options.Smtp.Host))
        {
            if (string.IsNullOrWhiteSpace(options.PickupPath))
            {
                failures.Add("Digest:PickupPath is required when Digest:Smtp:Host is not set.");
            }
        }
        else
        {
            if (options.Smtp.Port is < 1 or > 65535)
            {
                failures.Add("Digest:Smtp:Port must be between 1 and 65535.");
            }

            if (!string.IsNullOrEmpty(options.Smtp.Username) && string.IsNullOrEmpty(options.Smtp.Password))
            {
                failures.Add("Digest:Smtp:Password is required when Digest:Smtp:Username is set (give it in the environment: Digest__Smtp__Password).");
            }
        }

        // RFC 5321's longest wait is 10 minutes (for the end of the message). A bare number is read as days: "60" passed
        // here, then every connection failed with "Specified argument was out of the range" (the timer's limit is 49 days).
        if (options.Smtp.Timeout < TimeSpan.FromSeconds(1) || options.Smtp.Timeout > TimeSpan.FromMinutes(10))
        {
            failures.Add("Digest:Smtp:Timeout must be between 00:00:01 and 00:10:00 (hh:mm:ss; a bare number is read as days).");
        }

        if (options.Iuran.Jkk < 0 || options.Iuran.Jkm < 0)
        {
            failures.Add("Digest:Iuran:Jkk and Digest:Iuran:Jkm must not be negative.");
        }

        if (options.BatchSize is < 1 or > 1000)
        {
            failures.Add("Digest:BatchSize must be between 1 and 1000.");
        }

        if (options.RenderParallelism is < 1 or > 64)
        {
            failures.Add("Digest:RenderParallelism must be between 1 and 64.");
        }

        if (options.MaxAttempts < 1)
        {
            failures.Add("Digest:MaxAttempts must be at least 1.");
        }

        if (configuration[$"{DigestOptions.Section}:{RemovedExpiringKey}"] is not null)
        {
            // Silently ignored, it would leave an admin believing the list follows it.
            failures.Add($"Digest:{RemovedExpiringKey} is no longer read: the digest lists the people whose status is EXPIRING, by Coverage:ExpiringWindowDays; remove the key.");
        }

        // Set high to silence the list, a million days reached before year 1 and every digest failed with "un-representable DateTime".
        if (options.StaleSnapshotDays is < 1 or > DigestOptions.StaleSnapshotDaysCeiling)
        {
            failures.Add($"Digest:StaleSnapshotDays must be between 1 and {DigestOptions.StaleSnapshotDaysCeiling} (ten years).");
        }

        if (options.MembershipStaleDays < 1)
        {
            failures.Add("Digest:MembershipStaleDays must be at least 1 (days between the BPJS membership file's date and the digest's figures' day before the digest warns that the register is old).");
        }

        if (options.ListLimit < 1)
        {
            failures.Add("Digest:ListLimit must be at least 1.");
        }

        if (options.AttachmentMaxRows is < 0 or > DigestOptions.AttachmentMaxRowsCeiling)
        {
            failures.Add($"Digest:AttachmentMaxRows must be between 0 and {DigestOptions.AttachmentMaxRowsCeiling} (rows of the uncovered-people workbook; a larger attachment is refused by most mail servers).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
