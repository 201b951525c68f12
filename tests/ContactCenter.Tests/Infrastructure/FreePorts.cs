using System.Net;
using System.Net.Sockets;

namespace ContactCenter.Tests.Infrastructure;

public static class FreePorts
{
    /// <summary>Ports the OS reports free right now; each host in a test run gets its own.</summary>
    public static int[] Take(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ =>
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return listener;
        }).ToList();
        var ports = listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        listeners.ForEach(l => l.Stop());
        return ports;
    }
}
