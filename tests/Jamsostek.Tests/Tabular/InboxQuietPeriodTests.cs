using Jamsostek.Membership;
using Jamsostek.Tests.Infrastructure;
using Jamsostek.Tests.Membership;
using Jamsostek.Tests.Rosters;
using Microsoft.Extensions.DependencyInjection;
using static Jamsostek.Tests.Rosters.RosterDatabase;

namespace Jamsostek.Tests.Tabular;

/// <summary>
/// A file still being copied into an inbox (a kecamatan operator's upload, the branch's file over the network) must not be read
/// cut short: both inboxes leave a file written within their quiet period for the next run (SPEC 2.1, 2.4).
/// </summary>
public sealed class InboxQuietPeriodTests : IDisposable
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
        Assert.Contains("1 still being written (left for the next run)", first.ToString(), StringComparison.Ordinal);
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
        Assert.Equal("Membership inbox: 0 files imported, 0 already imported, 0 held back, 1 still being written (left for the next run).", first.ToLine());
        Assert.True(File.Exists(copying));

        File.SetLastWriteTimeUtc(copying, DateTime.UtcNow.AddMinutes(-2.5));
        var second = await sync.SyncAsync(CancellationToken.None);

        Assert.Equal([(MembershipImportOutcome.Imported, 3)], second.Files.Select(r => (r.Outcome, r.Records)));
        Assert.Equal(0, second.FilesWaiting);
        Assert.Empty(Directory.GetFiles(inbox));
    }

    /// <summary>A file as it lies in the inbox, last written <paramref name="ago"/>.</summary>
    internal static string Dropped(string inbox, string name, TimeSpan ago, params string[] lines)
    {
        var path = Path.Combine(inbox, name);
        File.WriteAllText(path, string.Join('\n', lines) + "\n");
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow - ago);
        return path;
    }
}
