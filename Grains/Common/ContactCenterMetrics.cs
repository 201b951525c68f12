using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using ContactCenter.Interactions;
using ContactCenter.Statistics;

namespace ContactCenter.Common;

/// <summary>
/// The routing engine's and the live figures' OpenTelemetry instruments, one set per silo. Queue
/// depth is a gauge over the queues active on this silo; the rest are counters and histograms that
/// Prometheus sums across silos (service level = answered within target ÷ answered + abandoned).
/// </summary>
public sealed class ContactCenterMetrics
{
    public const string MeterName = "ContactCenter";

    private readonly ConcurrentDictionary<string, int> _depths = new(StringComparer.Ordinal);
    private readonly Counter<long> _offers;
    private readonly Counter<long> _offerTimeouts;
    private readonly Histogram<double> _decision;
    private readonly Counter<long> _closed;
    private readonly Counter<long> _contacts;
    private readonly Histogram<double> _wait;

    public ContactCenterMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        meter.CreateObservableGauge(
            "cc.queue.waiting",
            () => _depths.Select(depth => new Measurement<int>(depth.Value, new KeyValuePair<string, object?>("queue", depth.Key))),
            unit: "{interaction}",
            description: "Interactions waiting in each queue grain active on this silo");
        _offers = meter.CreateCounter<long>("cc.offers", "{offer}", "Offers made to operators");
        _offerTimeouts = meter.CreateCounter<long>("cc.offer.timeouts", "{offer}", "Offers the operator did not answer in time");
        _decision = meter.CreateHistogram<double>("cc.routing.decision.duration", "ms", "From picking a waiting interaction to an operator's reservation or refusal by all");
        _closed = meter.CreateCounter<long>("cc.interactions.closed", "{interaction}", "Closed interactions by outcome");
        _contacts = meter.CreateCounter<long>("cc.contacts", "{contact}", "Live-statistics facts by queue and kind (entered, answered, abandoned, ...)");
        _wait = meter.CreateHistogram<double>("cc.contact.wait", "s", "Time answered or abandoned contacts waited in their queue");
    }

    public void QueueDepth(string queueKey, int waiting) => _depths[queueKey] = waiting;

    public void QueueGone(string queueKey) => _depths.TryRemove(queueKey, out _);

    public void RoutingDecision(string queueKey, TimeSpan took, bool placed)
    {
        _decision.Record(took.TotalMilliseconds, new KeyValuePair<string, object?>("queue", queueKey), new KeyValuePair<string, object?>("placed", placed));
        if (placed)
        {
            _offers.Add(1, new KeyValuePair<string, object?>("queue", queueKey));
        }
    }

    public void OfferTimedOut(string queueKey) => _offerTimeouts.Add(1, new KeyValuePair<string, object?>("queue", queueKey));

    public void Closed(InteractionOutcome outcome) => _closed.Add(1, new KeyValuePair<string, object?>("outcome", outcome.ToString()));

    public void Contact(ContactEvent contactEvent)
    {
        var queue = new KeyValuePair<string, object?>("queue", contactEvent.QueueId);
        _contacts.Add(1, queue, new KeyValuePair<string, object?>("kind", contactEvent.Kind.ToString()));
        if (contactEvent.Kind is ContactEventKind.Answered or ContactEventKind.Abandoned)
        {
            _wait.Record(contactEvent.Wait.TotalSeconds, queue, new KeyValuePair<string, object?>("kind", contactEvent.Kind.ToString()), new KeyValuePair<string, object?>("within_target", contactEvent.WithinTarget));
        }
    }
}
