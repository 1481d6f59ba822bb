package dev.k42lens.core.kernel;

import dev.k42lens.core.cpu.Cpu;
import dev.k42lens.core.cpu.Interpreter;

/** One guest thread: its registers, its interpreter, and its state in the syscall layer. */
public final class GuestThread {
    private final int tid;
    private final GuestProcess process;
    private final Cpu cpu = new Cpu();
    private final Interpreter interpreter;
    /** How many syscall-layer entries are active on this thread (K42's "in a system call" mark). */
    private int depth;

    GuestThread(int tid, GuestProcess process) {
        this.tid = tid;
        this.process = process;
        this.interpreter = new Interpreter(cpu, process.memory(), process.clock()::timeBase);
    }

    public int tid() {
        return tid;
    }

    public GuestProcess process() {
        return process;
    }

    public Cpu cpu() {
        return cpu;
    }

    public Interpreter interpreter() {
        return interpreter;
    }

    public int depth() {
        return depth;
    }

    /** Enters the layer; returns the new depth. */
    public int enterLayer() {
        return ++depth;
    }

    public void leaveLayer() {
        depth--;
    }
}
