using System.Globalization;
using Dapper;
using Jamsostek.Coverage;
using Jamsostek.Database;
using Npgsql;

namespace Jamsostek.Digest;

/// <summary>The two snapshot days a week's digest compares (the latest reconciled day in the week and in the week before).</summary>
public sealed record WeekDays(DateOnly? ThisWeek, DateOnly? LastWeek);

/// <summary>
/// What every digest of one ISO week reads about people, computed once per run in a few set-based passes over the regency
/// and held in memory: a few thousand rows, where 356 digests would otherwise each aggregate their scope and the regency, its
/// 29 kecamatan and 326 desa would read every person three times over. The week's flag changes are counted per desa,
/// kecamatan and regency (a person of two desa is one person of their kecamatan); the lists, a line per entry, per desa.
/// </summary>
public sealed class DigestWeek
{
    private readonly IReadOnlyList<FlagChange> flagChanges;
    private readonly IReadOnlyList<QuarantineLine> quarantine;
    private readonly IReadOnlyList<QuarantineRow> quarantineRows;
    private readonly IReadOnlyList<ExpiringPerson> expiring;

    private DigestWeek(
        IsoWeek week,
        WeekDays days,
        DigestOptions settings,
        int expiringWindowDays,
        IReadOnlyList<FlagChange> flagChanges,
        IReadOnlyList<QuarantineLine> quarantine,
        IReadOnlyList<QuarantineRow> quarantineRows,
        IReadOnlyList<ExpiringPerson> expiring,
        DateOnly? membershipAsOf)
    {
        Week = week;
        Days = days;
        MembershipAsOf = membershipAsOf;
        MembershipStaleDays = settings.MembershipStaleDays;
        ExpiringWindowDays = expiringWindowDays;
        WeekStartsAt = BusinessDay.StartsAt(week.Monday);
        WeekEndsAt = BusinessDay.StartsAt(NextMonday(week));
        StaleBefore = WeekEndsAt.AddDays(-settings.StaleSnapshotDays);
        this.flagChanges = flagChanges;
        this.quarantine = quarantine;
        this.quarantineRows = quarantineRows;
        this.expiring = expiring;
    }

    public IsoWeek Week { get; }

    public WeekDays Days { get; }

    /// <summary>
    /// SPEC 3.2's window (<c>Coverage:ExpiringWindowDays</c>, the one reconciliation classifies with): EXPIRING on the week's day
    /// means covered and paid through a day less than this many days after it. The digest's list is those people.
    /// </summary>
    public int ExpiringWindowDays { get; }

    /// <summary>The week in Asia/Jakarta, as UTC instants (quarantine times are instants).</summary>
    public DateTime WeekStartsAt { get; }

    public DateTime WeekEndsAt { get; }

    public DateTime StaleBefore { get; }

    /// <summary>
    /// The date of the BPJS membership file the figures' day was reconciled with (SPEC 2.4: the newest accepted file is the truth
    /// as of its date), from <c>membership.import</c>; null when no file had been accepted (or no day of the week is reconciled).
    /// The whole regency's register, so one value for every digest of the run.
    /// </summary>
    public DateOnly? MembershipAsOf { get; }

    /// <summary><c>Digest:MembershipStaleDays</c>.</summary>
    public int MembershipStaleDays { get; }

    /// <summary>Days from the membership file's date to the figures' day; null without either.</summary>
    public int? MembershipAgeDays =>
        Days.ThisWeek is { } day && MembershipAsOf is { } asOf ? day.DayNumber - asOf.DayNumber : null;

    /// <summary>
    /// The register is older than <see cref="MembershipStaleDays"/> on the figures' day: members who paid since its date may be
    /// counted LAPSED (SPEC 3.2 measures arrears against the figures' day) and paid-through days be out of date.
    /// </summary>
    public bool MembershipStale => MembershipAgeDays > MembershipStaleDays;

    /// <summary>A reconciled day with no membership file before it: nobody could be matched, so everyone counts as not registered.</summary>
    public bool MembershipMissing => Days.ThisWeek is not null && MembershipAsOf is null;

    /// <summary>The days the week's digest compares; <see cref="WeekDays.ThisWeek"/> is null when no day of the week is reconciled.</summary>
    public static Task<WeekDays> LoadDaysAsync(NpgsqlConnection connection, IsoWeek week, CancellationToken cancellationToken) =>
        connection.QuerySingleAsync<WeekDays>(new CommandDefinition(
            SqlText.Get("digest/week_days"),
            new { WeekStart = week.Monday, WeekEnd = week.Sunday },
            cancellationToken: cancellationToken));

    /// <summary>
    /// Why a week without a reconciled day gets no digest, in one sentence naming it: its email would show no figures, and
    /// rendering it would record the week as sent, so its real digest could never go out (SPEC 4: none lost).
    /// </summary>
    public static InputRejectedException NotReconciled(IsoWeek week) =>
        NoReconciledDay(week, "no digest of it was sent or recorded", "then send it again");

    /// <summary>The same for a preview, which records nothing: another week may be what the admin meant.</summary>
    public static InputRejectedException NotReconciledToPreview(IsoWeek week) =>
        NoReconciledDay(week, "it has no digest to preview", "or preview a week that has one (--week YYYY-Www)");

    private static InputRejectedException NoReconciledDay(IsoWeek week, string consequence, string then) => new(
        $"Week {week} ({Day(week.Monday)} to {Day(week.Sunday)}) has no reconciled day, so {consequence}: " +
        $"reconcile a day of it (reconcile --as-of YYYY-MM-DD), {then}.");

    public static async Task<DigestWeek> LoadAsync(
        NpgsqlConnection connection, IsoWeek week, DigestOptions settings, int expiringWindowDays, CancellationToken cancellationToken)
    {
        var days = await LoadDaysAsync(connection, week, cancellationToken);
        var parameters = new
        {
            WeekStart = week.Monday,
            WeekEnd = week.Sunday,
            days.ThisWeek,
            WindowDays = expiringWindowDays,
            Limit = settings.ListLimit,
            WeekStartsAt = BusinessDay.StartsAt(week.Monday),
            WeekEndsAt = BusinessDay.StartsAt(NextMonday(week)),
        };
        string[] queries = ["digest/week_flag_changes", "digest/week_quarantine", "digest/week_quarantine_rows", "digest/week_expiring", "digest/membership_as_of"];
        await using var figures = await connection.QueryMultipleAsync(new CommandDefinition(
            string.Join('\n', queries.Select(SqlText.Get)), parameters, cancellationToken: cancellationToken));
        var flagChanges = (await figures.ReadAsync<FlagChange>()).ToList();
        var quarantine = (await figures.ReadAsync<QuarantineLine>()).ToList();
        var quarantineRows = (await figures.ReadAsync<QuarantineRow>()).ToList();
        var expiring = (await figures.ReadAsync<ExpiringPerson>()).ToList();
        var membershipAsOf = (await figures.ReadAsync<DateOnly?>()).SingleOrDefault();
        if (days.ThisWeek is null)
        {
            membershipAsOf = null;
        }

        return new DigestWeek(week, days, settings, expiringWindowDays, flagChanges, quarantine, quarantineRows, expiring, membershipAsOf);
    }

    /// <summary>The scope's first <paramref name="limit"/> expiring members, soonest first, renewed last (the order week_expiring.sql ranks by).</summary>
    public IReadOnlyList<ExpiringPerson> ExpiringListIn(string scope, int limit) =>
        [.. expiring.Where(p => InScope(p.KodeDesa, scope))
            .OrderBy(p => p.IuranSampai is null)
            .ThenBy(p => p.IuranSampai)
            .ThenBy(p => p.KodeDesa, StringComparer.Ordinal)
            .ThenBy(p => p.Nama, StringComparer.Ordinal)
            .ThenBy(p => p.EntryId)
            .Take(limit)];

    /// <summary>How many people of the scope the flag history gives as EXPIRING on the week's day (to check against the day's count).</summary>
    public int ExpiringFlaggedIn(string scope) =>
        expiring.Where(p => InScope(p.KodeDesa, scope)).DistinctBy(p => p.KodeDesa).Sum(p => p.DesaTotal);

    /// <summary>People per status whose flag opened (<c>OPENED</c>) or resolved (<c>RESOLVED</c>) during the week.</summary>
    public IReadOnlyList<StatusLine> FlagChangesIn(string scope, string change) =>
        [.. flagChanges.Where(f => f.Change == change && f.Status is not null && f.Scope == scope)
            .GroupBy(f => f.Status!)
            .OrderBy(g => IndexOf(g.Key))
            .Select(g => new StatusLine(g.Key, DigestLabels.Status(g.Key, ExpiringWindowDays), g.Sum(f => f.People)))];

    /// <summary>
    /// Where the people whose flags resolved in the week stand at its end (each once, those with none left out): covered,
    /// still flagged under another status, or no longer on the desa's roster.
    /// </summary>
    public IReadOnlyList<StatusLine> ResolvedToIn(string scope) =>
        [.. ResolvedTo
            .Select(to => new StatusLine(to.Key, to.Label, flagChanges.Where(f => f.Change == "RESOLVED_TO" && f.Status == to.Key && f.Scope == scope).Sum(f => f.People)))
            .Where(line => line.People > 0)];

    private static readonly (string Key, string Label)[] ResolvedTo =
        [(CoverageStatus.Covered, "terlindungi"), ("STATUS_LAIN", "pindah ke masalah lain"), ("KELUAR", "tidak lagi tercatat di daftar desa")];

    /// <summary>People with any flag opened (or resolved) during the week: one counted under two statuses is one here.</summary>
    public int FlagChangePeopleIn(string scope, string change) =>
        flagChanges.Where(f => f.Change == change && f.Status is null && f.Scope == scope).Sum(f => f.People);

    /// <summary>A desa's quarantined rows of the week, the first <c>Digest:ListLimit</c> by file and row; none for a kecamatan or the regency.</summary>
    public IReadOnlyList<QuarantineRow> QuarantineRowsIn(DigestScope scope) =>
        scope.Level == ScopeLevel.Desa ? [.. quarantineRows.Where(r => r.KodeDesa == scope.Code)] : [];

    /// <summary>The week's quarantined rows per desa code, most first; the regency also sees codes that match no desa.</summary>
    public IReadOnlyList<QuarantineLine> QuarantineIn(string scope) =>
        [.. quarantine.Where(q => scope.Length == 4 || q.KodeDesa.StartsWith(scope, StringComparison.Ordinal))
            .OrderByDescending(q => q.Rows)
            .ThenBy(q => q.KodeDesa, StringComparer.Ordinal)];

    private static DateOnly NextMonday(IsoWeek week) => week.Sunday.AddDays(1);

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static bool InScope(string kodeDesa, string scope) => kodeDesa.StartsWith(scope, StringComparison.Ordinal);

    private static int IndexOf(string status)
    {
        var index = DigestLabels.StatusOrder.ToList().IndexOf(status);
        return index < 0 ? int.MaxValue : index;
    }

    /// <summary>
    /// A scope's people per status, or with any status (<see cref="Status"/> null), counted for each desa, kecamatan and the
    /// regency: a person listed in two desa is one person of their kecamatan, where adding up its desa made them two.
    /// </summary>
    private sealed record FlagChange(string Scope, string Change, string? Status, int People);
}

/// <summary>
/// A member EXPIRING on the week's day. The paid-through day is the register's present one, given while it still lies in that
/// day's window (null once <see cref="Renewed"/>, paid beyond it since, or when the person has no present status).
/// </summary>
public sealed record ExpiringPerson(string KodeDesa, string DesaName, string Nik, string Nama, string Peran, DateOnly? IuranSampai, bool Renewed, long EntryId, int DesaTotal, string KecamatanName)
{
    /// <summary>Where the person is listed, as a digest of <paramref name="level"/> names it: the regency's spans 29 kecamatan, where 13 desa names recur (Kaserangan in Ciruas and in Pontang).</summary>
    public string PlaceFor(ScopeLevel level) => level == ScopeLevel.Regency ? $"{DesaName}, Kec. {KecamatanName}" : DesaName;
}
