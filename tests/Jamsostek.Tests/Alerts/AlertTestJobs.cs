using System.Collections.Concurrent;
using Hangfire;

namespace Jamsostek.Tests.Alerts;

/// <summary>Jobs the alert tests run through the worker's own Hangfire server, where the service's jobs cannot fail on demand.</summary>
public sealed class AlertTestJobs
{
    private static readonly ConcurrentDictionary<string, int> Attempts = new();

    public static void Succeeds()
    {
    }

    /// <summary>Its first attempt fails, as one cut off by a database restart would; Hangfire's retry comes at once.</summary>
    [AutomaticRetry(Attempts = 1, DelaysInSeconds = [0])]
    public static void FailsOnceThenSucceeds(string run)
    {
        if (Attempts.AddOrUpdate(run, 1, (_, attempts) => attempts + 1) == 1)
        {
            throw new InvalidOperationException("The first attempt fails.");
        }
    }

    [AutomaticRetry(Attempts = 0)]
    public static void FailsForGood() => throw new InvalidOperationException("This job always fails.");

    /// <summary>As a parser quoting the value it could not read: a person's name, here.</summary>
    [AutomaticRetry(Attempts = 0)]
    public static void FailsInALibrary() => throw new System.Text.Json.JsonException("'Budi Santoso' is an invalid start of a value.");
}
