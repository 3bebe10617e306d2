using System.CommandLine;
using Jamsostek.Worker.Dashboard;

namespace Jamsostek.Worker.CommandLine;

/// <summary>Prints the hash to put in Dashboard:Users:N:PasswordHash; the password is read from stdin so it stays out of shell history.</summary>
public static class HashPasswordCommand
{
    public static Command Create()
    {
        var command = new Command("hash-password", "Read a dashboard password from standard input and print its hash for Dashboard:Users:N:PasswordHash.");
        command.SetAction(async (_, cancellationToken) =>
        {
            var password = (await Console.In.ReadLineAsync(cancellationToken))?.TrimEnd('\r', '\n');
            if (string.IsNullOrEmpty(password))
            {
                await Console.Error.WriteLineAsync("No password on standard input.");
                return ExitCodes.WrongUsage;
            }

            Console.WriteLine(PasswordHash.Create(password));
            return ExitCodes.Success;
        });
        return command;
    }
}
