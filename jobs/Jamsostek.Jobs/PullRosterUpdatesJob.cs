using Hangfire;
using Jamsostek.Rosters;
using Microsoft.Extensions.Options;

namespace Jamsostek.Jobs;

/// <summary>pull-roster-updates (SPEC 4): every OpenSID feed, then every file in the roster inbox. Runs never overlap.</summary>
public sealed class PullRosterUpdatesJob(RosterUpdates updates)
{
    public const string Id = "pull-roster-updates";

    /// <summary>
    /// The run's one-line summary is the job's result, shown in the dashboard, with a sentence naming the desa whose pull
    /// still fails, since when and when the job fails for each. A file rejected, a desa held back or a token
    /// refused fails the run with their sentences, so the admin sees them where they look; retrying that is
    /// pointless, the files already moved aside. A setting to correct (a feed's token or address refused, an inbox folder
    /// that does not exist) is the command line's exit 2, an <see cref="OptionsValidationException"/>: no retry mends it
    /// either. A feed that did not answer is asked again next hour, until a desa has failed for longer than
    /// Rosters:FeedFailingAlertAfter: then the run fails naming it (<see cref="RosterFeedFailingException"/>, not retried:
    /// a failure that has lasted a day is for a person), on the first run past it and once a day after, so the admins'
    /// alert email tells them without one every hour. Anything else (the database restarting) is retried.
    /// </summary>
    [DisableConcurrentExecution(timeoutInSeconds: 3600)]
    [AutomaticRetry(Attempts = 3, ExceptOn = [typeof(InputRejectedException), typeof(OptionsValidationException), typeof(RosterFeedFailingException)])]
    [JobDisplayName("Pull roster updates: OpenSID feeds, then the roster inbox")]
    public async Task<string> RunAsync(CancellationToken cancellationToken)
    {
        var summary = await updates.RunAsync(cancellationToken, claimFeedAlerts: true);
        // The day's alert of a desa failing too long was claimed by this run: whatever it fails with must name it.
        string[] failingTooLong = summary.FeedsFailingAlert is { } alert ? [alert] : [];
        if (summary.NeedingAttention.Count > 0)
        {
            var sentences = string.Join(" ", [summary.ToString(), .. summary.NeedingAttention, .. failingTooLong]);
            // As pull roster's exit code: input to fix comes first (1), then a feed's setting to correct (2).
            throw summary.Rejections.Count > 0
                ? new InputRejectedException(sentences)
                : new OptionsValidationException($"{RostersOptions.Section}:{nameof(RostersOptions.Feeds)}", typeof(RostersOptions), [sentences]);
        }

        if (failingTooLong.Length > 0)
        {
            throw new RosterFeedFailingException(string.Join(" ", [summary.ToString(), .. failingTooLong]));
        }

        // Green while a desa still fails (under the threshold, or between two daily alerts): the result names it, where only
        // the count of failed desa said so and pull roster's stderr alone named them.
        string[] stillFailing = summary.FeedsStillFailing is { } failing ? [failing] : [];
        return string.Join(" ", [summary.ToString(), .. stillFailing]);
    }
}
