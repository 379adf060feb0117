using BackSignal.Core.Import;

namespace BackSignal.Tests.Import;

/// <summary>The bound that keeps a long streamed read's garbage from growing the heap (#31, Apple Health).</summary>
public sealed class GarbageBoundTests
{
    [Fact]
    public void Collects_the_first_generation_each_time_the_thread_has_allocated_the_bound()
    {
        var bound = new GarbageBound(bytes: 1 << 20);
        Assert.False(bound.Check());
        var before = GC.CollectionCount(0);
        var collected = 0;
        // 4 MiB of short-lived arrays, looked at every 64 KiB.
        for (var chunk = 0; chunk < 64; chunk++)
        {
            for (var i = 0; i < 64; i++)
                GC.KeepAlive(new byte[1000]);
            if (bound.Check())
                collected++;
        }
        Assert.InRange(collected, 3, 5);
        Assert.True(GC.CollectionCount(0) - before >= collected);
    }
}
