using System.Runtime.CompilerServices;
using ContactCenter.Api.Hosting;
using ContactCenter.Api.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ContactCenter.LoadTests.Nodes;

/// <summary>
/// A complete node in the load tool's process, as <c>dotnet run --project Api</c> starts one: the
/// Api with its embedded silo (in-memory storage, the demo directory), on free loopback ports.
/// The load then crosses real HTTP/2 connections, as it would against a node elsewhere.
/// </summary>
public sealed class EmbeddedNode : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly StrongBox<bool> _stopping;

    private EmbeddedNode(WebApplication app, Uri address, Uri metricsUrl, StrongBox<bool> stopping)
    {
        _app = app;
        _stopping = stopping;
        Address = address;
        MetricsUrl = metricsUrl;
    }

    public Uri Address { get; }

    /// <summary>The node's Prometheus scrape endpoint on its HTTP port.</summary>
    public Uri MetricsUrl { get; }

    /// <summary>Tokens signed with the node's own key.</summary>
    public NodeTokens Tokens => NodeTokens.From(_app.Services.GetRequiredService<TokenIssuer>());

    /// <param name="settings">Configuration on top of the defaults, e.g. <c>TimeLimits:TextInactivity</c>.</param>
    public static async Task<EmbeddedNode> StartAsync(IReadOnlyDictionary<string, string?> settings)
    {
        var grpcPort = FreePorts.Next();
        var httpPort = FreePorts.Next();
        var stopping = new StrongBox<bool>();
        var app = ApiHost.Build(
            [
                $"--Hosting:GrpcPort={grpcPort}",
                $"--Hosting:HttpPort={httpPort}",
                $"--Cluster:SiloPort={FreePorts.Next()}",
                $"--Cluster:GatewayPort={FreePorts.Next()}",
                $"--Cluster:ClusterId=loadtests-{grpcPort}",
                "--Logging:LogLevel:Default=Warning",

                // As `dotnet run --project Api` runs it: the node makes its own signing key.
                "--environment=Development",
            ],
            builder =>
            {
                builder.Configuration.AddInMemoryCollection(settings);

                // The runtime's start-up advice and watchdog notes under a saturated CPU are not findings.
                builder.Logging.AddFilter("Orleans.Runtime.Silo", LogLevel.Error);
                builder.Logging.AddFilter("Orleans.Runtime.Watchdog", LogLevel.Error);

                // An in-memory node that stops loses its state by design; grains that try to save
                // on the way out (their storage already gone) are not findings of the run.
                builder.Logging.AddFilter((_, _, level) => level >= (Volatile.Read(ref stopping.Value) ? LogLevel.Critical : LogLevel.Warning));
            });
        await app.StartAsync();
        return new EmbeddedNode(app, new Uri($"http://127.0.0.1:{grpcPort}"), MetricsAt(httpPort), stopping);
    }

    internal static Uri MetricsAt(int httpPort) => new($"http://127.0.0.1:{httpPort}/metrics");

    public async ValueTask DisposeAsync()
    {
        Volatile.Write(ref _stopping.Value, true);
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
