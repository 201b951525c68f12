namespace ContactCenter.Reporting;

/// <summary>
/// Where the silo sends reporting facts. Writing may wait while the store's buffer is full
/// (back-pressure); it never drops a fact silently.
/// </summary>
public interface IReportingSink
{
    /// <summary>The latest version of a closed interaction; the store keeps the highest revision per id.</summary>
    ValueTask ReportAsync(InteractionReport report, CancellationToken cancellationToken = default);

    /// <summary>One finished stretch of an operator in one status.</summary>
    ValueTask ReportStatusAsync(OperatorStatusInterval interval, CancellationToken cancellationToken = default);
}

/// <summary>
/// The reports' reads: sums and counts over the store, which <see cref="Kpis"/> and the report
/// builders turn into ratios and averages, so PostgreSQL and memory give the same numbers.
/// </summary>
public interface IReportStore
{
    /// <summary>Inbound interactions registered in [from, to), summed per channel.</summary>
    Task<IReadOnlyDictionary<Model.Channel, KpiTotals>> TotalsAsync(ReportQuery query, CancellationToken cancellationToken = default);

    /// <summary>Per operator: interactions they finished (closed in [from, to)) and time per status within [from, to).</summary>
    Task<IReadOnlyList<OperatorTotals>> OperatorTotalsAsync(ReportQuery query, CancellationToken cancellationToken = default);
}

/// <summary>
/// A period as instants, an optional organisation, and the parameters of the definitions:
/// answers within <see cref="AnswerWithin"/> count for the service level; a repeat contact
/// within <see cref="FcrWindow"/> spoils first-contact resolution.
/// </summary>
public sealed record ReportQuery(
    DateTimeOffset From,
    DateTimeOffset To,
    string? OrganisationId,
    TimeSpan AnswerWithin,
    TimeSpan FcrWindow);
