using ContactCenter.Api.Mapping;
using ContactCenter.Model;
using ContactCenter.Reporting;
using Grpc.Core;
using P = ContactCenter.Api.Protos;

namespace ContactCenter.Api.Services;

public sealed class ReportGrpcService(ReportBuilder reports) : P.ReportService.ReportServiceBase
{
    public override async Task<P.OdkcReport> GetOdkcReport(P.OdkcReportRequest request, ServerCallContext context) =>
        (await OdkcAsync(request, context)).ToProto();

    public override async Task<P.OperatorDailyReport> GetOperatorDailyReport(P.OperatorDailyReportRequest request, ServerCallContext context) =>
        (await OperatorDailyAsync(request, context)).ToProto();

    public override async Task<P.KpiComplianceReport> GetKpiCompliance(P.KpiComplianceRequest request, ServerCallContext context) =>
        (await ComplianceAsync(request, context)).ToProto();

    public override async Task<P.ReportCsv> ExportReportCsv(P.ReportCsvRequest request, ServerCallContext context) => request.ReportCase switch
    {
        P.ReportCsvRequest.ReportOneofCase.Odkc => Csv(await OdkcAsync(request.Odkc, context), r => $"odkc-{r.Year}-h{r.Half}", ReportCsv.Odkc),
        P.ReportCsvRequest.ReportOneofCase.OperatorDaily => Csv(
            await OperatorDailyAsync(request.OperatorDaily, context), r => $"operators-{r.Period.FirstDay:yyyy-MM-dd}", ReportCsv.OperatorDaily),
        P.ReportCsvRequest.ReportOneofCase.KpiCompliance => Csv(
            await ComplianceAsync(request.KpiCompliance, context), r => $"kpi-{r.Period.FirstDay:yyyy-MM-dd}-{r.Period.LastDay:yyyy-MM-dd}", ReportCsv.Compliance),
        _ => throw ContactCenterException.Invalid("report is required: odkc, operator_daily or kpi_compliance"),
    };

    public override Task<P.StaffingEstimate> EstimateStaffing(P.StaffingRequest request, ServerCallContext context) =>
        Task.FromResult(ErlangC.Estimate(request.ToDomain()).ToProto());

    private Task<OdkcReport> OdkcAsync(P.OdkcReportRequest request, ServerCallContext context) =>
        reports.OdkcAsync(request.Year, request.Half, Optional(request.TimeZone), Require.Optional(request.OrganisationId, "organisation_id"), context.CancellationToken);

    private Task<OperatorDailyReport> OperatorDailyAsync(P.OperatorDailyReportRequest request, ServerCallContext context) =>
        reports.OperatorDailyAsync(
            ReportPeriod.Date(request.Date, "date"), Optional(request.TimeZone), Require.Optional(request.OrganisationId, "organisation_id"), context.CancellationToken);

    private Task<KpiComplianceReport> ComplianceAsync(P.KpiComplianceRequest request, ServerCallContext context) =>
        reports.ComplianceAsync(
            ReportPeriod.Date(request.FromDate, "from_date"),
            ReportPeriod.Date(request.ToDate, "to_date"),
            Optional(request.TimeZone),
            Require.Optional(request.OrganisationId, "organisation_id"),
            context.CancellationToken);

    private static P.ReportCsv Csv<T>(T report, Func<T, string> name, Func<T, string> write) =>
        new() { FileName = $"{name(report)}.csv", Content = write(report) };

    private static string? Optional(string value) => string.IsNullOrEmpty(value) ? null : value;
}
