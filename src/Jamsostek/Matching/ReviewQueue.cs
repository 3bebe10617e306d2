using Dapper;
using Jamsostek.Database;
using Jamsostek.Regions;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Jamsostek.Matching;

/// <summary>A probable match as an admin reviews it: NIKs masked (SPEC 6), the method, score and explanation.</summary>
public sealed record ProbableMatch(long Id, string KodeDesa, string EntryNikMasked, string MemberNikMasked, string Metode, decimal Skor, string Alasan);

/// <summary>The admin's queue of probable matches (SPEC 3.3): accept or reject; the decision wins in every later run.</summary>
public sealed partial class ReviewQueue(NpgsqlDataSource dataSource, TimeProvider timeProvider, ILogger<ReviewQueue> logger)
{
    /// <summary>The scope's probable matches, the likeliest first, at most <paramref name="limit"/> (at least 1; all when null), and how many the scope has in all.</summary>
    public async Task<(IReadOnlyList<ProbableMatch> Matches, long Total)> ListAsync(RegionScope scope, int? limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = (await connection.QueryAsync<ReviewRow>(new CommandDefinition(
            SqlText.Get("matching/review_list"), new { Scope = scope.Code, Limit = limit }, cancellationToken: cancellationToken))).ToList();
        // The window's count is the scope's whole queue, whatever the limit cut (none when the queue is empty).
        var total = rows.Count > 0 ? rows[0].Total : 0;
        return ([.. rows.Select(r => new ProbableMatch(r.Id, r.KodeDesa.Trim(), NikMask.Mask(r.EntryNik), NikMask.Mask(r.MemberNik), r.Metode, r.Skor, r.Alasan))], total);
    }

    public Task AcceptAsync(long id, CancellationToken cancellationToken) => DecideAsync(id, "DITERIMA", cancellationToken);

    public Task RejectAsync(long id, CancellationToken cancellationToken) => DecideAsync(id, "DITOLAK", cancellationToken);

    private async Task DecideAsync(long id, string keputusan, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var decided = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            SqlText.Get("matching/review_decide"),
            new { Id = id, Keputusan = keputusan, DecidedAt = timeProvider.GetUtcNow() },
            transaction,
            cancellationToken: cancellationToken));
        if (decided == 0)
        {
            throw new InputRejectedException($"Review ID {id} is not a probable match awaiting a decision (see `review list`).");
        }

        await transaction.CommitAsync(cancellationToken);
        LogDecided(id, keputusan);
    }

    [LoggerMessage(EventId = 2510, Level = LogLevel.Information, Message = "Review of roster entry {EntryId}: {Keputusan}")]
    private partial void LogDecided(long entryId, string keputusan);

    private sealed record ReviewRow(long Id, string KodeDesa, string EntryNik, string MemberNik, string Metode, decimal Skor, string Alasan, long Total);
}
