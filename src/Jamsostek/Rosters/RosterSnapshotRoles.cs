namespace Jamsostek.Rosters;

/// <summary>
/// The roles a snapshot speaks for (SPEC 2.1, 2.2): a person listed before in one of them and absent now leaves; a person of
/// another role is left alone. An OpenSID pull or export knows only the roles its occupations map to. A template file knows
/// every role, but in a desa an OpenSID feed pulls or an OpenSID export was imported for, those occupations' roles are
/// OpenSID's: a village publishes its farmers through OpenSID and its BPD members, RT heads and cadres (no OpenSID
/// occupation) as a file, and each snapshot made the other's people leave, or held the small file back as a desa losing
/// more than half of its people.
/// </summary>
/// <param name="Perans">The roles the snapshot knows; null: every role.</param>
/// <param name="FeedDesa">Desa pulled by a configured feed or written by an OpenSID export, where <paramref name="FeedPerans"/> are OpenSID's alone.</param>
/// <param name="FeedPerans">The roles OpenSID occupations map to.</param>
public sealed record RosterSnapshotRoles(IReadOnlyList<string>? Perans, IReadOnlyList<string> FeedDesa, IReadOnlyList<string> FeedPerans)
{
    public static RosterSnapshotRoles Only(IReadOnlyList<string> perans) => new(perans, [], []);

    /// <summary>These roles with <paramref name="desa"/> among the desa where the OpenSID roles are OpenSID's alone.</summary>
    public RosterSnapshotRoles WithFeedDesa(IEnumerable<string> desa) =>
        this with { FeedDesa = [.. FeedDesa.Union(desa, StringComparer.Ordinal)] };

    /// <summary>A template file's snapshot: every role, but the feed's roles in the desa a feed pulls.</summary>
    public static RosterSnapshotRoles EveryButFeeds(RostersOptions options, RosterReferenceData reference) =>
        new(null, [.. options.Feeds.SelectMany(f => f.KodeDesaDigits).Distinct(StringComparer.Ordinal)], reference.OpenSidPerans);
}
