using System.Net.Sockets;

namespace Jamsostek.Tests.Infrastructure;

/// <summary>
/// A TCP relay on loopback in front of a real server that can fall silent: until <see cref="Silence"/> it passes bytes
/// both ways; after it, every connection, old or new, stays open and nothing is answered, as with a host behind a
/// firewall that drops packets (a refused connection fails at once; this one only times out).
/// </summary>
internal sealed class SilencingRelay : LoopbackTcpServer
{
    // Both ends of every relayed connection, closed when the relay stops.
    private readonly List<TcpClient> sockets = [];
    private readonly string upstreamHost;
    private readonly int upstreamPort;
    private volatile bool silent;

    public SilencingRelay(string upstreamHost, int upstreamPort)
    {
        this.upstreamHost = upstreamHost;
        this.upstreamPort = upstreamPort;
        Start();
    }

    public void Silence() => silent = true;

    protected override async Task ServeAsync(TcpClient client, int number)
    {
        Track(client);
        try
        {
            if (silent)
            {
                await PumpAsync(client.GetStream(), Stream.Null);
                return;
            }

            var upstream = new TcpClient();
            Track(upstream);
            await upstream.ConnectAsync(upstreamHost, upstreamPort, Stopping);
            await Task.WhenAny(PumpAsync(client.GetStream(), upstream.GetStream()), PumpAsync(upstream.GetStream(), client.GetStream()));
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or IOException or SocketException)
        {
            // The relay or a side closed: the other side sees its connection end.
        }
        finally
        {
            client.Dispose();
        }
    }

    /// <summary>Every socket closes: the client waiting on a silent connection sees it end.</summary>
    protected override void OnStopping()
    {
        lock (sockets)
        {
            sockets.ForEach(s => s.Dispose());
        }
    }

    private void Track(TcpClient socket)
    {
        lock (sockets)
        {
            sockets.Add(socket);
        }
    }

    private async Task PumpAsync(Stream from, Stream to)
    {
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await from.ReadAsync(buffer, Stopping)) > 0)
        {
            if (!silent)
            {
                await to.WriteAsync(buffer.AsMemory(0, read), Stopping);
            }
        }
    }
}
