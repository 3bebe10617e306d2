using System.ComponentModel.DataAnnotations;

namespace Jamsostek.Coverage;

public sealed class CoverageOptions
{
    public const string Section = "Coverage";

    /// <summary>SPEC 3.2: a covered entry paid through less than this many days after the day is EXPIRING.</summary>
    [Range(0, 366, ErrorMessage = "Coverage:ExpiringWindowDays must be between 0 and 366.")]
    public int ExpiringWindowDays { get; set; } = 30;

    /// <summary>
    /// How many kecamatan the <c>reconcile</c> command reconciles at once (Hangfire runs the shards on its own workers).
    /// A shard is one PostgreSQL backend on one core; shards touch disjoint entries, so they run side by side.
    /// </summary>
    [Range(1, 64, ErrorMessage = "Coverage:ShardParallelism must be between 1 and 64.")]
    public int ShardParallelism { get; set; } = 2;
}
