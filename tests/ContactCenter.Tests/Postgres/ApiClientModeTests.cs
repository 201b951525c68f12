using ContactCenter.Api.Hosting;
using ContactCenter.Api.Protos;
using ContactCenter.Api.Security;
using ContactCenter.Tests.Infrastructure;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;

namespace ContactCenter.Tests.Postgres;

/// <summary>
/// Production layout on one machine: silo processes on PostgreSQL and the Api as an Orleans
/// client that finds them through the membership table.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ApiClientModeTests(PostgresServer server)
{
    [Fact]
    public async Task The_Api_keeps_serving_through_a_killed_silo_answers_unavailable_without_any_and_recovers_when_a_node_returns()
    {
        var serviceId = PostgresCluster.NewServiceId();
        var clusterId = $"{serviceId}-c";
        await using var first = await SiloProcess.StartAsync(server.ConnectionString, clusterId, serviceId);
        await using var second = await SiloProcess.StartAsync(server.ConnectionString, clusterId, serviceId);
        var ports = FreePorts.Take(2);

        // As in production: not Development, the signing key from configuration.
        var signingKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var tokens = TokenIssuer.Create(new AuthOptions { SigningKey = signingKey }, development: false);
        await using var api = ApiHost.Build(
        [
            $"--Auth:SigningKey={signingKey}",
            $"--ConnectionStrings:ContactCenter={server.ConnectionString}",
            $"--Cluster:ClusterId={clusterId}",
            $"--Cluster:ServiceId={serviceId}",
            $"--Hosting:GrpcPort={ports[0]}",
            $"--Hosting:HttpPort={ports[1]}",
            "--Logging:LogLevel:Default=Warning",
        ]);
        await api.StartAsync();
        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{ports[0]}");
        var routing = new RoutingService.RoutingServiceClient(channel.Intercept(new BearerTokenInterceptor(_ => tokens.Issue(Caller.Gateway()).Token)));
        var desk = new DeskService.DeskServiceClient(channel.Intercept(new BearerTokenInterceptor(_ => tokens.Issue(Caller.OperatorNamed("op-petrov")).Token)));

        // A signed-in (not ready) operator staffs the queue, so calls wait instead of closing.
        await desk.SignInAsync(new SignInRequest
        {
            OperatorId = "op-petrov", InitialStatus = OperatorStatus.NotReady, Reason = NotReadyReason.Break,
        });
        var before = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            before.Add((await routing.RegisterInteractionAsync(Call($"before-{serviceId}-{i}"))).Interaction.Id);
        }

        await second.KillAsync();

        // Every call succeeds: those that hit the dead node are retried until the cluster has
        // moved on. Interactions that lived there come back from PostgreSQL, still waiting.
        foreach (var id in before)
        {
            var interaction = await routing.GetInteractionAsync(new GetInteractionRequest { InteractionId = id });
            Assert.Equal(InteractionState.Queued, interaction.State);
        }

        for (var i = 0; i < 6; i++)
        {
            var registered = await routing.RegisterInteractionAsync(Call($"after-{serviceId}-{i}"));
            Assert.Equal(InteractionState.Queued, registered.Interaction.State);
        }

        // With no silo at all the retries run out and the caller is told plainly.
        await first.KillAsync();
        var down = await Assert.ThrowsAsync<RpcException>(async () =>
            await routing.GetInteractionAsync(new GetInteractionRequest { InteractionId = before[0] }));
        Assert.Equal(StatusCode.Unavailable, down.StatusCode);

        // A node that comes back joins the same cluster and the Api serves again, state intact.
        await using var returned = await SiloProcess.StartAsync(server.ConnectionString, clusterId, serviceId);
        Func<Task<Interaction?>> read = async () =>
            {
                try
                {
                    return await routing.GetInteractionAsync(new GetInteractionRequest { InteractionId = before[0] });
                }
                catch (RpcException ex) when (ex.StatusCode == StatusCode.Unavailable)
                {
                    return null;
                }
            };
        var again = await Eventually.MatchAsync(read, i => i is not null, "the Api serves again once a node is back", TimeSpan.FromSeconds(90));
        Assert.Equal(InteractionState.Queued, again!.State);
    }

    private static RegisterInteractionRequest Call(string key) => new()
    {
        IdempotencyKey = key,
        Channel = Channel.Voice,
        CallerNumber = "+79001234567",
        RegionId = "RU-MOW",
        Language = "ru",
        OrganisationId = "SFR",
    };
}
