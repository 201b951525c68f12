using System.Net;
using ContactCenter.Api.Push;
using ContactCenter.Api.Security;
using ContactCenter.Api.Services;
using ContactCenter.Api.Web;
using ContactCenter.Common;
using ContactCenter.Silo.Hosting;
using ContactCenter.Silo.Persistence;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Dashboard;

namespace ContactCenter.Api.Hosting;

/// <summary>Builds the Api process; tests build it the same way with their own ports and clock.</summary>
public static class ApiHost
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);
        var hosting = builder.Configuration.GetSection(HostingOptions.Section).Get<HostingOptions>() ?? new HostingOptions();
        var listenAddress = IPAddress.Parse(hosting.ListenAddress);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(listenAddress, hosting.GrpcPort, listen => listen.Protocols = HttpProtocols.Http2);
            kestrel.Listen(listenAddress, hosting.HttpPort, listen => listen.Protocols = HttpProtocols.Http1);
        });

        var embedded = IsEmbedded(hosting, builder.Configuration);
        if (embedded)
        {
            builder.AddContactCenterSilo();
        }
        else
        {
            builder.AddContactCenterClient();
        }

        // Interceptors registered in DI live as singletons; unregistered ones are built per call,
        // and the retry pipeline's build (validation by reflection) was a fifth of the node's CPU.
        builder.Services.AddSingleton<DomainErrorInterceptor>();
        builder.Services.AddSingleton<AccessInterceptor>();
        builder.Services.AddSingleton<ClusterRetryInterceptor>();
        builder.Services.AddGrpc(grpc =>
        {
            grpc.Interceptors.Add<DomainErrorInterceptor>();
            grpc.Interceptors.Add<AccessInterceptor>();
            grpc.Interceptors.Add<ClusterRetryInterceptor>();
            grpc.EnableDetailedErrors = builder.Environment.IsDevelopment();
        });
        builder.Services.AddGrpcReflection();
        builder.AddContactCenterAuth();
        builder.AddContactCenterTelemetry();
        builder.Services.AddGrpcHealthChecks().AddCheck<ClusterHealthCheck>("cluster");
        builder.Services.Configure<HostingOptions>(builder.Configuration.GetSection(HostingOptions.Section));
        builder.Services.AddSingleton<DeskEventHub>();
        builder.Services.AddSingleton<DeskActivity>();
        builder.Services.AddOptions<ContactCenter.Presence.PresenceOptions>().Bind(builder.Configuration.GetSection(ContactCenter.Presence.PresenceOptions.Section));
        builder.Services.AddSingleton<PresenceHub>();
        builder.Services.AddSingleton<LiveFiguresHub>();
        builder.Services.Configure<LiveFiguresOptions>(builder.Configuration.GetSection(LiveFiguresOptions.Section));
        builder.Services.TryAddSingleton(DomainClock.System);
        builder.Services.AddHostedService<SubscriptionRefresher>();
        builder.AddWebPages();

        var app = builder.Build();
        app.UseAuthentication();
        app.MapGrpcService<RoutingGrpcService>();
        app.MapGrpcService<DeskGrpcService>();
        app.MapGrpcService<AdminGrpcService>();
        app.MapGrpcService<CitizenGrpcService>();
        app.MapGrpcService<SupervisorGrpcService>();
        app.MapGrpcService<ReportGrpcService>();
        app.MapGrpcHealthChecksService();
        app.MapGrpcReflectionService();

        var httpHost = $"*:{hosting.HttpPort}";
        app.MapHealthChecks("/health").RequireHost(httpHost);
        app.MapContactCenterMetrics().RequireHost(httpHost);
        app.MapDevTokens(httpHost);
        if (embedded)
        {
            app.MapOrleansDashboard(routePrefix: "/dashboard").RequireHost(httpHost);
        }

        app.MapWebPages(httpHost);

        var dashboard = embedded ? "dashboard at /dashboard, " : "dashboard on each silo (Silo:HttpPort), ";
        app.MapGet("/", () => Results.Text(
            $"ContactCenter: gRPC (HTTP/2) on port {hosting.GrpcPort}; {dashboard}health at /health and metrics at {Telemetry.ScrapePath} on port {hosting.HttpPort}.\n"))
            .RequireHost(httpHost);
        return app;
    }

    private static bool IsEmbedded(HostingOptions hosting, IConfiguration configuration) => hosting.Role switch
    {
        ApiRole.Embedded => true,
        ApiRole.Client => ClusterStorage.ConnectionString(configuration) is not null
            ? false
            : throw new InvalidOperationException($"Hosting:Role=Client needs ConnectionStrings:{ClusterStorage.ConnectionStringName} to find the silos"),
        _ => ClusterStorage.ConnectionString(configuration) is null,
    };
}
