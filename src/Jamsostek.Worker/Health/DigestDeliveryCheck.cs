using Jamsostek.Digest;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Jamsostek.Worker.Health;

/// <summary>
/// Whether the weekly digest could go out now: the mail server answers (Digest:Smtp) and offers what its settings ask
/// (STARTTLS, a login when Username is set; it is not logged in to), or the pickup folder can be made.
/// Degraded rather than unhealthy when it could not: the night's work goes on and the outbox keeps the digests, but an admin
/// reading /health/ready learns it days before Monday. Asked at most every five minutes, so probes every few seconds do not
/// each open a connection to the mail server.
/// </summary>
public sealed class DigestDeliveryCheck(IDigestTransport transport, TimeProvider time) : IHealthCheck, IDisposable
{
    private static readonly TimeSpan AskEvery = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan AnswerWithin = TimeSpan.FromSeconds(10);
    private readonly SemaphoreSlim asking = new(1, 1);
    private (DateTimeOffset At, HealthCheckResult Result)? last;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await asking.WaitAsync(cancellationToken);
        try
        {
            if (last is { } known && time.GetUtcNow() - known.At < AskEvery)
            {
                return known.Result;
            }

            using var within = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            within.CancelAfter(AnswerWithin);
            string? problem;
            try
            {
                problem = await transport.ProblemAsync(within.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                problem = $"The mail server of Digest:Smtp:Host did not answer within {AnswerWithin.TotalSeconds:0} s; digests wait in the outbox until it does.";
            }

            var result = problem is null ? HealthCheckResult.Healthy("Digests can go out.") : HealthCheckResult.Degraded(problem);
            last = (time.GetUtcNow(), result);
            return result;
        }
        finally
        {
            asking.Release();
        }
    }

    public void Dispose() => asking.Dispose();
}
