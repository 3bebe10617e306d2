using Dapper;
using Jamsostek.Membership;
using Jamsostek.Rosters;
using Jamsostek.Tests.Infrastructure;
using Jamsostek.Tests.Membership;
using Jamsostek.Tests.Rosters;
using Microsoft.Extensions.DependencyInjection;
using static Jamsostek.Tests.Rosters.RosterDatabase;

namespace Jamsostek.Tests.Tabular;

/// <summary>
/// Both inboxes (SPEC 2.1, 2.4). A file still being copied in (a kecamatan operator's upload, the branch's file over the
/// network) must not be read cut short: it is left for the next run until its quiet period has passed. Two runs at once
/// (`pull roster` or `sync membership` typed while the job runs, on one server or two): the second waits for the first and
/// finds its files gone, instead of failing on a file the first was still moving.
/// </summary>
public sealed class InboxTests : IDisposable
{
    private const string QuietPeriod = "00:02:00";

    private readonly RosterTestFiles rosterFiles = new();
    private readonly MembershipFiles membershipFiles = new();

    public void Dispose()
    {
        rosterFiles.Dispose();
        membershipFiles.Dispose();
    }

    [Fact]
    public async Task A_roster_file_written_within_the_quiet_period_is_left_in_the_inbox_until_a_run_after_it()
    {
        var inbox = Directory.CreateDirectory(Path.Combine(rosterFiles.Folder, "inbox")).FullName;
        await using var db = await RosterDatabase.CreateAsync(new Dictionary<string, string?>
        {
            ["Rosters:InboxPath"] = inbox,
            ["Rosters:InboxQuietPeriod"] = QuietPeriod,
        });
        var settled = Dropped(inbox, "kramatwatu.csv", TimeSpan.FromMinutes(3), RosterTestFiles.Header, $"{Kramatwatu},{Nik(1)},Ahmad,,,BPD,");
        var copying = Dropped(inbox, "margasana.csv", TimeSpan.Zero, RosterTestFiles.Header, $"{Margasana},{Nik(2)},Budi,,,BPD,");

        var first = await db.Updates.RunAsync(CancellationToken.None);

        Assert.Equal((1, 1), (first.Files, first.FilesWaiting));
        Assert.StartsWith($"Rosters: 1 file(s) in {inbox} (0 unchanged, 0 rejected, 1 still being written (left for the next run)); ", first.ToString(), StringComparison.Ordinal);
        Assert.Equal([Kramatwatu], (await db.EntriesAsync()).Select(e => e.KodeDesa));
        Assert.False(File.Exists(settled));
        Assert.True(File.Exists(copying));

        File.SetLastWriteTimeUtc(copying, DateTime.UtcNow.AddMinutes(-3));
        var second = await db.Updates.RunAsync(CancellationToken.None);

        Assert.Equal((1, 0), (second.Files, second.FilesWaiting));
        Assert.DoesNotContain("still being written", second.ToString(), StringComparison.Ordinal);
        Assert.Equal([Kramatwatu, Margasana], (await db.EntriesAsync()).Select(e => e.KodeDesa));
        Assert.Empty(Directory.GetFiles(inbox));
    }

    [Fact]
    public async Task A_membership_file_written_within_the_quiet_period_is_left_in_the_inbox_until_a_sync_after_it()
    {
        await using var database = await TestDatabase.CreateAsync();
        var inbox = Path.Combine(membershipFiles.Folder, "inbox");
        using var host = database.BuildHost(new Dictionary<string, string?>
        {
            ["Membership:InboxPath"] = inbox,
            ["Membership:InboxQuietPeriod"] = QuietPeriod,
        });
        var sync = host.Services.GetRequiredService<MembershipInbox>();
        Directory.CreateDirectory(inbox);
        var copying = Dropped(inbox, "kepesertaan_2026-11-30.csv", TimeSpan.FromSeconds(10), [MembershipFiles.Header, .. MembershipFiles.People(3)]);

        var first = await sync.SyncAsync(CancellationToken.None);

        Assert.Equal((0, 1), (first.Files.Count, first.FilesWaiting));
        Assert.Equal($"Membership inbox {inbox}: 0 files imported, 0 already imported, 0 held back, 1 still being written (left for the next run).", first.ToLine());
        Assert.True(File.Exists(copying));

        File.SetLastWriteTimeUtc(copying, DateTime.UtcNow.AddMinutes(-2.5));
        var second = await sync.SyncAsync(CancellationToken.None);

        Assert.Equal([(MembershipImportOutcome.Imported, 3)], second.Files.Select(r => (r.Outcome, r.Records)));
        Assert.Equal(0, second.FilesWaiting);
        Assert.Empty(Directory.GetFiles(inbox));
    }

    [Fact]
    public async Task Two_runs_of_the_roster_inbox_at_once_take_each_file_once_and_both_succeed()
    {
        var inbox = Directory.CreateDirectory(Path.Combine(rosterFiles.Folder, "inbox")).FullName;
        var settings = new Dictionary<string, string?> { ["Rosters:InboxPath"] = inbox };
        await using var db = await RosterDatabase.CreateAsync(settings);
        using var otherServer = db.Database.BuildHost(settings);
        await using var connection = await db.Database.DataSource.OpenConnectionAsync();
        var desa = (await connection.QueryAsync<string>("SELECT code FROM ref.desa WHERE kecamatan_code = '360405' ORDER BY code")).ToList();
        var serial = 0;
        foreach (var kodeDesa in desa)
        {
            var rows = Enumerable.Range(0, 200).Select(_ => $"{kodeDesa},{RosterDatabase.Nik(++serial)},Warga {serial},,,PETANI,");
            Dropped(inbox, $"roster_{kodeDesa}.csv", TimeSpan.FromMinutes(10), [RosterTestFiles.Header, .. rows]);
        }

        var runs = await Task.WhenAll(
            Task.Run(() => db.Updates.RunAsync(CancellationToken.None)),
            Task.Run(() => otherServer.Services.GetRequiredService<RosterUpdates>().RunAsync(CancellationToken.None)));

        Assert.Equal(desa.Count, runs.Sum(r => r.Files));
        Assert.Equal(serial, (await db.EntriesAsync()).Count);
        Assert.Empty(Directory.GetFiles(inbox));
        Assert.Equal(desa.Count, Directory.GetFiles(Path.Combine(inbox, "archive")).Length);
    }

    [Fact]
    public async Task Two_syncs_of_the_membership_inbox_at_once_take_each_file_once_and_both_succeed()
    {
        await using var database = await TestDatabase.CreateAsync();
        var inbox = Directory.CreateDirectory(Path.Combine(membershipFiles.Folder, "inbox")).FullName;
        var settings = new Dictionary<string, string?> { ["Membership:InboxPath"] = inbox };
        using var host = database.BuildHost(settings);
        using var otherServer = database.BuildHost(settings);
        for (var day = 20; day <= 29; day++)
        {
            Dropped(inbox, $"kepesertaan_2026-11-{day}.csv", TimeSpan.FromMinutes(10), [MembershipFiles.Header, .. MembershipFiles.People(2000 + day)]);
        }

        var syncs = await Task.WhenAll(
            Task.Run(() => host.Services.GetRequiredService<MembershipInbox>().SyncAsync(CancellationToken.None)),
            Task.Run(() => otherServer.Services.GetRequiredService<MembershipInbox>().SyncAsync(CancellationToken.None)));

        Assert.Equal(10, syncs.Sum(s => s.Files.Count));
        Assert.All(syncs.SelectMany(s => s.Files), f => Assert.Equal(MembershipImportOutcome.Imported, f.Outcome));
        Assert.Empty(Directory.GetFiles(inbox));
        Assert.Equal(10, Directory.GetFiles(Path.Combine(inbox, "archive")).Length);
    }

    [Fact]
    public async Task A_file_of_a_type_no_importer_reads_is_moved_aside_with_its_reason_and_what_came_with_the_folder_is_left_alone()
    {
        var rosterInbox = Directory.CreateDirectory(Path.Combine(rosterFiles.Folder, "inbox")).FullName;
        await using var db = await RosterDatabase.CreateAsync(new Dictionary<string, string?> { ["Rosters:InboxPath"] = rosterInbox });
        var membershipInbox = Directory.CreateDirectory(Path.Combine(membershipFiles.Folder, "inbox")).FullName;
        using var host = db.Database.BuildHost(new Dictionary<string, string?> { ["Membership:InboxPath"] = membershipInbox });
        Dropped(rosterInbox, "kramatwatu.csv", TimeSpan.FromMinutes(3), RosterTestFiles.Header, $"{Kramatwatu},{Nik(1)},Ahmad,,,BPD,");
        Dropped(rosterInbox, "margasana.xls", TimeSpan.FromMinutes(3), "not read");
        Dropped(membershipInbox, "kepesertaan_2026-11-30.xls", TimeSpan.FromMinutes(3), "not read");
        string[] folderJunk = [".DS_Store", "Thumbs.db", "desktop.ini", "~$margasana.xlsx"];
        foreach (var inbox in new[] { rosterInbox, membershipInbox })
        {
            foreach (var junk in folderJunk)
            {
                Dropped(inbox, junk, TimeSpan.FromMinutes(3), "");
            }
        }

        var rosters = await db.Updates.RunAsync(CancellationToken.None);
        var membership = await host.Services.GetRequiredService<MembershipInbox>().SyncAsync(CancellationToken.None);

        Assert.Equal((2, 1), (rosters.Files, rosters.FilesRejected));
        Assert.Equal("File margasana.xls is rejected: only .csv, .txt, .tsv, .xlsx and .xlsm roster files are read, so save it as .xlsx or .csv.", Assert.Single(rosters.Rejections));
        Assert.Equal(
            ["Berkas margasana.xls ditolak: hanya berkas roster .csv, .txt, .tsv, .xlsx dan .xlsm yang dibaca, jadi simpan sebagai .xlsx atau .csv.", Assert.Single(rosters.Rejections)],
            File.ReadLines(Path.Combine(rosterInbox, "rejected", "margasana.xls.error.txt")).Take(2));
        Assert.Equal(
            "Membership file kepesertaan_2026-11-30.xls is held back: only .csv, .txt and .xlsx membership files are read, so save it as .xlsx or .csv; the register is unchanged.",
            Assert.Single(membership.Held).Message);
        Assert.True(File.Exists(Path.Combine(membershipInbox, "held", "kepesertaan_2026-11-30.xls.report.txt")));
        foreach (var inbox in new[] { rosterInbox, membershipInbox })
        {
            Assert.Equal(folderJunk.Order(StringComparer.Ordinal), Directory.GetFiles(inbox).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public async Task A_file_named_as_one_archived_before_is_archived_beside_it_keeping_its_extension()
    {
        var inbox = Directory.CreateDirectory(Path.Combine(rosterFiles.Folder, "inbox")).FullName;
        await using var db = await RosterDatabase.CreateAsync(new Dictionary<string, string?> { ["Rosters:InboxPath"] = inbox });
        Dropped(inbox, "roster.csv", TimeSpan.FromMinutes(3), RosterTestFiles.Header, $"{Kramatwatu},{Nik(1)},Ahmad,,,BPD,");
        await db.Updates.RunAsync(CancellationToken.None);
        Dropped(inbox, "roster.csv", TimeSpan.FromMinutes(3), RosterTestFiles.Header, $"{Kramatwatu},{Nik(1)},Ahmad,,,BPD,", $"{Kramatwatu},{Nik(2)},Budi,,,BPD,");

        await db.Updates.RunAsync(CancellationToken.None);

        var archived = Directory.GetFiles(Path.Combine(inbox, "archive")).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(2, archived.Count);
        Assert.Equal("roster.csv", archived[1]);
        Assert.Matches(@"^roster\.\d{17}\.csv$", archived[0]);
        Assert.Equal(2, (await db.EntriesAsync()).Count);
    }

    /// <summary>A file as it lies in the inbox, last written <paramref name="ago"/>.</summary>
    private static string Dropped(string inbox, string name, TimeSpan ago, params string[] lines)
    {
        var path = Path.Combine(inbox, name);
        File.WriteAllText(path, string.Join('\n', lines) + "\n");
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow - ago);
        return path;
    }
}
