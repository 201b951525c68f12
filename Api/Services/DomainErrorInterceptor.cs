using ContactCenter.Model;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace ContactCenter.Api.Services;

/// <summary>The one place where domain refusals become gRPC statuses.</summary>
public sealed class DomainErrorInterceptor : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (ContactCenterException ex)
        {
            throw ToRpc(ex);
        }
        catch (TimeoutException ex)
        {
            throw NoAnswer(ex);
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context);
        }
        catch (ContactCenterException ex)
        {
            throw ToRpc(ex);
        }
        catch (TimeoutException ex)
        {
            throw NoAnswer(ex);
        }
    }

    public static RpcException ToRpc(ContactCenterException ex) => new(new Status(ToStatusCode(ex.Kind), ex.Detail));

    /// <summary>
    /// An overloaded cluster's grain call timed out: not retried here, since it may have taken
    /// effect; the caller reads the state back or retries with its idempotency key.
    /// </summary>
    private static RpcException NoAnswer(TimeoutException ex) =>
        new(new Status(StatusCode.DeadlineExceeded, $"the cluster did not answer in time, so the request may or may not have taken effect: {ex.Message}"));

    public static StatusCode ToStatusCode(ErrorKind kind) => kind switch
    {
        ErrorKind.InvalidArgument => StatusCode.InvalidArgument,
        ErrorKind.NotFound => StatusCode.NotFound,
        ErrorKind.FailedPrecondition => StatusCode.FailedPrecondition,
        ErrorKind.AlreadyExists => StatusCode.AlreadyExists,
        ErrorKind.PermissionDenied => StatusCode.PermissionDenied,
        ErrorKind.Unavailable => StatusCode.Unavailable,
        _ => StatusCode.Unknown,
    };
}
