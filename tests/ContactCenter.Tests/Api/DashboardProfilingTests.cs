using ContactCenter.Directory;
using ContactCenter.Silo.Hosting;
using ContactCenter.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization.Invocation;

namespace ContactCenter.Tests.Api;

/// <summary>The dashboard's grain-method profiler sits behind <see cref="WatchedGrainCallProfiler"/>.</summary>
[Collection(ApiCollection.Name)]
public sealed class DashboardProfilingTests(ApiFixture api)
{
    [Fact]
    public void The_node_filters_grain_calls_through_the_watched_profiler_alone()
    {
        var filters = api.Services.GetServices<IIncomingGrainCallFilter>().ToList();

        Assert.IsType<WatchedGrainCallProfiler>(Assert.Single(filters));
        Assert.NotNull(api.Services.GetService(Type.GetType($"{WatchedGrainCallProfiler.DashboardFilterTypeName}, Orleans.Dashboard", throwOnError: true)!));
    }

    [Fact]
    public async Task Once_the_dashboard_is_watched_it_counts_the_grain_methods_called()
    {
        using var http = new HttpClient { BaseAddress = api.HttpBase };
        // Asking for the figures is watching: the dashboard turns its profiler on.
        await http.GetStringAsync("/dashboard/TopGrainMethods");

        var stats = await Eventually.MatchAsync(
            async Task<string> () =>
            {
                await api.Grains.Grain<IDirectoryGrain>(IDirectoryGrain.DefaultKey).GetAsync();
                return await http.GetStringAsync($"/dashboard/GrainStats/{typeof(DirectoryGrain).FullName}");
            },
            text => text.Contains("GetAsync", StringComparison.Ordinal),
            "the directory grain's GetAsync counted by the dashboard");

        Assert.Contains("GetAsync", stats);
    }

    [Fact]
    public async Task While_nobody_watches_a_call_goes_past_the_dashboard_filter_and_is_still_made()
    {
        var profiling = false;
        var dashboard = new CountingFilter();
        var watched = new WatchedGrainCallProfiler(() => profiling, dashboard);
        var call = new CountedCall();

        await watched.Invoke(call);
        Assert.Equal((0, 1), (dashboard.Calls, call.Invocations));

        profiling = true;
        await watched.Invoke(call);
        Assert.Equal((1, 2), (dashboard.Calls, call.Invocations));
    }

    private sealed class CountingFilter : IIncomingGrainCallFilter
    {
        public int Calls { get; private set; }

        public Task Invoke(IIncomingGrainCallContext context)
        {
            Calls++;
            return context.Invoke();
        }
    }

    /// <summary>A call whose only observable part is being made.</summary>
    private sealed class CountedCall : IIncomingGrainCallContext
    {
        public int Invocations { get; private set; }

        public Task Invoke()
        {
            Invocations++;
            return Task.CompletedTask;
        }

        public IGrainContext TargetContext => throw new NotSupportedException();
        public System.Reflection.MethodInfo ImplementationMethod => throw new NotSupportedException();
        public IInvokable Request => throw new NotSupportedException();
        public object Grain => throw new NotSupportedException();
        public GrainId? SourceId => throw new NotSupportedException();
        public GrainId TargetId => throw new NotSupportedException();
        public GrainInterfaceType InterfaceType => throw new NotSupportedException();
        public string InterfaceName => throw new NotSupportedException();
        public string MethodName => throw new NotSupportedException();
        public System.Reflection.MethodInfo InterfaceMethod => throw new NotSupportedException();
        public object? Result { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public Response? Response { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    }
}
