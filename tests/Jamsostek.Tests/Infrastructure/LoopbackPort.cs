using System.Net;
using System.Net.Sockets;

namespace Jamsostek.Tests.Infrastructure;

public static class LoopbackPort
{
    /// <summary>A loopback port free a moment ago, for a server that must be told its port before it starts.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
