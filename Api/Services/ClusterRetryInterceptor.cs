using Orleans.Runtime.Messaging;
using Orleans.Runtime;
using Polly;
using Polly.Retry;

namespace ContactCenter.Api.Services;

/// <summary>
/// A silo that dies takes its activations with it; the next call re-activates the grain elsewhere
/// from storage. Unary calls that failed because their message never reached a live silo are
/// retried a bounded number of times, so a gateway or desk sees a short delay, not an error.
/// Ambiguous failures (a timeout: the call may have run) are not retried. Streams are not retried:
/// the desk re-subscribes and gets a fresh snapshot.
/// </summary>
public sealed class ClusterRetryInterceptor(ILogger<ClusterRetryInterceptor> logger) : Grpc.Core.Interceptors.Interceptor
{
    private readonly ResiliencePipeline _pipeline = new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder()
                .Handle<SiloUnavailableException>()
                .Handle<OrleansMessageRejectionException>()
                .Handle<ConnectionFailedException>()
                .Handle<GatewayTooBusyException>(),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = TimeSpan.FromMilliseconds(200),
            MaxRetryAttempts = 4,
            OnRetry = retry =>
            {
                logger.LogWarning(
                    "Cluster call failed ({Reason}); retry {Attempt} in {Delay}", retry.Outcome.Exception?.GetType().Name, retry.AttemptNumber + 1, retry.RetryDelay);
                return ValueTask.CompletedTask;
            },
        })
        .Build();

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, Grpc.Core.ServerCallContext context, Grpc.Core.UnaryServerMethod<TRequest, TResponse> continuation) =>
        await _pipeline.ExecuteAsync(async _ => await continuation(request, context), context.CancellationToken);
}
