using ContactCenter.Api.Hosting;
using ContactCenter.Api.Protos;
using ContactCenter.Common;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ContactCenter.Tests.Infrastructure;

/// <summary>
/// The real Api process in-process: Kestrel on free ports, the embedded silo, the demo directory,
/// and generated gRPC clients over a real HTTP/2 connection.
/// </summary>
public sealed class ApiFixture : IAsyncLifetime
{
    private WebApplication? _app;

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));

    public GrpcChannel Channel { get; private set; } = null!;

    public Uri HttpBase { get; private set; } = null!;

    public RoutingService.RoutingServiceClient Routing => new(Channel);

    public DeskService.DeskServiceClient Desk => new(Channel);

    public AdminService.AdminServiceClient Admin => new(Channel);

    public ReportService.ReportServiceClient Reports => new(Channel);

    public IGrainFactory Grains => _app!.Services.GetRequiredService<IGrainFactory>();

    public async Task InitializeAsync()
    {
        var ports = FreePorts.Take(4);
        _app = ApiHost.Build(
            [
                $"--Hosting:GrpcPort={ports[0]}",
                $"--Hosting:HttpPort={ports[1]}",
                $"--Cluster:SiloPort={ports[2]}",
                $"--Cluster:GatewayPort={ports[3]}",
                $"--Cluster:ClusterId=api-tests-{ports[0]}",
                "--Logging:LogLevel:Default=Warning",

                // Directory changes made by a test route at once.
                "--Directory:CacheTtl=00:00:00",
            ],
            builder => builder.Services.AddSingleton(new DomainClock(Time)));
        await _app.StartAsync();
        Channel = GrpcChannel.ForAddress($"http://127.0.0.1:{ports[0]}");
        HttpBase = new Uri($"http://127.0.0.1:{ports[1]}");
    }

    public async Task DisposeAsync()
    {
        Channel?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
