namespace Jamsostek.Rosters;

/// <summary>
/// Reads each page's body whole inside the resilience pipeline (below it in the handler chain), so that the attempt
/// time-out covers a server that stalls mid-body and a connection cut mid-page is retried like any other transient
/// failure. Read after the pipeline had returned the headers, a stall hung the pull with no time limit and a cut page
/// stopped the whole run.
/// </summary>
internal sealed class OpenSidWholePageHandler : DelegatingHandler
{
    // A page of the largest page size is about a megabyte; anything far beyond is a server sending without end.
    private const long MaxPageBytes = 64L * 1024 * 1024;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        try
        {
            await response.Content.LoadIntoBufferAsync(MaxPageBytes, cancellationToken);
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
}
