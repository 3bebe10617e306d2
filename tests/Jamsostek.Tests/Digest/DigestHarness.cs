using Jamsostek.Digest;
using Jamsostek.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Jamsostek.Tests.Digest;

/// <summary>A test database with the worker's own services on it, the digest test-data builder, and helpers to read a digest back.</summary>
public sealed class DigestHarness : IAsyncDisposable
{
    /// <summary>Monday 16 to Sunday 22 November 2026.</summary>
    public static readonly IsoWeek Week = new(2026, 47);

    private DigestHarness(TestDatabase database, IHost host)
    {
        Database = database;
        Host = host;
        Data = new DigestTestData(database);
    }

    public TestDatabase Database { get; }

    public IHost Host { get; }

    public DigestTestData Data { get; }

    public IServiceProvider Services => Host.Services;

    public static async Task<DigestHarness> CreateAsync(IDictionary<string, string?>? settings = null)
    {
        var database = await TestDatabase.CreateAsync();
        var all = new Dictionary<string, string?>
        {
            ["Digest:Smtp:From"] = "Jamsostek Serang <ringkasan@serangkab.test>",
            ["Digest:PickupPath"] = Path.Combine(Path.GetTempPath(), $"jamsostek-pickup-{Guid.NewGuid():N}"),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        return new DigestHarness(database, database.BuildHost(all));
    }

    public async Task<long> RecipientAsync(string email, string scope, bool fullNik = false, string? name = null)
    {
        await Services.GetRequiredService<DigestRecipients>().AddAsync(email, scope, name, fullNik, CancellationToken.None);
        return (await Services.GetRequiredService<DigestRecipients>().ListAsync(null, CancellationToken.None)).Single(r => r.Email == email).Id;
    }

    /// <summary>How many of the week's digests are sent and how many still wait in the outbox.</summary>
    public async Task<(int Sent, int Pending)> OutboxAsync(IsoWeek week)
    {
        await using var command = Database.DataSource.CreateCommand(
            "SELECT count(*) FILTER (WHERE sent_at IS NOT NULL)::integer, count(*) FILTER (WHERE sent_at IS NULL)::integer FROM digest.outbox WHERE iso_week = $1");
        command.Parameters.AddWithValue(week.ToString());
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt32(0), reader.GetInt32(1));
    }

    /// <summary>One recipient's digest for <see cref="Week"/>, composed without touching the outbox.</summary>
    public async Task<ComposedDigest> ComposeAsync(string scope, bool fullNik = false, IsoWeek? week = null)
    {
        await using var connection = await Database.DataSource.OpenConnectionAsync();
        var recipient = new DigestRecipient(1, "pejabat@serangkab.test", "Pejabat", scope, "id", fullNik, DateTime.UtcNow);
        var composer = Services.GetRequiredService<DigestComposer>();
        var digestWeek = await composer.LoadWeekAsync(connection, week ?? Week, CancellationToken.None);
        return await composer.ComposeAsync(connection, recipient, digestWeek, CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        var pickup = Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<DigestOptions>>().Value.PickupPath;
        Host.Dispose();
        await Database.DisposeAsync();
        if (Directory.Exists(pickup))
        {
            Directory.Delete(pickup, recursive: true);
        }
    }
}
