using Jamsostek.Coverage;

namespace Jamsostek.Digest;

/// <summary>
/// Everything one digest email shows, as the Fluid templates see it (properties are snake_case there: <c>coverage_rate</c>).
/// Rates are fractions (0.853); the templates' <c>persen</c> filter writes them the Indonesian way ("85,3%").
/// </summary>
public sealed class DigestView
{
    public required string RecipientName { get; init; }

    public required string ScopeCode { get; init; }

    public required string ScopeLabel { get; init; }

    /// <summary>kabupaten, kecamatan or desa.</summary>
    public required string ScopeLevel { get; init; }

    public required string IsoWeek { get; init; }

    /// <summary>The week as officials say it, "ke-50 tahun 2026": the ISO code (2026-W50) stays in file names and commands.</summary>
    public required string WeekLabel { get; init; }

    public required DateTime WeekStart { get; init; }

    public required DateTime WeekEnd { get; init; }

    public DateTime? AsOf { get; init; }

    public DateTime? LastWeekAsOf { get; init; }

    public bool HasData => AsOf is not null && People > 0;

    /// <summary>The date of the BPJS membership file <see cref="AsOf"/>'s figures were reconciled with; null when there was none.</summary>
    public DateTime? MembershipAsOf { get; init; }

    /// <summary>Days from <see cref="MembershipAsOf"/> to <see cref="AsOf"/>.</summary>
    public int? MembershipAgeDays { get; init; }

    /// <summary>
    /// The file is of a later day than the figures: they were reconciled afterwards (a missed day backfilled with
    /// <c>reconcile --as-of</c>), with the register as it was by then.
    /// </summary>
    public bool MembershipAfterFigures => MembershipAgeDays < 0;

    /// <summary>Older than <see cref="MembershipStaleDays"/> on <see cref="AsOf"/>: the email warns that LAPSED and paid-through days may be out of date.</summary>
    public bool MembershipStale { get; init; }

    /// <summary><see cref="AsOf"/> was reconciled with no membership file at all.</summary>
    public bool MembershipMissing { get; init; }

    /// <summary><c>Digest:MembershipStaleDays</c>.</summary>
    public int MembershipStaleDays { get; init; }

    public int People { get; init; }

    public int Covered { get; init; }

    public decimal? CoverageRate { get; init; }

    public decimal? LastWeekRate { get; init; }

    private int InStatus(params string[] statuses) => StatusGroups.SelectMany(g => g.Lines).Where(l => statuses.Contains(l.Status)).Sum(l => l.People);

    /// <summary>This week's rate minus last week's, as a fraction; null when either week has no figures.</summary>
    public decimal? RateChange => DigestTemplates.ShownChange(CoverageRate, LastWeekRate);

    /// <summary>
    /// The counts by status under the words the rest of the email uses: "Terlindungi" (COVERED and EXPIRING, the headline's
    /// and the children table's covered), "Belum terlindungi" (SPEC 3.4's four, the estimate's and the attachment's) and
    /// "Perlu diperiksa admin" (NEEDS_REVIEW, neither yet). The three add up to <see cref="People"/>.
    /// </summary>
    public required IReadOnlyList<StatusGroup> StatusGroups { get; init; }

    /// <summary>Whether the scope has people in these statuses: the email suggests only the actions that apply.</summary>
    public bool ActNotRegistered => InStatus(CoverageStatus.NotRegistered) > 0;

    public bool ActUnpaid => InStatus(CoverageStatus.Inactive, CoverageStatus.Lapsed) > 0;

    public bool ActPartial => InStatus(CoverageStatus.Partial) > 0;

    public bool ActReview => StatusGroups.Any(g => g.Lines.Count == 0 && g.People > 0);

    /// <summary>Kecamatan, Desa or Peran: what the children table lists.</summary>
    public required string ChildrenTitle { get; init; }

    public required IReadOnlyList<ChildLine> Children { get; init; }

    /// <summary>
    /// Whether the lines add up to more than the scope's people, which the email then says: a person is counted in each of
    /// their roles (a desa's table), desa (a kecamatan's) or kecamatan (the regency's), and once in the scope's headline.
    /// </summary>
    public bool ChildrenOverlap => Children.Sum(c => c.People) > People;

    public required IReadOnlyList<StatusLine> FlagsOpened { get; init; }

    /// <summary>People, each once: one whose flags of two statuses opened in the week is in both lines.</summary>
    public required int FlagsOpenedTotal { get; init; }

    /// <summary>Whether the lines add up to more than the total, which the email then says, lest an official take it for an error.</summary>
    public bool FlagsOpenedOverlap => FlagsOpened.Sum(f => f.People) > FlagsOpenedTotal;

    public required IReadOnlyList<StatusLine> FlagsResolved { get; init; }

    public required int FlagsResolvedTotal { get; init; }

    public bool FlagsResolvedOverlap => FlagsResolved.Sum(f => f.People) > FlagsResolvedTotal;

    /// <summary>Where the people of <see cref="FlagsResolvedTotal"/> stand at the week's end: "selesai" is not always "terlindungi".</summary>
    public required IReadOnlyList<StatusLine> FlagsResolvedTo { get; init; }

    public required IReadOnlyList<PersonLine> Expiring { get; init; }

    /// <summary>Lines of the expiring list: one per person and role, as the attachment's.</summary>
    public int ExpiringTotal { get; init; }

    /// <summary>The people behind <see cref="ExpiringTotal"/>: the status count's figure.</summary>
    public int ExpiringPeople { get; init; }

    public int ExpiringMore => ExpiringTotal - Expiring.Count;

    /// <summary>The people of <see cref="AsOf"/> cannot be listed again (a day reconciled late keeps its counts only): the total alone is given.</summary>
    public bool ExpiringUnavailable { get; init; }

    /// <summary><c>Coverage:ExpiringWindowDays</c>: EXPIRING means covered and paid through a day less than this many days after <see cref="AsOf"/>.</summary>
    public int ExpiringWindowDays { get; init; }

    public required IReadOnlyList<QuarantineLine> Quarantine { get; init; }

    /// <summary>All of the week's quarantined rows in the scope, also those of desa past the list's limit.</summary>
    public int QuarantineTotal { get; init; }

    /// <summary>How many desa codes had quarantined rows; the list shows the first <c>Digest:ListLimit</c>.</summary>
    public int QuarantineDesaTotal { get; init; }

    public int QuarantineDesaMore => QuarantineDesaTotal - Quarantine.Count;

    /// <summary>A desa's own quarantined rows, by file and row with the reason, so its operator can correct the file.</summary>
    public IReadOnlyList<QuarantineRow> QuarantineRows { get; init; } = [];

    public int QuarantineRowsMore => QuarantineRows.Count == 0 ? 0 : QuarantineTotal - QuarantineRows.Count;

    public required IReadOnlyList<StaleDesaLine> StaleDesa { get; init; }

    public int StaleDesaTotal { get; init; }

    public int StaleDesaMore => StaleDesaTotal - StaleDesa.Count;

    public int StaleSnapshotDays { get; init; }

    /// <summary>SPEC 3.4: NOT_REGISTERED, INACTIVE, LAPSED and PARTIAL on this week's day; the attachment's rows when it is attached.</summary>
    public int UncoveredPeople { get; init; }

    public decimal IuranJkk { get; init; }

    public decimal IuranJkm { get; init; }

    public decimal IuranPerPerson => IuranJkk + IuranJkm;

    public decimal MonthlyEstimate => UncoveredPeople * IuranPerPerson;

    public required string ChartCid { get; init; }

    public required string AttachmentFileName { get; init; }

    /// <summary>
    /// Whether the uncovered people of <see cref="AsOf"/> are attached (exactly <see cref="UncoveredPeople"/> rows); not when they
    /// are more than <see cref="AttachmentMaxRows"/>, nor when <see cref="ListUnavailable"/>.
    /// </summary>
    public bool ListAttached { get; init; }

    public int ListRows { get; init; }

    /// <summary>The people of <see cref="AsOf"/> cannot be listed again (a day reconciled late keeps its counts only), so none are attached.</summary>
    public bool ListUnavailable { get; init; }

    public int AttachmentMaxRows { get; init; }

    /// <summary>SPEC 5: what the regency admin runs to produce the full list when it is too long to attach.</summary>
    public required string ExportCommand { get; init; }

    public bool FullNik { get; init; }

    public required DateTime GeneratedAt { get; init; }
}

public sealed record StatusLine(string Status, string Label, int People);

/// <summary>A heading of the counts by status and the statuses under it (none for NEEDS_REVIEW, which is its own heading).</summary>
public sealed record StatusGroup(string Label, int People, IReadOnlyList<StatusLine> Lines);

public sealed record ChildLine(string Code, string Name, int People, int Covered, int? LastWeekPeople, int LastWeekCovered)
{
    public decimal? Rate => People > 0 ? (decimal)Covered / People : null;

    public decimal? LastWeekRate => LastWeekPeople is > 0 ? (decimal)LastWeekCovered / LastWeekPeople.Value : null;

    public decimal? Change => DigestTemplates.ShownChange(Rate, LastWeekRate);

    public int Uncovered => People - Covered;
}

/// <summary>An expiring member; <see cref="IuranSampai"/> is null when the register no longer has that day's paid-through day (<see cref="Renewed"/>: paid beyond it since).</summary>
public sealed record PersonLine(string KodeDesa, string DesaName, string Nik, string Nama, string Peran, DateTime? IuranSampai, bool Renewed);

/// <summary>
/// The week's quarantined rows of one village code as written (digits only). <see cref="ShapedAsDesaCode"/>: 10 digits
/// whose first six are a kecamatan of the service's, so a code that names no desa is a mistyped code, not a NIK or phone in the wrong column.
/// </summary>
public sealed record QuarantineLine(string KodeDesa, string? DesaName, int Rows, bool ShapedAsDesaCode);

/// <summary>A quarantined row: the file, its row as Excel shows it, and why; no value.</summary>
public sealed record QuarantineRow(string KodeDesa, string Sumber, int Baris, string Alasan);

public sealed record StaleDesaLine(string KodeDesa, string DesaName, DateTime? SnapshotAt);

/// <summary>Indonesian labels of SPEC 3.2's statuses, as officials read them (the roles': <see cref="Rosters.RosterPeran.Label"/>).</summary>
public static class DigestLabels
{
    public static readonly IReadOnlyList<string> StatusOrder = [CoverageStatus.Covered, CoverageStatus.Expiring, CoverageStatus.Partial, CoverageStatus.Lapsed, CoverageStatus.Inactive, CoverageStatus.NeedsReview, CoverageStatus.NotRegistered];

    /// <summary>"Terlindungi" alone is never a status's label: it is COVERED and EXPIRING together, as in the headline.</summary>
    public const string Covered = "Terlindungi";

    /// <summary>SPEC 3.4's NOT_REGISTERED, INACTIVE, LAPSED and PARTIAL together, as in the estimate and the attachment.</summary>
    public const string Uncovered = "Belum terlindungi";

    /// <summary>The label of a status; COVERED and EXPIRING (both covered) are told apart by the window that separates them.</summary>
    public static string Status(string status, int expiringWindowDays) => status switch
    {
        CoverageStatus.Covered => expiringWindowDays > 0 ? $"Iuran terbayar {expiringWindowDays} hari ke depan atau lebih" : "Iuran terbayar",
        CoverageStatus.Expiring => $"Iuran berakhir dalam {expiringWindowDays} hari",
        CoverageStatus.Partial => "Program belum lengkap (JKK/JKM)",
        CoverageStatus.Lapsed => "Menunggak iuran",
        CoverageStatus.Inactive => "Kepesertaan tidak aktif",
        CoverageStatus.NeedsReview => "Perlu diperiksa admin",
        CoverageStatus.NotRegistered => "Belum terdaftar",
        _ => status,
    };

}
