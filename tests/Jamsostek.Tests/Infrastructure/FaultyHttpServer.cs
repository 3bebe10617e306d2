using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Jamsostek.Tests.Infrastructure;

/// <summary>
/// An HTTP server on loopback that answers each connection as the test says: whole, cut in the middle of its body, stalled
/// in the middle of its body, without end, or not at all. WireMock answers whole or not at all; these faults need the socket.
/// </summary>
internal sealed class FaultyHttpServer : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stop = new();
    private readonly Func<int, FaultyAnswer> answerFor;
    private readonly byte[] body;
    private readonly Task accepting;
    private int connections;

    /// <param name="body">The JSON every answer carries (all of it, or half of it).</param>
    /// <param name="answerFor">The answer to the n-th connection, counted from 1.</param>
    public FaultyHttpServer(string body, Func<int, FaultyAnswer> answerFor)
    {
        this.body = Encoding.UTF8.GetBytes(body);
        this.answerFor = answerFor;
        listener.Start();
        accepting = AcceptAsync();
    }

    public string Url => $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";

    public int Connections => Volatile.Read(ref connections);

    private async Task AcceptAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = ServeAsync(client, answerFor(Interlocked.Increment(ref connections)));
        }
    }

    private async Task ServeAsync(TcpClient client, FaultyAnswer answer)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                await ReadRequestAsync(stream);
                if (answer == FaultyAnswer.Silence)
                {
                    await Task.Delay(Timeout.Infinite, stop.Token);
                }

                if (answer == FaultyAnswer.Endless)
                {
                    await SendWithoutEndAsync(stream);
                    return;
                }

                var head = $"HTTP/1.1 200 OK\r\nContent-Type: application/vnd.api+json\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n";
                await stream.WriteAsync(Encoding.ASCII.GetBytes(head), stop.Token);
                await stream.WriteAsync(body.AsMemory(0, answer == FaultyAnswer.Whole ? body.Length : body.Length / 2), stop.Token);
                await stream.FlushAsync(stop.Token);
                if (answer == FaultyAnswer.StallMidBody)
                {
                    await Task.Delay(Timeout.Infinite, stop.Token);
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException)
            {
                // The client gave up, or the test is over.
            }
        }
    }

    /// <summary>A body without a length, never finished: the client can only stop reading.</summary>
    private async Task SendWithoutEndAsync(NetworkStream stream)
    {
        await stream.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Type: application/vnd.api+json\r\nConnection: close\r\n\r\n"), stop.Token);
        var spaces = Encoding.ASCII.GetBytes(new string(' ', 64 * 1024));
        while (true)
        {
            await stream.WriteAsync(spaces, stop.Token);
        }
    }

    private async Task ReadRequestAsync(NetworkStream stream)
    {
        var seen = new StringBuilder();
        var buffer = new byte[4096];
        while (!seen.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var read = await stream.ReadAsync(buffer, stop.Token);
            if (read == 0)
            {
                throw new IOException("The client closed the connection before its request ended.");
            }

            seen.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Stop();
        await accepting;
        stop.Dispose();
    }
}

internal enum FaultyAnswer
{
    Whole,
    CutMidBody,
    StallMidBody,
    Endless,
    Silence,
}
