using System.Net;
using System.Net.Http.Json;
using ContactCenter.Api.Protos;
using ContactCenter.Api.Security;
using ContactCenter.Tests.Infrastructure;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Health.V1;
using Microsoft.IdentityModel.Tokens;
using static ContactCenter.Tests.Infrastructure.ApiCalls;

namespace ContactCenter.Tests.Api;

/// <summary>Tokens and roles on every service: who may call what, over real gRPC.</summary>
[Collection(ApiCollection.Name)]
public sealed class AuthApiTests(ApiFixture api)
{
    [Fact]
    public void Every_rpc_of_every_service_has_an_access_rule()
    {
        var policy = new AccessPolicy(api.Grains);

        Assert.Empty(AccessPolicy.ProductMethods.Except(policy.RuledMethods));
        Assert.Empty(policy.RuledMethods.Except(AccessPolicy.ProductMethods));
        Assert.Contains("/contactcenter.v1.DeskService/AcceptOffer", policy.RuledMethods);
    }

    [Fact]
    public async Task Without_a_valid_token_calls_are_unauthenticated_and_say_why_while_health_stays_open()
    {
        var dir = await DirectoryAsync();
        var anonymous = new DeskService.DeskServiceClient(api.Channel);
        var foreignKey = new TokenIssuer(new SymmetricSecurityKey(new byte[32]), TimeSpan.FromHours(1)).Issue(Caller.OperatorNamed(dir.Id("first"))).Token;
        var forged = new DeskService.DeskServiceClient(api.Channel.Intercept(new BearerTokenInterceptor(_ => foreignKey)));
        var garbage = new RoutingService.RoutingServiceClient(api.Channel.Intercept(new BearerTokenInterceptor(_ => "not-a-jwt")));

        var none = await FailsAsync(StatusCode.Unauthenticated, anonymous.GetStateAsync(new OperatorRequest { OperatorId = dir.Id("first") }).ResponseAsync);
        var wrongKey = await FailsAsync(StatusCode.Unauthenticated, forged.GetStateAsync(new OperatorRequest { OperatorId = dir.Id("first") }).ResponseAsync);
        var notJwt = await FailsAsync(StatusCode.Unauthenticated, garbage.GetServiceStatusAsync(new GetServiceStatusRequest()).ResponseAsync);
        var stream = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            using var subscription = anonymous.Subscribe(new OperatorRequest { OperatorId = dir.Id("first") });
            await subscription.ResponseStream.MoveNext();
        });
        var health = await new Health.HealthClient(api.Channel).CheckAsync(new HealthCheckRequest());

        Assert.Contains("bearer token is required", none.Status.Detail);
        Assert.Contains("signature", wrongKey.Status.Detail);
        Assert.Contains("not a valid JWT", notJwt.Status.Detail);
        Assert.Equal(StatusCode.Unauthenticated, stream.StatusCode);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
    }

    [Fact]
    public async Task Each_role_reaches_only_its_own_services()
    {
        var dir = await DirectoryAsync();
        var asGateway = api.As(Caller.Gateway());
        var asOperator = api.As(Caller.OperatorNamed(dir.Id("first")));
        var asSupervisor = api.As(Caller.SupervisorOf(dir.Organisation, "sup-1"));

        var gatewayOnDesk = await FailsAsync(StatusCode.PermissionDenied,
            new DeskService.DeskServiceClient(asGateway).SignInAsync(new SignInRequest { OperatorId = dir.Id("first") }).ResponseAsync);
        var operatorOnRouting = await FailsAsync(StatusCode.PermissionDenied,
            new RoutingService.RoutingServiceClient(asOperator).GetServiceStatusAsync(new GetServiceStatusRequest()).ResponseAsync);
        var operatorOnDirectory = await FailsAsync(StatusCode.PermissionDenied,
            new AdminService.AdminServiceClient(asOperator).GetOperatorAsync(new GetOperatorRequest { OperatorId = dir.Id("first") }).ResponseAsync);
        var supervisorOnDirectory = await FailsAsync(StatusCode.PermissionDenied,
            new AdminService.AdminServiceClient(asSupervisor).UpsertOperatorAsync(new OperatorProfile { Id = dir.Id("first") }).ResponseAsync);
        var adminOnCitizens = await FailsAsync(StatusCode.PermissionDenied,
            new CitizenService.CitizenServiceClient(api.As(Caller.Admin())).GetAuditTrailAsync(new GetAuditTrailRequest { SupervisorId = "admin", OrganisationId = dir.Organisation }).ResponseAsync);

        Assert.Contains("gateway", gatewayOnDesk.Status.Detail);
        Assert.Contains("operator role", gatewayOnDesk.Status.Detail);
        Assert.Contains("gateway role", operatorOnRouting.Status.Detail);
        Assert.Contains("admin role", operatorOnDirectory.Status.Detail);
        Assert.Contains("admin role", supervisorOnDirectory.Status.Detail);
        Assert.Contains("supervisor role", adminOnCitizens.Status.Detail);
        Assert.Equal(dir.Id("first"), (await new DeskService.DeskServiceClient(asOperator).SignInAsync(new SignInRequest { OperatorId = dir.Id("first") })).OperatorId);
    }

    [Fact]
    public async Task An_operator_acts_only_on_its_own_desk_and_reads_only_cards_it_had_a_part_in()
    {
        var dir = await DirectoryAsync();
        var first = new DeskService.DeskServiceClient(api.As(Caller.OperatorNamed(dir.Id("first"))));
        await api.Desk.SignInAsync(new SignInRequest { OperatorId = dir.Id("first") });
        var id = await api.RegisterAsync(dir);
        await api.AcceptWhenOfferedAsync(id, dir.Id("first"));

        var forOther = await FailsAsync(StatusCode.PermissionDenied, first.SignOutAsync(new OperatorRequest { OperatorId = dir.Id("other") }).ResponseAsync);
        var othersCard = await FailsAsync(StatusCode.PermissionDenied, api.Desk.GetInteractionAsync(new InteractionRequest { OperatorId = dir.Id("other"), InteractionId = id }).ResponseAsync);
        var unnamed = await FailsAsync(StatusCode.InvalidArgument, first.GetStateAsync(new OperatorRequest()).ResponseAsync);
        var ownCard = await first.GetInteractionAsync(new InteractionRequest { OperatorId = dir.Id("first"), InteractionId = id });

        Assert.Contains($"may not act for operator '{dir.Id("other")}'", forOther.Status.Detail);
        Assert.Contains("no part in", othersCard.Status.Detail);
        Assert.Contains("operator_id is required", unnamed.Status.Detail);
        Assert.Equal(id, ownCard.Id);
    }

    [Fact]
    public async Task The_desk_sees_the_calling_number_masked_everywhere_on_the_card_and_the_gateway_sees_it_whole()
    {
        var dir = await DirectoryAsync();
        await api.Desk.SignInAsync(new SignInRequest { OperatorId = dir.Id("first") });
        var id = await api.RegisterAsync(dir);

        var accepted = await api.AcceptWhenOfferedAsync(id, dir.Id("first"));
        var onDesk = await api.Desk.GetInteractionAsync(new InteractionRequest { OperatorId = dir.Id("first"), InteractionId = id });
        var atGateway = await api.CardAsync(id);

        Assert.Equal("+7 *** *** 45 67", accepted.CallerNumber);
        Assert.Equal("+7 *** *** 45 67", onDesk.CallerNumber);
        Assert.DoesNotContain(onDesk.Timeline, e => e.Detail.Contains("+79001234567", StringComparison.Ordinal));
        Assert.Contains(onDesk.Timeline, e => e.Detail.Contains("+7 *** *** 45 67", StringComparison.Ordinal));
        Assert.Equal("+79001234567", atGateway.CallerNumber);
    }

    [Fact]
    public async Task A_supervisor_sees_and_acts_only_inside_its_organisation()
    {
        var dir = await DirectoryAsync();
        var stranger = TestDirectory.Create().Queue("q").Operator("x");
        await stranger.ApplyAsync(api.Grains);
        var supervisor = new SupervisorService.SupervisorServiceClient(api.As(Caller.SupervisorOf(dir.Organisation, "sup-1")));
        var reports = new ReportService.ReportServiceClient(api.As(Caller.SupervisorOf(dir.Organisation, "sup-1")));
        await api.Desk.SignInAsync(new SignInRequest { OperatorId = dir.Id("first") });
        await api.Desk.SignInAsync(new SignInRequest { OperatorId = stranger.Id("x") });

        var otherOperator = await FailsAsync(StatusCode.PermissionDenied,
            supervisor.ForceStatusAsync(new ForceStatusRequest { OperatorId = stranger.Id("x"), Status = OperatorStatus.NotReady }).ResponseAsync);
        var otherQueue = await FailsAsync(StatusCode.PermissionDenied,
            supervisor.GetLiveStatisticsAsync(new LiveStatisticsRequest { QueueId = stranger.Id("q") }).ResponseAsync);
        var region = await FailsAsync(StatusCode.PermissionDenied,
            supervisor.GetLiveStatisticsAsync(new LiveStatisticsRequest { RegionId = TestDirectory.Moscow }).ResponseAsync);
        var everyOrganisation = await FailsAsync(StatusCode.PermissionDenied,
            reports.GetKpiComplianceAsync(new KpiComplianceRequest { FromDate = "2026-11-01", ToDate = "2026-11-24", TimeZone = "Europe/Moscow" }).ResponseAsync);
        var watchOther = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            using var watch = supervisor.Watch(new WatchRequest { OrganisationId = stranger.Organisation });
            await watch.ResponseStream.MoveNext();
        });
        var forced = await supervisor.ForceStatusAsync(new ForceStatusRequest { OperatorId = dir.Id("first"), Status = OperatorStatus.NotReady });
        var ownQueue = await supervisor.GetLiveStatisticsAsync(new LiveStatisticsRequest { QueueId = dir.Id("l1") });

        Assert.Contains("not in its organisation", otherOperator.Status.Detail);
        Assert.Contains("not in its organisation", otherQueue.Status.Detail);
        Assert.Contains("admin role", region.Status.Detail);
        Assert.Contains("organisation_id", everyOrganisation.Status.Detail);
        Assert.Equal(StatusCode.PermissionDenied, watchOther.StatusCode);
        Assert.Equal(OperatorStatus.NotReady, forced.Status);
        Assert.NotNull(ownQueue);
    }

    [Fact]
    public async Task The_dev_endpoint_mints_working_tokens_and_names_what_is_missing()
    {
        var dir = await DirectoryAsync();
        using var http = new HttpClient { BaseAddress = api.HttpBase };

        using var minted = await http.PostAsJsonAsync(AuthConfiguration.DevTokenPath, new { role = "operator", operatorId = dir.Id("first") });
        using var noOrganisation = await http.PostAsJsonAsync(AuthConfiguration.DevTokenPath, new { role = "supervisor", supervisorId = "sup-1" });
        using var unknownRole = await http.PostAsJsonAsync(AuthConfiguration.DevTokenPath, new { role = "root" });
        var token = (await minted.Content.ReadFromJsonAsync<MintedToken>())!.Token;
        var desk = new DeskService.DeskServiceClient(api.Channel.Intercept(new BearerTokenInterceptor(_ => token)));
        var signedIn = await desk.SignInAsync(new SignInRequest { OperatorId = dir.Id("first") });

        Assert.Equal(HttpStatusCode.OK, minted.StatusCode);
        Assert.Equal(dir.Id("first"), signedIn.OperatorId);
        Assert.Equal(HttpStatusCode.BadRequest, noOrganisation.StatusCode);
        Assert.Contains("organisation id", await noOrganisation.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, unknownRole.StatusCode);
        Assert.Contains("'root'", await unknownRole.Content.ReadAsStringAsync());
    }

    private async Task<TestDirectory> DirectoryAsync()
    {
        var dir = TestDirectory.Create().Queue("l1").Operator("first").Operator("other");
        await dir.ApplyAsync(api.Grains);
        return dir;
    }

    private sealed record MintedToken(string Token);
}

/// <summary>How a host outside Development treats its key and the dev endpoint.</summary>
public sealed class AuthHostingTests
{
    [Fact]
    public void Outside_Development_a_host_without_a_signing_key_or_with_dev_tokens_on_does_not_build()
    {
        var noKey = Assert.Throws<InvalidOperationException>(() => Build("--environment=Production"));
        var shortKey = Assert.Throws<InvalidOperationException>(() => Build("--environment=Production", $"--Auth:SigningKey={Convert.ToBase64String(new byte[16])}"));
        var devTokens = Assert.Throws<InvalidOperationException>(() => Build("--environment=Production", $"--Auth:SigningKey={Key()}", "--Auth:DevTokens=true"));

        Assert.Contains("Auth:SigningKey is required", noKey.Message);
        Assert.Contains("16 bytes", shortKey.Message);
        Assert.Contains("Auth:DevTokens", devTokens.Message);
    }

    [Fact]
    public async Task Outside_Development_there_is_no_dev_token_endpoint()
    {
        var ports = FreePorts.Take(4);
        await using var app = Build(
            "--environment=Production",
            $"--Auth:SigningKey={Key()}",
            $"--Hosting:GrpcPort={ports[0]}",
            $"--Hosting:HttpPort={ports[1]}",
            $"--Cluster:SiloPort={ports[2]}",
            $"--Cluster:GatewayPort={ports[3]}",
            $"--Cluster:ClusterId=auth-prod-{ports[0]}");
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{ports[1]}") };

        using var response = await http.PostAsJsonAsync(AuthConfiguration.DevTokenPath, new { role = "admin" });
        await app.StopAsync();

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private static Microsoft.AspNetCore.Builder.WebApplication Build(params string[] args) =>
        ContactCenter.Api.Hosting.ApiHost.Build([.. args, "--Logging:LogLevel:Default=Warning"]);

    private static string Key() => Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
}
