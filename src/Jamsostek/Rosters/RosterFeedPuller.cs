using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using Dapper;
using Jamsostek.Database;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Jamsostek.Rosters;

/// <summary>
/// Pulls every configured OpenSID feed, one desa at a time (SPEC 2.2). Each desa is its own snapshot of the target occupations;
/// a desa whose pull fails (after the retries) keeps its previous roster because its transaction is never committed.
/// </summary>
public sealed partial class RosterFeedPuller(
    NpgsqlDataSource dataSource,
    OpenSidClient client,
    RosterSnapshotWriter writer,
    IOptions<RostersOptions> options,
    TimeProvider time,
    ILogger<RosterFeedPuller> logger)
{
    /// <summary>
    /// Every feed, then the run's failing desa recorded (<see cref="RosterRunSummary.FeedsFailing"/>); the day's alert of a
    /// desa failing too long is the hourly job's to claim, last (<see cref="ClaimAlertsAsync"/>): <c>pull roster</c> says so
    /// to the admin who typed it and leaves the alert to the job.
    /// </summary>
    public async Task<RosterRunSummary> PullAllAsync(RosterReferenceData reference, CancellationToken cancellationToken)
    {
        var summary = new RosterRunSummary();
        // Desa whose pull failed for a reason the next run may mend: a held-back pull or a refused setting fails the job
        // already, and is not counted here.
        var failing = new List<(string Feed, string KodeDesa)>();
        var validator = new RosterRowValidator(reference, Today());
        for (var f = 0; f < options.Value.Feeds.Count; f++)
        {
            var feed = options.Value.Feeds[f];
            summary.FeedsAsked++;
            var tokenAdvice = $"renew Rosters:Feeds:{f}:Token and run pull roster again";
            var addressAdvice = $"point Rosters:Feeds:{f}:BaseUrl at an OpenSID database gabungan API that filters /api/v1/penduduk by filter[kode_desa] and filter[pekerjaan_id], and run pull roster again";
            var againAdvice = "run pull roster again once the server answers";
            (string Reason, string Advice)? givenUp = null;
            var givenUpPassing = false;
            var notAsked = 0;
            foreach (var kodeDesa in feed.KodeDesaDigits)
            {
                // A server that did not answer one desa would make each of the others wait the whole time-out too (three
                // minutes each by default: hours for a regency's feed), and a refused token or request is refused for all
                // of them; they are asked again on the next run.
                if (givenUp is not null)
                {
                    notAsked++;
                    if (givenUpPassing)
                    {
                        failing.Add((feed.Name, kodeDesa));
                    }

                    continue;
                }

                var source = new RosterSource($"{feed.Name}/{kodeDesa}", RosterSourceKind.Feed, kodeDesa, feed.Name);
                try
                {
                    var result = await writer.WriteAsync(source, RosterSnapshotRoles.Only(reference.OpenSidPerans), sha256: null, RowsAsync(feed, kodeDesa, reference, cancellationToken), validator, cancellationToken);
                    summary.Add(result);
                    summary.DesaPulled++;
                }
                catch (Exception ex) when (IsFeedFailure(ex) && !cancellationToken.IsCancellationRequested)
                {
                    // The messages of these exceptions name a status code, a time-out or a JSON path, never a value.
                    if (ex is HttpRequestException { StatusCode: HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden })
                    {
                        summary.AddRefusedSetting($"Pull of feed {feed.Name} for desa {kodeDesa} failed: the server refused the feed's token ({ex.Message.TrimEnd('.')}); the desa keeps its previous roster; {tokenAdvice}.");
                        givenUp = ("refused its token", tokenAdvice);
                    }
                    else if (ex is OpenSidOtherDesaException other)
                    {
                        // The whole database, a page at a time: filed under the desa asked for, every desa's roster became
                        // the regency's. Every desa of the feed would get the same answer, and no run mends a server setting.
                        summary.AddRefusedSetting($"Pull of feed {feed.Name} for desa {kodeDesa} failed: the server sent records of another desa (desa {other.KodeDesaSent}), so it ignores filter[kode_desa]; nothing of its answer was taken and the desa keeps its previous roster; {addressAdvice}.");
                        givenUp = ("sent records of other desa than the one asked (it ignores filter[kode_desa])", addressAdvice);
                    }
                    else if (ex is HttpRequestException { StatusCode: HttpStatusCode.BadRequest or HttpStatusCode.NotFound })
                    {
                        // Laravel's query builder answers 400 to a filter the server does not allow (OpenKab's own
                        // /api/v1/penduduk allows neither), and an address with no such API answers 404: no run mends either.
                        summary.AddRefusedSetting($"Pull of feed {feed.Name} for desa {kodeDesa} failed: the server refused the request itself ({ex.Message.TrimEnd('.')}), so what answers there is no database gabungan API or one without the filters a pull needs; the desa keeps its previous roster; {addressAdvice}.");
                        givenUp = ("refused the pull's request", addressAdvice);
                    }
                    else
                    {
                        summary.AddFailedPull($"Pull of feed {feed.Name} for desa {kodeDesa} failed ({ex.GetType().Name}: {ex.Message.TrimEnd('.')}); the desa keeps its previous roster; {againAdvice}.");
                        givenUp = IsServerDown(ex) ? ("did not answer", againAdvice) : null;
                        givenUpPassing = givenUp is not null;
                        failing.Add((feed.Name, kodeDesa));
                    }

                    LogPullFailed(feed.Name, kodeDesa, ex.GetType().Name, ex.Message);
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

            if (givenUp is { } stop && notAsked > 0)
            {
                summary.AddFailedPull(
                    $"Feed {feed.Name} {stop.Reason}, so its other {notAsked} desa were not asked; they keep their previous rosters; {stop.Advice}.",
                    notAsked);
                LogFeedNotAsked(feed.Name, notAsked);
            }
        }

        await RecordFailingAsync(summary, failing, cancellationToken);
        return summary;
    }

    /// <summary>
    /// The alert schedule of the run's failing desa (rosters/feed_pull_alert, the one place it is reckoned): the day's alert
    /// of those failing longer than Rosters:FeedFailingAlertAfter whose alert is due (the first run past it, then once a day)
    /// claimed and named in <see cref="RosterRunSummary.FeedsFailingAlert"/>, the sentence the hourly job fails with; every
    /// one of them, with when its next alert is due, named in <see cref="RosterRunSummary.FeedsStillFailing"/>, what a green
    /// run's result carries. The job's last step, after the inbox: claimed before it, a database failure there failed the job
    /// with the database's message and its retry found the day's alert taken.
    /// </summary>
    public async Task ClaimAlertsAsync(RosterRunSummary summary, CancellationToken cancellationToken)
    {
        if (summary.FeedsFailing.Count == 0)
        {
            return;
        }

        var alertAfter = options.Value.FeedFailingAlertAfter;
        var recordedAt = summary.FeedsFailing[0].RecordedAt;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var desa = (await connection.QueryAsync<(string Feed, string KodeDesa, DateTime FailingSince, bool Claimed, bool FirstAlert, DateTime NextAlertDue)>(new CommandDefinition(
            SqlText.Get("rosters/feed_pull_alert"),
            new
            {
                Feeds = summary.FeedsFailing.Select(d => d.Feed).ToArray(),
                Desa = summary.FeedsFailing.Select(d => d.KodeDesa).ToArray(),
                Since = summary.FeedsFailing.Select(d => d.Since).ToArray(),
                Now = recordedAt,
                AlertAfter = alertAfter,
            },
            cancellationToken: cancellationToken))).Select(r => new AlertSchedule(r.Feed, r.KodeDesa, Utc(r.FailingSince), r.Claimed, r.FirstAlert, Utc(r.NextAlertDue))).ToList();
        summary.FeedsStillFailing = StillFailingSentence(desa, alertAfter, recordedAt);
        var claimed = desa.Where(d => d.Claimed).Select(d => (d.Feed, d.KodeDesa, d.Since)).ToList();
        if (claimed.Count == 0)
        {
            return;
        }

        summary.FeedsFailingAlert = FailingSentence(claimed, alertAfter, recordedAt);
        foreach (var (feed, kodeDesa, since) in claimed)
        {
            LogFailingTooLong(feed, kodeDesa, since);
        }
    }

    /// <summary>
    /// Records the run's failing desa (rosters/feed_pull_failed, after their pulls rolled back) and forgets the desa no longer
    /// configured (rosters/feed_pull_unconfigured), in one transaction; adds one sentence naming those failing longer than
    /// Rosters:FeedFailingAlertAfter, with since when, to the failures <c>pull roster</c> prints.
    /// </summary>
    private async Task RecordFailingAsync(RosterRunSummary summary, List<(string Feed, string KodeDesa)> failing, CancellationToken cancellationToken)
    {
        var alertAfter = options.Value.FeedFailingAlertAfter;
        var now = time.GetUtcNow();
        var configured = options.Value.Feeds.SelectMany(f => f.KodeDesaDigits.Select(kodeDesa => (f.Name, KodeDesa: kodeDesa))).ToList();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var sql = new TransactionQueries(connection, transaction, cancellationToken);
        await sql.ExecuteAsync("rosters/feed_pull_unconfigured", new { Feeds = configured.Select(c => c.Name).ToArray(), Desa = configured.Select(c => c.KodeDesa).ToArray() });
        var rows = failing.Count == 0 ? [] : (await sql.QueryAsync<(string Feed, string KodeDesa, DateTime FailingSince, bool PastThreshold)>(
            "rosters/feed_pull_failed",
            new { Feeds = failing.Select(f => f.Feed).ToArray(), Desa = failing.Select(f => f.KodeDesa).ToArray(), Now = now, AlertAfter = alertAfter })).ToList();
        await transaction.CommitAsync(cancellationToken);
        summary.FeedsFailing = [.. rows.Select(r => new RosterFeedFailing(r.Feed, r.KodeDesa, Utc(r.FailingSince), r.PastThreshold, now))];
        var past = summary.FeedsFailing.Where(d => d.PastThreshold).Select(d => (d.Feed, d.KodeDesa, d.Since)).ToList();
        if (past.Count > 0)
        {
            summary.AddFailedPull(FailingSentence(past, alertAfter, now), desa: 0);
        }
    }

    /// <summary>One sentence for every desa failing too long, by feed: codes and times only, never a resident.</summary>
    private static string FailingSentence(List<(string Feed, string KodeDesa, DateTimeOffset Since)> desa, TimeSpan alertAfter, DateTimeOffset now)
    {
        var byFeed = desa.GroupBy(d => d.Feed, StringComparer.Ordinal).Select(g =>
            $"feed {g.Key} for desa {string.Join(", ", g.Select(d => $"{d.KodeDesa} since {Wib(d.Since)} ({For(now - d.Since)})"))}");
        var several = desa.Count > 1;
        return $"OpenSID pulls have been failing for longer than Rosters:FeedFailingAlertAfter ({alertAfter.ToString("c", CultureInfo.InvariantCulture)}): {string.Join("; ", byFeed)}; " +
            $"{(several ? "these desa keep" : "the desa keeps")} the roster of {(several ? "their" : "its")} last pull; check that the village's OpenSID server answers and that Rosters:Feeds still points at it.";
    }

    /// <summary>
    /// One sentence for every desa of the run still failing, by feed, with since when and when the job fails for it next, as
    /// rosters/feed_pull_alert reckoned it (the alert of the day under way was sent, or the run would have failed): what a
    /// green run's result says, where only its count of failed desa was. Codes and times only.
    /// </summary>
    private static string StillFailingSentence(List<AlertSchedule> desa, TimeSpan alertAfter, DateTimeOffset now)
    {
        var byFeed = desa.GroupBy(d => d.Feed, StringComparer.Ordinal).Select(g =>
            $"feed {g.Key} for desa {string.Join(", ", g.Select(d => $"{d.KodeDesa} since {Wib(d.Since)} ({For(now - d.Since)}; {(d.FirstAlert ? "first" : "next")} alert due {Wib(d.NextAlertDue)})"))}");
        return $"OpenSID pulls still failing, each desa keeping the roster of its last pull: {string.Join("; ", byFeed)}; an alert fails this job " +
            $"once a day for a desa failing longer than Rosters:FeedFailingAlertAfter ({alertAfter.ToString("c", CultureInfo.InvariantCulture)}), which emails the admins.";
    }

    /// <summary>A failing desa's alert as rosters/feed_pull_alert reckoned it: <paramref name="Claimed"/>, this run's to send;
    /// <paramref name="NextAlertDue"/>, when the job fails for it next (<paramref name="FirstAlert"/>: its first alert).</summary>
    private sealed record AlertSchedule(string Feed, string KodeDesa, DateTimeOffset Since, bool Claimed, bool FirstAlert, DateTimeOffset NextAlertDue);

    private static DateTimeOffset Utc(DateTime timestamptz) => new(DateTime.SpecifyKind(timestamptz, DateTimeKind.Utc));

    private static string Wib(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, BusinessDay.TimeZone).ToString("yyyy-MM-dd HH:mm 'WIB'", CultureInfo.InvariantCulture);

    private static string For(TimeSpan span) =>
        span >= TimeSpan.FromDays(1) ? $"{(int)span.TotalDays} day(s)"
        : span >= TimeSpan.FromHours(1) ? $"{(int)span.TotalHours} hour(s)"
        : "less than an hour";

    private static bool IsServerDown(Exception ex) =>
        ex is TimeoutRejectedException or BrokenCircuitException
        || ex is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError };

    private static bool IsFeedFailure(Exception ex) =>
        ex is HttpRequestException or TimeoutRejectedException or BrokenCircuitException or TaskCanceledException or System.Text.Json.JsonException
            or OpenSidOtherDesaException;

    private async IAsyncEnumerable<RosterRow> RowsAsync(
        RosterFeedOptions feed,
        string kodeDesa,
        RosterReferenceData reference,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var baris = 0;
        // A record sent twice (a page boundary moved, the list read again, or a resident whose occupation changed between
        // two requests) is one resident, not a village's duplicate row to quarantine and report.
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (pekerjaanId, peran) in reference.PekerjaanPeran.OrderBy(p => p.Key))
        {
            await foreach (var penduduk in client.PendudukAsync(feed, kodeDesa, pekerjaanId, cancellationToken))
            {
                baris++;
                // A server that ignores the filter must not make its other residents target workers. Only a record taken
                // counts as seen: under such a server it comes first with another occupation's request.
                if (!penduduk.IsResident || (penduduk.PekerjaanId is { } id && id != pekerjaanId)
                    || (penduduk.Id is { } recordId && !seen.Add(recordId)))
                {
                    continue;
                }

                yield return new RosterRow(
                    baris,
                    kodeDesa,
                    penduduk.Nik,
                    penduduk.Nama,
                    OpenSidTanggalLahir.Of(penduduk.TanggalLahir),
                    penduduk.Sex,
                    peran,
                    null);
            }
        }
    }

    private DateOnly Today() => BusinessDay.Today(time);

    [LoggerMessage(EventId = 1100, Level = LogLevel.Warning, Message = "Pull of feed {Feed} for desa {KodeDesa} failed ({Error}: {Detail}); the desa keeps its previous roster")]
    private partial void LogPullFailed(string feed, string kodeDesa, string error, string detail);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Warning, Message = "Feed {Feed} given up after its first failed desa: its other {Desa} desa were not asked this run and keep their previous rosters")]
    private partial void LogFeedNotAsked(string feed, int desa);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Warning, Message = "Pulls of feed {Feed} for desa {KodeDesa} have been failing since {Since:O}, longer than Rosters:FeedFailingAlertAfter: the hourly job fails to tell the admins")]
    private partial void LogFailingTooLong(string feed, string kodeDesa, DateTimeOffset since);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Warning, Message = "Pull of feed {Feed} for desa {KodeDesa} lists fewer than half of the desa's people and is held back; the desa keeps its previous roster")]
    private partial void LogPullHeldBack(string feed, string kodeDesa);
}
