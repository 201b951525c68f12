using ContactCenter.LoadTests.Cli;
using ContactCenter.LoadTests.Nodes;
using ContactCenter.LoadTests.Runner;

namespace ContactCenter.LoadTests.Scenarios;

/// <summary>A scenario the runner drives: its defaults, what the embedded node needs, and the scenario itself.</summary>
public interface ILoadScenario
{
    string Name { get; }

    /// <summary>Its own options and what it does, for the usage text.</summary>
    string Usage { get; }

    IReadOnlyCollection<string> Options { get; }

    LoadSimulation DefaultLoad(TimeSpan duration);

    /// <summary>Configuration of the node this tool starts when no <c>--target</c> is given.</summary>
    IReadOnlyDictionary<string, string?> EmbeddedSettings(CliOptions options);

    /// <summary>How long iterations in flight may finish after the load ends.</summary>
    TimeSpan DefaultDrain(CliOptions options, bool embedded);

    ScenarioProps Create(CliOptions options, NodeClients node);
}
