using Dapper;
using Jamsostek.Membership;
using Jamsostek.Rosters;
using Jamsostek.Tests.Infrastructure;
using Jamsostek.Tests.Membership;
using Jamsostek.Tests.Rosters;
using Microsoft.Extensions.DependencyInjection;
using static Jamsostek.Tests.Tabular.InboxQuietPeriodTests;

namespace Jamsostek.Tests.Tabular;

/// <summary>
/// Two runs of one inbox at once (`pull roster` or `sync membership` typed while the job runs, on one server or two): the
/// second waits for the first and finds its files gone, instead of failing on a file the first was still moving.
/// </summary>
public sealed class InboxRunTests : IDisposable
{
    private readonly RosterTestFiles rosterFiles = new();
    private readonly MembershipFiles membershipFiles = new();

    public void Dispose()
    {
        rosterFiles.Dispose();
        membershipFiles.Dispose();
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
}
