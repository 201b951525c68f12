using ContactCenter.Api.Protos;
using ContactCenter.Api.Security;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Health.V1;
using Grpc.Net.Client;

namespace ContactCenter.LoadTests.Nodes;

/// <summary>
/// The public gRPC API of a node, or of every node of a cluster, over a few channels per node (each
/// its own HTTP/2 connections), taken in turn so one connection's ordering does not cap the load and
/// a cluster's nodes share it as gateways and desks spread over them would. Each call carries the
/// token of the role it plays: the gateway, the operator its request names, the administrator.
/// </summary>
public sealed class NodeClients : IDisposable
{
    private readonly GrpcChannel[] _channels;
    private readonly DeskCallInvoker _deskInvoker;
    private readonly NodeTokens _tokens;
    private readonly BearerTokenInterceptor _gateway;
    private readonly BearerTokenInterceptor _desks;
    private readonly BearerTokenInterceptor _admin;
    private int _next;

    public NodeClients(Uri address, int connections, NodeTokens tokens)
        : this([address], connections, tokens)
    {
    }

    /// <param name="connections">Channels to each node.</param>
    public NodeClients(IReadOnlyList<Uri> addresses, int connections, NodeTokens tokens)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(connections, 1);
        ArgumentOutOfRangeException.ThrowIfZero(addresses.Count);
        Addresses = addresses;
        _tokens = tokens;

        var byNode = addresses.Select(address => Enumerable.Range(0, connections).Select(_ => GrpcChannel.ForAddress(address)).ToArray()).ToArray();
        _deskInvoker = new DeskCallInvoker(byNode, () => Next().CreateCallInvoker());

        // Node by node within each round, so calls taken in turn alternate between the nodes.
        _channels = [.. Enumerable.Range(0, connections).SelectMany(round => byNode.Select(node => node[round]))];
        ChannelTargets = [.. Enumerable.Range(0, connections).SelectMany(_ => addresses)];
        _gateway = new BearerTokenInterceptor(_ => tokens.For(Caller.Gateway("loadtests")));
        _desks = new BearerTokenInterceptor(request => tokens.For(Caller.OperatorNamed(BearerTokenInterceptor.OperatorOf(request))));
        _admin = new BearerTokenInterceptor(_ => tokens.For(Caller.Admin("loadtests")));
    }

    public IReadOnlyList<Uri> Addresses { get; }

    /// <summary>The node each channel leads to, in the order calls take the channels.</summary>
    public IReadOnlyList<Uri> ChannelTargets { get; }

    public RoutingService.RoutingServiceClient Routing => new(Next().Intercept(_gateway));

    /// <summary>
    /// Desks of many operators share the channels; each call carries the token of the operator it
    /// names and goes to that operator's node (<see cref="DeskCallInvoker"/>).
    /// </summary>
    public DeskService.DeskServiceClient Desk => new(_deskInvoker.Intercept(_desks));

    /// <summary>The node (index into <see cref="Addresses"/>) an operator's desk calls go to.</summary>
    public int DeskNodeOf(string operatorId) => _deskInvoker.NodeOf(operatorId);

    public AdminService.AdminServiceClient Admin => new(Next().Intercept(_admin));

    public SupervisorService.SupervisorServiceClient Supervision => new(Next().Intercept(_admin));

    public ReportService.ReportServiceClient Reports => new(Next().Intercept(_admin));

    /// <summary>Calls made as this caller.</summary>
    public CallInvoker As(Caller caller) => Next().Intercept(new BearerTokenInterceptor(_ => _tokens.For(caller)));

    public Health.HealthClient Health => new(Next());

    public void Dispose()
    {
        foreach (var channel in _channels)
        {
            channel.Dispose();
        }
    }

    private GrpcChannel Next() => _channels[(int)((uint)Interlocked.Increment(ref _next) % _channels.Length)];
}
