using Jamsostek.Jobs;
using Jamsostek.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Jamsostek.Tests.Membership;

/// <summary>The nightly sync-membership job (SPEC 4) as Hangfire activates it: from the service's own container.</summary>
public sealed class SyncMembershipJobTests
{
    [Fact]
    public async Task The_job_imports_the_inbox_and_fails_visibly_naming_a_held_file_in_folders_closed_to_other_accounts()
    {
        await using var database = await TestDatabase.CreateAsync();
        using var files = new MembershipFiles();
        var inbox = Path.Combine(files.Folder, "inbox");
        using var host = database.BuildHost(new Dictionary<string, string?> { ["Membership:InboxPath"] = inbox });
        var job = ActivatorUtilities.CreateInstance<SyncMembershipJob>(host.Services);
        files.Csv("kepesertaan_2026-11-01.csv", [MembershipFiles.Header, .. MembershipFiles.People(4)], folder: inbox);

        var result = await job.RunAsync(CancellationToken.None);
        files.Csv("kepesertaan_2026-11-02.csv", [MembershipFiles.Header, .. MembershipFiles.People(1)], folder: inbox);
        var held = await Assert.ThrowsAsync<InputRejectedException>(() => job.RunAsync(CancellationToken.None));
        await job.RunAsync(CancellationToken.None);

        Assert.Equal($"Membership inbox {inbox}: 1 files imported, 0 already imported, 0 held back.", result);
        Assert.Contains("kepesertaan_2026-11-02.csv is held back", held.Message, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(inbox, "archive", "kepesertaan_2026-11-01.csv")));
        Assert.True(File.Exists(Path.Combine(inbox, "held", "kepesertaan_2026-11-02.csv")));
        // Every BPJS register file the branch sent stays in archive/: they were 0755, open to every account on the server.
        Assert.All(new[] { "archive", "held" }, folder =>
            Assert.Equal(UnixFileMode.None, new DirectoryInfo(Path.Combine(inbox, folder)).UnixFileMode & (UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute)));
    }

    [Fact]
    public void A_held_file_or_a_setting_to_correct_is_not_retried_but_a_failure_of_anything_else_is()
    {
        var (attempts, exceptOn) = JobRetry.Of(typeof(SyncMembershipJob), nameof(SyncMembershipJob.RunAsync));

        Assert.True(attempts > 0);
        Assert.Equal([typeof(InputRejectedException), typeof(Microsoft.Extensions.Options.OptionsValidationException)], exceptOn);
    }
}
