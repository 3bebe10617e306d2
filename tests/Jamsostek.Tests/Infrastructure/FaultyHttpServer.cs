using System.Net.Sockets;
using System.Text;

namespace Jamsostek.Tests.Infrastructure;

/// <summary>
/// An HTTP server on loopback that answers each connection as the test says: whole, cut in the middle of its body, stalled
/// in the middle of its body, without end, or not at all. WireMock answers whole or not at all; these faults need the socket.
/// </summary>
internal sealed class FaultyHttpServer : LoopbackTcpServer
{
    private readonly Func<int, FaultyAnswer> answerFor;
    private readonly byte[] body;

    /// <param name="body">The JSON every answer carries (all of it, or half of it).</param>
    /// <param name="answerFor">The answer to the n-th connection, counted from 1.</param>
    public FaultyHttpServer(string body, Func<int, FaultyAnswer> answerFor)
    {
        this.body = Encoding.UTF8.GetBytes(body);
        this.answerFor = answerFor;
        Start();
    }

    public string Url => $"http://127.0.0.1:{Port}";

    protected override async Task ServeAsync(TcpClient client, int number)
    {
        var answer = answerFor(number);
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                await ReadRequestAsync(stream);
                if (answer == FaultyAnswer.Silence)
                {
                    await Task.Delay(Timeout.Infinite, Stopping);
                }

                if (answer == FaultyAnswer.Endless)
                {
                    await SendWithoutEndAsync(stream);
                    return;
                }

                var head = $"HTTP/1.1 200 OK\r\nContent-Type: application/vnd.api+json\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n";
                await stream.WriteAsync(Encoding.ASCII.GetBytes(head), Stopping);
                await stream.WriteAsync(body.AsMemory(0, answer == FaultyAnswer.Whole ? body.Length : body.Length / 2), Stopping);
                await stream.FlushAsync(Stopping);
                if (answer == FaultyAnswer.StallMidBody)
                {
                    await Task.Delay(Timeout.Infinite, Stopping);
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
        await stream.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Type: application/vnd.api+json\r\nConnection: close\r\n\r\n"), Stopping);
        var spaces = Encoding.ASCII.GetBytes(new string(' ', 64 * 1024));
        while (true)
        {
            await stream.WriteAsync(spaces, Stopping);
        }
    }

    private async Task ReadRequestAsync(NetworkStream stream)
    {
        var seen = new StringBuilder();
        var buffer = new byte[4096];
        while (!seen.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var read = await stream.ReadAsync(buffer, Stopping);
            if (read == 0)
            {
                throw new IOException("The client closed the connection before its request ended.");
            }

            seen.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }
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
