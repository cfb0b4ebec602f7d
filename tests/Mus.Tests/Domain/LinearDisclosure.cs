namespace Mus.Tests.Domain;

/// <summary>
/// The tests' own check of published figures, written apart from the product's rule: given the groups
/// shown for one question (as sets of the people who answered it), is there a combination of the
/// groups' vectors, not all zero, that touches only 1 to threshold − 1 people? If so, adding and
/// subtracting the groups' figures tells something of what those few answered: their sum (a small
/// set isolated), or a difference such as one person's answer minus another's. Exact linear algebra
/// modulo the prime 2^61 − 1: a combination over the rationals, scaled to whole numbers, is one modulo
/// the prime too, so nothing the rationals would find is missed.
/// </summary>
public static class LinearDisclosure
{
    private const ulong Prime = (1UL << 61) - 1;

    /// <summary>The few people (below the threshold) some combination of the groups touches alone, or null when there are none.</summary>
    public static IReadOnlySet<int>? Isolated(IReadOnlyList<IReadOnlySet<int>> groups, int threshold)
    {
        // Groups that share nobody, directly or through others, span independent parts (their vectors
        // have disjoint supports), and a small set in the whole would leave a small set in one part:
        // each part is checked alone.
        foreach (var part in Parts(groups))
        {
            if (IsolatedIn(part, threshold) is { } isolated)
            {
                return isolated;
            }
        }

        return null;
    }

    private static List<List<IReadOnlySet<int>>> Parts(IReadOnlyList<IReadOnlySet<int>> groups)
    {
        var part = Enumerable.Range(0, groups.Count).ToArray();
        int Find(int i) => part[i] == i ? i : part[i] = Find(part[i]);
        var firstGroupOf = new Dictionary<int, int>();
        for (var g = 0; g < groups.Count; g++)
        {
            foreach (var person in groups[g])
            {
                if (firstGroupOf.TryGetValue(person, out var other))
                {
                    part[Find(g)] = Find(other);
                }
                else
                {
                    firstGroupOf[person] = g;
                }
            }
        }

        return [.. Enumerable.Range(0, groups.Count).GroupBy(Find).Select(p => p.Select(g => groups[g]).ToList())];
    }

    private static IReadOnlySet<int>? IsolatedIn(IReadOnlyList<IReadOnlySet<int>> groups, int threshold)
    {
        // People in exactly the same shown groups cannot be told apart by any combination: work with
        // those classes ("atoms"). A vector in the span is constant on each atom, so a small set must be
        // a union of atoms, each smaller than the threshold, and zero on every larger atom.
        var atoms = groups.SelectMany(g => g).Distinct()
            .GroupBy(person => string.Concat(groups.Select(g => g.Contains(person) ? '1' : '0')))
            .Select(a => (Signature: a.Key, People: a.ToList()))
            .ToList();
        var small = atoms.Where(a => a.People.Count < threshold).ToList();
        var large = atoms.Where(a => a.People.Count >= threshold).ToList();
        if (small.Count == 0)
        {
            return null;
        }

        // Coefficients c with M_large · c = 0; the vectors they make, read on the small atoms.
        var onLarge = large.Select(a => a.Signature.Select(bit => bit == '1' ? 1UL : 0UL).ToArray()).ToList();
        var kernel = NullSpace(onLarge, groups.Count);
        var spanned = kernel.Select(c => small.Select(a => Dot(a.Signature, c)).ToArray()).ToList();
        var basis = Echelon(spanned, small.Count, out var pivots);

        // Every combination w in that space is Σ c_i b_i over the echelon rows, and its value at row i's pivot
        // is c_i: the rows used put their pivot atoms in w's support. So choose the rows used (pivot atoms
        // holding fewer than the threshold), the other atoms allowed to stay non-zero (within what is left),
        // and ask whether some c, not all zero, makes w zero on every other atom those rows touch.
        var pivotSet = pivots.ToHashSet();
        IReadOnlySet<int>? Rows(int from, List<int> chosen, int people)
        {
            for (var i = from; i < basis.Count; i++)
            {
                var size = small[pivots[i]].People.Count;
                if (people + size >= threshold)
                {
                    continue;
                }

                chosen.Add(i);
                var touched = Enumerable.Range(0, small.Count).Where(j => !pivotSet.Contains(j) && chosen.Any(r => basis[r][j] != 0)).ToList();
                if (Allowed(chosen, touched, 0, [], people + size) is { } found)
                {
                    return found;
                }

                if (Rows(i + 1, chosen, people + size) is { } further)
                {
                    return further;
                }

                chosen.RemoveAt(chosen.Count - 1);
            }

            return null;
        }

        IReadOnlySet<int>? Allowed(List<int> chosen, List<int> touched, int from, List<int> allowed, int people)
        {
            var zero = touched.Where(j => !allowed.Contains(j)).Select(j => chosen.Select(r => basis[r][j]).ToArray()).ToList();
            if (Echelon(zero, chosen.Count, out _).Count < chosen.Count)
            {
                return chosen.Select(r => pivots[r]).Concat(allowed).SelectMany(j => small[j].People).ToHashSet();
            }

            for (var k = from; k < touched.Count; k++)
            {
                var size = small[touched[k]].People.Count;
                if (people + size < threshold)
                {
                    allowed.Add(touched[k]);
                    var found = Allowed(chosen, touched, k + 1, allowed, people + size);
                    allowed.RemoveAt(allowed.Count - 1);
                    if (found is not null)
                    {
                        return found;
                    }
                }
            }

            return null;
        }

        return Rows(0, [], 0);
    }

    private static ulong Dot(string signature, ulong[] coefficients)
    {
        var sum = 0UL;
        for (var i = 0; i < signature.Length; i++)
        {
            if (signature[i] == '1')
            {
                sum = Add(sum, coefficients[i]);
            }
        }

        return sum;
    }

    /// <summary>A basis of the vectors x with rows · x = 0.</summary>
    private static List<ulong[]> NullSpace(List<ulong[]> rows, int columns)
    {
        var reduced = Echelon(rows, columns, out var pivots);
        var free = Enumerable.Range(0, columns).Where(c => !pivots.Contains(c)).ToList();
        var basis = new List<ulong[]>();
        foreach (var column in free)
        {
            var x = new ulong[columns];
            x[column] = 1;
            for (var r = 0; r < reduced.Count; r++)
            {
                x[pivots[r]] = Negate(reduced[r][column]);
            }

            basis.Add(x);
        }

        return basis;
    }

    /// <summary>Reduced row echelon form (Gauss–Jordan); <paramref name="pivots"/> is each row's pivot column.</summary>
    private static List<ulong[]> Echelon(List<ulong[]> input, int columns, out List<int> pivots)
    {
        var rows = input.Select(r => (ulong[])r.Clone()).ToList();
        pivots = [];
        var rank = 0;
        for (var column = 0; column < columns && rank < rows.Count; column++)
        {
            var found = rows.FindIndex(rank, r => r[column] != 0);
            if (found < 0)
            {
                continue;
            }

            (rows[rank], rows[found]) = (rows[found], rows[rank]);
            var inverse = Power(rows[rank][column], Prime - 2);
            for (var j = 0; j < columns; j++)
            {
                rows[rank][j] = Multiply(rows[rank][j], inverse);
            }

            for (var r = 0; r < rows.Count; r++)
            {
                if (r != rank && rows[r][column] != 0)
                {
                    var factor = rows[r][column];
                    for (var j = 0; j < columns; j++)
                    {
                        rows[r][j] = Add(rows[r][j], Negate(Multiply(factor, rows[rank][j])));
                    }
                }
            }

            pivots.Add(column);
            rank++;
        }

        return rows.Take(rank).ToList();
    }

    private static ulong Add(ulong a, ulong b) => (a + b) % Prime;

    private static ulong Negate(ulong a) => a == 0 ? 0 : Prime - a;

    private static ulong Multiply(ulong a, ulong b) => (ulong)((UInt128)a * b % Prime);

    private static ulong Power(ulong value, ulong exponent)
    {
        var result = 1UL;
        for (; exponent > 0; exponent >>= 1, value = Multiply(value, value))
        {
            if ((exponent & 1) == 1)
            {
                result = Multiply(result, value);
            }
        }

        return result;
    }
}
