using Orleans.Concurrency;

namespace ContactCenter.Operators;

/// <summary>Implemented once per Api host, which fans events out to the desk streams it holds.</summary>
public interface IDeskObserver : IGrainObserver
{
    [OneWay]
    Task OnDeskEventAsync(string operatorId, DeskEvent deskEvent);
}
