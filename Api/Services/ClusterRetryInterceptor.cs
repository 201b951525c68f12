using Grpc.Core;
using Grpc.Core.Interceptors;
using Orleans.Runtime;
using Orleans.Runtime.Messaging;
using Polly;
using Polly.Retry;

namespace ContactCenter.Api.Services;

/// <summary>
/// A silo that dies takes its activations with it; once the cluster has declared it dead, the
/// next call re-activates the grain elsewhere from storage. Unary calls that failed because their
/// message could not reach a live silo are retried with back-off for about 20 seconds (long
/// enough for Orleans' default failure detection), so a gateway or desk sees a delay, not an
/// error; after that the caller gets UNAVAILABLE and may retry itself. Timeouts are not retried
/// (the call may have run). Streams are not retried: the desk re-subscribes and gets a fresh snapshot.
/// </summary>
public sealed class ClusterRetryInterceptor(ILogger<ClusterRetryInterceptor> logger) : Interceptor
{
    private readonly ResiliencePipeline _pipeline = new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<Exception>(IsTransient),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = TimeSpan.FromMilliseconds(250),
            MaxDelay = TimeSpan.FromSeconds(4),
            MaxRetryAttempts = 8,
            OnRetry = retry =>
            {
                logger.LogWarning(
                    "Cluster call failed ({Reason}); retry {Attempt} in {Delay}",
                    retry.Outcome.Exception?.GetType().Name, retry.AttemptNumber + 1, retry.RetryDelay);
                return ValueTask.CompletedTask;
            },
        })
        .Build();

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await _pipeline.ExecuteAsync(async _ => await continuation(request, context), context.CancellationToken);
        }
        catch (Exception ex) when (IsTransient(ex))
        {
            throw new RpcException(new Status(StatusCode.Unavailable, $"the cluster could not be reached: {ex.Message}"));
        }
    }

    private static bool IsTransient(Exception ex) =>
        ex is SiloUnavailableException or OrleansMessageRejectionException or ConnectionFailedException or GatewayTooBusyException;
}
