using Google.Protobuf;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace ContactCenter.Api.Security;

/// <summary>
/// Client side: puts a bearer token on each call, chosen per request. A desk pool that carries many
/// operators' desks over shared connections (the load tool, the tests) picks each operator's token
/// from the operator the request names; a single client passes a constant.
/// </summary>
public sealed class BearerTokenInterceptor(Func<IMessage, string> tokenFor) : Interceptor
{
    public static string OperatorOf(IMessage request) => RequestFields.Text(request, "operator_id");

    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation) =>
        continuation(request, WithToken(request, context));

    public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncServerStreamingCallContinuation<TRequest, TResponse> continuation) =>
        continuation(request, WithToken(request, context));

    public override TResponse BlockingUnaryCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context, BlockingUnaryCallContinuation<TRequest, TResponse> continuation) =>
        continuation(request, WithToken(request, context));

    private ClientInterceptorContext<TRequest, TResponse> WithToken<TRequest, TResponse>(TRequest request, ClientInterceptorContext<TRequest, TResponse> context)
        where TRequest : class
        where TResponse : class
    {
        var headers = context.Options.Headers ?? [];
        if (request is IMessage message && headers.Get("authorization") is null)
        {
            headers.Add("authorization", $"Bearer {tokenFor(message)}");
        }

        return new ClientInterceptorContext<TRequest, TResponse>(context.Method, context.Host, context.Options.WithHeaders(headers));
    }
}
