using ContactCenter.Api.Services;
using Grpc.Core;
using Microsoft.Extensions.Logging.Abstractions;

namespace ContactCenter.Tests.Api;

/// <summary>A grain call whose answer was lost: reads try again, writes do not (they may have run).</summary>
public sealed class ClusterRetryInterceptorTests
{
    private readonly ClusterRetryInterceptor _interceptor = new(NullLogger<ClusterRetryInterceptor>.Instance);

    [Fact]
    public async Task A_read_that_timed_out_is_tried_again_and_a_write_is_not()
    {
        var readCalls = 0;
        var writeCalls = 0;

        var read = await _interceptor.UnaryServerHandler<string, string>("request", new MethodContext("/contactcenter.v1.RoutingService/GetInteraction"), (_, _) =>
            ++readCalls == 1 ? throw new TimeoutException("Response did not arrive on time") : Task.FromResult("card"));
        await Assert.ThrowsAsync<TimeoutException>(() => _interceptor.UnaryServerHandler<string, string>("request", new MethodContext("/contactcenter.v1.RoutingService/RegisterInteraction"), (_, _) =>
        {
            writeCalls++;
            throw new TimeoutException("Response did not arrive on time");
        }));

        Assert.Equal(("card", 2), (read, readCalls));
        Assert.Equal(1, writeCalls);
    }

    /// <summary>Only what the interceptor reads of a call: its method and cancellation.</summary>
    private sealed class MethodContext(string method) : ServerCallContext
    {
        protected override string MethodCore => method;
        protected override string HostCore => "localhost";
        protected override string PeerCore => "ipv4:127.0.0.1:1";
        protected override DateTime DeadlineCore => DateTime.MaxValue;
        protected override Metadata RequestHeadersCore => [];
        protected override CancellationToken CancellationTokenCore => CancellationToken.None;
        protected override Metadata ResponseTrailersCore => [];
        protected override Status StatusCore { get; set; }
        protected override WriteOptions? WriteOptionsCore { get; set; }
        protected override AuthContext AuthContextCore => new(null, []);
        protected override ContextPropagationToken CreatePropagationTokenCore(ContextPropagationOptions? options) => throw new NotSupportedException();
        protected override Task WriteResponseHeadersAsyncCore(Metadata responseHeaders) => Task.CompletedTask;
    }
}
