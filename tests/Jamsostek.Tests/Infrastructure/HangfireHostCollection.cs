namespace Jamsostek.Tests.Infrastructure;

/// <summary>
/// Tests that build a host with Hangfire run one at a time: Hangfire keeps its log provider in a static, so a host
/// disposed by one test hands the jobs another test triggers a disposed logger factory (ObjectDisposedException).
/// One host per process, as in production, never meets this.
/// </summary>
[CollectionDefinition(Name)]
public sealed class HangfireHostCollection
{
    public const string Name = "Hangfire host";
}
