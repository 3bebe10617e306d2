using Dapper;
using Jamsostek.Database;
using Jamsostek.Regions;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Jamsostek.Matching;

/// <summary>The two sides an admin compares: the roster entry (its id is the review id) and the register person.</summary>
public interface IReviewSides
{
    long Id { get; }

    string KodeDesa { get; }

    string EntryNik { get; }

    string EntryNama { get; }

    DateOnly? EntryTanggalLahir { get; }

    string MemberNik { get; }

    string? MemberNama { get; }

    DateOnly? MemberTanggalLahir { get; }
}

/// <summary>
/// A probable match as an admin reviews it: both sides' NIK, name and birth date (personal data: whoever shows it masks
/// it unless the admin asked to compare), the method, score and explanation.
/// </summary>
public sealed record ProbableMatch(
    long Id,
    string KodeDesa,
    string EntryNik,
    string EntryNama,
    DateOnly? EntryTanggalLahir,
    string MemberNik,
    string? MemberNama,
    DateOnly? MemberTanggalLahir,
    string Metode,
    decimal Skor,
    string Alasan) : IReviewSides;

/// <summary>
/// An admin's decision on a roster entry's register person as <c>review decisions</c> shows it: DITERIMA or DITOLAK (in
/// force), or DIBATALKAN (taken back at <see cref="DecidedAt"/> by <see cref="DecidedBy"/>; <see cref="KeputusanSemula"/>
/// is what it was, decided at <see cref="DiputuskanSemulaAt"/> by <see cref="DiputuskanSemulaOleh"/>). A decider is null
/// for decisions made before deciders were recorded. Personal data as in <see cref="ProbableMatch"/>.
/// </summary>
public sealed record ReviewDecision(
    long Id,
    string KodeDesa,
    string EntryNik,
    string EntryNama,
    DateOnly? EntryTanggalLahir,
    string MemberNik,
    string? MemberNama,
    DateOnly? MemberTanggalLahir,
    string Keputusan,
    DateTime DecidedAt,
    string? DecidedBy,
    string? KeputusanSemula,
    DateTime? DiputuskanSemulaAt,
    string? DiputuskanSemulaOleh,
    bool LeftTheRoster) : IReviewSides;

/// <summary>
/// The admin's queue of probable matches (SPEC 3.3): accept or reject. A rejection holds in every later run; an acceptance
/// while the person's NIK is in the register, unless the entry's own NIK is registered under a similar name (rule 1), or until
/// the admin rejects it.
/// </summary>
public sealed partial class ReviewQueue(NpgsqlDataSource dataSource, TimeProvider timeProvider, ILogger<ReviewQueue> logger)
{
    /// <summary>
    /// Hands the scope's probable matches to <paramref name="each"/> as they are read, the likeliest first, at most
    /// <paramref name="limit"/> (at least 1; all when null), and returns how many the scope has in all. Streamed: the
    /// queue of a whole regency is ~100,000 entries at the default benchmark scale.
    /// </summary>
    public Task<long> ListAsync(RegionScope scope, int? limit, Action<ProbableMatch> each, CancellationToken cancellationToken) =>
        StreamAsync("matching/review_list", scope, limit, each, cancellationToken);

    /// <summary>
    /// Hands the scope's decisions to <paramref name="each"/>, the latest first, at most <paramref name="limit"/> (all when
    /// null), and returns how many the scope has in all: what an admin looks up before taking one back.
    /// </summary>
    public Task<long> ListDecisionsAsync(RegionScope scope, int? limit, Action<ReviewDecision> each, CancellationToken cancellationToken) =>
        StreamAsync("matching/review_decisions", scope, limit, each, cancellationToken);

    private async Task<long> StreamAsync<T>(string query, RegionScope scope, int? limit, Action<T> each, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var reader = await connection.ExecuteReaderAsync(new CommandDefinition(
            SqlText.Get(query), new { Scope = scope.Code, Limit = limit }, cancellationToken: cancellationToken));
        // The record is the row but for its last column, the window's count of the scope's whole list (whatever the limit
        // cut; no row when the list is empty).
        var parse = reader.GetRowParser<T>(typeof(T), 0, reader.FieldCount - 1);
        long total = 0;
        while (await reader.ReadAsync(cancellationToken))
        {
            total = reader.GetInt64(reader.FieldCount - 1);
            each(parse(reader));
        }

        return total;
    }

    /// <summary>Accepts the entry's probable match; <paramref name="decidedBy"/> is the admin, kept with the decision.</summary>
    public Task AcceptAsync(long id, string decidedBy, CancellationToken cancellationToken) => DecideOrRefuseAsync(id, "DITERIMA", decidedBy, cancellationToken);

    /// <summary>Rejects the entry's probable match, or an acceptance; <paramref name="decidedBy"/> is the admin.</summary>
    public Task RejectAsync(long id, string decidedBy, CancellationToken cancellationToken) => DecideOrRefuseAsync(id, "DITOLAK", decidedBy, cancellationToken);

    private async Task DecideOrRefuseAsync(long id, string keputusan, string decidedBy, CancellationToken cancellationToken)
    {
        var outcome = await DecideAsync(id, keputusan, decidedBy, proposed: null, cancellationToken);
        if (outcome.Refusal is { } refusal)
        {
            throw new InputRejectedException(refusal);
        }
    }

    /// <summary>
    /// A decision from a filled-in <c>review export</c> (<see cref="ReviewSheet"/>): through the same checks and recording as
    /// <see cref="AcceptAsync"/> and <see cref="RejectAsync"/>, but only on the pair the admin saw, the entry awaiting review
    /// with the register person <paramref name="proposed"/>. <paramref name="keputusan"/> is DITERIMA or DITOLAK.
    /// </summary>
    public Task<ReviewOutcome> DecideProposedAsync(long id, string keputusan, string proposed, string decidedBy, CancellationToken cancellationToken) =>
        DecideAsync(id, keputusan, decidedBy, proposed, cancellationToken);

    private async Task<ReviewOutcome> DecideAsync(long id, string keputusan, string decidedBy, string? proposed, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // A statement of its own: review_decide's snapshot is taken after the wait, so it sees the decision waited for.
        await connection.ExecuteAsync(new CommandDefinition(
            SqlText.Get("matching/review_lock"), new { LockClass = AdvisoryLockKeys.MatchingDecisionClass, Id = id }, transaction, cancellationToken: cancellationToken));
        var decision = await connection.QuerySingleAsync<DecideRow>(new CommandDefinition(
            SqlText.Get("matching/review_decide"),
            new { Id = id, Keputusan = keputusan, DecidedAt = timeProvider.GetUtcNow(), DecidedBy = decidedBy, Proposed = proposed },
            transaction,
            cancellationToken: cancellationToken));
        if (!decision.Probable)
        {
            return decision switch
            {
                // Imported again: what the row says is what holds, and nothing is to be done.
                { KeputusanPasangan: var onPair } when proposed is not null && onPair == keputusan => ReviewOutcome.Unchanged,
                { DiusulkanLain: true } when proposed is not null => new(ReviewOutcomeKind.ProposalChanged,
                    $"Review ID {id} now proposes another register person than the one in the file (a reconcile since the export changed the proposal): export the queue again to decide on it."),
                { Listed: null } => new(ReviewOutcomeKind.NotInQueue, $"Review ID {id} is no roster entry: use the number in the first column of `review list`."),
                { Listed: false } => new(ReviewOutcomeKind.NotInQueue, $"Review ID {id} has left the roster: there is nothing to decide for it."),
                { Keputusan: "DIBATALKAN" } => new(ReviewOutcomeKind.NotInQueue,
                    $"Review ID {id} had its decision taken back, and the match is proposed again only by the next reconcile: decide on it after that (`review list`)."),
                { Keputusan: "DITERIMA" or "DITOLAK" } => new(ReviewOutcomeKind.NotInQueue,
                    $"Review ID {id} was {(decision.Keputusan == "DITERIMA" ? "accepted" : "rejected")} already (`review decisions` lists it); `review undo {id}` takes that back."),
                _ => new(ReviewOutcomeKind.NotInQueue,
                    $"Review ID {id} is not a probable match awaiting a decision: it is matched for sure by its NIK, or has no match to decide on (see `review list`)."),
            };
        }

        if (keputusan == "DITERIMA" && decision.TakenBy is { } takenBy)
        {
            return new(ReviewOutcomeKind.TakenByAnother,
                $"Review ID {id} cannot be accepted: an admin already matched that register person to roster entry {takenBy}, listed under another NIK, and one register person is one roster person (`review reject {takenBy}` takes that acceptance back).");
        }

        await transaction.CommitAsync(cancellationToken);
        LogDecided(id, keputusan);
        return ReviewOutcome.Decided;
    }

    private sealed record DecideRow(bool Probable, long? TakenBy, string? Keputusan, bool? Listed, string? KeputusanPasangan, bool DiusulkanLain);

    /// <summary>
    /// Takes back the admin's decisions on the person the entry lists (an acceptance or a rejection, on any of their roles in
    /// the desa): the next reconcile matches the entry by the rules again. <paramref name="decidedBy"/> is the admin who
    /// takes them back; who had made them is kept.
    /// </summary>
    public async Task UndoAsync(long id, string decidedBy, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var withdrawn = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            SqlText.Get("matching/review_undo"), new { Id = id, DecidedAt = timeProvider.GetUtcNow(), DecidedBy = decidedBy }, cancellationToken: cancellationToken));
        if (withdrawn == 0)
        {
            throw new InputRejectedException(
                $"Review ID {id} has no decision to take back: nobody accepted or rejected a match for it, it has left the roster, or it does not exist.");
        }

        LogDecided(id, "DIBATALKAN");
    }

    [LoggerMessage(EventId = 2510, Level = LogLevel.Information, Message = "Review of roster entry {EntryId}: {Keputusan}")]
    private partial void LogDecided(long entryId, string keputusan);
}

/// <summary>What became of one decision: applied, already so, or refused with the sentence that says why (ids, never personal data).</summary>
public sealed record ReviewOutcome(ReviewOutcomeKind Kind, string? Refusal)
{
    public static readonly ReviewOutcome Decided = new(ReviewOutcomeKind.Decided, null);

    public static readonly ReviewOutcome Unchanged = new(ReviewOutcomeKind.Unchanged, null);
}

public enum ReviewOutcomeKind
{
    /// <summary>Stored and applied to the match.</summary>
    Decided,

    /// <summary>The pair already carries this decision: a file imported again changes nothing.</summary>
    Unchanged,

    /// <summary>The entry no longer awaits review (decided, taken back, left the roster, no such entry).</summary>
    NotInQueue,

    /// <summary>The entry awaits review with another register person than the one the admin saw.</summary>
    ProposalChanged,

    /// <summary>An acceptance of a register person an admin gave to a roster entry with another NIK.</summary>
    TakenByAnother,
}
