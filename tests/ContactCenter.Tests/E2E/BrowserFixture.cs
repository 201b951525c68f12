using ContactCenter.Api.Hosting;
using System.Collections.Concurrent;
using ContactCenter.Api.Protos;
using ContactCenter.Api.Security;
using ContactCenter.Common;
using ContactCenter.Tests.Infrastructure;
using Deque.AxeCore.Playwright;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;

namespace ContactCenter.Tests.E2E;

/// <summary>
/// The real Api on free Kestrel ports (embedded silo, demo directory, a fake clock, Development so
/// that the pages get their tokens from POST /dev/token) and Debian's
/// Chromium driven by Playwright. Playwright cannot download a browser here, so the tests launch
/// /usr/bin/chromium; without it they fail, saying how to install it.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private readonly ConcurrentDictionary<Caller, string> _tokens = new();
    private WebApplication? _app;
    private IPlaywright? _playwright;

    public BrowserFixture()
    {
        // Pages update through a stream and a 200 ms figures loop; a slow CI machine still gets there.
        Assertions.SetDefaultExpectTimeout(20_000);
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));

    private GrpcChannel Channel { get; set; } = null!;

    public Uri HttpBase { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Screenshots of each run, beside the test binaries.</summary>
    public string Artifacts { get; } = Path.Combine(AppContext.BaseDirectory, "e2e-artifacts");

    /// <summary>The gateway the test plays.</summary>
    public RoutingService.RoutingServiceClient Routing => new(Channel.Intercept(new BearerTokenInterceptor(_ => TokenFor(Caller.Gateway()))));

    /// <summary>Desks of operators the test plays beside the page, each request with its operator's token.</summary>
    public DeskService.DeskServiceClient Desk =>
        new(Channel.Intercept(new BearerTokenInterceptor(request => TokenFor(Caller.OperatorNamed(BearerTokenInterceptor.OperatorOf(request))))));

    private string TokenFor(Caller caller) =>
        _tokens.GetOrAdd(caller, c => _app!.Services.GetRequiredService<TokenIssuer>().Issue(c).Token);

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException(
                $"The browser tests drive Debian's Chromium at {ChromiumPath}, which is not installed: run `apt-get install -y chromium` (.ci/run does).");
        }

        System.IO.Directory.CreateDirectory(Artifacts);
        var ports = FreePorts.Take(4);
        _app = ApiHost.Build(
            [
                $"--Hosting:GrpcPort={ports[0]}",
                $"--Hosting:HttpPort={ports[1]}",
                $"--Cluster:SiloPort={ports[2]}",
                $"--Cluster:GatewayPort={ports[3]}",
                $"--Cluster:ClusterId=e2e-tests-{ports[0]}",
                "--Logging:LogLevel:Default=Warning",
                "--environment=Development",

                // Figures reach the wallboard within a fraction of a second instead of 5 s.
                "--Statistics:PushInterval=00:00:00.200",
            ],
            builder => builder.Services.AddSingleton(new DomainClock(Time)));
        await _app.StartAsync();
        Channel = GrpcChannel.ForAddress($"http://127.0.0.1:{ports[0]}");
        HttpBase = new Uri($"http://127.0.0.1:{ports[1]}");

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu"],
        });
    }

    /// <summary>A fresh browser profile in English on a wallboard-sized screen.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            Locale = "en-GB",
            ViewportSize = new ViewportSize { Width = 1400, Height = 1000 },
        });
        return await context.NewPageAsync();
    }

    public Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Artifacts, name), FullPage = true });

    /// <summary>axe-core's checks (labels, contrast, roles, ...) on the page as it is now: no violation at all.</summary>
    public static async Task AssertAccessibleAsync(IPage page)
    {
        var result = await page.RunAxe();
        var violations = result.Violations.Select(v =>
            $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()))}");
        Assert.Empty(violations);
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        Channel?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
