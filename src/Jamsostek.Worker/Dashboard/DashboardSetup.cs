using System.Globalization;
using Hangfire;
using Hangfire.Dashboard;
using Jamsostek.Worker.Hosting;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Jamsostek.Worker.Dashboard;

public static partial class DashboardSetup
{
    public const string Path = "/hangfire";
    private const string Policy = "Dashboard";

    public static IServiceCollection AddDashboardAccess(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DashboardOptions>().BindConfiguration(DashboardOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DashboardOptions>, DashboardOptionsValidator>();
        services.AddSingleton<IValidateOptions<DashboardOptions>, DataProtectionCertificateValidator>();
        services.AddSingleton<LoginThrottle>();
        services.AddAuthentication(BasicAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, BasicAuthenticationHandler>(BasicAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(Policy, p => p.RequireAuthenticatedUser().RequireRole(nameof(DashboardRole.Admin), nameof(DashboardRole.ReadOnly)));
        // Hangfire checks an antiforgery token on every dashboard POST when IAntiforgery is registered. Its keys are the
        // database's, one set for every server (DataProtectionKeyStore).
        services.AddAntiforgery();
        var dataProtection = services.AddDataProtection().SetApplicationName("Jamsostek.Worker");
        services.AddOptions<KeyManagementOptions>()
            .Configure<NpgsqlDataSource>((options, dataSource) => options.XmlRepository = new DataProtectionKeyStore(dataSource));
        // Whoever reads the table could otherwise make the tokens themselves. ProtectKeysWithCertificate also decrypts
        // with the certificate: another server, or this one restarted, reads the keys with the same file.
        var keyProtection = configuration.GetSection(DashboardDataProtectionOptions.Section).Get<DashboardDataProtectionOptions>() ?? new();
        if (DataProtectionCertificate.Load(keyProtection, out _) is { } certificate)
        {
            dataProtection.ProtectKeysWithCertificate(certificate);
        }

        services.AddHostedService<KeyProtectionAtStart>();
        return services;
    }

    public static void MapJamsostekDashboard(this WebApplication app)
    {
        app.MapHangfireDashboard(Path, new Hangfire.DashboardOptions
        {
            DashboardTitle = "Jamsostek Worker",
            // The endpoint policy authenticates; this filter repeats the check so no request reaches Hangfire unauthenticated.
            Authorization = [new AuthenticatedUserFilter()],
            IsReadOnlyFunc = context => !IsAdmin(context.GetHttpContext().User),
            DisplayStorageConnectionString = false,
            // The worker has no site to go back to: Hangfire's "Back to site" link led to a 404.
            AppPath = null,
        }).RequireAuthorization(Policy);
    }

    /// <summary>
    /// A signed-in read-only user who posts an action (trigger, requeue, delete) gets 403: Hangfire answers a read-only
    /// dashboard's command with 401, which asks the browser for a password the user already gave. A 401 to an anonymous or
    /// wrongly signed-in caller is the Basic challenge and stays as it is.
    /// </summary>
    public static void UseDashboardForbiddenForReadOnly(this WebApplication app) =>
        app.Use((context, next) =>
        {
            if (context.Request.Path.StartsWithSegments(Path) && context.User.Identity?.IsAuthenticated == true)
            {
                context.Response.OnStarting(() =>
                {
                    if (context.Response.StatusCode == StatusCodes.Status401Unauthorized)
                    {
                        context.Response.StatusCode = StatusCodes.Status403Forbidden;
                    }

                    return Task.CompletedTask;
                });
            }

            return next(context);
        });

    /// <summary>
    /// A dashboard page asked while the database is away answers 503 with a sentence, where Hangfire's exception made a
    /// blank 500. Registered after authorization: an anonymous caller still gets 401 and learns nothing.
    /// </summary>
    public static void UseDashboardDatabaseOutagePage(this WebApplication app) =>
        app.Use(async (context, next) =>
        {
            try
            {
                await next(context);
            }
            catch (Exception ex) when (context.Request.Path.StartsWithSegments(Path) && !context.Response.HasStarted && ServiceLost.IsDatabase(ex))
            {
                LogDatabaseLost(context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DashboardSetup)), ex.GetType().Name);
                await AnswerInsteadAsync(
                    context,
                    StatusCodes.Status503ServiceUnavailable,
                    "The dashboard cannot reach its database (ConnectionStrings:Jamsostek); it shows again once the database answers, and /health/ready says which part is not ready.");
            }
        });

    /// <summary>
    /// A job id that is no job id (letters, a number past a long: a hand-typed or cut address, a hand-made form) answers a
    /// sentence before Hangfire reads it, where Hangfire.PostgreSql's parse of it (a FormatException or OverflowException)
    /// made a blank 500 and a stack trace in the log, after a bulk action had already acted on the ids before it. One check
    /// for both places an id comes in: the address of a job's page or action, answered 404 as an address of no job; the
    /// <c>jobs[]</c> of a bulk action's form, answered 400, no job changed. Only where Hangfire would read the id (as its own
    /// checks ask: <see cref="HangfireWouldActAsync"/>); anyone else gets Hangfire's answer (a reader's action 403, a POST
    /// without the antiforgery token 403, a GET of an action 405), whatever the ids. A well-formed id of no job keeps
    /// Hangfire's own "could not be found" page.
    /// </summary>
    public static void UseDashboardMalformedJobIdAnswer(this WebApplication app) =>
        app.Use(async (context, next) =>
        {
            if (await MalformedJobIdAnswerAsync(context) is { } answer)
            {
                await AnswerInsteadAsync(context, answer.Status, answer.Sentence);
                return;
            }

            await next(context);
        });

    private static async Task<(int Status, string Sentence)?> MalformedJobIdAnswerAsync(HttpContext context)
    {
        if (!context.Request.Path.StartsWithSegments(Path, out var dashboardPath))
        {
            return null;
        }

        var route = HangfireRoute(dashboardPath);
        if (AddressJobId(route) is { } address)
        {
            return !IsJobId(address.Id) && await HangfireWouldActAsync(context, address.IsCommand)
                ? (StatusCodes.Status404NotFound, "No background job has the id in this address: a job id is a whole number, as in the dashboard's own links.")
                : null;
        }

        if (JobBatchRoutes.Contains(route, StringComparer.OrdinalIgnoreCase)
            && context.Request.HasFormContentType
            && await HangfireWouldActAsync(context, command: true)
            && (await context.Request.ReadFormAsync(context.RequestAborted))[BatchJobIdsField].Any(id => !IsJobId(id)))
        {
            return (StatusCodes.Status400BadRequest,
                $"The form's {BatchJobIdsField} holds an id that is no job id: a job id is a whole number, as the dashboard's own lists send; no job was changed.");
        }

        return null;
    }

    /// <summary>
    /// Whether Hangfire would read the request's ids, by its own checks: a valid antiforgery token (any GET has one), and for
    /// a command (an action or a bulk action) an admin (the dashboard's IsReadOnlyFunc) and a POST.
    /// </summary>
    private static async Task<bool> HangfireWouldActAsync(HttpContext context, bool command) =>
        context.User.Identity?.IsAuthenticated == true
        && (!command || (IsAdmin(context.User) && HttpMethods.IsPost(context.Request.Method)))
        && await context.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(context);

    /// <summary>The path below the dashboard as Hangfire routes it (its RouteCollection): trailing slashes dropped.</summary>
    private static string HangfireRoute(PathString dashboardPath) =>
        dashboardPath.Value is { Length: > 1 } path ? path.TrimEnd('/') : "/";

    /// <summary>Hangfire's routes whose address ends in a job id (/jobs/details/{id}, /jobs/actions/requeue/{id},
    /// /jobs/actions/delete/{id}), matched as Hangfire does (regardless of case, the id all that follows); the page is no command.</summary>
    private static readonly (string Prefix, bool IsCommand)[] JobIdRoutes =
        [("/jobs/details/", false), ("/jobs/actions/requeue/", true), ("/jobs/actions/delete/", true)];

    private static (string Id, bool IsCommand)? AddressJobId(string route)
    {
        foreach (var (prefix, isCommand) in JobIdRoutes)
        {
            if (route.Length > prefix.Length && route.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return (route[prefix.Length..], isCommand);
            }
        }

        return null;
    }

    /// <summary>The form field of Hangfire's bulk actions (its BatchCommandDispatcher).</summary>
    private const string BatchJobIdsField = "jobs[]";

    /// <summary>
    /// Hangfire's bulk actions on background jobs (its DashboardRoutes' client batch commands), whose ids Hangfire.PostgreSql
    /// parses; not /recurring/trigger and /recurring/remove, whose ids are the recurring jobs' names.
    /// </summary>
    private static readonly string[] JobBatchRoutes =
    [
        "/jobs/enqueued/delete", "/jobs/enqueued/requeue", "/jobs/awaiting/enqueue", "/jobs/awaiting/delete",
        "/jobs/processing/delete", "/jobs/processing/requeue", "/jobs/scheduled/enqueue", "/jobs/scheduled/delete",
        "/jobs/succeeded/requeue", "/jobs/failed/requeue", "/jobs/failed/delete", "/jobs/deleted/requeue",
    ];

    /// <summary>The id read as Hangfire.PostgreSql reads it (Convert.ToInt64: NumberStyles.Integer, invariant culture), so no id it takes is answered here.</summary>
    private static bool IsJobId(string? id) => long.TryParse(id, NumberStyles.Integer, CultureInfo.InvariantCulture, out _);

    /// <summary>Who may act in the dashboard; everyone else signed in sees it read-only.</summary>
    private static bool IsAdmin(System.Security.Claims.ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true && user.IsInRole(nameof(DashboardRole.Admin));

    /// <summary>A dashboard request that failed before answering gets a sentence a browser shows, in place of a blank page.</summary>
    private static async Task AnswerInsteadAsync(HttpContext context, int status, string sentence)
    {
        context.Response.Clear();
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync(sentence + "\n", context.RequestAborted);
    }

    // The exception's type only: PostgreSQL's message names the database, the user, the host and port.
    [LoggerMessage(EventId = 5100, Level = LogLevel.Warning, Message = "A dashboard page could not reach the database ({Error}); answered 503")]
    private static partial void LogDatabaseLost(ILogger logger, string error);

    /// <summary>
    /// Without a certificate, says once at start that the keys are stored unencrypted: ASP.NET Core says so only as it
    /// writes a new key, every 90 days, and an admin who never set one should learn it from the log. With one, revokes
    /// the keys written unencrypted before it was set: they stayed in use until they expired, so a copy of the table
    /// taken before could still forge tokens. The servers then make a new key, encrypted; a dashboard page open across
    /// the change needs a reload before its next action.
    /// </summary>
    private sealed partial class KeyProtectionAtStart(
        IOptions<DashboardOptions> options,
        IOptions<KeyManagementOptions> keyManagement,
        IKeyManager keyManager,
        ILogger<KeyProtectionAtStart> logger) : IHostedLifecycleService
    {
        // Before any hosted service starts: data protection's own loads the key ring at its start, and a ring loaded
        // before the revocation kept signing with the revoked key for a while, which the other servers refused.
        public Task StartingAsync(CancellationToken cancellationToken)
        {
            if (string.IsNullOrWhiteSpace(options.Value.DataProtection.CertificatePath))
            {
                LogKeysUnencrypted(logger);
                return Task.CompletedTask;
            }

            // A key kept in the clear has its secret in a masterKey element; encrypted, that element is inside the EncryptedData.
            var unencrypted = keyManagement.Value.XmlRepository!.GetAllElements()
                .Where(e => e.Name.LocalName == "key" && e.Descendants().Any(d => d.Name.LocalName == "masterKey"))
                .Select(e => Guid.Parse((string)e.Attribute("id")!))
                .ToHashSet();
            var revoked = 0;
            foreach (var key in keyManager.GetAllKeys().Where(k => !k.IsRevoked && unencrypted.Contains(k.KeyId)))
            {
                keyManager.RevokeKey(key.KeyId, "Stored unencrypted before Dashboard:DataProtection:CertificatePath was set.");
                revoked++;
            }

            if (revoked > 0)
            {
                LogUnencryptedKeysRevoked(logger, revoked);
            }

            return Task.CompletedTask;
        }

        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        [LoggerMessage(
            EventId = 5103,
            Level = LogLevel.Warning,
            Message = "The keys that sign the dashboard's antiforgery tokens are stored unencrypted in the database (dashboard.data_protection_key): whoever can read that table can forge them. Set Dashboard:DataProtection:CertificatePath (a .pfx) to encrypt them")]
        private static partial void LogKeysUnencrypted(ILogger logger);

        [LoggerMessage(
            EventId = 5104,
            Level = LogLevel.Information,
            Message = "Revoked {Count} dashboard data protection key(s) stored unencrypted before Dashboard:DataProtection:CertificatePath was set; new keys are encrypted with the certificate")]
        private static partial void LogUnencryptedKeysRevoked(ILogger logger, int count);
    }

    private sealed class AuthenticatedUserFilter : IDashboardAuthorizationFilter
    {
        public bool Authorize(DashboardContext context) => context.GetHttpContext().User.Identity?.IsAuthenticated == true;
    }
}
