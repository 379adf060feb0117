using BackSignal.Core.Import;
using BackSignal.DevHost;
using BenchmarkDotNet.Attributes;

namespace BackSignal.Bench;

/// <summary>The FIT decoder on a generated running activity of 1-second records.</summary>
public class FitBenchmarks
{
    private byte[] _file = [];

    [Params(10)]
    public int Megabytes { get; set; }

    [GlobalSetup]
    public void Setup() => _file = LargeExports.FitActivity(Megabytes << 20);

    [Benchmark]
    public FitActivity Decode() => FitReader.Decode(_file, "bench.fit");
}
