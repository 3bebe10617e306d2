using Microsoft.Extensions.Options;

namespace Jamsostek.Membership;

public sealed class MembershipOptions
{
    public const string Section = "Membership";

    /// <summary>Where the BPJS branch's membership files are dropped (SPEC 2.4); processed files go to archive/, held ones to held/ beneath it.</summary>
    public string InboxPath { get; set; } = "inbox/membership";

    /// <summary>A file in the inbox written more recently than this is left for the next run: it may still be being copied in.</summary>
    public TimeSpan InboxQuietPeriod { get; set; } = TimeSpan.FromMinutes(2);
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

        return ValidateOptionsResult.Success;
    }
}
