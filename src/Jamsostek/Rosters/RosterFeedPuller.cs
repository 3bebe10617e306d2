using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Jamsostek.Rosters;

/// <summary>
/// Pulls every configured OpenSID feed, one desa at a time (SPEC 2.2). Each desa is its own snapshot of the target occupations;
/// a desa whose pull fails (after the retries) keeps its previous roster because its transaction is never committed.
/// </summary>
public sealed partial class RosterFeedPuller(
    OpenSidClient client,
    RosterSnapshotWriter writer,
    IOptions<RostersOptions> options,
    TimeProvider time,
    ILogger<RosterFeedPuller> logger)
{
    public async Task<RosterRunSummary> PullAllAsync(RosterReferenceData reference, CancellationToken cancellationToken)
    {
        var summary = new RosterRunSummary();
        var validator = new RosterRowValidator(reference, Today());
        foreach (var feed in options.Value.Feeds)
        {
            var notAsked = 0;
            foreach (var kodeDesa in feed.KodeDesaDigits)
            {
                // A server that did not answer one desa would make each of the others wait the whole time-out too (three
                // minutes each by default: hours for a regency's feed); they are asked again on the next run.
                if (notAsked > 0)
                {
                    notAsked++;
                    continue;
                }

                var source = new RosterSource($"{feed.Name}/{kodeDesa}", RosterSourceKind.Feed, kodeDesa);
                try
                {
                    var result = await writer.WriteAsync(source, RosterSnapshotRoles.Only(reference.OpenSidPerans), sha256: null, RowsAsync(feed, kodeDesa, reference, cancellationToken), validator, cancellationToken);
                    summary.Add(result);
                    summary.DesaPulled++;
                }
                catch (Exception ex) when (IsFeedFailure(ex) && !cancellationToken.IsCancellationRequested)
                {
                    // The messages of these exceptions name a status code, a time-out or a JSON path, never a value.
                    summary.AddFailedPull(
                        $"Pull of feed {feed.Name} for desa {kodeDesa} failed ({ex.GetType().Name}: {ex.Message.TrimEnd('.')}); the desa keeps its previous roster; run pull roster again once the server answers.");
                    LogPullFailed(feed.Name, kodeDesa, ex.GetType().Name, ex.Message);
                    if (IsServerDown(ex))
                    {
                        notAsked = 1;
                    }
                }
                catch (InputRejectedException ex)
                {
                    // A pull cut short looks like a desa that lost half its people (or the database refused one of its
                    // values): it keeps its roster, like a failed pull, and its sentence is reported (exit code 1) as a desa
                    // held back, not as a rejected file.
                    summary.AddHeldBackPull(ex.Message);
                    LogPullHeldBack(feed.Name, kodeDesa);
                }
            }

            if (notAsked > 1)
            {
                summary.AddFailedPull(
                    $"Feed {feed.Name} did not answer, so its other {notAsked - 1} desa were not asked; they keep their previous rosters; run pull roster again once the server answers.",
                    notAsked - 1);
                LogFeedNotAsked(feed.Name, notAsked - 1);
            }
        }

        return summary;
    }

    private static bool IsServerDown(Exception ex) =>
        ex is TimeoutRejectedException or BrokenCircuitException
        || ex is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError };

    private static bool IsFeedFailure(Exception ex) =>
        ex is HttpRequestException or TimeoutRejectedException or BrokenCircuitException or TaskCanceledException or System.Text.Json.JsonException;

    private async IAsyncEnumerable<RosterRow> RowsAsync(
        RosterFeedOptions feed,
        string kodeDesa,
        RosterReferenceData reference,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var baris = 0;
        foreach (var (pekerjaanId, peran) in reference.PekerjaanPeran.OrderBy(p => p.Key))
        {
            await foreach (var penduduk in client.PendudukAsync(feed, kodeDesa, pekerjaanId, cancellationToken))
            {
                baris++;
                // A server that ignores the filter must not make its other residents target workers.
                if (!penduduk.IsResident || (penduduk.PekerjaanId is { } id && id != pekerjaanId))
                {
                    continue;
                }

                yield return new RosterRow(
                    baris,
                    kodeDesa,
                    penduduk.Nik,
                    penduduk.Nama,
                    DatePart(penduduk.TanggalLahir),
                    penduduk.Sex,
                    peran,
                    null);
            }
        }
    }

    /// <summary>tweb_penduduk.tanggallahir is a date; some servers send it as a timestamp.</summary>
    private static string? DatePart(string? value) => value is { Length: > 10 } && value[4] == '-' ? value[..10] : value;

    private DateOnly Today() => BusinessDay.Today(time);

    [LoggerMessage(EventId = 1100, Level = LogLevel.Warning, Message = "Pull of feed {Feed} for desa {KodeDesa} failed ({Error}: {Detail}); the desa keeps its previous roster")]
    private partial void LogPullFailed(string feed, string kodeDesa, string error, string detail);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Warning, Message = "Feed {Feed} did not answer: its other {Desa} desa were not asked this run and keep their previous rosters")]
    private partial void LogFeedNotAsked(string feed, int desa);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Warning, Message = "Pull of feed {Feed} for desa {KodeDesa} lists fewer than half of the desa's people and is held back; the desa keeps its previous roster")]
    private partial void LogPullHeldBack(string feed, string kodeDesa);
}
