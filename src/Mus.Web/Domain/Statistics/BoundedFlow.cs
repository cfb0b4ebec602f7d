namespace Mus.Web.Domain.Statistics;

/// <summary>
/// The maximum flow between two blocks of <see cref="SmallGroups.Isolates"/>, counted only up to a limit:
/// the rule only asks whether the smallest cut between them is below the minimum group size, so a few
/// augmenting paths answer it. Each crossing carries its people both ways (a cut is a cut whichever side
/// a block is on).
/// </summary>
internal sealed class BoundedFlow
{
    private readonly Dictionary<int, List<int>> neighbours = [];
    private readonly Dictionary<(int From, int To), int> capacity = [];

    public BoundedFlow(IReadOnlyDictionary<(int From, int To), int> crossings)
    {
        foreach (var ((from, to), people) in crossings)
        {
            Connect(from, to, people);
            Connect(to, from, people);
        }
    }

    private void Connect(int from, int to, int amount)
    {
        if (!capacity.TryGetValue((from, to), out var existing))
        {
            (neighbours.TryGetValue(from, out var list) ? list : neighbours[from] = []).Add(to);
            (neighbours.TryGetValue(to, out var back) ? back : neighbours[to] = []).Add(from);
            capacity.TryAdd((to, from), 0);
        }

        capacity[(from, to)] = existing + amount;
    }

    /// <summary>The flow from <paramref name="source"/> to <paramref name="sink"/>, or <paramref name="limit"/> when it is at least that.</summary>
    public int MaximumUpTo(int source, int sink, int limit)
    {
        var residual = new Dictionary<(int From, int To), int>(capacity);
        var flow = 0;
        while (flow < limit)
        {
            // The shortest path with room left (Edmonds–Karp).
            var previous = new Dictionary<int, int> { [source] = source };
            var queue = new Queue<int>([source]);
            while (queue.Count > 0 && !previous.ContainsKey(sink))
            {
                var node = queue.Dequeue();
                foreach (var next in neighbours[node])
                {
                    if (!previous.ContainsKey(next) && residual[(node, next)] > 0)
                    {
                        previous[next] = node;
                        queue.Enqueue(next);
                    }
                }
            }

            if (!previous.ContainsKey(sink))
            {
                return flow;
            }

            var push = limit - flow;
            for (var node = sink; node != source; node = previous[node])
            {
                push = Math.Min(push, residual[(previous[node], node)]);
            }

            for (var node = sink; node != source; node = previous[node])
            {
                residual[(previous[node], node)] -= push;
                residual[(node, previous[node])] += push;
            }

            flow += push;
        }

        return flow;
    }
}
