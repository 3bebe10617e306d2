using System.CommandLine;
using System.Net.Sockets;
using Jamsostek.Database;
using Jamsostek.Worker.Dashboard;
using Jamsostek.Worker.Health;
using Jamsostek.Worker.Hosting;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Jamsostek.Worker.CommandLine;

/// <summary><c>serve</c>: Kestrel with the Hangfire server, the dashboard at /hangfire and the health endpoints. Migrates first.</summary>
public static class ServeCommand
{
    public static Command Create()
    {
        var command = new Command("serve", "Run the service: Hangfire server, dashboard at /hangfire, /health/live and /health/ready (the default).")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        command.SetAction(RunAsync);
        return command;
    }

    public static async Task<int> RunAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        try
        {
            // Unmatched tokens (e.g. --urls) are ASP.NET Core's own command-line configuration.
            await using var app = Build([.. parseResult.UnmatchedTokens]);
            await StartAsync(app, cancellationToken);
            await app.WaitForShutdownAsync(cancellationToken);
            return ExitCodes.Success;
        }
        // Migrating first needs the database: when it is lost (exit 3) a service manager restarts serve until it is back.
        catch (Exception ex) when (ExitCodes.ForFailure(ex, "Starting the service", cancellationToken.IsCancellationRequested) is { } failure)
        {
            await Console.Error.WriteLineAsync(failure.Sentence);
            return failure.Code;
        }
    }

    /// <summary>Migrates, then starts Kestrel, the Hangfire server and the recurring jobs.</summary>
    public static async Task StartAsync(WebApplication app, CancellationToken cancellationToken)
    {
        await app.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync(cancellationToken);
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or SocketException or FormatException or ArgumentOutOfRangeException)
        {
            // Kestrel's own errors: an address in use or not of this machine is the caller's to change, not a lost service.
            throw new OptionsValidationException(WebHostDefaults.ServerUrlsKey, typeof(object), [CannotListen(app, ex)]);
        }
    }

    private static string CannotListen(WebApplication app, Exception ex)
    {
        var urls = app.Configuration[WebHostDefaults.ServerUrlsKey] ?? "its default address";
        var reason = ex switch
        {
            IOException { InnerException: AddressInUseException } => "another process already listens there",
            FormatException or ArgumentOutOfRangeException => "that is not an address such as http://127.0.0.1:8080",
            _ => ex.Message.TrimEnd('.'),
        };
        return $"serve cannot listen on {urls} ({reason}): give --urls (or ASPNETCORE_URLS) a free address of this machine.";
    }

    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.AddWorkerServices();
        // Under systemd (Type=notify, deploy/jamsostek-worker.service): READY once migrated and listening, so `systemctl
        // start` waits for it and a start that fails shows as failed; log lines carry the journal's priorities. Outside
        // systemd it does nothing.
        builder.Services.AddSystemd();
        builder.Services.AddJamsostekHangfire(withServer: true);
        builder.Services.AddDashboardAccess(builder.Configuration);
        builder.Services.AddHealthChecks()
            .AddCheck<DatabaseReadyCheck>("database", tags: ["ready"])
            .AddCheck<HangfireServerCheck>("hangfire-server", tags: ["ready"])
            .AddCheck<DigestDeliveryCheck>("digest-delivery", failureStatus: HealthStatus.Degraded, tags: ["ready"]);
        // One instance: it remembers its last answer for a few minutes.
        builder.Services.AddSingleton<DigestDeliveryCheck>();

        var app = builder.Build();
        // Every option is checked before anything connects: mapping the dashboard already opens Hangfire's storage.
        ConfigurationCheck.Validate(app.Services);
        app.UseResponseHardening();
        app.UseClientAddressFromProxy();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseDashboardForbiddenForReadOnly();
        app.UseDashboardDatabaseOutagePage();
        app.UseDashboardMalformedJobIdAnswer();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains("ready"),
            ResponseWriter = HealthReportText.WriteAsync,
        });
        app.MapJamsostekDashboard();
        return app;
    }
}
