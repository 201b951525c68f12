using Orleans.Concurrency;

namespace ContactCenter.Interactions;

/// <summary>
/// The open callback tasks of one organisation (the key), for its supervisors to see and assign.
/// Callback interactions report every change; a closed one leaves the list.
/// </summary>
public interface ICallbackListGrain : IGrainWithStringKey
{
    [OneWay]
    Task UpsertAsync(CallbackPlan plan);

    /// <summary>Open callbacks, earliest due first.</summary>
    ValueTask<IReadOnlyList<CallbackPlan>> ListOpenAsync();
}
