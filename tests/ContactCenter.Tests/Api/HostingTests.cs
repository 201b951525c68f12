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
}
