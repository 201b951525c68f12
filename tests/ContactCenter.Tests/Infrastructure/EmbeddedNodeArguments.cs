namespace ContactCenter.Tests.Infrastructure;

/// <summary>Arguments for an Api host with its own silo on free ports, in Development, logging warnings only.</summary>
public static class EmbeddedNodeArguments
{
    public static string[] With(params string[] settings)
    {
        var ports = FreePorts.Take(4);
        return
        [
            $"--Hosting:GrpcPort={ports[0]}",
            $"--Hosting:HttpPort={ports[1]}",
            $"--Cluster:SiloPort={ports[2]}",
            $"--Cluster:GatewayPort={ports[3]}",
            "--Logging:LogLevel:Default=Warning",
            "--environment=Development",
            .. settings,
        ];
    }
}
