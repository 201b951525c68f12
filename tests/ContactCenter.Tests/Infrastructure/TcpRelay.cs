using System.Net;
using System.Net.Sockets;

namespace ContactCenter.Tests.Infrastructure;

/// <summary>
/// A port in front of a server that the test opens and closes: closed, each connection is reset
/// as it arrives (the server is "down"); open, bytes pass both ways. Closing drops the connections
/// it carries. Lets a test take PostgreSQL away from one client without touching the server others
/// share. The port stays bound from construction to disposal: a port given back while "closed"
/// could be taken by another listener of the test run, and the client would reach that instead.
/// </summary>
public sealed class TcpRelay : IAsyncDisposable
{
    private readonly List<TcpClient> _connections = [];
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _disposed = new();
    private readonly Task _accepting;
    private readonly string _targetHost;
    private readonly int _targetPort;
    // Cancelled while the relay is closed; each connection carried is tied to the source it opened under.
    private CancellationTokenSource _open = Cancelled();

    public TcpRelay(string targetHost, int targetPort)
    {
        _targetHost = targetHost;
        _targetPort = targetPort;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = AcceptAsync();
    }

    public int Port { get; }

    public void Open()
    {
        lock (_connections)
        {
            _open = new CancellationTokenSource();
        }
    }

    public void Close()
    {
        lock (_connections)
        {
            _open.Cancel();
            _connections.ForEach(c => c.Dispose());
            _connections.Clear();
        }
    }

    public async ValueTask DisposeAsync()
    {
        Close();
        await _disposed.CancelAsync();
        _listener.Stop();
        await _accepting;
    }

    private async Task AcceptAsync()
    {
        while (!_disposed.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_disposed.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            CancellationToken open;
            lock (_connections)
            {
                open = _open.Token;
            }

            if (open.IsCancellationRequested)
            {
                // Reset, not a polite close: the client sees what a refused connection gives it, at once.
                client.Client.LingerState = new LingerOption(true, 0);
                client.Dispose();
                continue;
            }

            _ = RelayAsync(client, open);
        }
    }

    private async Task RelayAsync(TcpClient client, CancellationToken open)
    {
        var server = new TcpClient();
        try
        {
            await server.ConnectAsync(_targetHost, _targetPort, open);
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException)
        {
            client.Dispose();
            server.Dispose();
            return;
        }

        lock (_connections)
        {
            if (open.IsCancellationRequested)
            {
                client.Dispose();
                server.Dispose();
                return;
            }

            _connections.Add(client);
            _connections.Add(server);
        }

        _ = PumpAsync(client, server, open);
        _ = PumpAsync(server, client, open);
    }

    private static CancellationTokenSource Cancelled()
    {
        var source = new CancellationTokenSource();
        source.Cancel();
        return source;
    }

    private static async Task PumpAsync(TcpClient from, TcpClient to, CancellationToken stop)
    {
        try
        {
            await from.GetStream().CopyToAsync(to.GetStream(), stop);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException or SocketException or InvalidOperationException)
        {
            // The relay was closed or one side hung up.
        }

        from.Dispose();
        to.Dispose();
    }
}
