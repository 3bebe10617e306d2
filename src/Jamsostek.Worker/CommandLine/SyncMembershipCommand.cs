using System.CommandLine;
using Jamsostek.Membership;

namespace Jamsostek.Worker.CommandLine;

/// <summary><c>sync membership</c>: what the nightly sync-membership job does, now (SPEC 4, 5).</summary>
public static class SyncMembershipCommand
{
    public static Command Create()
    {
        var command = new Command("membership", "Import the membership files that arrived in Membership:InboxPath (imported ones to archive/, held ones to held/).");
        command.SetAction((_, cancellationToken) => CliHost.RunAsync(async (services, ct) =>
        {
            var inbox = services.GetRequiredService<MembershipInbox>();
            var sync = await inbox.SyncAsync(ct);
            var held = sync.Held;
            foreach (var result in held)
            {
                await Console.Error.WriteLineAsync(result.Message);
            }

            Console.WriteLine(sync.ToLine());
            return held.Count == 0 ? ExitCodes.Success : ExitCodes.InputRejected;
        }, cancellationToken));
        return command;
    }
}
