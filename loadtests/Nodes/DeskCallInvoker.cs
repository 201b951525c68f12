using ContactCenter.Api.Security;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;

namespace ContactCenter.LoadTests.Nodes;

/// <summary>
/// Desk calls as desks make them: each operator's calls (sign-in, its stream, accept, complete)
/// all go to one node of a cluster, the one its desk is connected to, while the operators spread
/// over the nodes. Within that node the node's channels are taken in turn. A call that names no
/// operator goes wherever <c>anyNode</c> says.
/// </summary>
public sealed class DeskCallInvoker : CallInvoker
{
    private readonly GrpcChannel[][] _channelsByNode;
    private readonly Func<CallInvoker> _anyNode;
    private int _next;

    /// <param name="channelsByNode">Each node's channels; every node has at least one.</param>
    /// <param name="anyNode">The invoker for a call that names no operator.</param>
    public DeskCallInvoker(GrpcChannel[][] channelsByNode, Func<CallInvoker> anyNode)
    {
        ArgumentOutOfRangeException.ThrowIfZero(channelsByNode.Length);
        _channelsByNode = channelsByNode;
        _anyNode = anyNode;
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
        _anyNode().AsyncClientStreamingCall(method, host, options);

    public override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options) =>
        _anyNode().AsyncDuplexStreamingCall(method, host, options);

    private CallInvoker For(object request)
    {
        var operatorId = request is IMessage message ? BearerTokenInterceptor.OperatorOf(message) : string.Empty;
        if (operatorId.Length == 0)
        {
            return _anyNode();
        }

        var channels = _channelsByNode[NodeOf(operatorId)];
        return channels[(int)((uint)Interlocked.Increment(ref _next) % (uint)channels.Length)].CreateCallInvoker();
    }
}
