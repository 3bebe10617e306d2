using Dapper;
using Jamsostek.Database;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Jamsostek.Matching;

/// <summary>Links roster entries to the BPJS register (SPEC 3.3), one kecamatan at a time so reconciliation can shard by kecamatan.</summary>
public sealed partial class Matcher(ILogger<Matcher> logger, TimeProvider timeProvider)
{
    /// <summary>
    /// Replaces the matches of every active entry in the kecamatan, inside the caller's transaction: exact NIK, then an
    /// admin's accepted decision, then a corrected NIK (one typo), then same name and birth date as probable only.
    /// </summary>
    public async Task MatchKecamatanAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string kodeKecamatan, CancellationToken cancellationToken)
    {
        var started = timeProvider.GetTimestamp();
        var written = await connection.ExecuteAsync(new CommandDefinition(
            SqlText.Get("matching/match_kecamatan"),
            new { KodeKecamatan = kodeKecamatan },
            transaction,
            cancellationToken: cancellationToken));
        var elapsedMs = timeProvider.GetElapsedTime(started).TotalMilliseconds;
        LogMatched(kodeKecamatan, written, elapsedMs);
    }

    [LoggerMessage(EventId = 2500, Level = LogLevel.Debug, Message = "Matched kecamatan {KodeKecamatan}: {Rows} rows written in {ElapsedMs:F0} ms")]
    private partial void LogMatched(string kodeKecamatan, int rows, double elapsedMs);
}
