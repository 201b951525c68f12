using ContactCenter.Interactions;
using ContactCenter.Statistics;
using Microsoft.Extensions.Options;

namespace ContactCenter.Reporting;

/// <summary>What the interaction grain calls when it writes a closed state: flattens it and hands it to the silo's reporting sink.</summary>
public sealed class InteractionReporter(IReportingSink sink, IOptions<StatisticsOptions> statistics)
{
    public ValueTask ReportAsync(string interactionId, InteractionRecord record) =>
        sink.ReportAsync(InteractionReportBuilder.From(interactionId, record, statistics.Value.ShortAbandon));
}
