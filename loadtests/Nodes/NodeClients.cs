using ContactCenter.Api.Protos;
using Grpc.Health.V1;
using Grpc.Net.Client;

namespace ContactCenter.LoadTests.Nodes;

/// <summary>
/// The public gRPC API of one node over a few channels (each its own HTTP/2 connections), taken in
/// turn so one connection's ordering does not cap the load.
/// </summary>
public sealed class NodeClients : IDisposable
{
    private readonly GrpcChannel[] _channels;
    private int _next;

    public NodeClients(Uri address, int connections)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(connections, 1);
        Address = address;
        _channels = [.. Enumerable.Range(0, connections).Select(_ => GrpcChannel.ForAddress(address))];
    }

    public Uri Address { get; }

    public RoutingService.RoutingServiceClient Routing => new(Next());

    public DeskService.DeskServiceClient Desk => new(Next());

    public AdminService.AdminServiceClient Admin => new(Next());

    public Health.HealthClient Health => new(Next());

    public SupervisorService.SupervisorServiceClient Supervisor => new(Next());

    public ReportService.ReportServiceClient Reports => new(Next());

    public void Dispose()
    {
        foreach (var channel in _channels)
        {
            channel.Dispose();
        }
    }

    private GrpcChannel Next() => _channels[(int)((uint)Interlocked.Increment(ref _next) % _channels.Length)];
}
