using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Jamsostek.Demo;

/// <summary>
/// The <c>demo</c> data set: synthetic roster files for all 326 desa dropped in the roster inbox and a BPJS file in the
/// membership inbox, exactly where the nightly jobs look, plus the answer key in the working folder.
/// </summary>
public sealed partial class DemoDataSet(IOptions<DemoOptions> options, IConfiguration configuration, TimeProvider time, ILogger<DemoDataSet> logger)
{
    public const string RosterInboxKey = "Rosters:InboxPath";
    public const string MembershipInboxKey = "Membership:InboxPath";

    public Task<SyntheticDataSummary> WriteAsync(ulong? seed, CancellationToken cancellationToken)
    {
        var rosterInbox = Required(RosterInboxKey);
        var membershipInbox = Required(MembershipInboxKey);
        var demo = options.Value;
        var parameters = SyntheticDataParameters.Demo with
        {
            Seed = seed ?? demo.Seed,
            RosterEntries = demo.RosterEntries,
            MembershipRecords = demo.MembershipRecords,
            // Payments and arrears are placed around today in Serang, so tonight's reconciliation finds every status.
            ReferenceDate = BusinessDay.Today(time),
        };
        var summary = SyntheticData.Generate(parameters, new SyntheticDataFolders(rosterInbox, membershipInbox, demo.WorkingFolder), cancellationToken);
        LogWritten(summary.RosterFiles, summary.RosterRows, rosterInbox, summary.MembershipRecords, membershipInbox, demo.WorkingFolder, summary.Elapsed);
        return Task.FromResult(summary);
    }

    private string Required(string key)
    {
        var value = configuration[key];
        return string.IsNullOrWhiteSpace(value)
            ? throw new OptionsValidationException(key, typeof(DemoOptions), [$"{key} is required: the demo writes its files into the inbox the importers read."])
            : value;
    }

    [LoggerMessage(EventId = 5000, Level = LogLevel.Information,
        Message = "Demo data written: {RosterFiles} roster files ({RosterRows} rows) in {RosterInbox}, {MembershipRecords} membership records in {MembershipInbox}, answer key in {WorkingFolder}, in {Elapsed}")]
    private partial void LogWritten(int rosterFiles, int rosterRows, string rosterInbox, int membershipRecords, string membershipInbox, string workingFolder, TimeSpan elapsed);
}
