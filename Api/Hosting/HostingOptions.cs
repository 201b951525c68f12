namespace ContactCenter.Api.Hosting;

/// <summary>Where the Api listens; the "Hosting" configuration section.</summary>
public sealed class HostingOptions
{
    public const string Section = "Hosting";

    /// <summary>gRPC, HTTP/2 without TLS (gateways and desks).</summary>
    public int GrpcPort { get; set; } = 5000;

    /// <summary>HTTP/1.1: the Orleans dashboard at /dashboard and the health endpoint at /health.</summary>
    public int HttpPort { get; set; } = 8080;

    /// <summary>Loopback by default; 0.0.0.0 to serve other machines.</summary>
    public string ListenAddress { get; set; } = "127.0.0.1";
}
