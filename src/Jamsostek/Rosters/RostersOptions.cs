using System.Globalization;
using Jamsostek.Regions;
using Jamsostek.Tabular;
using Microsoft.Extensions.Options;

namespace Jamsostek.Rosters;

/// <summary>Where roster files arrive and which OpenSID feeds to pull (SPEC 2.1, 2.2, 4). Bound from "Rosters".</summary>
public sealed class RostersOptions
{
    public const string Section = "Rosters";

    /// <summary>The drop folder for roster files; processed files go to archive/ beneath it, files refused whole to rejected/, files the shrink guard held back to held/. Unset: feeds only.</summary>
    public string? InboxPath { get; set; }

    /// <summary>A file in the inbox written more recently than this is left for the next run: it may still be being copied in.</summary>
    public TimeSpan InboxQuietPeriod { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// How long a file stays in the inbox's archive/ (with its report) after it was taken; each run deletes older ones. The
    /// files hold villagers' NIKs, names and birth dates (UU 27/2022, SPEC 6); 90 days is a season for a village operator to
    /// ask about a file's report, and the roster itself is in the database.
    /// </summary>
    public TimeSpan ArchiveRetention { get; set; } = TimeSpan.FromDays(90);

    public List<RosterFeedOptions> Feeds { get; set; } = [];

    /// <summary>
    /// How long a desa's pull may keep failing for a passing reason (the server down, a time-out) before the hourly job fails
    /// for it, which emails the admins; then once a day while it still fails. An hour of that is the next run's to mend; a
    /// week of it, told to nobody, aged the desa's roster in silence.
    /// </summary>
    public TimeSpan FeedFailingAlertAfter { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// page[size] of each OpenSID request: the most the database gabungan API serves (docs/rosters.md). Behind OpenKab's 60
    /// requests a minute, a regency's pull at 100 a page (326 desa, five occupations, a desa's farmers several pages) ran
    /// past the hour to the next one.
    /// </summary>
    public int PageSize { get; set; } = 500;

    /// <summary>One HTTP attempt; a slower answer is a failure and is retried.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>One request with all its retries.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromMinutes(3);

    public int MaxRetries { get; set; } = 4;

    /// <summary>The first back-off delay (exponential, with jitter); a 429's Retry-After wins when it says more.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>When half of a feed's requests fail within 30 s, the feed is left alone this long (circuit breaker).</summary>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>One OpenSID "database gabungan" server and the desa pulled from it.</summary>
public sealed class RosterFeedOptions
{
    public string Name { get; set; } = "";

    public string BaseUrl { get; set; } = "";

    /// <summary>Lets an http:// BaseUrl other than loopback through: for a server reached only over a private network.</summary>
    public bool AllowPlainHttp { get; set; }

    /// <summary>Sanctum bearer token; from the environment or user secrets, never a committed file (SPEC 6).</summary>
    public string Token { get; set; } = "";

    public List<string> KodeDesa { get; set; } = [];

    /// <summary>The village codes as the roster stores them: dotted or plain in the configuration.</summary>
    public IEnumerable<string> KodeDesaDigits => KodeDesa.Select(RegionCode.Digits);
}

internal sealed class RostersOptionsValidator : IValidateOptions<RostersOptions>
{
    public ValidateOptionsResult Validate(string? name, RostersOptions options)
    {
        var failures = new List<string>();
        if (options.InboxPath is not null && (string.IsNullOrWhiteSpace(options.InboxPath) || options.InboxPath.IndexOfAny(Path.GetInvalidPathChars()) >= 0))
        {
            failures.Add("Rosters:InboxPath is not a usable folder path (leave it unset to pull feeds only).");
        }

        if (options.InboxQuietPeriod < TimeSpan.Zero || options.InboxQuietPeriod > TimeSpan.FromHours(1))
        {
            failures.Add("Rosters:InboxQuietPeriod must be between 00:00:00 and 01:00:00 (the job runs hourly).");
        }

        if (options.ArchiveRetention < InboxArchive.ShortestRetention || options.ArchiveRetention > InboxArchive.LongestRetention)
        {
            failures.Add("Rosters:ArchiveRetention must be between 1.00:00:00 and 3650.00:00:00 (d.hh:mm:ss; a bare number is read as days).");
        }

        // Under an hour every failed hourly run would be past it; past 90 days the digest already names the desa as silent.
        if (options.FeedFailingAlertAfter < TimeSpan.FromHours(1) || options.FeedFailingAlertAfter > TimeSpan.FromDays(90))
        {
            failures.Add("Rosters:FeedFailingAlertAfter must be between 01:00:00 and 90.00:00:00 (d.hh:mm:ss; a bare number is read as days).");
        }

        if (options.PageSize is < 1 or > 1000)
        {
            failures.Add("Rosters:PageSize must be between 1 and 1000.");
        }

        // Polly refuses time-outs and break durations over a day, and only when the first pull builds its pipeline: a
        // TotalTimeout of "30" (read as 30 days) passed here and broke every pull.
        var longest = TimeSpan.FromDays(1);
        if (options.AttemptTimeout <= TimeSpan.Zero || options.AttemptTimeout > longest)
        {
            failures.Add("Rosters:AttemptTimeout must be more than 00:00:00 and at most 1.00:00:00 (hh:mm:ss).");
        }

        if (options.TotalTimeout < options.AttemptTimeout || options.TotalTimeout > longest)
        {
            failures.Add("Rosters:TotalTimeout must be at least Rosters:AttemptTimeout and at most 1.00:00:00 (hh:mm:ss).");
        }

        if (options.MaxRetries is < 0 or > 20)
        {
            failures.Add("Rosters:MaxRetries must be between 0 and 20.");
        }

        // Polly's retry refuses a delay over a day when the first pull builds its pipeline: "2", read as 2 days, crashed every pull.
        if (options.RetryDelay <= TimeSpan.Zero || options.RetryDelay > longest)
        {
            failures.Add("Rosters:RetryDelay must be more than 00:00:00 and at most 1.00:00:00 (hh:mm:ss; a bare number is read as days).");
        }

        if (options.BreakDuration < TimeSpan.FromMilliseconds(500) || options.BreakDuration > longest)
        {
            failures.Add("Rosters:BreakDuration must be between 00:00:00.5 and 1.00:00:00 (hh:mm:ss).");
        }

        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        // Each pull is the desa's whole snapshot of its feed's roles: pulled by two feeds, a desa swapped rosters every hour.
        var pulledBy = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Feeds.Count; i++)
        {
            var feed = options.Feeds[i];
            var key = $"Rosters:Feeds:{i}";
            if (string.IsNullOrWhiteSpace(feed.Name))
            {
                failures.Add($"{key}:Name is required.");
            }
            else if (!names.Add(feed.Name))
            {
                failures.Add($"{key}:Name '{feed.Name}' is used by another feed.");
            }

            if (!Uri.TryCreate(feed.BaseUrl, UriKind.Absolute, out var baseUrl) || (baseUrl.Scheme != Uri.UriSchemeHttps && baseUrl.Scheme != Uri.UriSchemeHttp))
            {
                failures.Add($"{key}:BaseUrl must be an absolute http(s) URL.");
            }
            // The token and every villager's NIK, name and birth date travel in the clear over http.
            else if (baseUrl.Scheme == Uri.UriSchemeHttp && !baseUrl.IsLoopback && !feed.AllowPlainHttp)
            {
                failures.Add($"{key}:BaseUrl is http://, which would send the token and the villagers' NIKs unencrypted: use https://, or set {key}:AllowPlainHttp to true for a server reached only over a private network.");
            }

            if (string.IsNullOrWhiteSpace(feed.Token))
            {
                failures.Add($"{key}:Token is required (set it in the environment as Rosters__Feeds__{i}__Token).");
            }

            if (feed.KodeDesa.Count == 0)
            {
                failures.Add($"{key}:KodeDesa must list at least one village code.");
            }

            for (var j = 0; j < feed.KodeDesa.Count; j++)
            {
                var digits = RegionCode.Digits(feed.KodeDesa[j]);
                if (digits.Length != 10 || !long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out _))
                {
                    failures.Add($"{key}:KodeDesa:{j} is not a 10-digit village code.");
                }
                else if (!pulledBy.TryAdd(digits, $"{key}:KodeDesa:{j}"))
                {
                    failures.Add($"{key}:KodeDesa:{j} ({digits}) is pulled already by {pulledBy[digits]}: a desa has one feed.");
                }
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
