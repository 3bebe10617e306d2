using System.CommandLine;

namespace Jamsostek.Worker.CommandLine;

/// <summary>The executable is both the service and its command line (SPEC 5); <c>serve</c> is the default.</summary>
public static class WorkerCommandLine
{
    public static async Task<int> InvokeAsync(string[] args)
    {
        var parseResult = Build().Parse(WithDefaultCommand(args));
        if (parseResult.Errors.Count > 0)
        {
            foreach (var error in parseResult.Errors)
            {
                await Console.Error.WriteLineAsync(error.Message);
            }

            return ExitCodes.WrongUsage;
        }

        try
        {
            return await parseResult.InvokeAsync(Invocation);
        }
        catch (OperationCanceledException)
        {
            // A command outside CliHost (hash-password waiting on stdin); CliHost and serve say it themselves.
            await Console.Error.WriteLineAsync(ExitCodes.Stopped("The command"));
            return ExitCodes.Interrupted;
        }
        catch (Exception ex)
        {
            // What ExitCodes.ForFailure does not know is a bug: its own code, and its stack trace for the report.
            await Console.Error.WriteLineAsync($"The command stopped on an unexpected error ({ex.GetType().Name}), a bug in the worker: report it with the lines below.");
            await Console.Error.WriteLineAsync(ex.ToString());
            return ExitCodes.Bug;
        }
    }

    /// <summary>
    /// On SIGTERM or Ctrl+C a command's token is cancelled and it is given this long to stop: System.CommandLine's own 2 s
    /// would end serve while the host still waits (up to its 30 s shutdown timeout) for a running job to stop at a
    /// transaction's edge, so a service manager's stop cut jobs off where Hangfire would have ended them cleanly.
    /// </summary>
    public static InvocationConfiguration Invocation { get; } = new()
    {
        ProcessTerminationTimeout = TimeSpan.FromSeconds(45),
        EnableDefaultExceptionHandler = false,
    };

    /// <summary>
    /// Options with no command before them are serve's (--urls and the other host settings), as a service unit passes them:
    /// the root command would refuse them, since only serve leaves unknown tokens to ASP.NET Core.
    /// </summary>
    private static string[] WithDefaultCommand(string[] args) =>
        args is [var first, ..] && first.StartsWith('-') && first is not ("-h" or "--help" or "-?" or "--version")
            ? ["serve", .. args]
            : args;

    public static RootCommand Build()
    {
        var root = new RootCommand("Jamsostek Worker: joins village rosters to BPJS Ketenagakerjaan membership for Kabupaten Serang.");
        var serve = ServeCommand.Create();
        root.Subcommands.Add(serve);
        root.Subcommands.Add(MigrateCommand.Create());
        root.Subcommands.Add(HashPasswordCommand.Create());
        var import = new Command("import", "Import roster or membership files.");
        import.Subcommands.Add(ImportRosterCommand.Create());
        import.Subcommands.Add(ImportMembershipCommand.Create());
        root.Subcommands.Add(import);

        var pull = new Command("pull", "Pull from the village systems now.");
        pull.Subcommands.Add(PullRosterCommand.Create());
        root.Subcommands.Add(pull);

        var sync = new Command("sync", "Import what arrived in an inbox.");
        sync.Subcommands.Add(SyncMembershipCommand.Create());
        root.Subcommands.Add(sync);

        root.Subcommands.Add(ReconcileCommand.Create());
        root.Subcommands.Add(ReviewCommand.Create());

        var export = new Command("export", "Write an export: CSV, or an Excel workbook when --out ends in .xlsx.");
        export.Subcommands.Add(ExportCoverageCommand.Create());
        export.Subcommands.Add(ExportRejectsCommand.Create());
        root.Subcommands.Add(export);

        root.Subcommands.Add(DigestCommand.Create());
        root.Subcommands.Add(DemoCommand.Create());
        root.SetAction(ServeCommand.RunAsync);
        return root;
    }
}
