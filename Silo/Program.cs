using ContactCenter.Silo.Hosting;
using Orleans.Dashboard;

// A cluster node: hosts grains, the dashboard and a health endpoint. The Api connects to it as a client.
var builder = WebApplication.CreateBuilder(args);
var httpPort = builder.Configuration.GetValue("Silo:HttpPort", 8081);
builder.WebHost.ConfigureKestrel(kestrel => kestrel.ListenAnyIP(httpPort));
builder.AddContactCenterSilo();
builder.Services.AddHealthChecks();

var app = builder.Build();
app.MapHealthChecks("/health");
app.MapOrleansDashboard(routePrefix: "/dashboard");
app.Run();
