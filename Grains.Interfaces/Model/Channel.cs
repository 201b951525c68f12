namespace ContactCenter.Model;

/// <summary>How the citizen reaches us; each channel has its own per-operator capacity.</summary>
public enum Channel
{
    Voice = 1,
    Text = 2,
    Video = 3,
}

public enum Line
{
    First = 1,
    Second = 2,
}

public enum Direction
{
    Inbound = 1,
    Outbound = 2,
}
