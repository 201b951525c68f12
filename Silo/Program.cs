using ContactCenter.Silo.Hosting;
using Orleans.Dashboard;

// A cluster node: hosts grains, the dashboard, a health endpoint and Prometheus metrics. The Api connects to it as a client.
var builder = WebApplication.CreateBuilder(args);
var httpPort = builder.Configuration.GetValue("Silo:HttpPort", 8081);
builder.WebHost.ConfigureKestrel(kestrel => kestrel.ListenAnyIP(httpPort));
builder.AddContactCenterSilo();
builder.Services.AddHealthChecks();
builder.AddContactCenterTelemetry();

var app = builder.Build();
app.MapHealthChecks("/health");
app.MapContactCenterMetrics();
app.MapOrleansDashboard(routePrefix: "/dashboard");
app.Run();
