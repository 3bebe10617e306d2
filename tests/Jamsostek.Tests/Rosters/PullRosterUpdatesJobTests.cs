using Jamsostek.Jobs;
using Jamsostek.Rosters;
using Jamsostek.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static Jamsostek.Tests.Rosters.RosterDatabase;

namespace Jamsostek.Tests.Rosters;

/// <summary>The hourly pull-roster-updates job (SPEC 4) as Hangfire activates it: what the admin sees of a run in the dashboard.</summary>
public sealed class PullRosterUpdatesJobTests : IDisposable
{
    private readonly RosterTestFiles files = new();

    public PullRosterUpdatesJobTests() => Inbox = Directory.CreateDirectory(Path.Combine(files.Folder, "inbox")).FullName;

    private string Inbox { get; }

    public void Dispose() => files.Dispose();

    /// <summary>A database whose worker reads <see cref="Inbox"/>, every file at once (no quiet period).</summary>
    private Task<RosterDatabase> InboxDatabaseAsync() => CreateAsync(new Dictionary<string, string?>
    {
        ["Rosters:InboxPath"] = Inbox,
        ["Rosters:InboxQuietPeriod"] = "00:00:00",
    });

    /// <summary>A file dropped whole in the inbox.</summary>
    private void Dropped(string name, params string[] lines) => File.Move(files.Csv(name, lines), Path.Combine(Inbox, name));

    [Fact]
    public async Task A_run_shows_its_summary_and_fails_visibly_naming_a_rejected_file_while_the_good_file_is_taken()
    {
        await using var db = await InboxDatabaseAsync();
        var job = ActivatorUtilities.CreateInstance<PullRosterUpdatesJob>(db.Host.Services);
        Dropped("kramatwatu.csv", RosterTestFiles.Header, $"{Kramatwatu},{Nik(1)},Ahmad,,,BPD,");
        Dropped("margasana.csv", "kode_desa,nik,nama", $"{Margasana},{Nik(2)},Budi");

        var rejected = await Assert.ThrowsAsync<InputRejectedException>(() => job.RunAsync(CancellationToken.None));
        var quiet = await job.RunAsync(CancellationToken.None);

        Assert.Equal(
            $"Rosters: 2 file(s) in {Inbox} (0 unchanged, 1 rejected); rows taken 1, new 1, back 0, changed 0, left 0, warned 0, quarantined 0. " +
            "File margasana.csv is rejected: the required column 'peran' (role) is missing from its header (row 1).",
            rejected.Message);
        Assert.Equal([Kramatwatu], (await db.EntriesAsync()).Select(e => e.KodeDesa));
        Assert.Equal($"Rosters: 0 file(s) in {Inbox} (0 unchanged, 0 rejected); rows taken 0, new 0, back 0, changed 0, left 0, warned 0, quarantined 0.", quiet);
    }

    [Fact]
    public async Task A_file_taken_with_bad_rows_is_archived_with_a_report_naming_each_row_and_reason_and_no_value()
    {
        await using var db = await InboxDatabaseAsync();
        var job = ActivatorUtilities.CreateInstance<PullRosterUpdatesJob>(db.Host.Services);
        // Row 5: a man's row with a woman's NIK (day + 40), taken with a warning the village is told of (SPEC 3.1).
        Dropped("kramatwatu.csv", RosterTestFiles.Header, $"{Kramatwatu},{Nik(1)},Ahmad,,,BPD,", $"{Kramatwatu},36040517,Budi,,,BPD,", $"{Kramatwatu},{Nik(3)},,,,BPD,",
            $"{Kramatwatu},3604055705800004,Dadang,,L,BPD,", $"{Kramatwatu},{Nik(1)},Ahmad Lagi,,,BPD,");
        Dropped("margasana.csv", RosterTestFiles.Header, $"{Margasana},{Nik(4)},Cucu,,,BPD,");

        await job.RunAsync(CancellationToken.None);

        var report = await File.ReadAllLinesAsync(Path.Combine(Inbox, "archive", "kramatwatu.csv.report.txt"));
        Assert.Equal("Berkas kramatwatu.csv diterima kecuali 3 baris, yang dikarantina sampai berkas perbaikan dikirim:", report[0]);
        Assert.StartsWith("baris 3: Kolom nik ", report[1], StringComparison.Ordinal);
        Assert.StartsWith("baris 4: Kolom nama ", report[2], StringComparison.Ordinal);
        // A duplicate names the row it repeats.
        Assert.Equal("baris 6: Baris ganda: nik dan peran yang sama untuk desa ini sudah ada di baris sebelumnya (baris 2).", report[3]);
        Assert.Equal("Berkas kramatwatu.csv: 1 baris diterima dengan peringatan; periksa datanya:", report[4]);
        Assert.Equal($"baris 5: {RosterReasons.Describe(NikWarnings.SexContradicts)}", report[5]);
        Assert.EndsWith(" WIB", report[6], StringComparison.Ordinal);
        Assert.StartsWith("Diterima / taken: ", report[6], StringComparison.Ordinal);
        Assert.Equal(7, report.Length);
        Assert.DoesNotContain("36040517", string.Join('\n', report), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(Inbox, "archive", "margasana.csv.report.txt")));
    }

    [Fact]
    public async Task A_file_resent_unchanged_is_archived_with_a_report_saying_nothing_changed_and_how_many_rows_still_wait_for_a_fix_and_its_desa_is_heard_from()
    {
        await using var db = await InboxDatabaseAsync();
        var job = ActivatorUtilities.CreateInstance<PullRosterUpdatesJob>(db.Host.Services);
        string[] lines = [RosterTestFiles.Header, $"{Kramatwatu},{Nik(1)},Ahmad,,,BPD,", $"{Kramatwatu},{Nik(2)},,,,BPD,"];
        Dropped("kramatwatu.csv", lines);
        await job.RunAsync(CancellationToken.None);
        var takenAt = await db.ScalarAsync<DateTime>("SELECT imported_at FROM roster.import");
        // The operator sends the same file again under another name, the empty name not filled in.
        Dropped("kramatwatu-perbaikan.csv", lines);

        var run = await job.RunAsync(CancellationToken.None);

        Assert.Contains("(1 unchanged, 0 rejected)", run, StringComparison.Ordinal);
        var report = await File.ReadAllLinesAsync(Path.Combine(Inbox, "archive", "kramatwatu-perbaikan.csv.report.txt"));
        var wib = TimeZoneInfo.ConvertTime(new DateTimeOffset(takenAt), Jamsostek.BusinessDay.TimeZone);
        Assert.Equal($"Isi berkas kramatwatu-perbaikan.csv sama persis dengan berkas yang sudah diterima pada {wib:yyyy-MM-dd HH:mm:ss} WIB; tidak ada yang berubah.", report[0]);
        Assert.Equal("1 baris berkas itu masih dikarantina; perbaiki baris-baris itu (lihat laporan berkas sebelumnya) lalu kirim berkas yang sudah diperbaiki.", report[1]);
        Assert.StartsWith("Diterima / taken: ", report[2], StringComparison.Ordinal);
        Assert.Equal(3, report.Length);
        // The desa was heard from again: the digest does not call it silent.
        Assert.True(await db.ScalarAsync<DateTime>($"SELECT heard_at FROM roster.desa_snapshot WHERE kode_desa = '{Kramatwatu}'") > takenAt);
    }

    [Fact]
    public async Task A_file_that_makes_people_leave_says_how_many_in_its_report()
    {
        await using var db = await InboxDatabaseAsync();
        var job = ActivatorUtilities.CreateInstance<PullRosterUpdatesJob>(db.Host.Services);
        // A village that sends its roster split by role: the second file is the desa's whole roster, so the RT heads leave.
        Dropped("rt-rw.csv", [RosterTestFiles.Header, .. Enumerable.Range(1, 4).Select(i => $"{Kramatwatu},{Nik(i)},Ketua {i},,,KETUA_RT,")]);
        await job.RunAsync(CancellationToken.None);
        Dropped("kader.csv", [RosterTestFiles.Header, .. Enumerable.Range(5, 4).Select(i => $"{Kramatwatu},{Nik(i)},Kader {i},,,KADER_POSYANDU,")]);

        await job.RunAsync(CancellationToken.None);
        // Then the whole roster but RT head 4 and kader 8, who left for real: their roles are in the file, so no word of split
        // files (RT head 4 was already counted out by kader.csv; kader 8 leaves now).
        Dropped("lengkap.csv", [RosterTestFiles.Header, .. Enumerable.Range(1, 8).Where(i => i is not 4 and not 8).Select(i => $"{Kramatwatu},{Nik(i)},Warga {i},,,{(i <= 4 ? "KETUA_RT" : "KADER_POSYANDU")},")]);
        await job.RunAsync(CancellationToken.None);

        var report = await File.ReadAllLinesAsync(Path.Combine(Inbox, "archive", "kader.csv.report.txt"));
        Assert.StartsWith("Berkas kader.csv: 4 orang yang tercatat sebelumnya tidak ada di berkas ini, sehingga dicatat keluar dari roster desa.", report[0], StringComparison.Ordinal);
        Assert.Equal(
            "Berkas ini tidak memuat seorang pun dengan peran Ketua RT, padahal orang yang dicatat keluar memiliki peran tersebut. Jika daftar desa dikirim terpisah per peran, setiap berkas baru mengeluarkan orang-orang di berkas lainnya; gabungkan semuanya dalam satu berkas.",
            report[1]);
        Assert.False(File.Exists(Path.Combine(Inbox, "archive", "rt-rw.csv.report.txt")));
        var complete = await File.ReadAllLinesAsync(Path.Combine(Inbox, "archive", "lengkap.csv.report.txt"));
        Assert.StartsWith("Berkas lengkap.csv: 1 orang yang tercatat sebelumnya", complete[0], StringComparison.Ordinal);
        Assert.StartsWith("Diterima / taken: ", complete[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_the_shrink_guard_holds_back_goes_to_held_with_its_report_and_counts_as_held_back_not_rejected()
    {
        await using var db = await InboxDatabaseAsync();
        var job = ActivatorUtilities.CreateInstance<PullRosterUpdatesJob>(db.Host.Services);
        Dropped("kramatwatu.csv", [RosterTestFiles.Header, .. Enumerable.Range(1, 12).Select(i => $"{Kramatwatu},{Nik(i)},Warga {i},,,{(i <= 8 ? "BPD" : "KETUA_RT")},")]);
        await job.RunAsync(CancellationToken.None);
        // The BPD members only: the RT heads' file apart, as a village splitting its roster by role would send it.
        Dropped("kramatwatu-2.csv", [RosterTestFiles.Header, .. Enumerable.Range(1, 5).Select(i => $"{Kramatwatu},{Nik(i)},Warga {i},,,BPD,")]);

        var held = await Assert.ThrowsAsync<InputRejectedException>(() => job.RunAsync(CancellationToken.None));

        Assert.StartsWith($"Rosters: 1 file(s) in {Inbox} (0 unchanged, 0 rejected, 1 held back); rows taken 0,", held.Message, StringComparison.Ordinal);
        Assert.Contains($"kramatwatu-2.csv is held back: desa {Kramatwatu} lists 5 people, fewer than half of the 12", held.Message, StringComparison.Ordinal);
        var report = await File.ReadAllLinesAsync(Path.Combine(Inbox, "held", "kramatwatu-2.csv.report.txt"));
        // Indonesian first, for the village operator; then the admin's sentence.
        Assert.Equal(
            $"kramatwatu-2.csv ditahan: berkas ini hanya memuat 5 orang untuk Desa Kramatwatu ({Kramatwatu}), padahal roster desa itu sekarang 12 orang, sehingga belum ada yang dicatat keluar. Berkas ini tidak memuat seorang pun dengan peran Ketua RT. Jika daftar ini memang sudah lengkap, minta admin kabupaten mengimpornya; jika belum, kirim satu berkas yang memuat semua orang desa (semua peran).",
            report[0]);
        Assert.StartsWith("kramatwatu-2.csv is held back", report[1], StringComparison.Ordinal);
        Assert.StartsWith("Ditahan / held back: ", report[2], StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(Inbox, "held", "kramatwatu-2.csv")));
        Assert.False(Directory.Exists(Path.Combine(Inbox, "rejected")));
        Assert.Equal(12, (await db.EntriesAsync()).Count(e => e.LeftAt is null));
    }

    [Fact]
    public void A_rejected_file_a_setting_to_correct_or_a_desa_failing_too_long_is_not_retried_but_a_failure_of_anything_else_is()
    {
        var (attempts, exceptOn) = JobRetry.Of(typeof(PullRosterUpdatesJob), nameof(PullRosterUpdatesJob.RunAsync));

        Assert.True(attempts > 0);
        Assert.Equal([typeof(InputRejectedException), typeof(Microsoft.Extensions.Options.OptionsValidationException), typeof(RosterFeedFailingException)], exceptOn);
    }
}
