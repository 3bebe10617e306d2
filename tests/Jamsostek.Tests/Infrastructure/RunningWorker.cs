using Jamsostek.Worker.CommandLine;
using Jamsostek.Worker.Dashboard;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Jamsostek.Tests.Infrastructure;

/// <summary>The real <c>serve</c> host (Kestrel on a loopback port, Hangfire server, dashboard) on a test database.</summary>
public sealed class RunningWorker : IAsyncDisposable
{
    public const string AdminPassword = "admin-secret-for-tests";
    public const string ReaderPassword = "reader-secret-for-tests";
    private static readonly Lazy<string> AdminHash = new(() => PasswordHash.Create(AdminPassword));
    private static readonly Lazy<string> ReaderHash = new(() => PasswordHash.Create(ReaderPassword));

    private RunningWorker(WebApplication app, Uri address)
    {
        App = app;
        Address = address;
    }

    public WebApplication App { get; }

    public Uri Address { get; }

    public IServiceProvider Services => App.Services;

    public static async Task<RunningWorker> StartAsync(TestDatabase database, IDictionary<string, string?>? settings = null)
    {
        var all = database.Settings(new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:0",
            ["Dashboard:Users:0:Name"] = "admin",
            ["Dashboard:Users:0:PasswordHash"] = AdminHash.Value,
            ["Dashboard:Users:0:Role"] = "Admin",
            ["Dashboard:Users:1:Name"] = "reader",
            ["Dashboard:Users:1:PasswordHash"] = ReaderHash.Value,
            ["Dashboard:Users:1:Role"] = "ReadOnly",
            ["Logging:LogLevel:Default"] = "Warning",
        });
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        var app = ServeCommand.Build([.. all.Select(kv => $"--{kv.Key}={kv.Value}")]);
        await ServeCommand.StartAsync(app, CancellationToken.None);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new RunningWorker(app, new Uri(address));
    }

    public HttpClient Client(string? user = null, string? password = null)
    {
        var client = new HttpClient(new HttpClientHandler { UseCookies = true, AllowAutoRedirect = false }) { BaseAddress = Address };
        if (user is not null)
        {
            var credentials = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{user}:{password}"));
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic", credentials);
        }

        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
