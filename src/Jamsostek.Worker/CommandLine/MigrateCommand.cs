using System.CommandLine;
using Jamsostek.Database;

namespace Jamsostek.Worker.CommandLine;

public static class MigrateCommand
{
    public static Command Create()
    {
        var command = new Command("migrate", "Apply the database migrations and reference data; does nothing when they are applied already.");
        command.SetAction((_, cancellationToken) => CliHost.RunAsync(async (services, ct) =>
        {
            var applied = await services.GetRequiredService<DatabaseMigrator>().MigrateAsync(ct);
            Console.WriteLine(applied == 0 ? "Database is up to date; nothing to apply." : $"Applied {applied} migrations.");
            return ExitCodes.Success;
        }, cancellationToken, needsSchema: false));
        return command;
    }
}
