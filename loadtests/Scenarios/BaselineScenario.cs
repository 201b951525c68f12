using ContactCenter.LoadTests.Cli;
using ContactCenter.LoadTests.Nodes;
using ContactCenter.LoadTests.Runner;
using Grpc.Health.V1;

namespace ContactCenter.LoadTests.Scenarios;

/// <summary>
/// The stack's ceiling: the cheapest unary call, the gRPC health check (HTTP/2, Kestrel, the gRPC
/// pipeline and interceptors, and the node's cluster check, which asks the directory grain).
/// Invariant: every check answers SERVING.
/// </summary>
public sealed class BaselineScenario : ILoadScenario
{
    /// <summary>Calls kept in flight by default: enough to keep both cores of the machines here busy.</summary>
    public const int Copies = 64;

    public string Name => "baseline";

    public string Usage => "baseline: gRPC health checks back to back (default --copies 64): the stack's ceiling";

    public IReadOnlyCollection<string> Options => [];

    public LoadSimulation DefaultLoad(TimeSpan duration) => Simulation.KeepConstant(Copies, duration);

    public IReadOnlyDictionary<string, string?> EmbeddedSettings(CliOptions options) => new Dictionary<string, string?>();

    public TimeSpan DefaultDrain(CliOptions options, bool embedded) => TimeSpan.FromSeconds(30);

    public ScenarioProps Create(CliOptions options, NodeClients node) =>
        Scenario.Create(Name, async context =>
            {
                await Step.Run("health check", context, async () =>
                {
                    var reply = await node.Health.CheckAsync(new HealthCheckRequest(), cancellationToken: context.CancellationToken);
                    return reply.Status == HealthCheckResponse.Types.ServingStatus.Serving
                        ? Response.Ok(reply)
                        : Response.Fail<HealthCheckResponse>($"Health{reply.Status}", "the node does not serve");
                });
                return Response.Ok();
            })
            .WithClean(async clean =>
            {
                var last = await node.Health.CheckAsync(new HealthCheckRequest());
                clean.Report("node status after the run", last.Status);
                clean.Check(last.Status == HealthCheckResponse.Types.ServingStatus.Serving, $"the node answers {last.Status} after the run");
            });
}
