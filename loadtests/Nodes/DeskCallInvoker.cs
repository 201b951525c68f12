using ContactCenter.Api.Security;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;

namespace ContactCenter.LoadTests.Nodes;

/// <summary>
/// Desk calls as desks make them: each operator's calls (sign-in, its stream, accept, complete)
/// all go to one node of a cluster, the one its desk is connected to, while the operators spread
/// over the nodes. Within that node the node's channels are taken in turn. A call that names no
/// operator goes to any node.
/// </summary>
public sealed class DeskCallInvoker : CallInvoker
{
    private readonly GrpcChannel[][] _channelsByNode;
    private int _next;

    /// <param name="channelsByNode">Each node's channels; every node has at least one.</param>
    public DeskCallInvoker(GrpcChannel[][] channelsByNode)
    {
        ArgumentOutOfRangeException.ThrowIfZero(channelsByNode.Length);
        _channelsByNode = channelsByNode;
    }

    /// <summary>The node (its index) whose desk connection this operator uses.</summary>
    public int NodeOf(string operatorId) => (int)((uint)StringComparer.Ordinal.GetHashCode(operatorId) % (uint)_channelsByNode.Length);

    public override TResponse BlockingUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) =>
        For(request).BlockingUnaryCall(method, host, options, request);

    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) =>
        For(request).AsyncUnaryCall(method, host, options, request);

    public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) =>
        For(request).AsyncServerStreamingCall(method, host, options, request);

    public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options) =>
        Any().AsyncClientStreamingCall(method, host, options);

    public override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options) =>
        Any().AsyncDuplexStreamingCall(method, host, options);

    private CallInvoker For(object request)
    {
        var operatorId = request is IMessage message ? BearerTokenInterceptor.OperatorOf(message) : string.Empty;
        return operatorId.Length == 0 ? Any() : Next(_channelsByNode[NodeOf(operatorId)]);
    }

    private CallInvoker Any() => Next(_channelsByNode[(int)((uint)Interlocked.Increment(ref _next) % (uint)_channelsByNode.Length)]);

    private CallInvoker Next(GrpcChannel[] channels) =>
        channels[(int)((uint)Interlocked.Increment(ref _next) % (uint)channels.Length)].CreateCallInvoker();
}
