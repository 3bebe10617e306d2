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

    /// <summary>Read in this order from one batch; each file is one statement ending in a semicolon.</summary>
    private static readonly string[] FigureQueries = ["digest/status_counts", "digest/children", "digest/stale_desa", "digest/trend"];

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
        var week = digestWeek.Week;
        var days = digestWeek.Days;
        var scope = await DigestRecipients.FindScopeAsync(connection, recipient.ScopeCode, cancellationToken)
            ?? throw new InvalidOperationException($"Digest recipient {recipient.Id} has scope {recipient.ScopeCode}, which is not in the reference data.");
        var parameters = new
        {
            Scope = scope.Code,
            days.ThisWeek,
            days.LastWeek,
            WeekStart = week.Monday,
            Limit = settings.ListLimit,
            digestWeek.StaleBefore,
        };

        // One round trip for the scope's own figures: 356 recipients times four queries is otherwise mostly latency.
        List<(DateOnly AsOf, string Status, int People, int Entries)> statusRows;
        List<ChildLine> children;
        List<StaleRow> stale;
        List<TrendPoint> trend;
        await using (var figures = await connection.QueryMultipleAsync(new CommandDefinition(
            string.Join('\n', FigureQueries.Select(SqlText.Get)), parameters, cancellationToken: cancellationToken)))
        {
            statusRows = [.. await figures.ReadAsync<(DateOnly AsOf, string Status, int People, int Entries)>()];
            children = [.. await figures.ReadAsync<ChildLine>()];
            stale = [.. await figures.ReadAsync<StaleRow>()];
            trend = [.. await figures.ReadAsync<TrendPoint>()];
        }

        // People (a NIK once per desa) for every figure; roster entries (a person under two roles is two) only to check the
        // lists, which have a line per entry.
        int Count(DateOnly? day, Func<string, bool> which) =>
            day is null ? 0 : statusRows.Where(r => r.AsOf == day && which(r.Status)).Sum(r => r.People);
        int CountEntries(DateOnly? day, Func<string, bool> which) =>
            day is null ? 0 : statusRows.Where(r => r.AsOf == day && which(r.Status)).Sum(r => r.Entries);
        StatusLine StatusLineOf(string status) =>
            new(status, DigestLabels.Status(status, digestWeek.ExpiringWindowDays), Count(days.ThisWeek, s => s == status));
        var people = Count(days.ThisWeek, _ => true);
        var covered = Count(days.ThisWeek, CoverageStatus.IsCovered);
        var lastPeople = Count(days.LastWeek, _ => true);
        var lastCovered = Count(days.LastWeek, CoverageStatus.IsCovered);
        var domain = FromAddress.Domain;
        var chartCid = $"cakupan.{week}.r{recipient.Id}@{domain}";
        var attachmentName = $"belum-terlindungi-{scope.Code}-{week}.xlsx";
        var quarantine = digestWeek.QuarantineIn(scope.Code);
        // Listed only when the flag history gives back the day's EXPIRING count (not for a day reconciled late, BACKFILL).
        var expiringTotal = CountEntries(days.ThisWeek, s => s == CoverageStatus.Expiring);
        var expiringUnavailable = digestWeek.ExpiringFlaggedIn(scope.Code) != expiringTotal;
        var expiring = expiringUnavailable ? [] : digestWeek.ExpiringListIn(scope.Code, settings.ListLimit);

        // The attachment lists the people the email counts as uncovered: as of the same day (this week's figures), not the
        // present state, which by the Monday 07:00 run is already that night's. A list above the cap would make a message
        // that mail servers refuse (and spread personal data further than needed): the email then says how many and how to
        // get the list, instead of attaching part of it.
        var uncoveredByStatus = CoverageStatus.Uncovered.ToDictionary(s => s, s => Count(days.ThisWeek, x => x == s), StringComparer.Ordinal);
        var uncoveredPeople = uncoveredByStatus.Values.Sum();
        var uncoveredEntries = CoverageStatus.Uncovered.ToDictionary(s => s, s => CountEntries(days.ThisWeek, x => x == s), StringComparer.Ordinal);
        Stream? workbook = null;
        var listRows = 0;
        var listUnavailable = false;
        // Nobody uncovered: a list of its header alone would be an attachment to open for nothing; the email says so instead.
        if (days.ThisWeek is { } asOf && uncoveredPeople > 0 && uncoveredEntries.Values.Sum() <= settings.AttachmentMaxRows)
        {
            var list = await UncoveredWorkbook.WriteAsync(connection, scope.Code, asOf, recipient.MaySeeFullNik, digestWeek.ExpiringWindowDays, cancellationToken);
            if (CoverageStatus.Uncovered.All(s => list.RowsByStatus.GetValueOrDefault(s) == uncoveredEntries[s]))
            {
                (workbook, listRows) = (list.Workbook, list.Rows);
            }
            else
            {
                // The flag history does not give the day's people back: a day reconciled late (BACKFILL, counts only), or one
                // reconciled again since the figures were read. A list that disagrees with the email is not sent.
                await list.Workbook.DisposeAsync();
                listUnavailable = true;
            }
        }

        var message = new MimeMessage();
        try
        {
            var view = new DigestView
            {
                RecipientName = string.IsNullOrWhiteSpace(recipient.Name) ? "Bapak/Ibu" : recipient.Name,
                ScopeCode = scope.Code,
                ScopeLabel = scope.Label,
                ScopeLevel = scope.Level switch { ScopeLevel.Regency => "kabupaten", ScopeLevel.Kecamatan => "kecamatan", _ => "desa" },
                IsoWeek = week.ToString(),
                WeekLabel = $"ke-{week.Week} tahun {week.Year}",
                WeekStart = week.Monday.ToDateTime(TimeOnly.MinValue),
                WeekEnd = week.Sunday.ToDateTime(TimeOnly.MinValue),
                AsOf = days.ThisWeek?.ToDateTime(TimeOnly.MinValue),
                LastWeekAsOf = days.LastWeek?.ToDateTime(TimeOnly.MinValue),
                MembershipAsOf = digestWeek.MembershipAsOf?.ToDateTime(TimeOnly.MinValue),
                MembershipAgeDays = digestWeek.MembershipAgeDays,
                MembershipStale = digestWeek.MembershipStale,
                MembershipMissing = digestWeek.MembershipMissing,
                MembershipStaleDays = digestWeek.MembershipStaleDays,
                People = people,
                Covered = covered,
                CoverageRate = people > 0 ? (decimal)covered / people : null,
                LastWeekRate = lastPeople > 0 ? (decimal)lastCovered / lastPeople : null,
                StatusGroups =
                [
                    new StatusGroup(DigestLabels.Covered, covered, [.. DigestLabels.StatusOrder.Where(CoverageStatus.IsCovered).Select(StatusLineOf)]),
                    new StatusGroup(DigestLabels.Uncovered, uncoveredPeople, [.. DigestLabels.StatusOrder.Where(CoverageStatus.Uncovered.Contains).Select(StatusLineOf)]),
                    new StatusGroup(DigestLabels.Status(CoverageStatus.NeedsReview, digestWeek.ExpiringWindowDays), Count(days.ThisWeek, s => s == CoverageStatus.NeedsReview), []),
                ],
                ChildrenTitle = scope.Level switch { ScopeLevel.Regency => "Kecamatan", ScopeLevel.Kecamatan => "Desa", _ => "Peran" },
                Children = scope.Level == ScopeLevel.Desa ? [.. children.Select(c => c with { Name = RosterPeran.Label(c.Code) })] : children,
                FlagsOpened = digestWeek.FlagChangesIn(scope.Code, "OPENED"),
                FlagsOpenedTotal = digestWeek.FlagChangePeopleIn(scope.Code, "OPENED"),
                FlagsResolved = digestWeek.FlagChangesIn(scope.Code, "RESOLVED"),
                FlagsResolvedTotal = digestWeek.FlagChangePeopleIn(scope.Code, "RESOLVED"),
                FlagsResolvedTo = digestWeek.ResolvedToIn(scope.Code),
                Expiring = [.. expiring.Select(e => new PersonLine(e.KodeDesa.Trim(), e.PlaceFor(scope.Level), NikMask.Apply(e.Nik, recipient.MaySeeFullNik), e.Nama, RosterPeran.Label(e.Peran), e.IuranSampai?.ToDateTime(TimeOnly.MinValue), e.Renewed))],
                // The day's EXPIRING entries (the list has a line per entry), of the same day: the list's total is that count.
                ExpiringTotal = expiringTotal,
                ExpiringPeople = Count(days.ThisWeek, s => s == CoverageStatus.Expiring),
                ExpiringUnavailable = expiringUnavailable,
                ExpiringWindowDays = digestWeek.ExpiringWindowDays,
                Quarantine = [.. quarantine.Take(settings.ListLimit)],
                QuarantineTotal = quarantine.Sum(q => q.Rows),
                QuarantineDesaTotal = quarantine.Count,
                QuarantineRows = digestWeek.QuarantineRowsIn(scope),
                StaleDesa = [.. stale.Select(s => new StaleDesaLine(s.KodeDesa.Trim(), s.DesaName, s.SnapshotAt))],
                StaleDesaTotal = stale.Count == 0 ? 0 : stale[0].Total,
                StaleSnapshotDays = settings.StaleSnapshotDays,
                UncoveredPeople = uncoveredPeople,
                IuranJkk = settings.Iuran.Jkk,
                IuranJkm = settings.Iuran.Jkm,
                ChartCid = chartCid,
                AttachmentFileName = attachmentName,
                ListAttached = workbook is not null,
                ListRows = listRows,
                ListUnavailable = listUnavailable,
                AttachmentMaxRows = settings.AttachmentMaxRows,
                ExportCommand = $"Jamsostek.Worker export coverage --scope {scope.Code} --out cakupan-{scope.Code}.xlsx",
                FullNik = recipient.MaySeeFullNik,
                GeneratedAt = TimeZoneInfo.ConvertTimeFromUtc(time.GetUtcNow().UtcDateTime, BusinessDay.TimeZone),
            };
            var (subject, html, text) = await templates.RenderAsync(view);

            message.From.Add(FromAddress);
            message.To.Add(new MailboxAddress(recipient.Name ?? "", recipient.Email));
            message.Subject = subject;
            message.MessageId = MessageIdFor(recipient.Id, week);
            message.Date = time.GetUtcNow();
            message.Headers.Add("X-Jamsostek-Digest-Week", week.ToString());
            message.Headers.Add("X-Jamsostek-Digest-Scope", scope.Code);
            var body = new BodyBuilder { HtmlBody = html, TextBody = text };
            var chart = body.LinkedResources.Add("cakupan-12-minggu.png", CoverageChart.Render(trend, scope.Label), new ContentType("image", "png"));
            chart.ContentId = chartCid;
            if (workbook is not null)
            {
                // Wrapped, not added by stream (which copies it into memory); the message owns the file from here and
                // disposing the message closes (and so deletes) it.
                body.Attachments.Add(new MimePart(ContentType.Parse(Workbook.ContentType))
                {
                    Content = new MimeContent(workbook),
                    ContentDisposition = new ContentDisposition(ContentDisposition.Attachment),
                    ContentTransferEncoding = ContentEncoding.Base64,
                    FileName = attachmentName,
                });
                workbook = null;
            }

            message.Body = body.ToMessageBody();
            // 7-bit with short lines: what is stored in the outbox or written to the pickup folder is ready for any relay as it is.
            message.Prepare(EncodingConstraint.SevenBit);
            return new ComposedDigest(message, html, text);
        }
        catch
        {
            message.Dispose();
            if (workbook is not null)
            {
                await workbook.DisposeAsync();
            }

            throw;
        }
    }

    private static FormatOptions CreateMimeFormat()
    {
        var format = FormatOptions.Default.Clone();
        format.NewLineFormat = NewLineFormat.Dos;
        return format;
    }

    private MailboxAddress FromAddress => MailboxAddress.Parse(options.Value.Smtp.From);

    private sealed record StaleRow(string KodeDesa, string DesaName, DateTime? SnapshotAt, int Total);
}
