using Dapper;
using Jamsostek.Database;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Jamsostek.Matching;

/// <summary>Links roster entries to the BPJS register (SPEC 3.3), one kecamatan at a time so reconciliation can shard by kecamatan.</summary>
public sealed partial class Matcher(ILogger<Matcher> logger)
{
    /// <summary>
    /// Replaces the matches of every active entry in the kecamatan, inside the caller's transaction: exact NIK, then an
    /// admin's accepted decision, then a corrected NIK (one typo), then same name and birth date as probable only.
    /// One set-based script (sql/matching/match_kecamatan.sql); nothing row by row.
    /// </summary>
    public async Task MatchKecamatanAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string kodeKecamatan, CancellationToken cancellationToken)
    {
        var written = await connection.ExecuteAsync(new CommandDefinition(
            SqlText.Get("matching/match_kecamatan"),
            new { KodeKecamatan = kodeKecamatan },
            transaction,
            cancellationToken: cancellationToken));
        LogMatched(kodeKecamatan, written);
    }

    [LoggerMessage(EventId = 2500, Level = LogLevel.Debug, Message = "Matched kecamatan {KodeKecamatan}: {Rows} match rows deleted or written")]
    private partial void LogMatched(string kodeKecamatan, int rows);
}
