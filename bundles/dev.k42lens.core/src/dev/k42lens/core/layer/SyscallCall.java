package dev.k42lens.core.layer;

import dev.k42lens.core.kernel.GuestProcess;
import dev.k42lens.core.kernel.GuestThread;
import dev.k42lens.core.kernel.SignalInfo;
import dev.k42lens.core.layer.table.Signal;
import dev.k42lens.core.mem.GuestMemory;

/**
 * One active call in the layer: its arguments, the thread and process it runs for, and the way
 * back into the layer for calls Linux defines through other calls.
 */
public final class SyscallCall {
    private final SyscallLayer layer;
    private final GuestThread thread;
    private final int number;
    private final long[] args;
    private final int handler;
    private final long back;

    SyscallCall(SyscallLayer layer, GuestThread thread, int number, long[] args, int handler, long back) {
        this.layer = layer;
        this.thread = thread;
        this.number = number;
        this.args = args;
        this.handler = handler;
        this.back = back;
    }

    SyscallLayer layer() {
        return layer;
    }

    public GuestThread thread() {
        return thread;
    }

    public GuestProcess process() {
        return thread.process();
    }

    public GuestMemory memory() {
        return thread.process().memory();
    }

    public int number() {
        return number;
    }

    /**
     * Sends the calling thread a signal the call raises itself, as the kernel does (SIGPIPE for a
     * write nobody will read); posted in the layer, it waits for the outermost return.
     */
    public void raise(Signal signal) {
        GuestProcess p = process();
        layer.signals().post(thread, new SignalInfo(signal.number(), SignalInfo.SI_USER, p.pid(), p.credentials().uid(), 0), number,
                layer.table().describe(number).name());
    }

    public long arg(int i) {
        return args[i];
    }

    public int intArg(int i) {
        return (int) args[i];
    }

    /**
     * Ends this call for now because it must wait: the thread leaves the layer and blocks until
     * {@code ready}; then the call starts again from its site ({@code restart}), or completes with
     * {@code result}. {@code deadlineNs} (monotonic, 0 for none) lets time pass up to it while
     * nothing else runs. Returns {@link SyscallHandler#WOULD_BLOCK}, which callers pass on.
     */
    public long block(java.util.function.BooleanSupplier ready, boolean restart, java.util.function.LongSupplier result,
            long deadlineNs) {
        return block(ready, restart, result, deadlineNs, null);
    }

    /** As {@link #block(java.util.function.BooleanSupplier, boolean, java.util.function.LongSupplier, long)}, with
     * {@code cancel} run when a signal interrupts the wait. */
    public long block(java.util.function.BooleanSupplier ready, boolean restart, java.util.function.LongSupplier result,
            long deadlineNs, Runnable cancel) {
        thread.setWaiting(new dev.k42lens.core.kernel.GuestThread.Wait(ready, restart, result, number, null, 0, 0, null,
                deadlineNs, cancel, false));
        return SyscallHandler.WOULD_BLOCK;
    }

    /**
     * A wait no signal interrupts (as the kernel's vfork wait): the thread still leaves the layer
     * first, its signals stay pending until {@code ready}, and then the call returns {@code result}.
     */
    public long blockUninterruptibly(java.util.function.BooleanSupplier ready, java.util.function.LongSupplier result) {
        thread.setWaiting(new dev.k42lens.core.kernel.GuestThread.Wait(ready, false, result, number, null, 0, 0, null, 0, null,
                true));
        return SyscallHandler.WOULD_BLOCK;
    }

    /** Runs {@code request} as a request to {@code server} (see {@link SyscallLayer#serve}). */
    public long serve(String server, String op, java.util.function.LongSupplier request) {
        return layer.serve(thread, server, op, request);
    }

    /** Where the call returns to (the instruction after its sc, or after the retargeted site). */
    public long returnAddress() {
        return back;
    }

    /**
     * Makes another system call from inside this one, through the transfer table, one level deeper:
     * the nested call is traced and counted like any other.
     */
    public long nested(String name, long... arguments) {
        return layer.nested(thread, TransferTable.entryAddress(handler), name, arguments);
    }
}
