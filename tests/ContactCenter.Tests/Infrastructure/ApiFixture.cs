using ContactCenter.Api.Hosting;
using System.Collections.Concurrent;
using ContactCenter.Api.Protos;
using ContactCenter.Api.Security;
using Grpc.Core;
using Grpc.Core.Interceptors;
using ContactCenter.Common;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ContactCenter.Tests.Infrastructure;

/// <summary>
/// The real Api process in-process: Kestrel on free ports, the embedded silo, the demo directory,
/// and generated gRPC clients over a real HTTP/2 connection. It runs in Development, so the host
/// makes its own signing key; the clients carry tokens minted with it for the role each plays.
/// </summary>
public sealed class ApiFixture : IAsyncLifetime
{
    private readonly ConcurrentDictionary<Caller, string> _tokens = new();
    private WebApplication? _app;

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));

    public GrpcChannel Channel { get; private set; } = null!;

    public Uri HttpBase { get; private set; } = null!;

    /// <summary>The gateway.</summary>
    public RoutingService.RoutingServiceClient Routing => new(As(Caller.Gateway()));

    /// <summary>The desk of whichever operator each request names, with that operator's token.</summary>
    public DeskService.DeskServiceClient Desk =>
        new(Channel.Intercept(new BearerTokenInterceptor(request => TokenFor(Caller.OperatorNamed(BearerTokenInterceptor.OperatorOf(request))))));

    /// <summary>Citizen cards read by whoever each request names: its supervisor (of the organisation it names) or else its operator.</summary>
    public CitizenService.CitizenServiceClient Citizens =>
        new(Channel.Intercept(new BearerTokenInterceptor(request => TokenFor(NamedIn(request)))));

    public SupervisorService.SupervisorServiceClient Supervision => new(As(Caller.Admin()));

    public AdminService.AdminServiceClient Admin => new(As(Caller.Admin()));

    /// <summary>Supervisors' calls on AdminService (callbacks, complaints), as the supervisor each request names, of this organisation.</summary>
    public AdminService.AdminServiceClient Supervising(string organisationId) =>
        new(Channel.Intercept(new BearerTokenInterceptor(request =>
            TokenFor(Caller.SupervisorOf(organisationId, RequestFields.Text(request, "supervisor_id") is { Length: > 0 } id ? id : "sup-test")))));

    public ReportService.ReportServiceClient Reports => new(As(Caller.Admin()));

    public TokenIssuer Tokens => _app!.Services.GetRequiredService<TokenIssuer>();

    /// <summary>Calls made with the caller's token.</summary>
    public CallInvoker As(Caller caller) => Channel.Intercept(new BearerTokenInterceptor(_ => TokenFor(caller)));

    private static Caller NamedIn(Google.Protobuf.IMessage request) =>
        RequestFields.Text(request, "supervisor_id") is { Length: > 0 } supervisor
            ? Caller.SupervisorOf(RequestFields.Text(request, "organisation_id"), supervisor)
            : Caller.OperatorNamed(BearerTokenInterceptor.OperatorOf(request) is { Length: > 0 } named ? named : "op-test");

    public string TokenFor(Caller caller) => _tokens.GetOrAdd(caller, c => Tokens.Issue(c).Token);

    public IGrainFactory Grains => _app!.Services.GetRequiredService<IGrainFactory>();

    /// <summary>The node's services (the silo's are among them: it is co-hosted).</summary>
    public IServiceProvider Services => _app!.Services;

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
                "--environment=Development",

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
