namespace Jamsostek.Demo;

/// <summary>
/// A small counter-seeded generator (xoshiro256** seeded through SplitMix64): every person, row and record draws from
/// its own stream keyed by (seed, stream, key), so any of them can be regenerated alone and the output never depends
/// on the order of work.
/// </summary>
internal struct SyntheticRandom
{
    private ulong s0;
    private ulong s1;
    private ulong s2;
    private ulong s3;

    private SyntheticRandom(ulong seed)
    {
        s0 = SplitMix(ref seed);
        s1 = SplitMix(ref seed);
        s2 = SplitMix(ref seed);
        s3 = SplitMix(ref seed);
    }

    public static SyntheticRandom For(ulong seed, Stream stream, long key) => new(Hash(seed, stream, key));

    /// <summary>A well-mixed 64-bit value of (seed, stream, key): for one-off decisions without a whole generator.</summary>
    public static ulong Hash(ulong seed, Stream stream, long key) =>
        Mix(seed ^ Mix(((ulong)stream * 0x9E3779B97F4A7C15UL) ^ Mix((ulong)key + 0x632BE59BD9B4E019UL)));

    /// <summary>A uniform number in [0, 1) from a hash.</summary>
    public static double Unit(ulong hash) => (hash >> 11) * (1.0 / (1UL << 53));

    public ulong NextULong()
    {
        var result = RotateLeft(s1 * 5, 7) * 9;
        var t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = RotateLeft(s3, 45);
        return result;
    }

    /// <summary>A uniform integer in [0, n).</summary>
    public int Next(int n) => (int)(((NextULong() >> 32) * (ulong)n) >> 32);

    /// <summary>A uniform integer in [min, max] (both inclusive).</summary>
    public int Between(int min, int max) => min + Next(max - min + 1);

    public double NextDouble() => (NextULong() >> 11) * (1.0 / (1UL << 53));

    public bool Chance(double probability) => NextDouble() < probability;

    public T Pick<T>(T[] items) => items[Next(items.Length)];

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));

    private static ulong SplitMix(ref ulong state)
    {
        state += 0x9E3779B97F4A7C15UL;
        return Mix(state);
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Independent streams: adding a draw to one never shifts another.</summary>
    public enum Stream : ulong
    {
        DesaWeight = 1,
        DesaStyle,
        DesaLayout,
        Role,
        Reuse,
        Demographics,
        Name,
        Coverage,
        BpjsName,
        RosterRow,
        Other,
        CellBase,
        NightRoster,
        NightMember,
        Kpj,
    }
}
