using ContactCenter.Api.Protos;
using ContactCenter.Tests.Infrastructure;
using ContactCenter.Tests.Reporting;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace ContactCenter.Tests.Api;

/// <summary>ReportService and the survey score over gRPC, on the embedded node's in-memory store.</summary>
[Collection(ApiCollection.Name)]
public sealed class ReportApiTests(ApiFixture api)
{
    [Fact]
    public async Task A_contact_registered_through_the_gateway_shows_in_this_half_years_odkc_rows_and_csv()
    {
        var request = new OdkcReportRequest { Year = 2026, Half = 2, OrganisationId = "SFR" };
        var before = await api.Reports.GetOdkcReportAsync(request);

        // Unanswered or hung up while waiting, whoever else is signed in: either way it closes, and counts as a contact.
        var registered = await api.Routing.RegisterInteractionAsync(new RegisterInteractionRequest
        {
            Channel = Channel.Voice,
            CallerNumber = "+79005550101",
            RegionId = "RU-MOW",
            Language = "ru",
            OrganisationId = "SFR",
        });
        await api.Routing.EndInteractionAsync(new EndInteractionRequest { InteractionId = registered.Interaction.Id });

        var after = await Eventually.MatchAsync(
            () => api.Reports.GetOdkcReportAsync(request).ResponseAsync,
            r => r.Figures.Contacts == before.Figures.Contacts + 1,
            "the contact counted");
        Assert.Equal(["13", "14", "14", "14", "15", "16", "17", "18", "19", "20"], after.Rows.Select(r => r.Row));
        Assert.Equal(("2026-07-01", "2026-12-31", "Europe/Moscow"), (after.Period.FirstDay, after.Period.LastDay, after.Period.TimeZone));

        var csv = await api.Reports.ExportReportCsvAsync(new ReportCsvRequest { Odkc = request });
        Assert.Equal("odkc-2026-h2.csv", csv.FileName);
        var rows = Records.ParseCsv(csv.Content);
        Assert.Equal(["row", "indicator", "unit", "value"], rows[0]);
        Assert.Equal(after.Figures.Contacts.ToString(System.Globalization.CultureInfo.InvariantCulture), rows[1][3]);
    }

    [Fact]
    public async Task Survey_scores_outside_one_to_five_are_invalid_and_unknown_interactions_not_found()
    {
        var outOfRange = await Assert.ThrowsAsync<RpcException>(() =>
            api.Routing.PostSurveyScoreAsync(new PostSurveyScoreRequest { InteractionId = "i-anything", Score = 6 }).ResponseAsync);
        var unknown = await Assert.ThrowsAsync<RpcException>(() =>
            api.Routing.PostSurveyScoreAsync(new PostSurveyScoreRequest { InteractionId = $"i-{Guid.NewGuid():N}", Score = 4 }).ResponseAsync);
        var missing = await Assert.ThrowsAsync<RpcException>(() =>
            api.Routing.PostSurveyScoreAsync(new PostSurveyScoreRequest { Score = 4 }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, outOfRange.StatusCode);
        Assert.StartsWith("score", outOfRange.Status.Detail);
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, missing.StatusCode);
    }

    [Fact]
    public async Task Bad_report_requests_are_invalid_arguments_naming_the_field()
    {
        async Task<RpcException> Refused(Func<Task> call) => await Assert.ThrowsAsync<RpcException>(call);

        var date = await Refused(() => api.Reports.GetOperatorDailyReportAsync(new OperatorDailyReportRequest { Date = "24.11.2026" }).ResponseAsync);
        var zone = await Refused(() => api.Reports.GetKpiComplianceAsync(new KpiComplianceRequest { FromDate = "2026-11-01", ToDate = "2026-11-24", TimeZone = "Nowhere/Land" }).ResponseAsync);
        var order = await Refused(() => api.Reports.GetKpiComplianceAsync(new KpiComplianceRequest { FromDate = "2026-11-24", ToDate = "2026-11-01" }).ResponseAsync);
        var none = await Refused(() => api.Reports.ExportReportCsvAsync(new ReportCsvRequest()).ResponseAsync);
        var staffing = await Refused(() => api.Reports.EstimateStaffingAsync(new StaffingRequest { Contacts = 10, TargetPercent = 80 }).ResponseAsync);

        Assert.All([date, zone, order, none, staffing], e => Assert.Equal(StatusCode.InvalidArgument, e.StatusCode));
        Assert.StartsWith("date", date.Status.Detail);
        Assert.StartsWith("time_zone", zone.Status.Detail);
        Assert.StartsWith("to_date", order.Status.Detail);
        Assert.StartsWith("interval", staffing.Status.Detail);
    }

    [Fact]
    public async Task The_staffing_estimate_answers_the_textbook_example()
    {
        var estimate = await api.Reports.EstimateStaffingAsync(new StaffingRequest
        {
            Contacts = 100,
            Interval = Duration.FromTimeSpan(TimeSpan.FromMinutes(30)),
            AverageHandleTime = Duration.FromTimeSpan(TimeSpan.FromSeconds(180)),
            TargetPercent = 80,
            AnswerWithin = Duration.FromTimeSpan(TimeSpan.FromSeconds(20)),
        });

        Assert.Equal((14, 10.0), (estimate.Operators, estimate.TrafficErlangs));
        Assert.Equal(0.888, estimate.ServiceLevel, 3);
    }
}

/// <summary>Operators' status changes reach the per-operator report as time per status.</summary>
[Collection(ApiCollection.Name)]
public sealed class OperatorStatusReportApiTests(ApiFixture api)
{
    [Fact]
    public async Task Time_available_and_on_a_break_shows_in_the_operators_daily_report()
    {
        var dir = TestDirectory.Create().Queue("l1").Operator("op");
        await dir.ApplyAsync(api.Grains);
        var started = api.Time.GetUtcNow();
        var op = dir.Id("op");

        await api.Desk.SignInAsync(new SignInRequest { OperatorId = op });
        api.Time.Advance(TimeSpan.FromMinutes(20));
        await api.Desk.SetStatusAsync(new SetStatusRequest { OperatorId = op, Status = OperatorStatus.NotReady, Reason = NotReadyReason.Break });
        api.Time.Advance(TimeSpan.FromMinutes(15));
        await api.Desk.SetStatusAsync(new SetStatusRequest { OperatorId = op, Status = OperatorStatus.Available });
        api.Time.Advance(TimeSpan.FromMinutes(5));
        await api.Desk.SignOutAsync(new OperatorRequest { OperatorId = op });

        // The stretches may straddle midnight UTC: sum the days they touch.
        var days = new[] { started, api.Time.GetUtcNow() }.Select(t => t.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)).Distinct();
        async Task<Dictionary<string, TimeSpan>> TimesAsync()
        {
            var totals = new Dictionary<string, TimeSpan>();
            foreach (var day in days)
            {
                var report = await api.Reports.GetOperatorDailyReportAsync(new OperatorDailyReportRequest { Date = day, TimeZone = "UTC", OrganisationId = dir.Organisation });
                foreach (var row in report.Operators.Where(o => o.OperatorId == op).SelectMany(o => o.TimeInStatus))
                {
                    totals[row.Status] = totals.GetValueOrDefault(row.Status) + row.Time.ToTimeSpan();
                }
            }

            return totals;
        }

        var times = await Eventually.MatchAsync(TimesAsync, totals => totals.Count >= 2, "the operator's stretches reported");

        Assert.Equal(TimeSpan.FromMinutes(25), times["Available"]);
        Assert.Equal(TimeSpan.FromMinutes(15), times.Single(t => t.Key.StartsWith("NotReady", StringComparison.Ordinal)).Value);
        Assert.Contains("Break", times.Keys.Single(k => k.StartsWith("NotReady", StringComparison.Ordinal)));
    }
}
