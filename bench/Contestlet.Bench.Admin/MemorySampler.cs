using System.Diagnostics;

namespace Contestlet.Bench.Admin;

/// <summary>
/// Samples the managed heap and the process working set every few milliseconds on its own thread, so the peaks of an
/// operation can be compared with the baseline before it.
/// </summary>
public sealed class MemorySampler : IDisposable
{
    private readonly Thread _thread;
    private readonly Process _process = Process.GetCurrentProcess();
    private readonly TimeSpan _interval;
    private volatile bool _stopping;

    public MemorySampler(TimeSpan interval)
    {
        _interval = interval;
        (BaselineHeap, BaselineWorkingSet) = Sample();
        (PeakHeap, PeakWorkingSet) = (BaselineHeap, BaselineWorkingSet);
        _thread = new Thread(Run) { IsBackground = true, Name = "memory sampler" };
        _thread.Start();
    }

    public long BaselineHeap { get; }
    public long BaselineWorkingSet { get; }
    public long PeakHeap { get; private set; }
    public long PeakWorkingSet { get; private set; }
    public int Samples { get; private set; }

    public void Dispose()
    {
        _stopping = true;
        _thread.Join();
        Record();
        _process.Dispose();
    }

    private void Run()
    {
        while (!_stopping)
        {
            Record();
            Thread.Sleep(_interval);
        }
    }

    private void Record()
    {
        var (heap, workingSet) = Sample();
        PeakHeap = Math.Max(PeakHeap, heap);
        PeakWorkingSet = Math.Max(PeakWorkingSet, workingSet);
        Samples++;
    }

    private (long Heap, long WorkingSet) Sample()
    {
        _process.Refresh();
        return (GC.GetTotalMemory(forceFullCollection: false), _process.WorkingSet64);
    }
}
