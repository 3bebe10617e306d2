using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Jamsostek.Rosters;

/// <summary>
/// Reads each page's body whole inside the resilience pipeline (below it in the handler chain), so that the attempt
/// time-out covers a server that stalls mid-body and a connection cut mid-page is retried like any other transient
/// failure. Read after the pipeline had returned the headers, a stall hung the pull with no time limit and a cut page
/// stopped the whole run. A 429 or 503 that says when to come back only in its JSON body gets that as its Retry-After.
/// </summary>
internal sealed class OpenSidWholePageHandler : DelegatingHandler
{
    // A page of the largest page size is about a megabyte; anything far beyond is a server sending without end.
    private const long MaxPageBytes = 64L * 1024 * 1024;

    // No rate limiter's window is longer: beyond it the value is broken, and Rosters:TotalTimeout cuts any wait longer than
    // itself anyway.
    private const int MaxRetryAfterSeconds = 60 * 60;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        try
        {
            await response.Content.LoadIntoBufferAsync(MaxPageBytes, cancellationToken);
            if (response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable
                && response.Headers.RetryAfter is null
                && await RetryAfterInBodyAsync(response.Content, cancellationToken) is { } wait)
            {
                response.Headers.RetryAfter = new RetryConditionHeaderValue(wait);
            }

            return response;
        }
        catch (HttpRequestException ex) when (ex.HttpRequestError == HttpRequestError.ConfigurationLimitExceeded)
        {
            response.Dispose();
            throw new HttpRequestException(HttpRequestError.ConfigurationLimitExceeded, $"The server sent a page larger than {MaxPageBytes / (1024 * 1024)} MB.", ex);
        }
        catch (IOException ex)
        {
            response.Dispose();
            throw new HttpRequestException(HttpRequestError.ResponseEnded, "The server closed the connection before the page was read whole.", ex);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    /// <summary>
    /// OpenKab's global rate limiter tells a client that expects JSON when to come back only in the body of its 429
    /// (<c>{"retry_after": 42}</c>, in seconds), without a Retry-After header; set as one, the retry waits for it instead of
    /// asking again, refused, inside the limiter's window.
    /// </summary>
    private static async Task<TimeSpan?> RetryAfterInBodyAsync(HttpContent content, CancellationToken cancellationToken)
    {
        try
        {
            await using var body = await content.ReadAsStreamAsync(cancellationToken);
            using var document = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken);
            if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("retry_after", out var value))
            {
                return null;
            }

            var seconds = value.ValueKind switch
            {
                JsonValueKind.Number when value.TryGetInt32(out var number) => number,
                JsonValueKind.String when int.TryParse(value.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var number) => number,
                _ => 0,
            };
            return seconds is > 0 and <= MaxRetryAfterSeconds ? TimeSpan.FromSeconds(seconds) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
