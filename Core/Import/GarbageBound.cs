namespace BackSignal.Core.Import;

/// <summary>
/// Keeps a long streamed read that retains almost nothing (an Apple Health export.xml of hundreds of MB, of which
/// only the Workout elements are kept) from growing the heap to the garbage collector's first-generation budget.
/// </summary>
/// <remarks>
/// Why by hand: XmlReader leaves a few hundred bytes of short strings behind on each 4 KB buffer it refills
/// (measured: 16.6 MB per 300 MiB over a stream that cannot seek), and the collector only runs when the budget it
/// sizes from the processor's cache is spent — 20 MB and more on a 32 MB L3, every megabyte of it touched, and so
/// in the working set. The budget can only be set for the whole process, by an environment variable
/// (DOTNET_GCgen0size; runtimeconfig.json has no name for it), which would change every function in the host. One
/// first-generation collection after each <see cref="DefaultBytes"/> this thread allocates keeps the read's memory
/// flat whatever the machine: measured on the 300 MiB export, 8 collections, a peak of 60 MB instead of 73, and
/// 1.37–1.45 s instead of 1.27–1.29.
/// </remarks>
internal sealed class GarbageBound(long bytes = GarbageBound.DefaultBytes)
{
    public const long DefaultBytes = 2 << 20;

    private long _mark = GC.GetAllocatedBytesForCurrentThread();

    /// <summary>Collects the first generation when this thread allocated the bound since the last time.</summary>
    /// <returns>Whether it collected.</returns>
    public bool Check()
    {
        if (GC.GetAllocatedBytesForCurrentThread() - _mark < bytes)
            return false;
        GC.Collect(0, GCCollectionMode.Forced, blocking: true, compacting: true);
        _mark = GC.GetAllocatedBytesForCurrentThread();
        return true;
    }
}
