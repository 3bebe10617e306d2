namespace Jamsostek.Benchmarks;

public enum StageOutcome
{
    Ok,
    NotAvailable,
    Failed,
}

/// <summary>One line of the report: how long a stage took on how many rows, against its floor and its target.</summary>
public sealed record StageResult
{
    public required string Stage { get; init; }

    public StageOutcome Outcome { get; init; } = StageOutcome.Ok;

    public long Rows { get; init; }

    public double Seconds { get; init; }

    public double? RowsPerSecond => Seconds > 0 && Rows > 0 ? Rows / Seconds : null;

    /// <summary>This stage's time over its floor's time (1.0 = as fast as PostgreSQL alone).</summary>
    public double? RatioToFloor { get; init; }

    public double? PeakRssMb { get; init; }

    public string Target { get; init; } = "";

    public bool? Met { get; init; }

    public string Note { get; init; } = "";
}
