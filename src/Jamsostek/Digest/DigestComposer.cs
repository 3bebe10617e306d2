using Dapper;
using Jamsostek.Database;
using Microsoft.Extensions.Options;
using MimeKit;
using Npgsql;

namespace Jamsostek.Digest;

/// <summary>The two snapshot days a week's digest compares (the latest reconciled day in the week and in the week before).</summary>
public sealed record WeekDays(DateOnly? ThisWeek, DateOnly? LastWeek);

public sealed record ComposedDigest(MimeMessage Message, string Html, string Text);

/// <summary>
/// Builds one recipient's digest for one ISO week (SPEC 4): figures from set-based queries over the scope, the Fluid templates,
/// the 12-week chart inline (cid) and the uncovered people as a CSV attachment.
/// </summary>
public sealed class DigestComposer(DigestTemplates templates, IOptions<DigestOptions> options, TimeProvider time)
{

    private static readonly string[] Uncovered = ["NOT_REGISTERED", "INACTIVE", "LAPSED", "PARTIAL"];

    /// <summary>Read in this order from one batch; each file is one statement ending in a semicolon.</summary>
    private static readonly string[] FigureQueries =
        ["digest/status_counts", "digest/children", "digest/flag_changes", "digest/expiring", "digest/quarantine", "digest/stale_desa", "digest/trend"];

    /// <summary>Messages are stored and written with CRLF line ends, as SMTP and mail pickup folders expect them.</summary>
    public static FormatOptions MimeFormat { get; } = CreateMimeFormat();

    public static async Task<WeekDays> FindWeekDaysAsync(NpgsqlConnection connection, IsoWeek week, CancellationToken cancellationToken) =>
        await connection.QuerySingleAsync<WeekDays>(new CommandDefinition(
            SqlText.Get("digest/week_days"),
            new { WeekStart = week.Monday, WeekEnd = week.Sunday },
            cancellationToken: cancellationToken));

    /// <summary>The Message-Id is derived from recipient and week, so a message sent again after a crash is recognisably the same one.</summary>
    public string MessageIdFor(long recipientId, IsoWeek week) => $"digest.{week}.r{recipientId}@{FromAddress.Domain}";

    public async Task<ComposedDigest> ComposeAsync(NpgsqlConnection connection, DigestRecipient recipient, IsoWeek week, WeekDays days, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var scope = await DigestRecipients.FindScopeAsync(connection, recipient.ScopeCode, cancellationToken)
            ?? throw new InvalidOperationException($"Digest recipient {recipient.Id} has scope {recipient.ScopeCode}, which is not in the reference data.");
        var weekStart = week.Monday.ToDateTime(TimeOnly.MinValue);
        var weekEnd = week.Sunday.ToDateTime(TimeOnly.MinValue);
        var nextMonday = week.Sunday.AddDays(1);
        var weekStartsAt = TimeZoneInfo.ConvertTimeToUtc(weekStart, BusinessDay.TimeZone);
        var weekEndsAt = TimeZoneInfo.ConvertTimeToUtc(nextMonday.ToDateTime(TimeOnly.MinValue), BusinessDay.TimeZone);
        var parameters = new
        {
            Scope = scope.Code,
            days.ThisWeek,
            days.LastWeek,
            WeekStart = week.Monday,
            WeekEnd = week.Sunday,
            From = nextMonday,
            WithinDays = settings.ExpiringWithinDays,
            Limit = settings.ListLimit,
            WeekStartsAt = weekStartsAt,
            WeekEndsAt = weekEndsAt,
            StaleBefore = weekEndsAt.AddDays(-settings.StaleSnapshotDays),
        };

        // One round trip for all of the scope's figures: 356 recipients times seven queries is otherwise mostly latency.
        await using var figures = await connection.QueryMultipleAsync(new CommandDefinition(
            string.Join('\n', FigureQueries.Select(SqlText.Get)), parameters, cancellationToken: cancellationToken));
        var statusRows = (await figures.ReadAsync<(DateOnly AsOf, string Status, int People)>()).ToList();
        var children = (await figures.ReadAsync<ChildLine>()).ToList();
        var flagRows = (await figures.ReadAsync<(string Change, string Status, int People)>()).ToList();
        var expiring = (await figures.ReadAsync<ExpiringRow>()).ToList();
        var quarantine = (await figures.ReadAsync<QuarantineLine>()).ToList();
        var stale = (await figures.ReadAsync<StaleRow>()).ToList();
        var trend = (await figures.ReadAsync<TrendPoint>()).ToList();

        int Count(DateOnly? day, Func<string, bool> which) =>
            day is null ? 0 : statusRows.Where(r => r.AsOf == day && which(r.Status)).Sum(r => r.People);
        static bool IsCovered(string status) => status is "COVERED" or "EXPIRING";
        var people = Count(days.ThisWeek, _ => true);
        var covered = Count(days.ThisWeek, IsCovered);
        var lastPeople = Count(days.LastWeek, _ => true);
        var lastCovered = Count(days.LastWeek, IsCovered);
        var domain = FromAddress.Domain;
        var chartCid = $"cakupan.{week}.r{recipient.Id}@{domain}";
        var csvName = $"belum-terlindungi-{scope.Code}-{week}.csv";
        var (csv, csvRows) = await UncoveredCsv.WriteAsync(connection, scope.Code, recipient.MaySeeFullNik, cancellationToken);

        var view = new DigestView
        {
            RecipientName = string.IsNullOrWhiteSpace(recipient.Name) ? "Bapak/Ibu" : recipient.Name,
            ScopeCode = scope.Code,
            ScopeLabel = scope.Label,
            ScopeLevel = scope.Level switch { ScopeLevel.Regency => "kabupaten", ScopeLevel.Kecamatan => "kecamatan", _ => "desa" },
            IsoWeek = week.ToString(),
            WeekStart = weekStart,
            WeekEnd = weekEnd,
            AsOf = days.ThisWeek?.ToDateTime(TimeOnly.MinValue),
            LastWeekAsOf = days.LastWeek?.ToDateTime(TimeOnly.MinValue),
            People = people,
            Covered = covered,
            CoverageRate = people > 0 ? (decimal)covered / people : null,
            LastWeekRate = lastPeople > 0 ? (decimal)lastCovered / lastPeople : null,
            Statuses = [.. DigestLabels.StatusOrder.Select(s => new StatusLine(s, DigestLabels.Status(s), Count(days.ThisWeek, x => x == s)))],
            ChildrenTitle = scope.Level switch { ScopeLevel.Regency => "Kecamatan", ScopeLevel.Kecamatan => "Desa", _ => "Peran" },
            Children = scope.Level == ScopeLevel.Desa ? [.. children.Select(c => c with { Name = DigestLabels.Peran(c.Code) })] : children,
            FlagsOpened = FlagLines(flagRows, "OPENED"),
            FlagsResolved = FlagLines(flagRows, "RESOLVED"),
            Expiring = [.. expiring.Select(e => new PersonLine(e.KodeDesa.Trim(), e.DesaName, NikMask.Apply(e.Nik, recipient.MaySeeFullNik), e.Nama, DigestLabels.Peran(e.Peran), e.IuranSampai.ToDateTime(TimeOnly.MinValue)))],
            ExpiringTotal = expiring.Count == 0 ? 0 : expiring[0].Total,
            ExpiringWithinDays = settings.ExpiringWithinDays,
            Quarantine = quarantine,
            StaleDesa = [.. stale.Select(s => new StaleDesaLine(s.KodeDesa.Trim(), s.DesaName, s.SnapshotAt))],
            StaleDesaTotal = stale.Count == 0 ? 0 : stale[0].Total,
            StaleSnapshotDays = settings.StaleSnapshotDays,
            UncoveredPeople = Count(days.ThisWeek, s => Uncovered.Contains(s)),
            IuranJkk = settings.Iuran.Jkk,
            IuranJkm = settings.Iuran.Jkm,
            ChartCid = chartCid,
            CsvFileName = csvName,
            CsvRows = csvRows,
            FullNik = recipient.MaySeeFullNik,
            GeneratedAt = TimeZoneInfo.ConvertTimeFromUtc(time.GetUtcNow().UtcDateTime, BusinessDay.TimeZone),
        };
        var (subject, html, text) = await templates.RenderAsync(view);

        var message = new MimeMessage();
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
        var attachment = (MimePart)body.Attachments.Add(csvName, csv, new ContentType("text", "csv") { Charset = "utf-8" });
        // Base64 keeps the file byte for byte (BOM, CRLF) through relays that rewrite text line endings.
        attachment.ContentTransferEncoding = ContentEncoding.Base64;
        message.Body = body.ToMessageBody();
        // 7-bit with short lines: what is stored in the outbox or written to the pickup folder is ready for any relay as it is.
        message.Prepare(EncodingConstraint.SevenBit);
        return new ComposedDigest(message, html, text);
    }

    private static FormatOptions CreateMimeFormat()
    {
        var format = FormatOptions.Default.Clone();
        format.NewLineFormat = NewLineFormat.Dos;
        return format;
    }

    private MailboxAddress FromAddress => MailboxAddress.Parse(options.Value.Smtp.From);

    private static List<StatusLine> FlagLines(List<(string Change, string Status, int People)> rows, string change) =>
        [.. rows.Where(r => r.Change == change)
            .OrderBy(r => DigestLabels.StatusOrder.ToList().IndexOf(r.Status))
            .Select(r => new StatusLine(r.Status, DigestLabels.Status(r.Status), r.People))];

    private sealed record ExpiringRow(string KodeDesa, string DesaName, string Nik, string Nama, string Peran, DateOnly IuranSampai, int Total);

    private sealed record StaleRow(string KodeDesa, string DesaName, DateTime? SnapshotAt, int Total);
}
