namespace ContactCenter.Api.Hosting;

/// <summary>Where the Api listens and how it reaches the cluster; the "Hosting" configuration section.</summary>
public sealed class HostingOptions
{
    public const string Section = "Hosting";

    /// <summary>gRPC, HTTP/2 without TLS (gateways and desks).</summary>
    public int GrpcPort { get; set; } = 5000;

    /// <summary>HTTP/1.1: the health endpoint at /health (and, embedded, the Orleans dashboard at /dashboard).</summary>
    public int HttpPort { get; set; } = 8080;

    /// <summary>Loopback by default; 0.0.0.0 to serve other machines.</summary>
    public string ListenAddress { get; set; } = "127.0.0.1";

    /// <summary>Auto: a client of the PostgreSQL cluster when a connection string is set, else a node of its own.</summary>
    public ApiRole Role { get; set; } = ApiRole.Auto;

    /// <summary>How long the Api keeps trying to reach a cluster that is not up yet before it gives up starting.</summary>
    public TimeSpan ClusterConnectTimeout { get; set; } = TimeSpan.FromMinutes(2);
}

public enum ApiRole
{
    Auto,

    /// <summary>Co-hosts a silo: one process is the whole product.</summary>
    Embedded,

    /// <summary>An Orleans client of silos found through the PostgreSQL membership table.</summary>
    Client,
}
