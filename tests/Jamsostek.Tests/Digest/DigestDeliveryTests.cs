using Dapper;
using Jamsostek.Digest;
using Jamsostek.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MimeKit;
using static Jamsostek.Tests.Digest.DigestTestData;

namespace Jamsostek.Tests.Digest;

public sealed class DigestDeliveryTests
{
    private static readonly DateOnly Sunday = new(2026, 11, 22);

    [Fact]
    public async Task A_digest_arrives_over_SMTP_with_text_and_html_the_inline_chart_and_the_workbook_of_the_uncovered()
    {
        await using var smtp = await SmtpServer.StartAsync();
        await using var harness = await DigestHarness.CreateAsync(smtp.Settings());
        await harness.Data.PersonAsync(DesaKramatwatu, "COVERED");
        await harness.Data.PersonAsync(DesaKramatwatu, "COVERED");
        await harness.Data.PersonAsync(DesaKramatwatu, "NOT_REGISTERED", nama: "Budi Santoso");
        await harness.Data.PersonAsync(DesaMargasana, "LAPSED", nama: "Asep Saepudin", iuranSampai: new DateOnly(2026, 9, 30));
        await harness.Data.PersonAsync("3604062001", "NOT_REGISTERED", nama: "Di Luar Wilayah");
        await harness.Data.SnapshotDailyCountsAsync(Sunday);
        var id = await harness.RecipientAsync("camat.kramatwatu@serangkab.test", Kramatwatu, name: "Camat Kramatwatu");

        var report = await harness.Services.GetRequiredService<WeeklyDigest>().SendAsync(DigestHarness.Week, CancellationToken.None);

        var message = Assert.Single(smtp.Messages());
        Assert.Equal(new WeekSendReport(DigestHarness.Week, 1, 1, 0), report);
        Assert.Equal("camat.kramatwatu@serangkab.test", Assert.IsType<MailboxAddress>(Assert.Single(message.To)).Address);
        Assert.Equal("ringkasan@serangkab.test", Assert.IsType<MailboxAddress>(Assert.Single(message.From)).Address);
        Assert.Equal($"digest.2026-W47.r{id}@serangkab.test", message.MessageId);
        Assert.Equal("Ringkasan mingguan Jamsostek Kecamatan Kramatwatu — minggu ke-47 tahun 2026: cakupan 50,0%", message.Subject);
        Assert.Contains("Yth. Camat Kramatwatu", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("2 dari 4 orang terlindungi (50,0%)", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("<p style=\"font-size:28px;font-weight:bold;margin:4px 0;\">50,0%</p>", message.HtmlBody, StringComparison.Ordinal);
        var chart = message.BodyParts.OfType<MimePart>().Single(p => p.ContentType.IsMimeType("image", "png"));
        Assert.Contains($"src=\"cid:{chart.ContentId}\"", message.HtmlBody, StringComparison.Ordinal);
        Assert.False(chart.IsAttachment);
        using (var png = new MemoryStream())
        {
            chart.Content!.DecodeTo(png);
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png.ToArray()[..4]);
        }

        Assert.Equal("belum-terlindungi-360405-2026-W47.xlsx", Assert.Single(message.Attachments).ContentDisposition?.FileName);
        var list = WrittenWorkbook.Of(message);
        Assert.Equal("Belum terlindungi", list.SheetName);
        Assert.Equal(["kode_desa", "nama_desa", "nik", "nama", "peran", "status", "keterangan", "kpj", "iuran_sampai"], list.Header);
        Assert.Equal(
            ["3604052001|Kramatwatu|Budi Santoso|PETANI|NOT_REGISTERED|Belum terdaftar||", "3604052002|Margasana|Asep Saepudin|PETANI|LAPSED|Menunggak iuran|KPJ00000004|2026-09-30"],
            list.Rows.Select(r => string.Join('|', new[] { "kode_desa", "nama_desa", "nama", "peran", "status", "keterangan", "kpj", "iuran_sampai" }.Select(c => WrittenWorkbook.Text(r, c)))).Order(StringComparer.Ordinal));
        // Codes and NIKs stay text, as the 16th digit of a NIK would not survive a number cell; the paid-through day is a date.
        Assert.All(list.Rows, r => Assert.IsType<string>(r["kode_desa"]));
        Assert.All(list.Rows, r => Assert.IsType<string>(r["nik"]));
        Assert.IsType<DateTime>(list.Rows.Single(r => Equals(r["status"], "LAPSED"))["iuran_sampai"]);
    }

    [Fact]
    public async Task The_attachment_lists_the_uncovered_people_of_the_day_the_figures_are_of_not_those_of_the_morning_it_goes_out()
    {
        await using var smtp = await SmtpServer.StartAsync();
        await using var harness = await DigestHarness.CreateAsync(smtp.Settings());
        var monday = new DateOnly(2026, 11, 23);
        // Sunday 22 November, the week's last reconciled day: Ahmad, Budi and Dedi are uncovered, Cecep is covered.
        var ahmad = await harness.Data.PersonAsync(DesaKramatwatu, "NOT_REGISTERED", nama: "Ahmad");
        await harness.Data.PersonAsync(DesaKramatwatu, "LAPSED", nama: "Budi", iuranSampai: new DateOnly(2026, 10, 31));
        var cecep = await harness.Data.PersonAsync(DesaKramatwatu, "COVERED", nama: "Cecep", iuranSampai: new DateOnly(2027, 3, 31));
        var dedi = await harness.Data.PersonAsync(DesaKramatwatu, "INACTIVE", nama: "Dedi");
        await harness.Data.SnapshotDailyCountsAsync(Sunday);
        // Monday 02:00, five hours before the job: the next week's first night. Ahmad is found registered and paid, Cecep's
        // membership turns inactive, Dedi leaves the roster, Eka and Fajar join it unregistered.
        await harness.Data.ChangeStatusAsync(ahmad, "COVERED", monday, iuranSampai: new DateOnly(2027, 1, 31));
        await harness.Data.ChangeStatusAsync(cecep, "INACTIVE", monday);
        await harness.Data.LeaveAsync(dedi, monday);
        await harness.Data.PersonAsync(DesaKramatwatu, "NOT_REGISTERED", nama: "Eka", asOf: monday);
        await harness.Data.PersonAsync(DesaKramatwatu, "NOT_REGISTERED", nama: "Fajar", asOf: monday);
        await harness.Data.SnapshotDailyCountsAsync(monday);
        await harness.RecipientAsync("kades@serangkab.test", DesaKramatwatu);

        await harness.Services.GetRequiredService<WeeklyDigest>().SendAsync(DigestHarness.Week, CancellationToken.None);

        var message = Assert.Single(smtp.Messages());
        Assert.Contains("Data per 22 November 2026: 1 dari 4 orang terlindungi (25,0%)", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("3 orang belum terlindungi x Rp16.800", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("Lampiran belum-terlindungi-3604052001-2026-W47.xlsx: 3 orang belum terlindungi per 22 November 2026 (NIK disamarkan).", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("3 orang belum terlindungi per 22 November 2026", message.HtmlBody, StringComparison.Ordinal);
        // Sunday's people with Sunday's statuses. The register's kpj and paid-through day are today's, so they are given only
        // where the status has not changed since (Budi), never beside a status they no longer explain (Ahmad, Dedi).
        var rows = WrittenWorkbook.Of(message).Rows;
        Assert.Equal(
            [("Ahmad", "NOT_REGISTERED", "", ""), ("Budi", "LAPSED", "KPJ00000002", "2026-10-31"), ("Dedi", "INACTIVE", "", "")],
            rows.Select(r => (WrittenWorkbook.Text(r, "nama"), WrittenWorkbook.Text(r, "status"), WrittenWorkbook.Text(r, "kpj"), WrittenWorkbook.Text(r, "iuran_sampai"))).OrderBy(r => r.Item1, StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_day_whose_people_the_flag_history_cannot_give_back_gets_no_attachment_and_the_email_says_so()
    {
        await using var harness = await DigestHarness.CreateAsync();
        // A night reconciled late (BACKFILL) records the day's counts only: here two unregistered people on Sunday, while the
        // flag history, which describes the nights that ran in time, knows one.
        await harness.Data.PersonAsync(DesaKramatwatu, "NOT_REGISTERED");
        await harness.Data.DailyCountAsync(Sunday, DesaKramatwatu, "NOT_REGISTERED", 2);

        using var digest = await harness.ComposeAsync(DesaKramatwatu);

        Assert.Empty(digest.Message.Attachments);
        Assert.Contains("Per 22 November 2026, 2 orang di Desa Kramatwatu, Kecamatan Kramatwatu belum terlindungi. Daftar nama per tanggal itu\ntidak dapat disusun lagi", digest.Text, StringComparison.Ordinal);
        Assert.Contains("export coverage --scope 3604052001", digest.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Lampiran", digest.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_scope_where_nobody_is_uncovered_gets_no_empty_attachment_and_the_email_says_nobody_is()
    {
        await using var harness = await DigestHarness.CreateAsync();
        await harness.Data.DailyCountAsync(Sunday, DesaKramatwatu, "COVERED", 3);

        using var covered = await harness.ComposeAsync(DesaKramatwatu);
        using var empty = await harness.ComposeAsync("3604062001");

        Assert.Empty(covered.Message.Attachments);
        Assert.Empty(empty.Message.Attachments);
        Assert.Contains("Per 22 November 2026 tidak ada orang belum terlindungi di Desa Kramatwatu, Kecamatan Kramatwatu.", covered.Text, StringComparison.Ordinal);
        Assert.Contains("Per 22 November 2026 tidak ada orang belum terlindungi di Desa Kramatwatu, Kecamatan Kramatwatu.", covered.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("Lampiran", covered.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Lampiran", covered.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("melebihi batas", covered.Text, StringComparison.Ordinal);
        // A desa with nobody in the roster has no roles to list: the table says so rather than stand empty under its heading.
        Assert.Contains("PERAN (CAKUPAN TERENDAH LEBIH DULU)\n- belum ada data\n", empty.Text, StringComparison.Ordinal);
        Assert.Contains("belum ada data</td>", empty.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_day_whose_expiring_members_the_flag_history_cannot_give_back_gives_their_count_without_a_list()
    {
        await using var harness = await DigestHarness.CreateAsync();
        // Sunday reconciled late (BACKFILL): its counts say two members were expiring, the flag history knows one.
        await harness.Data.PersonAsync(DesaKramatwatu, "EXPIRING", nama: "Satu Satunya", iuranSampai: new DateOnly(2026, 12, 1));
        await harness.Data.DailyCountAsync(Sunday, DesaKramatwatu, "EXPIRING", 2);

        using var digest = await harness.ComposeAsync(DesaKramatwatu);

        Assert.Contains("IURAN BERAKHIR DALAM 30 HARI: 2 orang\nDaftar nama per 22 November 2026 tidak dapat disusun lagi", digest.Text, StringComparison.Ordinal);
        Assert.Contains("<p>Daftar nama per 22 November 2026 tidak dapat disusun lagi", digest.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("Satu Satunya", digest.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Satu Satunya", digest.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NIKs_are_masked_in_the_email_and_its_attachment_unless_the_recipient_may_see_them_whole()
    {
        await using var smtp = await SmtpServer.StartAsync();
        await using var harness = await DigestHarness.CreateAsync(smtp.Settings());
        await harness.Data.PersonAsync(DesaKramatwatu, "NOT_REGISTERED", nik: "3604051208850001");
        await harness.Data.PersonAsync(DesaKramatwatu, "EXPIRING", nik: "3604055408900002", iuranSampai: new DateOnly(2026, 12, 1));
        await harness.Data.SnapshotDailyCountsAsync(Sunday);
        await harness.RecipientAsync("kades@serangkab.test", DesaKramatwatu);
        await harness.RecipientAsync("bpjs@serangkab.test", DesaKramatwatu, fullNik: true);

        await harness.Services.GetRequiredService<WeeklyDigest>().SendAsync(DigestHarness.Week, CancellationToken.None);

        var messages = smtp.Messages();
        var masked = messages.Single(m => m.To.Mailboxes.Single().Address == "kades@serangkab.test");
        var whole = messages.Single(m => m.To.Mailboxes.Single().Address == "bpjs@serangkab.test");
        Assert.Equal(["360405********01"], WrittenWorkbook.Of(masked).Column("nik"));
        Assert.Contains("360405********02", masked.TextBody, StringComparison.Ordinal);
        Assert.Contains("360405********02", masked.HtmlBody, StringComparison.Ordinal);
        foreach (var text in new[] { WrittenWorkbook.Of(masked).SheetXml, masked.TextBody, masked.HtmlBody })
        {
            Assert.DoesNotContain("3604051208850001", text, StringComparison.Ordinal);
            Assert.DoesNotContain("3604055408900002", text, StringComparison.Ordinal);
        }

        Assert.Equal(["3604051208850001"], WrittenWorkbook.Of(whole).Column("nik"));
        Assert.Contains("3604055408900002", whole.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_phone_number_written_in_the_kode_desa_column_is_masked_for_every_recipient_and_a_mistyped_desa_code_is_shown()
    {
        await using var smtp = await SmtpServer.StartAsync();
        await using var harness = await DigestHarness.CreateAsync(smtp.Settings());
        await harness.Data.DailyCountAsync(Sunday, DesaKramatwatu, "COVERED", 1);
        // Cells shifted: a mobile number (08..., 10 and 12 digits) where the desa code belongs. Neither has a desa code's
        // shape (10 digits, a province's two first); 3604059999 has, and names no desa: a mistyped code, the village's to fix.
        const string Phone = "0812345678";
        const string LongPhone = "081234567890";
        await harness.Data.QuarantineAsync(Phone, Jakarta(2026, 11, 18, 9));
        await harness.Data.QuarantineAsync("0812-3456-7890", Jakarta(2026, 11, 18, 9));
        await harness.Data.QuarantineAsync("3604059999", Jakarta(2026, 11, 18, 9));
        await harness.RecipientAsync("sekda@serangkab.test", "3604");
        await harness.RecipientAsync("bpjs@serangkab.test", "3604", fullNik: true);
        await harness.RecipientAsync("camat@serangkab.test", Kramatwatu);

        await harness.Services.GetRequiredService<WeeklyDigest>().SendAsync(DigestHarness.Week, CancellationToken.None);

        var messages = smtp.Messages();
        Assert.Equal(3, messages.Count);
        foreach (var message in messages)
        {
            foreach (var body in new[] { message.TextBody, message.HtmlBody })
            {
                Assert.DoesNotContain(Phone, body, StringComparison.Ordinal);
                Assert.DoesNotContain(LongPhone, body, StringComparison.Ordinal);
            }
        }

        // The regency's two: the phone's first two digits and length tell the official what was written, whole NIKs or not.
        foreach (var regency in messages.Where(m => m.To.Mailboxes.Single().Address is "sekda@serangkab.test" or "bpjs@serangkab.test"))
        {
            Assert.Contains("- Kode desa tidak dikenal \"08********\": 1 baris", regency.TextBody, StringComparison.Ordinal);
            Assert.Contains("- Kode desa tidak dikenal \"08**********\": 1 baris", regency.TextBody, StringComparison.Ordinal);
            Assert.Contains("- Kode desa tidak dikenal \"3604059999\": 1 baris", regency.TextBody, StringComparison.Ordinal);
            Assert.Contains("Kode desa tidak dikenal “3604059999”: 1 baris", regency.HtmlBody, StringComparison.Ordinal);
        }

        var camat = messages.Single(m => m.To.Mailboxes.Single().Address == "camat@serangkab.test");
        Assert.Contains("- Kode desa tidak dikenal \"3604059999\": 1 baris", camat.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_phone_number_that_lost_its_leading_0_in_a_number_cell_is_masked_though_it_starts_like_a_region_code()
    {
        await using var smtp = await SmtpServer.StartAsync();
        await using var harness = await DigestHarness.CreateAsync(smtp.Settings());
        await harness.Data.DailyCountAsync(Sunday, DesaKramatwatu, "COVERED", 1);
        // 0812-3456-789, 0821-3456-789 and 0817-1012-345 in a column Excel formatted as a number: 10 digits whose first
        // two are Maluku's (81) and Maluku Utara's (82), the last one's first six even a kecamatan of Kota Ambon (817101).
        const string Telkomsel = "8123456789";
        const string Telkomsel2 = "8213456789";
        const string Xl = "8171012345";
        await harness.Data.QuarantineAsync(Telkomsel, Jakarta(2026, 11, 18, 9));
        await harness.Data.QuarantineAsync(Telkomsel2, Jakarta(2026, 11, 18, 9));
        await harness.Data.QuarantineAsync(Xl, Jakarta(2026, 11, 18, 9));
        await harness.Data.QuarantineAsync("3604059999", Jakarta(2026, 11, 18, 9));
        await harness.RecipientAsync("sekda@serangkab.test", "3604", fullNik: true);

        await harness.Services.GetRequiredService<WeeklyDigest>().SendAsync(DigestHarness.Week, CancellationToken.None);

        var message = Assert.Single(smtp.Messages());
        foreach (var body in new[] { message.TextBody, message.HtmlBody })
        {
            Assert.DoesNotContain(Telkomsel, body, StringComparison.Ordinal);
            Assert.DoesNotContain(Telkomsel2, body, StringComparison.Ordinal);
            Assert.DoesNotContain(Xl, body, StringComparison.Ordinal);
        }

        // Two codes that read alike once masked are one line with both rows: two equal lines read as one row counted twice.
        Assert.Equal(1, message.TextBody!.Split('\n').Count(l => l.StartsWith("- Kode desa tidak dikenal \"81********\"", StringComparison.Ordinal)));
        Assert.Contains("- Kode desa tidak dikenal \"81********\": 2 baris", message.TextBody, StringComparison.Ordinal);
        Assert.Equal(1, message.HtmlBody!.Split('\n').Count(l => l.Contains("Kode desa tidak dikenal “81********”", StringComparison.Ordinal)));
        Assert.Contains("Baris roster dikarantina minggu ini, belum diperbaiki: 4\n", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("- Kode desa tidak dikenal \"82********\": 1 baris", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("- Kode desa tidak dikenal \"3604059999\": 1 baris", message.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_digest_is_delivered_exactly_once_when_the_SMTP_server_goes_down_mid_run_and_comes_back()
    {
        await using var smtp = await SmtpServer.StartAsync();
        await using var harness = await DigestHarness.CreateAsync(new Dictionary<string, string?>(smtp.Settings()) { ["Digest:BatchSize"] = "2" });
        await harness.Data.PersonAsync(DesaKramatwatu, "NOT_REGISTERED");
        await harness.Data.SnapshotDailyCountsAsync(Sunday);
        var desa = new[] { "3604052001", "3604052002", "3604052003", "3604052004", "3604052005", "3604052006" };
        foreach (var code in desa)
        {
            await harness.RecipientAsync($"kades.{code}@serangkab.test", code);
        }

        var outbox = harness.Services.GetRequiredService<DigestOutbox>();
        var sender = harness.Services.GetRequiredService<DigestSender>();
        await outbox.RenderWeekAsync(DigestHarness.Week, CancellationToken.None);

        // The server dies after the third message, in the middle of the second batch's connection.
        var sentBeforeCrash = 0;
        await Assert.ThrowsAsync<DigestDeliveryException>(() => sender.DeliverPendingAsync(CancellationToken.None, _ =>
        {
            if (++sentBeforeCrash == 3)
            {
                smtp.Stop();
            }
        }));
        Assert.Equal((3, 3), await harness.OutboxAsync(DigestHarness.Week));
        // Still down: the retry fails too, and sends nothing twice.
        await Assert.ThrowsAsync<DigestDeliveryException>(() => sender.DeliverPendingAsync(CancellationToken.None));
        var failed = (await harness.Database.DataSource.OpenConnection().QueryAsync<(int Attempts, string? LastError)>(
            "SELECT attempts, last_error FROM digest.outbox WHERE sent_at IS NULL ORDER BY id")).ToList();
        await smtp.RestartAsync();
        var retry = await sender.DeliverPendingAsync(CancellationToken.None);

        Assert.Equal(3, failed.Count);
        // The row being sent when the server died, and the next batch that could not connect, say why; none quotes an address.
        Assert.Equal(1, failed[0].Attempts);
        Assert.All(failed.Take(2), f => Assert.False(string.IsNullOrEmpty(f.LastError)));
        Assert.All(failed, f => Assert.DoesNotContain("@", f.LastError ?? "", StringComparison.Ordinal));
        Assert.Equal(3, retry.Sent);
        var delivered = smtp.Messages().Select(m => m.To.Mailboxes.Single().Address).Order().ToList();
        Assert.Equal(desa.Select(c => $"kades.{c}@serangkab.test").Order(), delivered);
        Assert.Equal((6, 0), await harness.OutboxAsync(DigestHarness.Week));
    }

    [Fact]
    public async Task A_digest_committed_under_a_lower_id_after_delivery_passed_it_is_still_sent_once_rendering_is_over()
    {
        await using var smtp = await SmtpServer.StartAsync();
        await using var harness = await DigestHarness.CreateAsync(smtp.Settings());
        await harness.Data.PersonAsync(DesaKramatwatu, "NOT_REGISTERED");
        await harness.Data.SnapshotDailyCountsAsync(Sunday);
        await harness.RecipientAsync("kades.kramatwatu@serangkab.test", DesaKramatwatu);
        await harness.RecipientAsync("kades.margasana@serangkab.test", DesaMargasana);
        var outbox = harness.Services.GetRequiredService<DigestOutbox>();
        await outbox.RenderWeekAsync(DigestHarness.Week, CancellationToken.None);
        // What parallel renders can do: the lower id is still uncommitted when delivery reads the higher one. The first
        // row is taken out and written again under its own id in a transaction that commits only after the second is sent.
        await using var late = await harness.Database.DataSource.OpenConnectionAsync();
        var lowest = await late.ExecuteScalarAsync<long>("SELECT min(id) FROM digest.outbox");
        await late.ExecuteAsync("CREATE TEMP TABLE held AS SELECT * FROM digest.outbox WHERE id = @lowest; DELETE FROM digest.outbox WHERE id = @lowest", new { lowest });
        await using var renderingLate = await late.BeginTransactionAsync();
        await late.ExecuteAsync("INSERT INTO digest.outbox OVERRIDING SYSTEM VALUE SELECT * FROM held", transaction: renderingLate);
        var rendering = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sentIds = new List<long>();

        var report = await harness.Services.GetRequiredService<DigestSender>().DeliverPendingAsync(CancellationToken.None, id =>
        {
            sentIds.Add(id);
            if (id != lowest)
            {
                renderingLate.Commit();
                rendering.SetResult();
            }
        }, rendering.Task);

        Assert.Equal(2, report.Sent);
        Assert.Equal(lowest, sentIds[^1]);
        Assert.Equal(["kades.kramatwatu@serangkab.test", "kades.margasana@serangkab.test"], smtp.Messages().Select(m => m.To.Mailboxes.Single().Address).Order());
        Assert.Equal((2, 0), await harness.OutboxAsync(DigestHarness.Week));
    }

    [Fact]
    public async Task A_recipient_the_server_refuses_is_recorded_without_the_address_and_the_others_are_delivered()
    {
        await using var smtp = await SmtpServer.StartAsync(refusing: true);
        await using var harness = await DigestHarness.CreateAsync(smtp.Settings());
        await harness.Data.DailyCountAsync(Sunday, DesaKramatwatu, "COVERED", 1);
        await harness.RecipientAsync("camat@serangkab.test", Kramatwatu);
        var refused = await harness.RecipientAsync("ditolak@serangkab.test", DesaKramatwatu);
        await harness.RecipientAsync("kades@serangkab.test", DesaMargasana);
        var digest = harness.Services.GetRequiredService<WeeklyDigest>();

        var first = await digest.SendAsync(DigestHarness.Week, CancellationToken.None);
        var second = await digest.SendAsync(DigestHarness.Week, CancellationToken.None);

        Assert.Equal((3, 2, 1), (first.Rendered, first.Sent, first.Refused));
        Assert.Equal((0, 0, 1), (second.Rendered, second.Sent, second.Refused));
        Assert.Equal(["camat@serangkab.test", "kades@serangkab.test"], smtp.Messages().Select(m => m.To.Mailboxes.Single().Address).Order());
        await using var connection = await harness.Database.DataSource.OpenConnectionAsync();
        var row = await connection.QuerySingleAsync<(int Attempts, string LastError, DateTime? SentAt)>(
            "SELECT attempts, last_error, sent_at FROM digest.outbox WHERE recipient_id = @Id", new { Id = refused });
        Assert.Equal((2, "SMTP 550 RecipientNotAccepted", (DateTime?)null), row);
        // The log names the refusal by outbox row; an admin finds the address in recipients list.
        var listing = await harness.Services.GetRequiredService<DigestRecipients>().ListAsync(null, CancellationToken.None);
        Assert.StartsWith($"{DigestHarness.Week} not sent: SMTP 550 RecipientNotAccepted (outbox row ", listing.Single(r => r.Email == "ditolak@serangkab.test").Delivery, StringComparison.Ordinal);
        Assert.Equal($"{DigestHarness.Week} sent", listing.Single(r => r.Email == "camat@serangkab.test").Delivery);
    }

    [Fact]
    public async Task Recipients_list_of_an_earlier_week_shows_that_weeks_refusal_behind_later_digests()
    {
        await using var smtp = await SmtpServer.StartAsync(refusing: true);
        await using var harness = await DigestHarness.CreateAsync(smtp.Settings());
        await harness.Data.DailyCountAsync(Sunday.AddDays(-7), DesaKramatwatu, "COVERED", 1);
        await harness.Data.DailyCountAsync(Sunday, DesaKramatwatu, "COVERED", 1);
        await harness.RecipientAsync("camat@serangkab.test", Kramatwatu);
        await harness.RecipientAsync("ditolak@serangkab.test", DesaKramatwatu);
        var digest = harness.Services.GetRequiredService<WeeklyDigest>();
        var recipients = harness.Services.GetRequiredService<DigestRecipients>();
        var earlier = DigestHarness.Week.Previous();

        await digest.SendAsync(earlier, CancellationToken.None);
        // The mailbox that refused the earlier week takes the later one (the test server refuses by address).
        await using (var connection = await harness.Database.DataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync("UPDATE digest.recipient SET email = 'kades@serangkab.test' WHERE email = 'ditolak@serangkab.test'");
        }


        await digest.SendAsync(DigestHarness.Week, CancellationToken.None);
        var latest = await recipients.ListAsync(null, CancellationToken.None);
        var ofEarlier = await recipients.ListAsync(earlier, CancellationToken.None);
        var unsent = earlier.Previous();
        var ofUnsent = await recipients.ListAsync(unsent, CancellationToken.None);

        Assert.Equal([$"{DigestHarness.Week} sent", $"{DigestHarness.Week} sent"], latest.Select(r => r.Delivery));
        Assert.Equal($"{earlier} sent", ofEarlier.Single(r => r.Email == "camat@serangkab.test").DeliveryOf(earlier));
        Assert.StartsWith($"{earlier} not sent: SMTP 550 RecipientNotAccepted (outbox row ", ofEarlier.Single(r => r.Email == "kades@serangkab.test").DeliveryOf(earlier), StringComparison.Ordinal);
        Assert.All(ofUnsent, r => Assert.Equal($"no {unsent} digest", r.DeliveryOf(unsent)));
    }

    [Fact]
    public async Task A_server_that_refuses_every_digest_fails_the_run_instead_of_reporting_it_delivered()
    {
        await using var smtp = await SmtpServer.StartAsync(refusing: true);
        await using var harness = await DigestHarness.CreateAsync(smtp.Settings());
        await harness.Data.DailyCountAsync(Sunday, DesaKramatwatu, "COVERED", 1);
        await harness.RecipientAsync("ditolak.camat@serangkab.test", Kramatwatu);
        await harness.RecipientAsync("ditolak.kades@serangkab.test", DesaKramatwatu);
        var digest = harness.Services.GetRequiredService<WeeklyDigest>();

        var failed = await Assert.ThrowsAsync<DigestDeliveryException>(() => digest.SendAsync(DigestHarness.Week, CancellationToken.None));

        Assert.StartsWith("The mail server refused every one of the 2 digests it was offered; check Digest:Smtp", failed.Message, StringComparison.Ordinal);
        Assert.Empty(smtp.Messages());
        await using var connection = await harness.Database.DataSource.OpenConnectionAsync();
        Assert.Equal(2, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM digest.outbox WHERE sent_at IS NULL AND attempts = 1"));
    }

    [Fact]
    public async Task A_refused_sender_fails_delivery_with_a_sentence_naming_Digest_Smtp_and_the_status_and_nothing_of_the_servers_text()
    {
        // The server refuses the sender with text quoting it and the login, as Postfix does (refusing_mailbox.py).
        await using var smtp = await SmtpServer.StartAsync(refusing: true);
        await using var harness = await DigestHarness.CreateAsync(
            new Dictionary<string, string?>(smtp.Settings()) { ["Digest:Smtp:From"] = "Jamsostek Serang <ditolak.ringkasan@serangkab.test>" });
        await harness.Data.DailyCountAsync(Sunday, DesaKramatwatu, "COVERED", 1);
        await harness.RecipientAsync("camat@serangkab.test", Kramatwatu);
        var logged = new LogCapture();
        harness.Services.GetRequiredService<ILoggerFactory>().AddProvider(logged);

        var failed = await Assert.ThrowsAsync<DigestDeliveryException>(() =>
            harness.Services.GetRequiredService<WeeklyDigest>().SendAsync(DigestHarness.Week, CancellationToken.None));

        // Hangfire keeps the whole chain (the exception's ToString) in the failed state, which the dashboard shows and its
        // log repeats: MailKit's exception, whose message is the server's text, is not in it.
        Assert.Null(failed.InnerException);
        Assert.Matches(@"^The mail server of Digest:Smtp failed digest delivery at outbox row \d+ \(SMTP 553 SenderNotAccepted\) after 0 messages; the rest stay in the outbox for the retry\.$", failed.Message);
        foreach (var text in logged.Lines.Append(failed.ToString()))
        {
            Assert.DoesNotContain("ditolak.ringkasan", text, StringComparison.Ordinal);
            Assert.DoesNotContain("operator.ringkasan", text, StringComparison.Ordinal);
            Assert.DoesNotContain("Sender address rejected", text, StringComparison.Ordinal);
            Assert.DoesNotContain("camat@serangkab.test", text, StringComparison.Ordinal);
        }

        Assert.Contains(logged.Lines, l => l.StartsWith("Digest delivery failed at outbox row ", StringComparison.Ordinal) && l.Contains("(SMTP 553 SenderNotAccepted)", StringComparison.Ordinal));
        Assert.Equal((0, 1), await harness.OutboxAsync(DigestHarness.Week));
    }

    [Fact]
    public async Task A_digest_goes_out_after_the_login_the_server_takes()
    {
        await using var smtp = await SmtpServer.StartWithLoginAsync("operator.ringkasan", "sandi-yang-benar");
        await using var harness = await DigestHarness.CreateAsync(new Dictionary<string, string?>(smtp.Settings())
        {
            ["Digest:Smtp:Username"] = "operator.ringkasan",
            ["Digest:Smtp:Password"] = "sandi-yang-benar",
        });
        await harness.Data.DailyCountAsync(Sunday, DesaKramatwatu, "COVERED", 1);
        await harness.RecipientAsync("camat@serangkab.test", Kramatwatu);

        await harness.Services.GetRequiredService<WeeklyDigest>().SendAsync(DigestHarness.Week, CancellationToken.None);

        Assert.Single(smtp.Messages());
        // One session, one login: what /health/ready's test counts none of (HealthAndJobsTests).
        Assert.Equal(1, smtp.LoginAttempts());
    }

    [Fact]
    public async Task A_login_the_server_refuses_is_a_setting_to_correct_naming_the_Digest_Smtp_keys_and_nothing_of_the_login_or_the_servers_text()
    {
        // The server refuses with text quoting the login, as Postfix does (authenticating_mailbox.py).
        await using var smtp = await SmtpServer.StartWithLoginAsync("operator.ringkasan", "sandi-yang-benar");
        await using var harness = await DigestHarness.CreateAsync(new Dictionary<string, string?>(smtp.Settings())
        {
            ["Digest:Smtp:Username"] = "operator.ringkasan",
            ["Digest:Smtp:Password"] = "sandi-yang-salah",
        });
        await harness.Data.DailyCountAsync(Sunday, DesaKramatwatu, "COVERED", 1);
        await harness.RecipientAsync("camat@serangkab.test", Kramatwatu);
        var logged = new LogCapture();
        harness.Services.GetRequiredService<ILoggerFactory>().AddProvider(logged);

        // What the command line reports as wrong configuration (exit 2) and the jobs do not retry.
        var failed = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() =>
            harness.Services.GetRequiredService<WeeklyDigest>().SendAsync(DigestHarness.Week, CancellationToken.None));

        Assert.Null(failed.InnerException);
        Assert.StartsWith("The mail server of Digest:Smtp refused its login: check Digest:Smtp:Username and Digest:Smtp:Password", failed.Message, StringComparison.Ordinal);
        foreach (var text in logged.Lines.Append(failed.ToString()))
        {
            Assert.DoesNotContain("operator.ringkasan", text, StringComparison.Ordinal);
            Assert.DoesNotContain("sandi-yang", text, StringComparison.Ordinal);
            Assert.DoesNotContain("authentication failed", text, StringComparison.Ordinal);
        }

        Assert.Contains(logged.Lines, l => l.Contains("the mail server refused Digest:Smtp (its login, or the security it asks)", StringComparison.Ordinal));
        Assert.Empty(smtp.Messages());
        Assert.Equal((0, 1), await harness.OutboxAsync(DigestHarness.Week));
        await using var connection = await harness.Database.DataSource.OpenConnectionAsync();
        // Not counted as a transmission, and not left marked as possibly sent.
        Assert.Equal(("Digest:Smtp refused by the mail server (its login, or the security it asks)", 0, false), await connection.QuerySingleAsync<(string, int, bool)>(
            "SELECT last_error, attempts, sending_since IS NOT NULL FROM digest.outbox"));
    }

    [Fact]
    public async Task A_TLS_handshake_that_fails_is_a_delivery_failure_naming_Digest_Smtp_Security_and_the_certificate_without_the_librarys_exception()
    {
        // TLS on connect to a server that speaks plain SMTP: MailKit's SslHandshakeException, as a wrong mode or an
        // untrusted certificate gives.
        await using var smtp = await SmtpServer.StartAsync();
        await using var harness = await DigestHarness.CreateAsync(
            new Dictionary<string, string?>(smtp.Settings()) { ["Digest:Smtp:Security"] = "SslOnConnect" });
        await harness.Data.DailyCountAsync(Sunday, DesaKramatwatu, "COVERED", 1);
        await harness.RecipientAsync("camat@serangkab.test", Kramatwatu);

        var failed = await Assert.ThrowsAsync<DigestDeliveryException>(() =>
            harness.Services.GetRequiredService<WeeklyDigest>().SendAsync(DigestHarness.Week, CancellationToken.None));
        var problem = await harness.Services.GetRequiredService<IDigestTransport>().ProblemAsync(CancellationToken.None);

        Assert.Null(failed.InnerException);
        Assert.StartsWith("Digest delivery could not set up TLS with the mail server of Digest:Smtp (SslHandshakeException) after 0 messages; check Digest:Smtp:Security (", failed.Message, StringComparison.Ordinal);
        Assert.Contains("the server's certificate", failed.Message, StringComparison.Ordinal);
        Assert.EndsWith("The rest stay in the outbox for the retry.", failed.Message, StringComparison.Ordinal);
        Assert.Equal((0, 1), await harness.OutboxAsync(DigestHarness.Week));
        // /health/ready's sentence: Degraded with it, rather than the check throwing.
        Assert.StartsWith("The mail server (Digest:Smtp:Host) answered but TLS could not be set up (SslHandshakeException); check Digest:Smtp:Security (", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_week_without_a_reconciled_day_is_not_used_up_and_goes_out_once_a_day_of_it_is_reconciled()
    {
        await using var smtp = await SmtpServer.StartAsync();
        await using var harness = await DigestHarness.CreateAsync(smtp.Settings());
        await harness.Data.PersonAsync(DesaKramatwatu, "NOT_REGISTERED");
        await harness.Data.SnapshotDailyCountsAsync(new DateOnly(2026, 11, 15));
        await harness.RecipientAsync("camat@serangkab.test", Kramatwatu);
        var digest = harness.Services.GetRequiredService<WeeklyDigest>();
        var outbox = harness.Services.GetRequiredService<DigestOutbox>();

        var refused = await Assert.ThrowsAsync<InputRejectedException>(() => digest.SendAsync(DigestHarness.Week, CancellationToken.None));
        var rendering = await Assert.ThrowsAsync<InputRejectedException>(() => outbox.RenderWeekAsync(DigestHarness.Week, CancellationToken.None));
        var before = await harness.OutboxAsync(DigestHarness.Week);
        var mailBefore = smtp.Messages().Count;
        // The night is reconciled late (or the Sunday shard is retried): the week's real digest still goes out, once.
        await harness.Data.SnapshotDailyCountsAsync(Sunday);
        var report = await digest.SendAsync(DigestHarness.Week, CancellationToken.None);

        Assert.StartsWith("Week 2026-W47 (2026-11-16 to 2026-11-22) has no reconciled day", refused.Message, StringComparison.Ordinal);
        Assert.Equal(refused.Message, rendering.Message);
        Assert.Equal((0, 0), before);
        Assert.Equal(0, mailBefore);
        Assert.Equal((1, 1), (report.Rendered, report.Sent));
        Assert.Contains("0 dari 1 orang terlindungi", Assert.Single(smtp.Messages()).TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_earlier_weeks_leftovers_wait_while_a_week_without_a_reconciled_day_is_refused()
    {
        await using var smtp = await SmtpServer.StartAsync();
        await using var harness = await DigestHarness.CreateAsync(smtp.Settings());
        await harness.Data.PersonAsync(DesaKramatwatu, "NOT_REGISTERED");
        await harness.Data.SnapshotDailyCountsAsync(Sunday);
        await harness.RecipientAsync("camat@serangkab.test", Kramatwatu);
        await harness.Services.GetRequiredService<DigestOutbox>().RenderWeekAsync(DigestHarness.Week, CancellationToken.None);

        // Nothing is rendered or sent for a refused week, not even what waits in the outbox: the refusal is the whole answer.
        await Assert.ThrowsAsync<InputRejectedException>(() =>
            harness.Services.GetRequiredService<WeeklyDigest>().SendAsync(new IsoWeek(2026, 48), CancellationToken.None));

        Assert.Empty(smtp.Messages());
        Assert.Equal((0, 1), await harness.OutboxAsync(DigestHarness.Week));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    public async Task A_week_that_has_not_ended_is_never_rendered_into_the_outbox(int daysAhead)
    {
        await using var harness = await DigestHarness.CreateAsync();
        var today = BusinessDay.Today(TimeProvider.System);
        await harness.Data.PersonAsync(DesaKramatwatu, "NOT_REGISTERED", asOf: today);
        await harness.Data.SnapshotDailyCountsAsync(today);
        await harness.RecipientAsync("camat@serangkab.test", Kramatwatu);
        var week = IsoWeek.Containing(today.AddDays(daysAhead));

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() =>
            harness.Services.GetRequiredService<WeeklyDigest>().SendAsync(week, CancellationToken.None));

        Assert.Equal((0, 0), await harness.OutboxAsync(week));
    }

    [Fact]
    public async Task Sending_the_same_week_twice_sends_nothing_the_second_time()
    {
        await using var smtp = await SmtpServer.StartAsync();
        await using var harness = await DigestHarness.CreateAsync(smtp.Settings());
        await harness.Data.PersonAsync(DesaKramatwatu, "NOT_REGISTERED");
        await harness.Data.SnapshotDailyCountsAsync(Sunday);
        await harness.RecipientAsync("camat@serangkab.test", Kramatwatu);
        await harness.RecipientAsync("bupati@serangkab.test", "3604");
        var digest = harness.Services.GetRequiredService<WeeklyDigest>();

        var first = await digest.SendAsync(DigestHarness.Week, CancellationToken.None);
        var second = await digest.SendAsync(DigestHarness.Week, CancellationToken.None);

        Assert.Equal((2, 2), (first.Rendered, first.Sent));
        Assert.Equal((0, 0), (second.Rendered, second.Sent));
        Assert.Equal(2, smtp.Messages().Count);
    }

    [Fact]
    public async Task A_recipient_added_after_the_week_was_sent_gets_that_week_and_the_others_do_not_get_it_again()
    {
        await using var smtp = await SmtpServer.StartAsync();
        await using var harness = await DigestHarness.CreateAsync(smtp.Settings());
        await harness.Data.DailyCountAsync(Sunday, DesaKramatwatu, "COVERED", 1);
        await harness.RecipientAsync("camat@serangkab.test", Kramatwatu);
        var digest = harness.Services.GetRequiredService<WeeklyDigest>();
        await digest.SendAsync(DigestHarness.Week, CancellationToken.None);

        await harness.RecipientAsync("sekda@serangkab.test", "3604");
        var later = await digest.SendAsync(DigestHarness.Week, CancellationToken.None);

        Assert.Equal((1, 1), (later.Rendered, later.Sent));
        Assert.Equal(["camat@serangkab.test", "sekda@serangkab.test"], smtp.Messages().Select(m => m.To.Mailboxes.Single().Address).Order());
    }

    [Fact]
    public async Task An_address_removed_and_added_again_does_not_get_a_week_it_was_sent_a_second_time()
    {
        await using var smtp = await SmtpServer.StartAsync();
        await using var harness = await DigestHarness.CreateAsync(smtp.Settings());
        await harness.Data.DailyCountAsync(Sunday, DesaKramatwatu, "COVERED", 1);
        await harness.RecipientAsync("camat@serangkab.test", Kramatwatu);
        var digest = harness.Services.GetRequiredService<WeeklyDigest>();
        await digest.SendAsync(DigestHarness.Week, CancellationToken.None);
        var recipients = harness.Services.GetRequiredService<DigestRecipients>();

        await recipients.RemoveAsync("camat@serangkab.test", CancellationToken.None);
        await harness.RecipientAsync("Camat@SerangKab.test", Kramatwatu);
        var again = await digest.SendAsync(DigestHarness.Week, CancellationToken.None);

        Assert.Equal((0, 0), (again.Rendered, again.Sent));
        Assert.Single(smtp.Messages());
    }

    [Fact]
    public async Task An_address_removed_before_its_digest_went_out_and_added_again_gets_the_week_once()
    {
        await using var smtp = await SmtpServer.StartAsync();
        await using var harness = await DigestHarness.CreateAsync(smtp.Settings());
        await harness.Data.DailyCountAsync(Sunday, DesaKramatwatu, "COVERED", 1);
        await harness.RecipientAsync("camat@serangkab.test", Kramatwatu);
        await harness.Services.GetRequiredService<DigestOutbox>().RenderWeekAsync(DigestHarness.Week, CancellationToken.None);
        var recipients = harness.Services.GetRequiredService<DigestRecipients>();

        await recipients.RemoveAsync("camat@serangkab.test", CancellationToken.None);
        await harness.RecipientAsync("camat@serangkab.test", Kramatwatu);
        var report = await harness.Services.GetRequiredService<WeeklyDigest>().SendAsync(DigestHarness.Week, CancellationToken.None);

        Assert.Equal((1, 1), (report.Rendered, report.Sent));
        Assert.Single(smtp.Messages());
    }

    [Fact]
    public async Task Without_an_SMTP_host_each_digest_is_written_once_as_an_eml_file_named_by_week_and_recipient()
    {
        await using var harness = await DigestHarness.CreateAsync();
        await harness.Data.PersonAsync(DesaKramatwatu, "NOT_REGISTERED");
        await harness.Data.SnapshotDailyCountsAsync(Sunday);
        var camat = await harness.RecipientAsync("camat@serangkab.test", Kramatwatu);
        var kades = await harness.RecipientAsync("kades@serangkab.test", DesaKramatwatu);
        var digest = harness.Services.GetRequiredService<WeeklyDigest>();
        var pickup = harness.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<DigestOptions>>().Value.PickupPath;

        await digest.SendAsync(DigestHarness.Week, CancellationToken.None);
        var firstWrite = Directory.GetFiles(pickup).ToDictionary(f => Path.GetFileName(f), File.GetLastWriteTimeUtc);
        await digest.SendAsync(DigestHarness.Week, CancellationToken.None);

        Assert.Equal(new[] { $"2026-W47-recipient-{camat}.eml", $"2026-W47-recipient-{kades}.eml" }.Order(), Directory.GetFiles(pickup).Select(Path.GetFileName).Order());
        Assert.Equal(firstWrite, Directory.GetFiles(pickup).ToDictionary(f => Path.GetFileName(f), File.GetLastWriteTimeUtc));
        var message = await MimeMessage.LoadAsync(Path.Combine(pickup, $"2026-W47-recipient-{kades}.eml"));
        Assert.Equal("kades@serangkab.test", message.To.Mailboxes.Single().Address);
        Assert.Contains("Desa Kramatwatu, Kecamatan Kramatwatu", message.Subject, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_pickup_folder_and_its_eml_files_are_readable_by_the_worker_and_its_group_never_by_every_account()
    {
        await using var harness = await DigestHarness.CreateAsync();
        await harness.Data.PersonAsync(DesaKramatwatu, "NOT_REGISTERED");
        await harness.Data.SnapshotDailyCountsAsync(Sunday);
        await harness.RecipientAsync("kades@serangkab.test", DesaKramatwatu, fullNik: true);
        var pickup = harness.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<DigestOptions>>().Value.PickupPath;

        await harness.Services.GetRequiredService<WeeklyDigest>().SendAsync(DigestHarness.Week, CancellationToken.None);

        // The umask (022) made them 0755 and 0644: every local account could read the names and whole NIKs.
        var eml = new FileInfo(Assert.Single(Directory.GetFiles(pickup)));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, eml.UnixFileMode);
        Assert.Equal(UnixFileMode.None, new DirectoryInfo(pickup).UnixFileMode & (UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute));
    }

    [Fact]
    public async Task Preview_writes_eml_and_html_for_every_recipient_without_sending_or_touching_the_outbox()
    {
        await using var smtp = await SmtpServer.StartAsync();
        await using var harness = await DigestHarness.CreateAsync(smtp.Settings());
        await harness.Data.DailyCountAsync(Sunday, DesaKramatwatu, "COVERED", 1);
        await harness.RecipientAsync("camat@serangkab.test", Kramatwatu);
        await harness.RecipientAsync("kades@serangkab.test", DesaKramatwatu);
        var folder = Directory.CreateTempSubdirectory("jamsostek-preview-");

        var written = await harness.Services.GetRequiredService<WeeklyDigest>().PreviewAsync(folder.FullName, DigestHarness.Week, CancellationToken.None);

        Assert.Equal(2, written);
        Assert.Equal(2, folder.GetFiles("*.eml").Length);
        Assert.Equal(2, folder.GetFiles("*.html").Length);
        Assert.Empty(smtp.Messages());
        Assert.Equal((0, 0), await harness.OutboxAsync(DigestHarness.Week));
        folder.Delete(recursive: true);
    }
}
