using Dapper;
using Jamsostek.Coverage;
using Jamsostek.Database;
using Jamsostek.Rosters;
using Jamsostek.Tabular;
using Microsoft.Extensions.Options;
using MimeKit;
using Npgsql;

namespace Jamsostek.Digest;

public sealed record ComposedDigest(MimeMessage Message, string Html, string Text) : IDisposable
{
    /// <summary>Closes the attachment's temporary file.</summary>
    public void Dispose() => Message.Dispose();
}

/// <summary>
/// Builds one recipient's digest for one ISO week (SPEC 4): the scope's people, a NIK once in the scope, from
/// <c>coverage.daily_people</c> (a desa) or <c>coverage.daily_scope_people</c> (a kecamatan, the regency), its entries from
/// <c>coverage.daily_count</c>, its share of the week's people figures (<see cref="DigestWeek"/>, computed once per run), the Fluid templates, the 12-week chart inline (cid)
/// and the uncovered people of the figures' day as an Excel attachment when they fit in one email (<see cref="DigestOptions.AttachmentMaxRows"/>).
/// </summary>
public sealed class DigestComposer(DigestTemplates templates, IOptions<DigestOptions> options, IOptions<CoverageOptions> coverage, TimeProvider time)
{
    /// <summary>Messages are stored and written with CRLF line ends, as SMTP and mail pickup folders expect them.</summary>
    public static FormatOptions MimeFormat { get; } = CreateMimeFormat();

    /// <summary>The week's shared figures; load once per run and compose every recipient's digest from them.</summary>
    public Task<DigestWeek> LoadWeekAsync(NpgsqlConnection connection, IsoWeek week, CancellationToken cancellationToken) =>
        DigestWeek.LoadAsync(connection, week, options.Value, coverage.Value.ExpiringWindowDays, cancellationToken);

    /// <summary>The Message-Id is derived from recipient and week, so a message sent again after a crash is recognisably the same one.</summary>
    public string MessageIdFor(long recipientId, IsoWeek week) => $"digest.{week}.r{recipientId}@{FromAddress.Domain}";

    /// <summary>The caller disposes the result: the attachment is read from a temporary file until the message is written.</summary>
    public async Task<ComposedDigest> ComposeAsync(NpgsqlConnection connection, DigestRecipient recipient, DigestWeek digestWeek, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var scope = await ScopeOfAsync(connection, recipient, cancellationToken);
        var figures = await ScopeFigures.ReadAsync(connection, scope, digestWeek, settings.ListLimit, cancellationToken);
        var list = await UncoveredAttachment.WriteAsync(connection, recipient, scope, digestWeek, figures, settings.AttachmentMaxRows, cancellationToken);
        try
        {
            var view = BuildView(recipient, scope, digestWeek, figures, list);
            var (subject, html, text) = await templates.RenderAsync(view);
            var message = AssembleMessage(recipient, scope, digestWeek.Week, subject, html, text, figures.Trend, list);
            return new ComposedDigest(message, html, text);
        }
        catch
        {
            await list.DisposeAsync();
            throw;
        }
    }

    /// <summary>A recipient whose scope left the reference data is a fault to fix, not a digest of nobody to send.</summary>
    private static async Task<DigestScope> ScopeOfAsync(NpgsqlConnection connection, DigestRecipient recipient, CancellationToken cancellationToken) =>
        await DigestRecipients.FindScopeAsync(connection, recipient.ScopeCode, cancellationToken)
            ?? throw new InvalidOperationException($"Digest recipient {recipient.Id} has scope {recipient.ScopeCode}, which is not in the reference data.");

    /// <summary>
    /// Everything the templates show, in one place: the scope's figures read in <see cref="ScopeFigures"/>, its share of the
    /// week's (<see cref="DigestWeek"/>) and what <see cref="UncoveredAttachment"/> decided about the list. Each part of the
    /// email is worked out by the method or figure named beside it; this only gathers them under the templates' names.
    /// </summary>
    private DigestView BuildView(DigestRecipient recipient, DigestScope scope, DigestWeek digestWeek, ScopeFigures figures, UncoveredAttachment list)
    {
        var settings = options.Value;
        var week = digestWeek.Week;
        var (thisWeek, lastWeek) = digestWeek.Days;
        var expiring = ExpiringList.Of(recipient, scope, digestWeek, figures, settings.ListLimit);
        var quarantine = QuarantineList.Of(recipient, scope, digestWeek, settings.ListLimit);
        return new DigestView
        {
            RecipientName = string.IsNullOrWhiteSpace(recipient.Name) ? "Bapak/Ibu" : recipient.Name,
            ScopeCode = scope.Code,
            ScopeLabel = scope.Label,
            ScopeLevel = LevelWord(scope.Level),
            IsoWeek = week.ToString(),
            WeekLabel = $"ke-{week.Week} tahun {week.Year}",
            WeekStart = week.Monday.ToDateTime(TimeOnly.MinValue),
            WeekEnd = week.Sunday.ToDateTime(TimeOnly.MinValue),
            AsOf = thisWeek?.ToDateTime(TimeOnly.MinValue),
            LastWeekAsOf = lastWeek?.ToDateTime(TimeOnly.MinValue),
            MembershipAsOf = digestWeek.MembershipAsOf?.ToDateTime(TimeOnly.MinValue),
            MembershipAgeDays = digestWeek.MembershipAgeDays,
            MembershipStale = digestWeek.MembershipStale,
            MembershipMissing = digestWeek.MembershipMissing,
            MembershipStaleDays = digestWeek.MembershipStaleDays,
            People = figures.People(thisWeek, _ => true),
            Covered = figures.People(thisWeek, CoverageStatus.IsCovered),
            CoverageRate = figures.CoverageRate(thisWeek),
            LastWeekRate = figures.CoverageRate(lastWeek),
            StatusGroups = figures.StatusGroups(thisWeek, digestWeek.ExpiringWindowDays),
            ChildrenTitle = ChildrenTitle(scope.Level),
            Children = figures.ChildLines(scope.Level),
            FlagsOpened = digestWeek.FlagChangesIn(scope.Code, "OPENED"),
            FlagsOpenedTotal = digestWeek.FlagChangePeopleIn(scope.Code, "OPENED"),
            FlagsResolved = digestWeek.FlagChangesIn(scope.Code, "RESOLVED"),
            FlagsResolvedTotal = digestWeek.FlagChangePeopleIn(scope.Code, "RESOLVED"),
            FlagsResolvedTo = digestWeek.ResolvedToIn(scope.Code),
            Expiring = expiring.Lines,
            ExpiringTotal = expiring.Total,
            ExpiringPeople = expiring.People,
            ExpiringUnavailable = expiring.Unavailable,
            ExpiringWindowDays = digestWeek.ExpiringWindowDays,
            Quarantine = quarantine.Lines,
            QuarantineTotal = quarantine.Rows,
            QuarantineDesaTotal = quarantine.Codes,
            QuarantineRows = digestWeek.QuarantineRowsIn(scope),
            StaleDesa = figures.StaleDesaLines(),
            StaleDesaTotal = figures.StaleDesaTotal,
            StaleSnapshotDays = settings.StaleSnapshotDays,
            UncoveredPeople = figures.UncoveredPeople(thisWeek),
            IuranJkk = settings.Iuran.Jkk,
            IuranJkm = settings.Iuran.Jkm,
            ChartCid = ChartCidFor(recipient.Id, week),
            AttachmentFileName = AttachmentNameFor(scope, week),
            ListAttached = list.Attached,
            ListRows = list.Rows,
            ListUnavailable = list.Unavailable,
            AttachmentMaxRows = settings.AttachmentMaxRows,
            ExportCommand = $"Jamsostek.Worker export coverage --scope {scope.Code} --out cakupan-{scope.Code}.xlsx",
            FullNik = recipient.MaySeeFullNik,
            GeneratedAt = TimeZoneInfo.ConvertTimeFromUtc(time.GetUtcNow().UtcDateTime, BusinessDay.TimeZone),
        };
    }

    private static string LevelWord(ScopeLevel level) => level switch { ScopeLevel.Regency => "kabupaten", ScopeLevel.Kecamatan => "kecamatan", _ => "desa" };

    /// <summary>What the children table lists: the regency's kecamatan, a kecamatan's desa, a desa's roles.</summary>
    private static string ChildrenTitle(ScopeLevel level) => level switch { ScopeLevel.Regency => "Kecamatan", ScopeLevel.Kecamatan => "Desa", _ => "Peran" };

    /// <summary>
    /// The members EXPIRING on the week's day, a line per entry: the day's EXPIRING entries are the list's total, and the list
    /// is given only when the flag history gives that many back (not for a day reconciled late, BACKFILL).
    /// </summary>
    private sealed record ExpiringList(IReadOnlyList<PersonLine> Lines, int Total, int People, bool Unavailable)
    {
        public static ExpiringList Of(DigestRecipient recipient, DigestScope scope, DigestWeek digestWeek, ScopeFigures figures, int listLimit)
        {
            var day = digestWeek.Days.ThisWeek;
            var total = figures.Entries(day, s => s == CoverageStatus.Expiring);
            var unavailable = digestWeek.ExpiringFlaggedIn(scope.Code) != total;
            var members = unavailable ? [] : digestWeek.ExpiringListIn(scope.Code, listLimit);
            return new ExpiringList(
                [.. members.Select(e => new PersonLine(
                    e.KodeDesa.Trim(), e.PlaceFor(scope.Level), NikMask.Apply(e.Nik, recipient.MaySeeFullNik), e.Nama, RosterPeran.Label(e.Peran), e.IuranSampai?.ToDateTime(TimeOnly.MinValue), e.Renewed))],
                total,
                figures.People(day, s => s == CoverageStatus.Expiring),
                unavailable);
        }
    }

    /// <summary>
    /// The week's quarantined rows of the scope: its first village codes as the email shows them, most rows first, and the
    /// totals over all of them. Codes that read alike once masked (two phone numbers are both <c>08********</c>) are one line
    /// with their rows added up: two equal lines read as one row counted twice, and telling them apart would take the value
    /// the mask hides; the file and row of each are in <c>export rejects</c>, where the regency fixes them.
    /// </summary>
    private sealed record QuarantineList(IReadOnlyList<QuarantineLine> Lines, int Rows, int Codes)
    {
        public static QuarantineList Of(DigestRecipient recipient, DigestScope scope, DigestWeek digestWeek, int listLimit)
        {
            List<QuarantineLine> codes =
            [
                .. digestWeek.QuarantineIn(scope.Code)
                    .Select(q => MaskedIfNotACode(q, recipient.MaySeeFullNik))
                    .GroupBy(q => (q.KodeDesa, q.DesaName, q.ShapedAsDesaCode))
                    .Select(shown => shown.First() with { Rows = shown.Sum(q => q.Rows) })
                    .OrderByDescending(q => q.Rows)
                    .ThenBy(q => q.KodeDesa, StringComparer.Ordinal),
            ];
            return new QuarantineList([.. codes.Take(listLimit)], codes.Sum(q => q.Rows), codes.Count);
        }
    }

    /// <summary>
    /// A quarantined row's desa code that names no desa and has not even a desa code's shape (10 digits, one of the service's
    /// kecamatan first) is no mistyped code but what the village wrote in the wrong column (cells shifted): a NIK, a phone number, a
    /// birth date. Masked (SPEC 6), keeping enough to tell which (a NIK as every NIK in an email, <c>08********</c> a phone).
    /// A mistyped code is shown as written, so the regency can tell which village to ask.
    /// </summary>
    private static QuarantineLine MaskedIfNotACode(QuarantineLine line, bool maySeeFullNik) =>
        line.DesaName is null && !line.ShapedAsDesaCode ? line with { KodeDesa = NikMask.ApplyToStray(line.KodeDesa, maySeeFullNik) } : line;

    /// <summary>
    /// The rendered email as the outbox stores it: headers that name the week and scope, the chart under the cid the HTML
    /// shows it by, and the list when attached. Disposed here if assembling it fails, as nobody else holds it yet.
    /// </summary>
    private MimeMessage AssembleMessage(
        DigestRecipient recipient, DigestScope scope, IsoWeek week, string subject, string html, string text, IReadOnlyList<TrendPoint> trend, UncoveredAttachment list)
    {
        var message = new MimeMessage();
        try
        {
            message.From.Add(FromAddress);
            message.To.Add(new MailboxAddress(recipient.Name ?? "", recipient.Email));
            message.Subject = subject;
            message.MessageId = MessageIdFor(recipient.Id, week);
            message.Date = time.GetUtcNow();
            message.Headers.Add("X-Jamsostek-Digest-Week", week.ToString());
            message.Headers.Add("X-Jamsostek-Digest-Scope", scope.Code);
            var body = new BodyBuilder { HtmlBody = html, TextBody = text };
            var chart = body.LinkedResources.Add("cakupan-12-minggu.png", CoverageChart.Render(trend, scope.Label), new ContentType("image", "png"));
            chart.ContentId = ChartCidFor(recipient.Id, week);
            list.AttachTo(body, AttachmentNameFor(scope, week));
            message.Body = body.ToMessageBody();
            // 7-bit with short lines: what is stored in the outbox or written to the pickup folder is ready for any relay as it is.
            message.Prepare(EncodingConstraint.SevenBit);
            return message;
        }
        catch
        {
            message.Dispose();
            throw;
        }
    }

    /// <summary>The chart's Content-Id: the HTML names it (<see cref="DigestView.ChartCid"/>) and the message carries the image under it.</summary>
    private string ChartCidFor(long recipientId, IsoWeek week) => $"cakupan.{week}.r{recipientId}@{FromAddress.Domain}";

    /// <summary>The attachment's file name: the email names it (<see cref="DigestView.AttachmentFileName"/>) and the message attaches it under it.</summary>
    private static string AttachmentNameFor(DigestScope scope, IsoWeek week) => $"belum-terlindungi-{scope.Code}-{week}.xlsx";

    private static FormatOptions CreateMimeFormat()
    {
        var format = FormatOptions.Default.Clone();
        format.NewLineFormat = NewLineFormat.Dos;
        return format;
    }

    private MailboxAddress FromAddress => MailboxAddress.Parse(options.Value.Smtp.From);

    private sealed record StaleRow(string KodeDesa, string DesaName, DateTime? SnapshotAt, int Total);

    /// <summary>
    /// The scope's own figures, read together in one round trip: its people and roster entries per status on the two compared
    /// days, its children's lines, its desa silent too long and its 12-week trend.
    /// </summary>
    private sealed record ScopeFigures(
        IReadOnlyList<(DateOnly AsOf, string Status, int People, int Entries)> StatusRows,
        IReadOnlyList<ChildLine> Children,
        IReadOnlyList<StaleRow> Stale,
        IReadOnlyList<TrendPoint> Trend)
    {
        /// <summary>Read in this order from one batch; each file is one statement ending in a semicolon.</summary>
        private static readonly string[] FigureQueries = ["digest/status_counts", "digest/children", "digest/stale_desa", "digest/trend"];

        /// <summary>One round trip for the scope's own figures: 356 recipients times four queries is otherwise mostly latency.</summary>
        public static async Task<ScopeFigures> ReadAsync(NpgsqlConnection connection, DigestScope scope, DigestWeek digestWeek, int listLimit, CancellationToken cancellationToken)
        {
            var days = digestWeek.Days;
            var parameters = new
            {
                Scope = scope.Code,
                days.ThisWeek,
                days.LastWeek,
                WeekStart = digestWeek.Week.Monday,
                WeekEnd = digestWeek.Week.Sunday,
                Limit = listLimit,
                digestWeek.StaleBefore,
                digestWeek.WeekEndsAt,
            };
            await using var figures = await connection.QueryMultipleAsync(new CommandDefinition(
                string.Join('\n', FigureQueries.Select(SqlText.Get)), parameters, cancellationToken: cancellationToken));
            List<(DateOnly AsOf, string Status, int People, int Entries)> statusRows = [.. await figures.ReadAsync<(DateOnly AsOf, string Status, int People, int Entries)>()];
            List<ChildLine> children = [.. await figures.ReadAsync<ChildLine>()];
            List<StaleRow> stale = [.. await figures.ReadAsync<StaleRow>()];
            List<TrendPoint> trend = [.. await figures.ReadAsync<TrendPoint>()];
            return new ScopeFigures(statusRows, children, stale, trend);
        }

        /// <summary>People (a NIK once per desa) of <paramref name="day"/> in the statuses <paramref name="which"/> takes: every figure the email shows.</summary>
        public int People(DateOnly? day, Func<string, bool> which) =>
            day is null ? 0 : StatusRows.Where(r => r.AsOf == day && which(r.Status)).Sum(r => r.People);

        /// <summary>Roster entries (a person under two roles is two) of <paramref name="day"/>: only to check the lists, which have a line per entry.</summary>
        public int Entries(DateOnly? day, Func<string, bool> which) =>
            day is null ? 0 : StatusRows.Where(r => r.AsOf == day && which(r.Status)).Sum(r => r.Entries);

        /// <summary>SPEC 3.4's four statuses: the email's "Belum terlindungi", its estimate and its attachment.</summary>
        public int UncoveredPeople(DateOnly? day) => CoverageStatus.Uncovered.Sum(s => People(day, x => x == s));

        /// <summary>Covered (COVERED and EXPIRING) of the people, as a fraction; null for a day without people (or none).</summary>
        public decimal? CoverageRate(DateOnly? day) =>
            People(day, _ => true) is var people and > 0 ? (decimal)People(day, CoverageStatus.IsCovered) / people : null;

        /// <summary>The counts by status under the email's three headings: terlindungi, belum terlindungi and NEEDS_REVIEW alone.</summary>
        public IReadOnlyList<StatusGroup> StatusGroups(DateOnly? day, int expiringWindowDays)
        {
            StatusLine LineOf(string status) => new(status, DigestLabels.Status(status, expiringWindowDays), People(day, s => s == status));
            return
            [
                new StatusGroup(DigestLabels.Covered, People(day, CoverageStatus.IsCovered), [.. DigestLabels.StatusOrder.Where(CoverageStatus.IsCovered).Select(LineOf)]),
                new StatusGroup(DigestLabels.Uncovered, UncoveredPeople(day), [.. DigestLabels.StatusOrder.Where(CoverageStatus.Uncovered.Contains).Select(LineOf)]),
                new StatusGroup(DigestLabels.Status(CoverageStatus.NeedsReview, expiringWindowDays), People(day, s => s == CoverageStatus.NeedsReview), []),
            ];
        }

        /// <summary>The children table's lines; a desa's children are its roles, named as officials read them.</summary>
        public IReadOnlyList<ChildLine> ChildLines(ScopeLevel level) =>
            level == ScopeLevel.Desa ? [.. Children.Select(c => c with { Name = RosterPeran.Label(c.Code) })] : Children;

        /// <summary>The scope's first desa silent too long (the query's limit); <see cref="StaleDesaTotal"/> counts them all.</summary>
        public IReadOnlyList<StaleDesaLine> StaleDesaLines() => [.. Stale.Select(s => new StaleDesaLine(s.KodeDesa.Trim(), s.DesaName, s.SnapshotAt))];

        public int StaleDesaTotal => Stale.Count == 0 ? 0 : Stale[0].Total;
    }

    /// <summary>
    /// The uncovered people of the figures' day as the email's attachment, or why there is none. The workbook is a temporary
    /// file: whoever holds this disposes it until <see cref="AttachTo"/> hands it to the message.
    /// </summary>
    private sealed class UncoveredAttachment(Stream? workbook, int rows, bool unavailable) : IAsyncDisposable
    {
        private Stream? workbook = workbook;

        public bool Attached => workbook is not null;

        public int Rows { get; } = rows;

        /// <summary>The list was written but disagreed with the email's counts, so it is not sent.</summary>
        public bool Unavailable { get; } = unavailable;

        /// <summary>
        /// The attachment lists the people the email counts as uncovered: as of the same day (this week's figures), not the
        /// present state, which by the Monday 07:00 run is already that night's. A list above the cap would make a message
        /// that mail servers refuse (and spread personal data further than needed): the email then says how many and how to
        /// get the list, instead of attaching part of it.
        /// </summary>
        public static async Task<UncoveredAttachment> WriteAsync(
            NpgsqlConnection connection, DigestRecipient recipient, DigestScope scope, DigestWeek digestWeek, ScopeFigures figures, int maxRows, CancellationToken cancellationToken)
        {
            var day = digestWeek.Days.ThisWeek;
            var uncoveredEntries = CoverageStatus.Uncovered.ToDictionary(s => s, s => figures.Entries(day, x => x == s), StringComparer.Ordinal);
            // Nobody uncovered: a list of its header alone would be an attachment to open for nothing; the email says so instead.
            if (day is { } asOf && figures.UncoveredPeople(day) > 0 && uncoveredEntries.Values.Sum() <= maxRows)
            {
                var list = await UncoveredWorkbook.WriteAsync(connection, scope.Code, asOf, recipient.MaySeeFullNik, digestWeek.ExpiringWindowDays, cancellationToken);
                if (CoverageStatus.Uncovered.All(s => list.RowsByStatus.GetValueOrDefault(s) == uncoveredEntries[s]))
                {
                    return new UncoveredAttachment(list.Workbook, list.Rows, unavailable: false);
                }

                // The flag history does not give the day's people back: a day reconciled late (BACKFILL, counts only), or one
                // reconciled again since the figures were read. A list that disagrees with the email is not sent.
                await list.Workbook.DisposeAsync();
                return new UncoveredAttachment(null, 0, unavailable: true);
            }

            return new UncoveredAttachment(null, 0, unavailable: false);
        }

        /// <summary>
        /// Wrapped, not added by stream (which copies it into memory); the message owns the file from here and disposing the
        /// message closes (and so deletes) it.
        /// </summary>
        public void AttachTo(BodyBuilder body, string fileName)
        {
            if (workbook is not null)
            {
                body.Attachments.Add(new MimePart(ContentType.Parse(Workbook.ContentType))
                {
                    Content = new MimeContent(workbook),
                    ContentDisposition = new ContentDisposition(ContentDisposition.Attachment),
                    ContentTransferEncoding = ContentEncoding.Base64,
                    FileName = fileName,
                });
                workbook = null;
            }
        }

        public ValueTask DisposeAsync() => workbook?.DisposeAsync() ?? ValueTask.CompletedTask;
    }
}
