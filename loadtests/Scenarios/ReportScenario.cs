using System.Globalization;
using ContactCenter.Api.Protos;
using ContactCenter.LoadTests.Nodes;
using Google.Protobuf.WellKnownTypes;

namespace ContactCenter.LoadTests.Scenarios;

/// <summary>
/// The reports on a running Api: op-petrov answers one call (the citizen scores it 5) and a second
/// caller hangs up while waiting; then this half-year's ОДКЦ rows, today's KPI compliance, the ОДКЦ
/// CSV and an Erlang C estimate are printed.
/// </summary>
public static class ReportScenario
{
    private const string OperatorId = "op-petrov";

    public static async Task<int> RunAsync(Uri target, NodeTokens tokens, TextWriter output, CancellationToken cancellation)
    {
        using var node = new NodeClients(target, 1, tokens);
        var desk = node.Desk;
        var routing = node.Routing;
        var reports = node.Reports;

        await desk.SignInAsync(new SignInRequest { OperatorId = OperatorId }, cancellationToken: cancellation);
        var answered = await routing.RegisterInteractionAsync(Call("+7 900 765-43-21"), cancellationToken: cancellation);
        var id = answered.Interaction.Id;
        // The queue offers it to the operator in its own turn, a moment after registration.
        while ((await routing.GetInteractionAsync(new GetInteractionRequest { InteractionId = id }, cancellationToken: cancellation)).State != InteractionState.Offered)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), cancellation);
        }

        await desk.AcceptOfferAsync(new InteractionRequest { OperatorId = OperatorId, InteractionId = id }, cancellationToken: cancellation);
        await desk.CompleteInteractionAsync(new CompleteInteractionRequest
        {
            OperatorId = OperatorId,
            InteractionId = id,
            Topics = { "pension/recalculation" },
            Answer = "Recalculation happens automatically on 1 August.",
        }, cancellationToken: cancellation);
        var scored = await routing.PostSurveyScoreAsync(new PostSurveyScoreRequest { InteractionId = id, Score = 5 }, cancellationToken: cancellation);
        output.WriteLine($"answered {id}: {scored.Outcome}, survey score {scored.SurveyScore}");

        await desk.SetStatusAsync(new SetStatusRequest { OperatorId = OperatorId, Status = OperatorStatus.NotReady, Reason = NotReadyReason.Break }, cancellationToken: cancellation);
        var waiting = await routing.RegisterInteractionAsync(Call("+7 900 111-22-33"), cancellationToken: cancellation);
        var hungUp = await routing.EndInteractionAsync(new EndInteractionRequest { InteractionId = waiting.Interaction.Id }, cancellationToken: cancellation);
        output.WriteLine($"abandoned {hungUp.Id}: {hungUp.Outcome} ({hungUp.UnansweredReason})");
        await desk.SignOutAsync(new OperatorRequest { OperatorId = OperatorId }, cancellationToken: cancellation);

        var today = DateTime.UtcNow;
        var odkc = new OdkcReportRequest { Year = today.Year, Half = today.Month <= 6 ? 1 : 2 };
        var form = await reports.GetOdkcReportAsync(odkc, cancellationToken: cancellation);
        output.WriteLine($"ОДКЦ {form.Year} H{form.Half} ({form.Period.FirstDay}..{form.Period.LastDay}, {form.Period.TimeZone}):");
        foreach (var row in form.Rows)
        {
            output.WriteLine($"  {row.Row}  {Value(row.HasValue, row.Value),8}  {row.Unit,-11} {row.Indicator}");
        }

        var date = today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var compliance = await reports.GetKpiComplianceAsync(new KpiComplianceRequest { FromDate = date, ToDate = date }, cancellationToken: cancellation);
        output.WriteLine($"KPI compliance {date}:");
        foreach (var check in compliance.Checks)
        {
            output.WriteLine($"  {check.Kpi,-26} {Value(check.HasValue, check.Value),8} {check.Unit,-8} {check.Comparison} {check.Limit.ToString(CultureInfo.InvariantCulture),-5} {check.Verdict}");
        }

        var csv = await reports.ExportReportCsvAsync(new ReportCsvRequest { Odkc = odkc }, cancellationToken: cancellation);
        output.WriteLine($"{csv.FileName}:");
        output.Write(csv.Content.Replace("\r\n", "\n", StringComparison.Ordinal));

        var staffing = await reports.EstimateStaffingAsync(new StaffingRequest
        {
            Contacts = 100,
            Interval = Duration.FromTimeSpan(TimeSpan.FromMinutes(30)),
            AverageHandleTime = Duration.FromTimeSpan(TimeSpan.FromSeconds(180)),
            TargetPercent = 80,
            AnswerWithin = Duration.FromTimeSpan(TimeSpan.FromSeconds(20)),
        }, cancellationToken: cancellation);
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"staffing for 100 calls / 30 min, AHT 180 s, 80 % in 20 s: {staffing.Operators} operators ({staffing.TrafficErlangs:F1} Erlangs), expected SL {staffing.ServiceLevel:P1}, ASA {staffing.AverageSpeedOfAnswer.ToTimeSpan().TotalSeconds:F1} s, occupancy {staffing.Occupancy:P1}"));
        return form.Rows[0].Value >= 2 ? 0 : 1;
    }

    private static RegisterInteractionRequest Call(string callerNumber) => new()
    {
        IdempotencyKey = $"report-demo:{Guid.NewGuid()}",
        Channel = Channel.Voice,
        CallerNumber = callerNumber,
        RegionId = "RU-MOW",
        Language = "ru",
        TopicId = "pension",
    };

    private static string Value(bool present, double value) => present ? value.ToString("0.##", CultureInfo.InvariantCulture) : "-";
}
