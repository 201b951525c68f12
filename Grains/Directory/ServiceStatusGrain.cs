using ContactCenter.Common;
using Orleans.Concurrency;

namespace ContactCenter.Directory;

[StatelessWorker]
public sealed class ServiceStatusGrain(DirectoryCache directory, DomainClock clock) : Grain, IServiceStatusGrain
{
    public async ValueTask<ServiceStatus> GetAsync(string? organisationId, string? queueId) =>
        new((await directory.GetAsync()).InterruptionsOf(organisationId, queueId), clock.Now);
}
