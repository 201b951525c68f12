namespace ContactCenter.Silo.Hosting;

/// <summary>How this node joins a cluster; the "Cluster" configuration section.</summary>
public sealed class NodeOptions
{
    public const string Section = "Cluster";

    public string ClusterId { get; set; } = "contactcenter-dev";

    public string ServiceId { get; set; } = "contactcenter";

    public int SiloPort { get; set; } = 11111;

    public int GatewayPort { get; set; } = 30000;

    /// <summary>The address other silos and clients reach this node on (PostgreSQL clustering only).</summary>
    public string AdvertisedAddress { get; set; } = "127.0.0.1";

    /// <summary>Remote grain addresses a node remembers (Cluster:Directory:CacheSize); Orleans' own default is 1,000,000.</summary>
    public const int DefaultDirectoryCacheSize = 100_000;
}
