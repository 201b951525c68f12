using Microsoft.Extensions.DependencyInjection;

namespace ContactCenter.Silo.Hosting;

/// <summary>
/// The dashboard's grain-method profiler, out of the way while nobody looks at the dashboard. Its
/// own filter awaits every grain call even when profiling is off (an extra state machine, task
/// continuation and delegate per call: about 6 % of what a node allocates in the <c>inbound</c>
/// load scenario, BENCHMARKS.md §8). This filter hands the call straight on in that case and
/// to the dashboard's filter otherwise, so the dashboard shows the same figures.
/// </summary>
public sealed class WatchedGrainCallProfiler(Func<bool> profiling, IIncomingGrainCallFilter dashboardFilter) : IIncomingGrainCallFilter
{
    public const string DashboardFilterTypeName = "Orleans.Dashboard.Implementation.GrainProfilerFilter";

    /// <summary>The dashboard's profiler service: internal to the dashboard, so found by name.</summary>
    private const string ProfilerTypeName = "Orleans.Dashboard.Metrics.IGrainProfiler";

    public Task Invoke(IIncomingGrainCallContext context) =>
        profiling() ? dashboardFilter.Invoke(context) : context.Invoke();

    /// <summary>
    /// Puts this filter in place of the dashboard's (registered by <c>AddDashboard</c>); the
    /// dashboard's stays registered under its own type and is built the way the dashboard meant.
    /// Leaves everything as it is if the dashboard no longer has that filter or that profiler.
    /// </summary>
    public static bool ReplaceDashboardFilter(IServiceCollection services)
    {
        var registered = services.FirstOrDefault(d =>
            d.ServiceType == typeof(IIncomingGrainCallFilter) && d.ImplementationType?.FullName == DashboardFilterTypeName);
        if (registered?.ImplementationType is not { } filterType
            || filterType.Assembly.GetType(ProfilerTypeName) is not { } profilerType
            || profilerType.GetProperty("IsEnabled")?.GetMethod is not { ReturnType: var returned } || returned != typeof(bool))
        {
            return false;
        }

        services.Remove(registered);
        services.Add(new ServiceDescriptor(filterType, filterType, registered.Lifetime));
        services.Add(new ServiceDescriptor(
            typeof(IIncomingGrainCallFilter),
            provider => new WatchedGrainCallProfiler(
                IsEnabledOf(provider.GetRequiredService(profilerType), profilerType),
                (IIncomingGrainCallFilter)provider.GetRequiredService(filterType)),
            registered.Lifetime));
        return true;
    }

    private static Func<bool> IsEnabledOf(object profiler, Type profilerType)
    {
        // The implementation's own getter, bound once: a plain delegate call per grain call.
        var map = profiler.GetType().GetInterfaceMap(profilerType);
        var getter = map.TargetMethods[Array.IndexOf(map.InterfaceMethods, profilerType.GetProperty("IsEnabled")!.GetMethod)];
        return getter.CreateDelegate<Func<bool>>(profiler);
    }
}
