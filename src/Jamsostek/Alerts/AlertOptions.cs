using Microsoft.Extensions.Options;
using MimeKit;

namespace Jamsostek.Alerts;

/// <summary>Alerts:* settings: who is emailed when a job of the service fails for good, and where its dashboard is.</summary>
public sealed class AlertOptions
{
    public const string Section = "Alerts";

    /// <summary>The admins' addresses; none (the default) sends no alert and enqueues nothing.</summary>
    public List<string> Recipients { get; set; } = [];

    /// <summary>The dashboard's public https address (e.g. https://jamsostek.serangkab.go.id/hangfire), for a link to the failed job.</summary>
    public string? DashboardUrl { get; set; }

    /// <summary>
    /// A failure of the same job kind, exception and sentence as one emailed less than this ago is recorded, not emailed:
    /// the hourly pull failing on a refused token would otherwise be 24 emails a day. Zero emails every failure.
    /// </summary>
    public TimeSpan RepeatAfter { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// How long the sweep (sweep-failure-alerts) leaves a failure to the alert filter's own email before telling it itself:
    /// the filter's alert job normally claims it within seconds.
    /// </summary>
    public TimeSpan SweepGrace { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How far back the sweep looks for failures nobody was told of. Bounded, so its first run after an upgrade (or after
    /// Recipients is first set) tells the last day's untold failures, not every failure the dashboard still lists.
    /// </summary>
    public TimeSpan SweepWindow { get; set; } = TimeSpan.FromDays(1);

    public bool Enabled => Recipients.Count > 0;
}

internal sealed class AlertOptionsValidator : IValidateOptions<AlertOptions>
{
    public ValidateOptionsResult Validate(string? name, AlertOptions options)
    {
        var failures = new List<string>();
        foreach (var (recipient, index) in options.Recipients.Select((r, i) => (r, i)))
        {
            // MimeKit takes a bare word as a local address; a mail server would refuse the whole alert for it, at night.
            if (!MailboxAddress.TryParse(recipient, out var address) || !address.Address.Contains('@', StringComparison.Ordinal))
            {
                // The key, not the text: an address is personal data (SPEC 6), and this sentence goes to stderr and the journal.
                failures.Add($"Alerts:Recipients:{index} is not an email address (e.g. kesra@serangkab.go.id).");
            }
        }

        // The link is read outside the server, through the TLS proxy: an http:// link would send the admin's Basic login in clear.
        if (!string.IsNullOrWhiteSpace(options.DashboardUrl)
            && (!Uri.TryCreate(options.DashboardUrl, UriKind.Absolute, out var url) || url.Scheme != Uri.UriSchemeHttps || url.Query.Length > 0 || url.Fragment.Length > 0))
        {
            failures.Add($"Alerts:DashboardUrl '{options.DashboardUrl}' is not an https:// address: give the dashboard's public address, e.g. https://jamsostek.serangkab.go.id/hangfire.");
        }

        if (options.RepeatAfter < TimeSpan.Zero || options.RepeatAfter > TimeSpan.FromDays(7))
        {
            failures.Add($"Alerts:RepeatAfter {options.RepeatAfter} is not between 00:00:00 (every failure emailed) and 7.00:00:00 (e.g. 1.00:00:00 for once a day).");
        }

        if (options.SweepGrace < TimeSpan.Zero || options.SweepGrace > TimeSpan.FromHours(1))
        {
            failures.Add($"Alerts:SweepGrace {options.SweepGrace} is not between 00:00:00 and 01:00:00 (e.g. 00:05:00).");
        }

        if (options.SweepWindow <= options.SweepGrace || options.SweepWindow > TimeSpan.FromDays(7))
        {
            failures.Add($"Alerts:SweepWindow {options.SweepWindow} is not longer than Alerts:SweepGrace and at most 7.00:00:00 (e.g. 1.00:00:00 for a day).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
