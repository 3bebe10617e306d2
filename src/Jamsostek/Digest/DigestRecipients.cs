using Dapper;
using Jamsostek.Database;
using Jamsostek.Regions;
using Microsoft.Extensions.Logging;
using MimeKit;
using Npgsql;

namespace Jamsostek.Digest;

public sealed record DigestRecipient(long Id, string Email, string? Name, string ScopeCode, string Language, bool MaySeeFullNik, DateTime AddedAt);

/// <summary>An active recipient as <c>recipients list</c> shows it, with its latest digest or the asked week's (none: nulls).</summary>
public sealed record RecipientListing(
    long Id, string Email, string? Name, string ScopeCode, bool MaySeeFullNik, string? LastWeek, long? LastOutboxId, DateTime? LastSentAt, string? LastError)
{
    /// <summary>"2026-W50 sent", "2026-W50 not sent: SMTP 550 RecipientNotAccepted (outbox row 357)", "no digest yet".</summary>
    public string Delivery => LastWeek is null ? "no digest yet"
        : LastSentAt is not null ? $"{LastWeek} sent"
        : $"{LastWeek} not sent{(LastError is null ? "" : $": {LastError}")} (outbox row {LastOutboxId})";

    /// <summary><see cref="Delivery"/> of a listing asked for one week: "no 2026-W47 digest" when there is none for it.</summary>
    public string DeliveryOf(IsoWeek week) => LastWeek is null ? $"no {week} digest" : Delivery;
}

/// <summary>Who receives which scope's digest; managed from the command line without a redeploy.</summary>
public sealed partial class DigestRecipients(NpgsqlDataSource dataSource, TimeProvider time, ILogger<DigestRecipients> logger)
{
    /// <summary>The one sentence the command line gives for an <c>--email</c> that <see cref="IsEmailAddress"/> refuses.</summary>
    public const string EmailRefusal = "--email is not an email address such as camat@serangkab.go.id.";

    /// <summary>The one sentence the command line gives for a <c>--domain</c> that <see cref="IsMailDomain"/> refuses.</summary>
    public const string DomainRefusal = "--domain is not a mail domain such as serangkab.go.id.";

    /// <summary>The one sentence the command line gives for a <c>--name</c> that <see cref="IsName"/> refuses.</summary>
    public const string NameRefusal = "--name is not one line of text (it greets the recipient: \"Yth. Camat Kramatwatu\").";

    /// <summary>A greeting's name: one line, no control characters (a line break broke <c>recipients list</c> and the greeting).</summary>
    public static bool IsName(string? name) => name is null || !name.Any(char.IsControl);

    /// <summary>A single plain address (<c>camat@serangkab.go.id</c>), not a display name or a list.</summary>
    public static bool IsEmailAddress(string? email) =>
        email is not null
        && MailboxAddress.TryParse(email, out var address)
        && address.Address.Contains('@', StringComparison.Ordinal)
        && address.Address == email.Trim();

    /// <summary>What follows the @ of the seeded addresses.</summary>
    public static bool IsMailDomain(string? domain) =>
        !string.IsNullOrWhiteSpace(domain) && !domain.Contains('@', StringComparison.Ordinal) && MailboxAddress.TryParse($"x@{domain}", out _);

    /// <summary>
    /// Adds the address, or updates it when it is already a recipient. Returns true when it was new. The command line checks
    /// its arguments first (wrong usage, exit 2); these checks are for any other caller.
    /// </summary>
    public async Task<bool> AddAsync(string email, string scopeCode, string? name, bool maySeeFullNik, CancellationToken cancellationToken)
    {
        if (!IsEmailAddress(email))
        {
            throw new InputRejectedException(EmailRefusal);
        }

        if (!IsName(name))
        {
            throw new InputRejectedException(NameRefusal);
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var scope = await FindScopeAsync(connection, scopeCode, cancellationToken)
            ?? throw new InputRejectedException(RegionScope.Refusal("--scope", scopeCode));
        var result = await connection.QuerySingleAsync<(long Id, bool Inserted)>(new CommandDefinition(
            SqlText.Get("digest/recipient_add"),
            new { Email = email.Trim(), Name = string.IsNullOrWhiteSpace(name) ? null : name.Trim(), Scope = scope.Code, MaySeeFullNik = maySeeFullNik, Now = time.GetUtcNow() },
            cancellationToken: cancellationToken));
        LogRecipientSaved(result.Id, scope.Code, result.Inserted);
        return result.Inserted;
    }

    /// <param name="week">The week whose digest to show for each; null: each one's latest.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    public async Task<IReadOnlyList<RecipientListing>> ListAsync(IsoWeek? week, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return [.. await connection.QueryAsync<RecipientListing>(new CommandDefinition(
            SqlText.Get("digest/recipient_deliveries"), new { Week = week?.ToString() }, cancellationToken: cancellationToken))];
    }

    /// <summary>Returns false when the address is not a recipient.</summary>
    public async Task<bool> RemoveAsync(string email, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var removed = await connection.ExecuteAsync(new CommandDefinition(
            SqlText.Get("digest/recipient_remove"), new { Email = email.Trim(), Now = time.GetUtcNow() }, cancellationToken: cancellationToken));
        return removed > 0;
    }

    /// <summary>One recipient per scope (regency, every kecamatan, every desa) at <c>ringkasan-CODE@domain</c>; returns how many were added.</summary>
    public async Task<int> SeedDefaultsAsync(string domain, CancellationToken cancellationToken)
    {
        if (!IsMailDomain(domain))
        {
            throw new InputRejectedException(DomainRefusal);
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var added = await connection.ExecuteAsync(new CommandDefinition(
            SqlText.Get("digest/recipient_seed"), new { Domain = domain.Trim(), Now = time.GetUtcNow() }, cancellationToken: cancellationToken));
        LogSeeded(added);
        return added;
    }

    internal static async Task<DigestScope?> FindScopeAsync(NpgsqlConnection connection, string scopeCode, CancellationToken cancellationToken)
    {
        if (!RegionScope.TryParse(scopeCode, out var region))
        {
            return null;
        }

        var row = await connection.QuerySingleOrDefaultAsync<ScopeRow>(new CommandDefinition(
            SqlText.Get("digest/scope"), new { Scope = region.Code }, cancellationToken: cancellationToken));
        return row is null ? null : DigestScope.FromRow(row);
    }

    [LoggerMessage(EventId = 4000, Level = LogLevel.Information, Message = "Digest recipient {RecipientId} saved for scope {Scope} (new: {Inserted})")]
    private partial void LogRecipientSaved(long recipientId, string scope, bool inserted);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Seeded {Added} default digest recipients")]
    private partial void LogSeeded(int added);
}
