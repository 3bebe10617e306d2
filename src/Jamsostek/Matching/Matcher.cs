using Jamsostek.Database;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Jamsostek.Matching;

/// <summary>Links roster entries to the BPJS register (SPEC 3.3), one kecamatan at a time so reconciliation can shard by kecamatan.</summary>
public sealed partial class Matcher(IOptions<MatchingOptions> options, ILogger<Matcher> logger)
{
    /// <summary>The policy the matches are made with; a shard's state records it, so a change redoes every entry.</summary>
    internal SerialDifference SerialDifference => options.Value.SerialDifference;

    /// <summary>
    /// Replaces the matches of every entry in the kecamatan, inside the caller's transaction: exact NIK with agreeing
    /// names, then an admin's accepted decision, then a NIK one typo away with the same name (probable when in doubt),
    /// then same name and birth date as probable only, and last an exact NIK under a dissimilar name as probable only.
    /// </summary>
    internal async Task MatchKecamatanAsync(TransactionQueries queries, string kodeKecamatan)
    {
        await queries.ExecuteAsync("matching/scope_kecamatan", new { KodeKecamatan = kodeKecamatan });
        await MatchScopeAsync(queries, kodeKecamatan);
    }

    /// <summary>
    /// Replaces the matches of the entries in the transaction's temp table <c>reconcile_scope</c> (filled by the caller:
    /// a whole kecamatan, or the entries an incremental shard redoes). One set-based script
    /// (sql/matching/match_scope.sql); nothing row by row. <paramref name="shownKecamatan"/> only names the shard in the log.
    /// </summary>
    internal async Task MatchScopeAsync(TransactionQueries queries, string shownKecamatan)
    {
        await ReadScopeEntriesAsync(queries);
        var written = await queries.ExecuteAsync("matching/match_scope", new { SerialDifference = SerialDifference.ToString() });
        LogMatched(shownKecamatan, written);
    }

    /// <summary>
    /// Copies the roster rows of the entries in <c>reconcile_scope</c> into the transaction's temp table <c>scope_entry</c>,
    /// which the matcher and the classification read instead of the whole roster.
    /// </summary>
    internal static Task<int> ReadScopeEntriesAsync(TransactionQueries queries) => queries.ExecuteAsync("matching/scope_entries");

    [LoggerMessage(EventId = 2500, Level = LogLevel.Debug, Message = "Matched kecamatan {KodeKecamatan}: {Rows} match rows deleted or written")]
    private partial void LogMatched(string kodeKecamatan, int rows);
}
