package dev.k42lens.debug.launch;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.Status;
import org.eclipse.debug.core.DebugEvent;
import org.eclipse.debug.core.ILaunch;
import org.eclipse.debug.core.model.IStreamMonitor;
import org.eclipse.debug.core.model.IStreamsProxy2;

import dev.k42lens.core.debug.DebugListener;
import dev.k42lens.core.debug.DebugSession;
import dev.k42lens.core.debug.Suspension;
import dev.k42lens.core.trace.TraceStore;

/**
 * The emulated program as the platform's process: its stdout and stderr go to the Console, what the
 * user types there goes to its stdin, and its exit status is the process's exit value.
 */
public class GuestProgramProcess extends GuestProcessBase implements IStreamsProxy2, DebugListener {
    private final String label;
    private final GuestStreamMonitor stdout = new GuestStreamMonitor();
    private final GuestStreamMonitor stderr = new GuestStreamMonitor();
    private final PipedInputStream stdin = new PipedInputStream(64 * 1024);
    private final PipedOutputStream stdinWriter;
    private DebugSession session;
    /** The guest processes the program created, by pid. */
    private final Map<Integer, GuestChildProcess> children = new java.util.concurrent.ConcurrentHashMap<>();
    private AutoCloseable closeAtEnd;
    private final TraceStore traceStore;

    public GuestProgramProcess(ILaunch launch, String label) throws IOException {
        super(launch, "k42lens");
        this.label = label;
        this.stdinWriter = new PipedOutputStream(stdin);
        this.traceStore = new TraceStore(label);
    }

    /** Every event of the run so far, growing while it runs: what the syscall-path views show. */
    public TraceStore traceStore() {
        return traceStore;
    }

    /** The guest's standard input: what the Console sends. */
    public InputStream guestInput() {
        return stdin;
    }

    public OutputStream guestOutput() {
        return stdout.output();
    }

    public OutputStream guestError() {
        return stderr.output();
    }

    /** Closes {@code resource} (e.g. the trace file; null for none) when the run ends, before the end is announced. */
    public void closeWhenTerminated(AutoCloseable resource) {
        this.closeAtEnd = resource;
    }

    /** Attaches the session this process stands for and announces the process. */
    public void attach(DebugSession debugSession) {
        this.session = debugSession;
        getLaunch().addProcess(this);
        fire(DebugEvent.CREATE);
    }

    /**
     * Hot-swaps transfer-table slot {@code slot} to the handler of call {@code handler}
     * ({@code TransferTable.ENOSYS_HANDLER} for ENOSYS, null for the slot's own); see
     * {@link DebugSession#swapSlot}. A refused swap is a CoreException that says why.
     */
    public void swapSlot(int slot, Integer handler) throws CoreException {
        DebugSession current = session;
        if (current == null) {
            throw new CoreException(Status.error("The program has not started yet."));
        }
        try {
            current.swapSlot(slot, handler);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new CoreException(Status.error("Cannot swap slot " + slot + ": " + e.getMessage()));
        }
    }

    @Override
    public String getLabel() {
        return label;
    }


    @Override
    public IStreamsProxy2 getStreamsProxy() {
        return this;
    }





    @Override
    public boolean canTerminate() {
        return !isTerminated();
    }


    @Override
    public void terminate() {
        if (session != null) {
            session.terminate();
        }
        closeInput();
    }

    // ---- IStreamsProxy2 ----------------------------------------------------------------------------

    @Override
    public IStreamMonitor getErrorStreamMonitor() {
        return stderr;
    }

    @Override
    public IStreamMonitor getOutputStreamMonitor() {
        return stdout;
    }

    @Override
    public void write(String input) throws IOException {
        stdinWriter.write(input.getBytes(StandardCharsets.UTF_8));
        stdinWriter.flush();
    }

    /** End of input for the guest (Ctrl+D in the Console, or the end of the run). */
    @Override
    public void closeInputStream() throws IOException {
        stdinWriter.close();
    }

    void closeInput() {
        try {
            closeInputStream();
        } catch (IOException e) {
            // already closed
        }
    }

    // ---- the session's news: only the end matters to the process ------------------------------------

    @Override
    public void suspended(Suspension suspension) {
    }

    @Override
    public void resumed(Resumption how) {
    }

    @Override
    public void terminated(int exitStatus, String problem) {
        if (closeAtEnd != null) {
            try {
                closeAtEnd.close();
            } catch (Exception e) {
                stderr.appendText("k42lens: could not finish the trace file: " + e.getMessage() + "\n");
            }
        }
        if (problem != null) {
            stderr.appendText("k42lens: " + problem + "\n");
        }
        closeInput();
        ended(exitStatus);
    }

    @Override
    public void processStarted(int pid, int parentPid, String program) {
        GuestChildProcess child = new GuestChildProcess(getLaunch(), pid, program);
        children.put(pid, child);
        getLaunch().addProcess(child);
    }

    @Override
    public void processExecuted(int pid, String program) {
        GuestChildProcess child = children.get(pid);
        if (child != null) {
            child.executed(program);
        }
    }

    @Override
    public void processEnded(int pid, int status) {
        GuestChildProcess child = children.get(pid);
        if (child != null) {
            child.ended(status);
        }
    }

}
