using Google.Protobuf;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace ContactCenter.Api.Security;

/// <summary>
/// Every gRPC call passes here before its service: no valid token → UNAUTHENTICATED; a token whose
/// role or binding does not cover the request → PERMISSION_DENIED, each with the reason.
/// </summary>
public sealed class AccessInterceptor(AccessPolicy policy) : Interceptor
{
    /// <summary>Where the bearer handler leaves why a presented token was refused, for the status message.</summary>
    public const string FailureItem = "contactcenter.auth-failure";

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        await CheckAsync(request, context);
        return await continuation(request, context);
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        await CheckAsync(request, context);
        await continuation(request, responseStream, context);
    }

    // The product has no client-streaming or duplex rpcs; one added later stays closed until it has a rule here.
    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation) =>
        AccessPolicy.IsAnonymous(context.Method) ? continuation(requestStream, context) : throw Denied($"{context.Method} has no access rule");

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation) =>
        AccessPolicy.IsAnonymous(context.Method) ? continuation(requestStream, responseStream, context) : throw Denied($"{context.Method} has no access rule");

    private async ValueTask CheckAsync<TRequest>(TRequest request, ServerCallContext context)
    {
        if (AccessPolicy.IsAnonymous(context.Method))
        {
            return;
        }

        var http = context.GetHttpContext();
        if (http.User.Identity?.IsAuthenticated != true)
        {
            var why = http.Items.TryGetValue(FailureItem, out var failure) ? $"the bearer token was refused: {failure}" : "a bearer token is required (authorization: Bearer <jwt>)";
            throw new RpcException(new Status(StatusCode.Unauthenticated, why));
        }

        var caller = Caller.From(http.User) ?? throw Denied("the token names no valid role, subject and binding");
        if (request is not IMessage message)
        {
            throw Denied($"{context.Method} takes no protobuf message");
        }

        if (await policy.RefusalAsync(context.Method, caller, message) is { } refusal)
        {
            throw Denied(refusal);
        }
    }

    private static RpcException Denied(string why) => new(new Status(StatusCode.PermissionDenied, why));
}
