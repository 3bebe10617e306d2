using System.Data.Common;
using System.Net.Sockets;
using Jamsostek.Database;
using Jamsostek.Digest;
using Jamsostek.Worker.Hosting;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Jamsostek.Worker.CommandLine;

/// <summary>Runs one command-line action inside a host with the same configuration and services as <c>serve</c>, minus the web and job server.</summary>
public static class CliHost
{
    public static async Task<int> RunAsync(Func<IServiceProvider, CancellationToken, Task<int>> action, CancellationToken cancellationToken)
    {
        try
        {
            using var host = Build();
            ConfigurationCheck.Validate(host.Services);
            await using var scope = host.Services.CreateAsyncScope();
            return await action(scope.ServiceProvider, cancellationToken);
        }
        catch (Exception ex) when (ex is OptionsValidationException or WrongUsageException)
        {
            await Console.Error.WriteLineAsync(ex.Message);
            return ExitCodes.WrongUsage;
        }
        catch (InputRejectedException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message);
            return ExitCodes.InputRejected;
        }
        catch (PostgresException ex) when (DatabaseRefused.Is(ex))
        {
            await Console.Error.WriteLineAsync(DatabaseRefused.Sentence(ex));
            return ExitCodes.WrongUsage;
        }
        catch (Exception ex) when (ServiceLost.Is(ex) && !cancellationToken.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync(ServiceLost.Sentence("The command", ex));
            return ExitCodes.Failed;
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
        builder.AddWorkerServices();
        builder.Services.AddJamsostekHangfire(withServer: false);
        return builder.Build();
    }
}

/// <summary>The database or mail server went away (exit 3): every step commits whole or not at all, so the same command run again finishes the work.</summary>
internal static class ServiceLost
{
    public static bool Is(Exception ex) => ex is DbException or SocketException or IOException or TimeoutException or DigestDeliveryException;

    public static string Sentence(string what, Exception ex) =>
        $"{what} failed and can be run again once the service it lost is back: {ex.GetType().Name}: {ex.Message.TrimEnd('.')}{WhichDatabase(ex)}.";

    /// <summary>Npgsql says "Failed to connect to 127.0.0.1:5433": where that address came from, should it be the wrong one.</summary>
    private static string WhichDatabase(Exception ex) =>
        ex is DbException ? $" (the database of {DatabaseOptions.ConnectionStringKey})" : "";
}

/// <summary>PostgreSQL answered but has no such database or role, or refused the password: the connection string is wrong, and running again will not help (exit 2).</summary>
internal static class DatabaseRefused
{
    public static bool Is(PostgresException ex) => ex.SqlState is PostgresErrorCodes.InvalidCatalogName
        or PostgresErrorCodes.InvalidAuthorizationSpecification or PostgresErrorCodes.InvalidPassword;

    public static string Sentence(PostgresException ex) =>
        $"{DatabaseOptions.ConnectionStringKey} is refused by PostgreSQL ({ex.MessageText.TrimEnd('.')}): correct the connection string (environment ConnectionStrings__Jamsostek).";
}
