using System.Collections;

namespace ContactCenter.Queues;

/// <summary>
/// A sorted set that also tells an element's place in O(log n): a treap whose nodes count their
/// subtrees. <see cref="SortedSet{T}"/> can only count a range by walking it, and a queue reports
/// the place of every contact it takes in (with thousands waiting, that walk was a tenth of a
/// loaded node's time).
/// </summary>
public sealed class RankedSet<T> : IReadOnlyCollection<T>
    where T : class
{
    private readonly IComparer<T> _comparer;

    // Heap priorities only shape the tree; a fixed seed keeps a queue's behaviour repeatable.
    private readonly Random _priorities = new(0x7E1A);
    private Node? _root;
    private int _version;

    public RankedSet(IComparer<T> comparer) => _comparer = comparer;

    public int Count => _root?.Size ?? 0;

    /// <summary>The first element in order; null when empty.</summary>
    public T? Min
    {
        get
        {
            var node = _root;
            while (node?.Left is not null)
            {
                node = node.Left;
            }

            return node?.Value;
        }
    }

    /// <summary>False when an equal element is already present.</summary>
    public bool Add(T value)
    {
        var added = false;
        _root = Insert(_root, value, ref added);
        if (added)
        {
            _version++;
        }

        return added;
    }

    public bool Remove(T value)
    {
        var removed = false;
        _root = Delete(_root, value, ref removed);
        if (removed)
        {
            _version++;
        }

        return removed;
    }

    /// <summary>1-based place of <paramref name="value"/> in order, or 0 when it is not here.</summary>
    public int PositionOf(T value)
    {
        var node = _root;
        var before = 0;
        while (node is not null)
        {
            var order = _comparer.Compare(value, node.Value);
            if (order == 0)
            {
                return before + SizeOf(node.Left) + 1;
            }

            if (order < 0)
            {
                node = node.Left;
            }
            else
            {
                before += SizeOf(node.Left) + 1;
                node = node.Right;
            }
        }

        return 0;
    }

    public IEnumerator<T> GetEnumerator()
    {
        var version = _version;
        var path = new Stack<Node>();
        for (var node = _root; node is not null; node = node.Left)
        {
            path.Push(node);
        }

        while (path.Count > 0)
        {
            var next = path.Pop();
            yield return next.Value;
            if (version != _version)
            {
                throw new InvalidOperationException("the set changed while it was being walked");
            }

            for (var node = next.Right; node is not null; node = node.Left)
            {
                path.Push(node);
            }
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private static int SizeOf(Node? node) => node?.Size ?? 0;

    private static Node Resized(Node node)
    {
        node.Size = SizeOf(node.Left) + SizeOf(node.Right) + 1;
        return node;
    }

    private static Node RotateRight(Node node)
    {
        var left = node.Left!;
        node.Left = left.Right;
        left.Right = Resized(node);
        return Resized(left);
    }

    private static Node RotateLeft(Node node)
    {
        var right = node.Right!;
        node.Right = right.Left;
        right.Left = Resized(node);
        return Resized(right);
    }

    /// <summary>Joins two treaps whose every element of <paramref name="low"/> comes before every one of <paramref name="high"/>.</summary>
    private static Node? Merge(Node? low, Node? high)
    {
        if (low is null)
        {
            return high;
        }

        if (high is null)
        {
            return low;
        }

        if (low.Priority > high.Priority)
        {
            low.Right = Merge(low.Right, high);
            return Resized(low);
        }

        high.Left = Merge(low, high.Left);
        return Resized(high);
    }

    private Node Insert(Node? node, T value, ref bool added)
    {
        if (node is null)
        {
            added = true;
            return new Node(value, _priorities.Next());
        }

        var order = _comparer.Compare(value, node.Value);
        if (order == 0)
        {
            return node;
        }

        if (order < 0)
        {
            node.Left = Insert(node.Left, value, ref added);
            return node.Left.Priority > node.Priority ? RotateRight(node) : Resized(node);
        }

        node.Right = Insert(node.Right, value, ref added);
        return node.Right.Priority > node.Priority ? RotateLeft(node) : Resized(node);
    }

    private Node? Delete(Node? node, T value, ref bool removed)
    {
        if (node is null)
        {
            return null;
        }

        var order = _comparer.Compare(value, node.Value);
        if (order == 0)
        {
            removed = true;
            return Merge(node.Left, node.Right);
        }

        if (order < 0)
        {
            node.Left = Delete(node.Left, value, ref removed);
        }
        else
        {
            node.Right = Delete(node.Right, value, ref removed);
        }

        return Resized(node);
    }

    private sealed class Node(T value, int priority)
    {
        public T Value { get; } = value;

        public int Priority { get; } = priority;

        public Node? Left { get; set; }

        public Node? Right { get; set; }

        public int Size { get; set; } = 1;
    }
}
