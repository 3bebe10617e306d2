using Microsoft.Extensions.Options;

namespace Jamsostek.Demo;

/// <summary>The <c>demo</c> command's data set: a small Kabupaten Serang with every desa (section "Demo").</summary>
public sealed class DemoOptions
{
    public const string Section = "Demo";

    public ulong Seed { get; set; } = 20261123;

    public int RosterEntries { get; set; } = SyntheticDataParameters.Demo.RosterEntries;

    public int MembershipRecords { get; set; } = SyntheticDataParameters.Demo.MembershipRecords;

    /// <summary>Where the answer key and the roster manifest go: never the inboxes, where an importer would pick them up.</summary>
    public string WorkingFolder { get; set; } = "demo";
}

internal sealed class DemoOptionsValidator : IValidateOptions<DemoOptions>
{
    public ValidateOptionsResult Validate(string? name, DemoOptions options)
    {
        // Kabupaten Serang's 326 desa (sql/reference/serang_wilayah.csv); a constant so that validation loads no data.
        const int desa = 326;
        List<string> failures = [];
        if (options.RosterEntries < desa)
        {
            failures.Add($"Demo:RosterEntries must be at least {desa}: one person in every desa.");
        }

        if (options.MembershipRecords < 0)
        {
            failures.Add("Demo:MembershipRecords cannot be negative.");
        }

        if (string.IsNullOrWhiteSpace(options.WorkingFolder))
        {
            failures.Add("Demo:WorkingFolder is required.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
