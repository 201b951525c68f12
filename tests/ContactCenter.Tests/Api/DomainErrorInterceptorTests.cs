using ContactCenter.Api.Services;
using ContactCenter.Model;
using Grpc.Core;

namespace ContactCenter.Tests.Api;

/// <summary>How refusals and an overloaded cluster reach gRPC callers.</summary>
public sealed class DomainErrorInterceptorTests
{
    private readonly DomainErrorInterceptor _interceptor = new();

    [Fact]
    public async Task A_grain_call_that_times_out_is_deadline_exceeded_saying_it_may_have_taken_effect()
    {
        var refused = await Assert.ThrowsAsync<RpcException>(() => _interceptor.UnaryServerHandler<string, string>(
            "request", null!, (_, _) => throw new TimeoutException("Response did not arrive on time in 00:00:30")));

        Assert.Equal(StatusCode.DeadlineExceeded, refused.StatusCode);
        Assert.Contains("may or may not have taken effect", refused.Status.Detail);
        Assert.Contains("00:00:30", refused.Status.Detail);
    }

    [Fact]
    public async Task A_domain_refusal_keeps_its_kind_and_detail_on_a_stream_too()
    {
        var refused = await Assert.ThrowsAsync<RpcException>(() => _interceptor.ServerStreamingServerHandler<string, string>(
            "request", null!, null!, (_, _, _) => throw ContactCenterException.Precondition("the interaction is closed")));

        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        Assert.Equal("the interaction is closed", refused.Status.Detail);
    }
}
