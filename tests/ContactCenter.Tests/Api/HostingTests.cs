using ContactCenter.Tests.Infrastructure;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Reflection.V1Alpha;

namespace ContactCenter.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class HostingTests(ApiFixture api)
{
    [Fact]
    public async Task Grpc_health_reports_serving_once_the_cluster_answers()
    {
        var health = new Health.HealthClient(api.Channel);
        var response = await Eventually.MatchAsync(
            () => health.CheckAsync(new HealthCheckRequest()).ResponseAsync,
            r => r.Status == HealthCheckResponse.Types.ServingStatus.Serving,
            "health SERVING");
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, response.Status);
    }

    [Fact]
    public async Task Reflection_lists_the_routing_and_desk_services()
    {
        var reflection = new ServerReflection.ServerReflectionClient(api.Channel);
        using var call = reflection.ServerReflectionInfo();
        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = string.Empty });
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext());

        var services = call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name).ToList();

        Assert.Contains("contactcenter.v1.RoutingService", services);
        Assert.Contains("contactcenter.v1.DeskService", services);
        Assert.Contains("grpc.health.v1.Health", services);
    }

    [Fact]
    public async Task The_http_port_serves_the_health_endpoint_and_the_dashboard()
    {
        using var http = new HttpClient { BaseAddress = api.HttpBase };

        var health = await http.GetStringAsync("/health");
        var dashboard = await http.GetAsync("/dashboard/");

        Assert.Equal("Healthy", health);
        Assert.True(dashboard.IsSuccessStatusCode, $"dashboard answered {dashboard.StatusCode}");
        Assert.Contains("<html", await dashboard.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_http_port_serves_prometheus_metrics_of_routing_and_the_live_figures()
    {
        var dir = TestDirectory.Create().Queue("l1").Operator("op");
        await dir.ApplyAsync(api.Grains);
        await api.Desk.SignInAsync(new ContactCenter.Api.Protos.SignInRequest { OperatorId = dir.Id("op") });
        var registered = await api.Routing.RegisterInteractionAsync(new ContactCenter.Api.Protos.RegisterInteractionRequest
        {
            Channel = ContactCenter.Api.Protos.Channel.Voice,
            CallerNumber = "+79001234567",
            RegionId = TestDirectory.Moscow,
            Language = "ru",
            OrganisationId = dir.Organisation,
        });
        await Eventually.MatchAsync(
            () => api.Routing.GetInteractionAsync(new ContactCenter.Api.Protos.GetInteractionRequest { InteractionId = registered.Interaction.Id }).ResponseAsync,
            card => card.State == ContactCenter.Api.Protos.InteractionState.Offered, "offered");
        using var http = new HttpClient { BaseAddress = api.HttpBase };

        var metrics = await Eventually.MatchAsync(
            () => http.GetStringAsync("/metrics"),
            text => text.Contains($"cc_offers_total{{otel_scope_name=\"ContactCenter\",queue=\"{dir.Id("l1")}\"}} 1", StringComparison.Ordinal),
            "the offer is counted");

        Assert.Contains($"cc_contacts_total{{otel_scope_name=\"ContactCenter\",kind=\"Entered\",queue=\"{dir.Id("l1")}\"}} 1", metrics);
        Assert.Contains($"cc_queue_waiting{{otel_scope_name=\"ContactCenter\",queue=\"{dir.Id("l1")}\"}} 0", metrics);
        Assert.Contains("cc_routing_decision_duration_milliseconds_count{", metrics);
    }
}
