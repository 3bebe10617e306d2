namespace Jamsostek.Database;

/// <summary>
/// Every PostgreSQL advisory lock key the service takes, in one list, so that no two capabilities share one: a shared key
/// would make two unrelated runs wait on each other, or let one take the other's lock as its own. The SQL that takes a
/// lock gets its key from here as a parameter. PostgreSQL keeps two key spaces apart: one bigint key (a session lock and a
/// transaction lock of the same key exclude each other), and a pair of int keys, a class and an object (the kecamatan, the
/// day, the person), for locks taken per object. The leading digits name the capability, as its migrations' numbers do
/// (1 rosters, 2 membership, 25 matching, 3 coverage, 4 digest). AdvisoryLockKeysTests checks that no two are equal.
/// </summary>
public static class AdvisoryLockKeys
{
    // One bigint key, session locks (SessionLock): held across transactions and the file moves after a commit.

    /// <summary>Migrations, and the schemas libraries own: servers starting together must not run a script twice.</summary>
    public const long Migrations = 7316042001;

    /// <summary>One run of the roster inbox at a time: a second found files the first was still archiving.</summary>
    public const long RosterInbox = 1100001;

    /// <summary>One run of the membership inbox at a time, for the same reason.</summary>
    public const long MembershipInbox = 2200001;

    /// <summary>The night's changes gathered once at a time (docs/coverage.md, "Gathered once").</summary>
    public const long CoverageGathering = 3303_0000;

    /// <summary>One sender drains the digest outbox at a time (the job, a retry, <c>digest send</c>).</summary>
    public const long DigestOutbox = 4400001;

    // One bigint key, transaction locks (pg_advisory_xact_lock): released by the commit or the rollback. These two are
    // hashtext('jamsostek.roster.merge') and hashtext('membership.import'), which the SQL computed before this list
    // existed: a server still on that release and one on this exclude each other.

    /// <summary>
    /// One roster merge at a time (rosters/lock_merge; the job and a command-line import may overlap): two snapshots of
    /// the same desa merged at once would both insert its new people.
    /// </summary>
    public const long RosterMerge = -2044349556;

    /// <summary>One membership import at a time (membership/lock_import): two files racing must not interleave their swaps of the register.</summary>
    public const long MembershipImport = -668259682;

    // Classes of (class, object) transaction locks.

    /// <summary>
    /// Decisions on one register person (matching/review_lock; the object: the hashtext of their NIK): two admins
    /// accepting two roster entries for the same person at once must not both succeed.
    /// </summary>
    public const int MatchingDecisionClass = 2501;

    /// <summary>
    /// One coverage shard (coverage/lock_shard; the object: the kecamatan code, whatever the day): the same shard run twice,
    /// by two servers or a retry beside the command line, waits instead of interleaving flag updates.
    /// </summary>
    public const int CoverageShardClass = 3301;

    /// <summary>Finishing a coverage day (coverage/lock_day; the object: the day as yyyymmdd): two shards completing together may both try.</summary>
    public const int CoverageDayClass = 3302;

    /// <summary>Claiming a failure's alert (alerts/lock_cause; the object: the hashtext of its cause): one email per cause and window.</summary>
    public const int AlertCauseClass = 6001;
}
