using Jamsostek.Database;
using Jamsostek.Worker.Hosting;
using Microsoft.Extensions.Logging.Console;

namespace Jamsostek.Worker.CommandLine;

/// <summary>Runs one command-line action inside a host with the same configuration and services as <c>serve</c>, minus the web and job server.</summary>
public static class CliHost
{
    /// <remarks>
    /// Every command but <c>migrate</c> (<paramref name="needsSchema"/> false) first checks that the database has every
    /// migration of this build and no other: run on a database never migrated, or not since an upgrade, it says so in a
    /// sentence instead of stopping on a missing table or column as a bug; on one a newer worker migrated, it refuses to
    /// write by older assumptions (<c>migrate</c> refuses that as it starts, as <c>serve</c> does).
    /// </remarks>
    public static async Task<int> RunAsync(Func<IServiceProvider, CancellationToken, Task<int>> action, CancellationToken cancellationToken, bool needsSchema = true)
    {
        try
        {
            using var host = Build();
            ConfigurationCheck.Validate(host.Services);
            await using var scope = host.Services.CreateAsyncScope();
            if (needsSchema)
            {
                switch (await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().ReadStateAsync(cancellationToken))
                {
                    case MigrationState.Newer:
                        throw new DatabaseOfNewerWorkerException();
                    case MigrationState.Pending:
                        throw new WrongUsageException(
                            $"The database of {DatabaseOptions.ConnectionStringKey} lacks migrations of this version of the worker: run migrate first (serve migrates as it starts).");
                }
            }

            return await action(scope.ServiceProvider, cancellationToken);
        }
        catch (Exception ex) when (ExitCodes.ForFailure(ex, "The command", cancellationToken.IsCancellationRequested) is { } failure)
        {
            await Console.Error.WriteLineAsync(failure.Sentence);
            return failure.Code;
        }
    }

    private static IHost Build()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = AppContext.BaseDirectory });
        // Command output is the one-line summary on stdout; logs go to stderr and only when they matter.
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        // A provider rule beats appsettings.json's Default, which is meant for serve.
        builder.Logging.AddFilter<ConsoleLoggerProvider>(null, LogLevel.Warning);
        // Each OpenSID retry is logged (with a stack trace after a time-out); the command says which desa failed, once, in a sentence.
        builder.Logging.AddFilter<ConsoleLoggerProvider>("Polly", LogLevel.None);
        // A roster run's warnings (a file refused, a pull failed or held back) are each a sentence of the command already.
        builder.Logging.AddFilter<ConsoleLoggerProvider>("Jamsostek.Rosters", LogLevel.Error);
        builder.AddWorkerServices();
        builder.Services.AddJamsostekHangfire(withServer: false);
        return builder.Build();
    }
}
