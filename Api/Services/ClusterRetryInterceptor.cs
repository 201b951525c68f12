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
/// error; after that the caller gets UNAVAILABLE and may retry itself. Timeouts are retried only
/// for reads (a write may have run). Streams are not retried: the desk re-subscribes and gets a fresh snapshot.
/// </summary>
public sealed class ClusterRetryInterceptor : Interceptor
{
    private readonly ResiliencePipeline _pipeline;

    /// <summary>Reads cannot have taken effect, so a read whose answer was lost with its silo is retried too.</summary>
    private readonly ResiliencePipeline _readPipeline;

    public ClusterRetryInterceptor(ILogger<ClusterRetryInterceptor> logger)
    {
        _pipeline = Build(logger, IsTransient);
        _readPipeline = Build(logger, ex => IsTransient(ex) || ex is TimeoutException);
    }

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        var pipeline = IsRead(context.Method) ? _readPipeline : _pipeline;
        try
        {
            return await pipeline.ExecuteAsync(async _ => await continuation(request, context), context.CancellationToken);
        }
        catch (Exception ex) when (IsTransient(ex))
        {
            throw new RpcException(new Status(StatusCode.Unavailable, $"the cluster could not be reached: {ex.Message}"));
        }
    }

    /// <summary>The product's read rpcs are named Get… ("/contactcenter.v1.RoutingService/GetInteraction").</summary>
    private static bool IsRead(string method) => method.AsSpan(method.LastIndexOf('/') + 1).StartsWith("Get", StringComparison.Ordinal);

    private static ResiliencePipeline Build(ILogger logger, Func<Exception, bool> retried) => new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle(retried),
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

    private static bool IsTransient(Exception ex) =>
        ex is SiloUnavailableException or OrleansMessageRejectionException or ConnectionFailedException or GatewayTooBusyException;
}
