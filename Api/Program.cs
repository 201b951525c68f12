using ContactCenter.Api.Hosting;

// With no cluster configured this one process is a complete node: gRPC on :5000, dashboard and /health on :8080.
var app = ApiHost.Build(args);
app.Run();
