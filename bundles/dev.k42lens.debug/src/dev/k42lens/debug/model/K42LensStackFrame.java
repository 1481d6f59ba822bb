package dev.k42lens.debug.model;

import org.eclipse.debug.core.DebugException;
import org.eclipse.debug.core.model.IRegisterGroup;
import org.eclipse.debug.core.model.IStackFrame;
import org.eclipse.debug.core.model.IThread;
import org.eclipse.debug.core.model.IVariable;

import dev.k42lens.core.debug.Frame;

/**
 * A frame of a suspended guest thread: a code frame (function + address) or, while the thread is
 * inside the syscall layer, one of its active calls tagged with path and depth.
 */
public class K42LensStackFrame extends K42LensDebugElement implements IStackFrame {
    private final K42LensThread thread;
    private final int index;
    private final Frame frame;

    K42LensStackFrame(K42LensThread thread, int index, Frame frame) {
        super(thread.getDebugTarget());
        this.thread = thread;
        this.index = index;
        this.frame = frame;
    }

    /** The frame's instruction address: the PC for the innermost code frame, a return address above it. */
    public long address() {
        return frame.address();
    }

    /** True for a frame of a call active inside the syscall layer. */
    public boolean isLayerFrame() {
        return frame.isLayerFrame();
    }

    public Frame frame() {
        return frame;
    }

    @Override
    public K42LensDebugTarget getDebugTarget() {
        return (K42LensDebugTarget) super.getDebugTarget();
    }

    @Override
    public IThread getThread() {
        return thread;
    }

    @Override
    public String getName() {
        if (frame.isLayerFrame()) {
            return frame.label() + " — K42 syscall layer";
        }
        return String.format("%s [0x%x]", frame.label(), frame.address());
    }

    @Override
    public IVariable[] getVariables() {
        return K42LensRegister.NONE;
    }

    @Override
    public boolean hasVariables() {
        return false;
    }

    /** The source file the frame's DWARF line names ("src/hello.c"), or null without line information. */
    public String sourceFile() {
        return frame.source() == null ? null : frame.source().file();
    }

    @Override
    public int getLineNumber() {
        return frame.source() == null ? -1 : frame.source().line();
    }

    @Override
    public int getCharStart() {
        return -1;
    }

    @Override
    public int getCharEnd() {
        return -1;
    }

    /** Every frame shows the thread's registers: the back chain does not recover callee-saved ones. */
    @Override
    public IRegisterGroup[] getRegisterGroups() {
        return thread.registerGroups();
    }

    @Override
    public boolean hasRegisterGroups() {
        return true;
    }

    @Override
    public boolean canStepInto() {
        return thread.canStepInto();
    }

    @Override
    public boolean canStepOver() {
        return thread.canStepOver();
    }

    @Override
    public boolean canStepReturn() {
        return thread.canStepReturn();
    }

    @Override
    public boolean isStepping() {
        return thread.isStepping();
    }

    @Override
    public void stepInto() throws DebugException {
        thread.stepInto();
    }

    @Override
    public void stepOver() throws DebugException {
        thread.stepOver();
    }

    @Override
    public void stepReturn() throws DebugException {
        thread.stepReturn();
    }

    @Override
    public boolean canResume() {
        return thread.canResume();
    }

    @Override
    public boolean canSuspend() {
        return thread.canSuspend();
    }

    @Override
    public boolean isSuspended() {
        return thread.isSuspended();
    }

    @Override
    public void resume() throws DebugException {
        thread.resume();
    }

    @Override
    public void suspend() throws DebugException {
        thread.suspend();
    }

    @Override
    public boolean canTerminate() {
        return thread.canTerminate();
    }

    @Override
    public boolean isTerminated() {
        return thread.isTerminated();
    }

    @Override
    public void terminate() throws DebugException {
        thread.terminate();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof K42LensStackFrame f && f.thread.equals(thread) && f.index == index && f.frame.equals(frame);
    }

    @Override
    public int hashCode() {
        return thread.hashCode() * 31 + index;
    }
}
