namespace Jamsostek.Tests.Infrastructure;

/// <summary>
/// Tests that build a host with Hangfire run one at a time, and apart from every other test: Hangfire keeps its log
/// provider in a static, which any host resolving Hangfire's configuration points at its own logger factory (the rosters'
/// and digests' test hosts do). A host disposed by another test then left the running job servers logging through a
/// disposed factory (ObjectDisposedException), and a two-server night made no progress for minutes under the full suite.
/// One host per process, as in production, never meets this.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HangfireHostCollection
{
    public const string Name = "Hangfire host";
}
