using Jamsostek.Tabular;
using Microsoft.Extensions.Options;

namespace Jamsostek.Membership;

public sealed class MembershipOptions
{
    public const string Section = "Membership";

    /// <summary>Where the BPJS branch's membership files are dropped (SPEC 2.4); processed files go to archive/, held ones to held/ beneath it.</summary>
    public string InboxPath { get; set; } = "inbox/membership";

    /// <summary>A file in the inbox written more recently than this is left for the next run: it may still be being copied in.</summary>
    public TimeSpan InboxQuietPeriod { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// How long a file stays in the inbox's archive/ (with its report) after it was taken; each sync deletes older ones. Each
    /// daily file is the branch's whole register (about 5,000,000 people's NIKs, names and birth dates, hundreds of MB;
    /// UU 27/2022, SPEC 6), so the newest supersedes the rest: 30 days is a month to re-import or compare one, about 9 GB.
    /// </summary>
    public TimeSpan ArchiveRetention { get; set; } = TimeSpan.FromDays(30);
}

internal sealed class MembershipOptionsValidator : IValidateOptions<MembershipOptions>
{
    public ValidateOptionsResult Validate(string? name, MembershipOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.InboxPath))
        {
            return ValidateOptionsResult.Fail("Membership:InboxPath is required: give the folder where membership files are dropped.");
        }

        if (options.InboxPath.IndexOfAny(Path.GetInvalidPathChars()) >= 0)
        {
            return ValidateOptionsResult.Fail("Membership:InboxPath is not a valid folder path.");
        }

        if (options.InboxQuietPeriod < TimeSpan.Zero || options.InboxQuietPeriod > TimeSpan.FromHours(12))
        {
            return ValidateOptionsResult.Fail("Membership:InboxQuietPeriod must be between 00:00:00 and 12:00:00.");
        }

        if (options.ArchiveRetention < InboxArchive.ShortestRetention || options.ArchiveRetention > InboxArchive.LongestRetention)
        {
            return ValidateOptionsResult.Fail("Membership:ArchiveRetention must be between 1.00:00:00 and 3650.00:00:00 (d.hh:mm:ss; a bare number is read as days).");
        }

        return ValidateOptionsResult.Success;
    }
}
