using System.Globalization;
using Dapper;
using Jamsostek.Database;
using Jamsostek.Matching;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Jamsostek.Coverage;

/// <summary>
/// Reconciles coverage (SPEC 3.2, 4) one shard at a time: a (day, kecamatan) pair, in one transaction: match, classify,
/// move the flags and the present status to the day, record the shard. A day is finished, and its counts published in
/// coverage.daily_count, once per run of the day, by the shard that completes the run's last kecamatan. Which day may
/// change what is documented in docs/coverage.md.
/// </summary>
public sealed partial class CoverageReconciler(
    NpgsqlDataSource dataSource,
    Matcher matcher,
    IOptions<CoverageOptions> options,
    TimeProvider time,
    ILogger<CoverageReconciler> logger)
{
    public DateOnly Today() => BusinessDay.Today(time);

    /// <summary>The kecamatan the run has still to complete (every one for a new run, or without a run), the largest first.</summary>
    public async Task<IReadOnlyList<string>> KecamatanCodesAsync(long? runId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var codes = await connection.QueryAsync<string>(new CommandDefinition(
            SqlText.Get("coverage/kecamatan_codes"), new { RunId = runId }, cancellationToken: cancellationToken));
        return [.. codes];
    }

    /// <summary>
    /// A run of the day: its shards carry the id (<see cref="ReconcileKecamatanAsync(string, DateOnly, long?, CancellationToken)"/>),
    /// and the shard that completes the run's last kecamatan finishes the day, once.
    /// </summary>
    public async Task<long> StartRunAsync(DateOnly asOf, CancellationToken cancellationToken) =>
        (await StartRunAsync(asOf, hangfireJobId: null, cancellationToken)).Id;

    /// <summary>
    /// As <see cref="StartRunAsync(DateOnly, CancellationToken)"/> for the fan-out job <paramref name="hangfireJobId"/>: its
    /// retry resumes the run its first attempt started, with that run's day, however late it runs.
    /// </summary>
    public async Task<DayRun> StartRunAsync(DateOnly asOf, string? hangfireJobId, CancellationToken cancellationToken)
    {
        EnsureNotFuture(asOf);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var run = await connection.QuerySingleAsync<StartedRun>(new CommandDefinition(
            SqlText.Get("coverage/start_run"),
            new { AsOf = asOf, StartedAt = time.GetUtcNow(), HangfireJobId = hangfireJobId },
            cancellationToken: cancellationToken));
        return new DayRun(run.Id, DateOnly.FromDateTime(run.AsOf));
    }

    /// <summary>One shard outside any run: it finishes the day when it completes the day or changes a finished day's counts.</summary>
    public Task<ShardOutcome> ReconcileKecamatanAsync(string kodeKecamatan, DateOnly asOf, CancellationToken cancellationToken) =>
        ReconcileKecamatanAsync(kodeKecamatan, asOf, runId: null, cancellationToken);

    /// <summary>
    /// One shard of the run <paramref name="runId"/> (<see cref="StartRunAsync(DateOnly, CancellationToken)"/>). Safe to run again and beside another
    /// server: the shard is locked, a second run of a day replays it, and the day is finished once per run.
    /// </summary>
    public async Task<ShardOutcome> ReconcileKecamatanAsync(string kodeKecamatan, DateOnly asOf, long? runId, CancellationToken cancellationToken)
    {
        if (kodeKecamatan.Length != 6 || !kodeKecamatan.All(char.IsAsciiDigit))
        {
            throw new ArgumentException("A kecamatan code is 6 digits.", nameof(kodeKecamatan));
        }

        EnsureNotFuture(asOf);
        var started = time.GetTimestamp();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var queries = new TransactionQueries(connection, transaction, cancellationToken);
        var kecamatan = new KodeKecamatanParameter(kodeKecamatan);
        var shardDay = new { KodeKecamatan = kecamatan, AsOf = asOf };
        await queries.ExecuteAsync(
            "coverage/lock_shard",
            new { LockClass = AdvisoryLockKeys.CoverageShardClass, KecamatanKey = int.Parse(kodeKecamatan, CultureInfo.InvariantCulture) });
        var state = await queries.QuerySingleAsync<ShardState>("coverage/shard_state", shardDay);

        var mode = ModeFor(asOf, state);
        if (mode == ShardMode.Skipped)
        {
            // Kept as recorded, the kecamatan is still done for the run.
            var finishedSkipped = await CompleteAsync(queries, kecamatan, asOf, runId, countsChanged: false);
            await transaction.CommitAsync(cancellationToken);
            LogShardSkipped(kodeKecamatan, asOf);
            LogIfFinished(finishedSkipped, asOf, kodeKecamatan);
            return new ShardOutcome(kodeKecamatan, asOf, mode, 0, FinishedDay: finishedSkipped);
        }

        var window = options.Value.ExpiringWindowDays;
        var incremental = mode == ShardMode.Full && state.CanContinue(window, matcher.SerialDifference) && await ChangesGatheredAsync(queries, kecamatan);
        if (incremental)
        {
            await queries.ExecuteAsync("coverage/gathered_entries", new { KodeKecamatan = kecamatan });
            await queries.ExecuteAsync(
                "coverage/decided_and_due_entries", new { KodeKecamatan = kecamatan, AsOf = asOf, ExpiringWindowDays = window });
            await matcher.MatchScopeAsync(queries, kodeKecamatan);
        }
        else
        {
            await matcher.MatchKecamatanAsync(queries, kodeKecamatan);
        }

        var entries = await ClassifyScopeAsync(queries, kodeKecamatan, asOf);
        var counting = new
        {
            KodeKecamatan = kecamatan,
            Counting = incremental ? "CHANGES" : mode == ShardMode.Full ? "EVERY_ENTRY" : "BACKFILL",
            StateAsOf = state.ComputedAsOf is { } computed ? DateOnly.FromDateTime(computed) : (DateOnly?)null,
        };
        await queries.ExecuteAsync("coverage/count_changes", counting);
        if (mode == ShardMode.Full)
        {
            await queries.ExecuteAsync("coverage/apply_flags", shardDay);
            await queries.ExecuteAsync("coverage/replace_entry_status", shardDay);
        }

        var countsChanged = await queries.ExecuteScalarAsync<bool>(
            "coverage/record_shard",
            new
            {
                KodeKecamatan = kecamatan,
                AsOf = asOf,
                Mode = mode == ShardMode.Full ? "FULL" : "BACKFILL",
                counting.Counting,
                counting.StateAsOf,
                CompletedAt = time.GetUtcNow(),
                state.Snapshot,
                ExpiringWindowDays = window,
                SerialDifference = matcher.SerialDifference.ToString(),
            });
        var finishedDay = await CompleteAsync(queries, kecamatan, asOf, runId, countsChanged);
        await transaction.CommitAsync(cancellationToken);
        var elapsed = time.GetElapsedTime(started);
        LogShardReconciled(kodeKecamatan, asOf, mode, incremental ? "incremental" : "every entry", entries, elapsed);
        LogIfFinished(finishedDay, asOf, kodeKecamatan);
        var replayed = state.LatestFull is { } latest && DateOnly.FromDateTime(latest) == asOf;
        return new ShardOutcome(kodeKecamatan, asOf, mode, entries, incremental, replayed, finishedDay);
    }

    /// <summary>
    /// Records the shard as done for its run and, when it is the one (coverage/complete_shard.sql says when), finishes the
    /// day: the day's counts from the shards' into coverage.daily_count and daily_people, the day into coverage.day. In the
    /// shard's transaction, under the day's lock, so exactly one shard finishes a run even when two complete at once on two
    /// servers, and a shard that fails after its results are written has finished nothing either.
    /// </summary>
    private async Task<bool> CompleteAsync(TransactionQueries queries, KodeKecamatanParameter kecamatan, DateOnly asOf, long? runId, bool countsChanged)
    {
        await queries.ExecuteAsync("coverage/lock_day", new { LockClass = AdvisoryLockKeys.CoverageDayClass, DayKey = DayKey(asOf) });
        var now = time.GetUtcNow();
        var completion = await queries.QuerySingleAsync<Completion>(
            "coverage/complete_shard",
            new { RunId = runId, KodeKecamatan = kecamatan, AsOf = asOf, CompletedAt = now, CountsChanged = countsChanged });
        if (runId is not null && (completion.RunAsOf is not { } runDay || DateOnly.FromDateTime(runDay) != asOf))
        {
            // Rolled back with the shard: a job whose run is of another day would finish the wrong day.
            throw new ArgumentException($"Run {runId} is not a run of {CoverageDay.ToText(asOf)}.", nameof(runId));
        }

        if (!completion.Finishes)
        {
            return false;
        }

        await queries.ExecuteAsync("coverage/finish_day", new { AsOf = asOf, FinishedAt = now, RunId = runId });
        return true;
    }

    private void LogIfFinished(bool finished, DateOnly asOf, string kodeKecamatan)
    {
        if (finished)
        {
            LogDayFinished(asOf, kodeKecamatan);
        }
    }

    /// <summary>
    /// Gathers the regency's changes since the oldest kecamatan state once, before the shards fan out (docs/coverage.md,
    /// "The incremental night"). A shard that finds them stale (written to since) gathers them again.
    /// </summary>
    public Task GatherChangesAsync(CancellationToken cancellationToken) => GatherChangesAsync(unlessFreshFor: null, cancellationToken);

    // unlessFreshFor: a shard that found the gathering stale. Once the lock is held, a gathering another shard made meanwhile
    // may hold its changes, and then it is not made again: shards that found it stale together gathered one after the
    // other, each the whole regency, and under load that was minutes during which every other shard waited.
    private async Task GatherChangesAsync(KodeKecamatanParameter? unlessFreshFor, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        // Locked before the transaction begins: its snapshot is taken by its first statement, and one taken while another
        // gathering held the lock did not see that gathering's rows (duplicate keys, serialization failures).
        await using (await SessionLock.TakeAsync(connection, AdvisoryLockKeys.CoverageGathering, cancellationToken))
        {
            if (unlessFreshFor is { } kecamatan && await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                SqlText.Get("coverage/changes_gathered"), new { KodeKecamatan = kecamatan }, cancellationToken: cancellationToken)))
            {
                return;
            }

            // One snapshot for every statement: the one the gathering is recorded with.
            await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
            await connection.ExecuteAsync(new CommandDefinition(
                SqlText.Get("coverage/gather_changes"), transaction: transaction, cancellationToken: cancellationToken));
            await transaction.CommitAsync(cancellationToken);
        }

        var elapsed = time.GetElapsedTime(started);
        LogChangesGathered(elapsed);
    }

    /// <summary>
    /// Whether the gathered changes hold every change the kecamatan's state did not see, gathering them again once when
    /// they do not: an import since the gathering, or a shard run on its own. Still stale after that (another write raced
    /// in), the shard recomputes every entry rather than wait.
    /// </summary>
    private async Task<bool> ChangesGatheredAsync(TransactionQueries queries, KodeKecamatanParameter kecamatan)
    {
        if (await GatheredAsync())
        {
            return true;
        }

        await GatherChangesAsync(kecamatan, queries.CancellationToken);
        return await GatheredAsync();

        Task<bool> GatheredAsync() => queries.ExecuteScalarAsync<bool>("coverage/changes_gathered", new { KodeKecamatan = kecamatan });
    }

    /// <summary>
    /// The whole day inline (the <c>reconcile</c> command): one run, every kecamatan,
    /// <see cref="CoverageOptions.ShardParallelism"/> at a time; the last shard to complete finishes the day.
    /// </summary>
    public async Task<DaySummary> ReconcileDayAsync(DateOnly asOf, CancellationToken cancellationToken)
    {
        var runId = await StartRunAsync(asOf, cancellationToken);
        await GatherChangesAsync(cancellationToken);
        var codes = await KecamatanCodesAsync(runId, cancellationToken);
        var outcomes = new ShardOutcome[codes.Count];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.Value.ShardParallelism, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, codes.Count), parallel, async (i, ct) =>
            outcomes[i] = await ReconcileKecamatanAsync(codes[i], asOf, runId, ct));
        var shards = outcomes.OrderBy(s => s.KodeKecamatan, StringComparer.Ordinal).ToList();

        if (!shards.Any(s => s.FinishedDay))
        {
            throw new InvalidOperationException($"Coverage of {CoverageDay.ToText(asOf)} is incomplete after reconciling every kecamatan.");
        }

        return await SummarizeAsync(asOf, shards, cancellationToken);
    }

    public async Task<DaySummary> SummarizeAsync(DateOnly asOf, IReadOnlyList<ShardOutcome> shards, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var results = await connection.QueryMultipleAsync(new CommandDefinition(
            SqlText.Get("coverage/day_summary"), new { AsOf = asOf }, cancellationToken: cancellationToken));
        var people = (await results.ReadAsync<(string Status, int People)>()).ToDictionary(r => r.Status, r => r.People, StringComparer.Ordinal);
        var flags = await results.ReadSingleAsync<(int Opened, int Resolved)>();
        return new DaySummary(
            asOf,
            CoverageStatus.All.ToDictionary(s => s, s => people.GetValueOrDefault(s), StringComparer.Ordinal),
            flags.Opened,
            flags.Resolved,
            shards);
    }

    /// <summary>SPEC 3.2 for the whole kecamatan as of the day, from matching.match as it stands, into the transaction's temp table coverage_shard.</summary>
    internal async Task<int> ClassifyAsync(TransactionQueries queries, string kodeKecamatan, DateOnly asOf)
    {
        await queries.ExecuteAsync("matching/scope_kecamatan", new { KodeKecamatan = kodeKecamatan });
        await Matcher.ReadScopeEntriesAsync(queries);
        return await ClassifyScopeAsync(queries, kodeKecamatan, asOf);
    }

    /// <summary>SPEC 3.2 as of the day for the kecamatan's entries in reconcile_scope, into the transaction's temp table coverage_shard.</summary>
    private Task<int> ClassifyScopeAsync(TransactionQueries queries, string kodeKecamatan, DateOnly asOf) =>
        queries.ExecuteAsync(
            "coverage/classify_kecamatan",
            new { KodeKecamatan = new KodeKecamatanParameter(kodeKecamatan), AsOf = asOf, options.Value.ExpiringWindowDays });

    /// <summary>
    /// A day at or after the kecamatan's latest FULL day moves the present state (a second run of that day replays it).
    /// An earlier day never touches the present state or the flag history: a missed day gets its counts (backfill), a
    /// day already recorded keeps the figures it had.
    /// </summary>
    private static ShardMode ModeFor(DateOnly asOf, ShardState state) =>
        state.LatestFull is not { } latest || asOf >= DateOnly.FromDateTime(latest) ? ShardMode.Full
        : state.Recorded ? ShardMode.Skipped
        : ShardMode.Backfill;

    private void EnsureNotFuture(DateOnly asOf)
    {
        // A future day would become the latest and turn tonight's run into a backfill that moves nothing.
        if (asOf > Today())
        {
            throw new ArgumentOutOfRangeException(nameof(asOf), $"{CoverageDay.ToText(asOf)} is after today in Asia/Jakarta.");
        }
    }

    private static int DayKey(DateOnly day) => (day.Year * 10000) + (day.Month * 100) + day.Day;

    private sealed class StartedRun
    {
        public long Id { get; init; }

        public DateTime AsOf { get; init; }
    }

    private sealed class Completion
    {
        public DateTime? RunAsOf { get; init; }

        public bool Finishes { get; init; }
    }

    private sealed class ShardState
    {
        public DateTime? LatestFull { get; init; }

        public bool Recorded { get; init; }

        /// <summary>This shard's snapshot (pg_snapshot as text), kept as the state's for the next shard.</summary>
        public string Snapshot { get; init; } = "";

        public DateTime? ComputedAsOf { get; init; }

        public int? ComputedWindowDays { get; init; }

        public string? ComputedSerialDifference { get; init; }

        public bool WholesaleChange { get; init; }

        /// <summary>
        /// Whether the present state can be carried forward, redoing only what changed: it exists, used the same expiring
        /// window and matching policy, and the register was not replaced wholesale since (docs/coverage.md, "The
        /// incremental night").
        /// </summary>
        public bool CanContinue(int expiringWindowDays, SerialDifference serialDifference) =>
            ComputedAsOf is not null && ComputedWindowDays == expiringWindowDays
            && ComputedSerialDifference == serialDifference.ToString() && !WholesaleChange;
    }

    [LoggerMessage(EventId = 3000, Level = LogLevel.Information, Message = "Reconciled kecamatan {KodeKecamatan} as of {AsOf:yyyy-MM-dd} ({Mode}, {Scope}): {Entries} entries classified in {Elapsed}")]
    private partial void LogShardReconciled(string kodeKecamatan, DateOnly asOf, ShardMode mode, string scope, int entries, TimeSpan elapsed);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Kecamatan {KodeKecamatan} already has its figures of {AsOf:yyyy-MM-dd}, an earlier day than its latest: left as recorded")]
    private partial void LogShardSkipped(string kodeKecamatan, DateOnly asOf);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Information, Message = "Coverage of {AsOf:yyyy-MM-dd} finished by the shard of kecamatan {KodeKecamatan}: daily counts written")]
    private partial void LogDayFinished(DateOnly asOf, string kodeKecamatan);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Information, Message = "The regency's changes since the oldest kecamatan state gathered in {Elapsed}")]
    private partial void LogChangesGathered(TimeSpan elapsed);
}

public enum ShardMode
{
    /// <summary>The present status and the flags moved to the day.</summary>
    Full,

    /// <summary>A missed earlier day: only its counts were recorded.</summary>
    Backfill,

    /// <summary>An earlier day recorded already: nothing changed.</summary>
    Skipped,
}

/// <summary>
/// A shard's result; <paramref name="Entries"/> is how many entries it classified, all of the kecamatan's or, when
/// <paramref name="Incremental"/>, those it redid. <paramref name="Replayed"/>: the day was the kecamatan's latest already,
/// and this run took the earlier run of the day back and did it again (docs/coverage.md). <paramref name="FinishedDay"/>:
/// this shard wrote the day's counts (coverage.daily_count), as the one that completed its run (coverage/complete_shard.sql).
/// </summary>
public sealed record ShardOutcome(string KodeKecamatan, DateOnly AsOf, ShardMode Mode, int Entries, bool Incremental = false, bool Replayed = false, bool FinishedDay = false);

/// <summary>A run of the day (<see cref="CoverageReconciler.StartRunAsync(DateOnly, string?, CancellationToken)"/>).</summary>
public sealed record DayRun(long Id, DateOnly AsOf);

public sealed record DaySummary(DateOnly AsOf, IReadOnlyDictionary<string, int> People, int FlagsOpened, int FlagsResolved, IReadOnlyList<ShardOutcome> Shards)
{
    /// <summary>The command line's one line: counts per status in the order of SPEC 3.2.</summary>
    public string ToLine()
    {
        var counts = string.Join(", ", CoverageStatus.All.Select(s => $"{s} {People[s]}"));
        var backfilled = Shards.Count(s => s.Mode == ShardMode.Backfill);
        var skipped = Shards.Count(s => s.Mode == ShardMode.Skipped);
        var mode = (backfilled, skipped) switch
        {
            (0, 0) => "",
            _ => $" ({backfilled} backfilled, {skipped} kept as recorded)",
        };
        // A second run of a day counts the day's flags again, the first run's with its own: said, or they read as new ones.
        var again = Shards.Any(s => s.Replayed) ? " (both runs of the day counted together)" : "";
        return $"Reconciled {CoverageDay.ToText(AsOf)} for {Shards.Count} kecamatan{mode}: {People.Values.Sum()} entries; {counts}; flags opened {FlagsOpened}, resolved {FlagsResolved}{again}.";
    }
}
