package dev.k42lens.core.kernel;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import dev.k42lens.core.cpu.isa.Fpscr;
import dev.k42lens.core.layer.table.Signal;

/**
 * The siginfo a signal carries (the 128-byte 64-bit layout), as handlers with SA_SIGINFO see it:
 * {@code address} for faults, {@code status} (exit code or signal) for SIGCHLD, {@code value}
 * (si_value) for a POSIX timer's signal, whose si_timerid and si_overrun take the places of
 * si_pid and si_uid and are carried in {@code pid} and {@code uid}.
 */
public record SignalInfo(int signo, int code, int pid, int uid, long address, int status, long value) {
    public static final int CLD_EXITED = 1;
    public static final int CLD_KILLED = 2;
    public static final int CLD_DUMPED = 3;
    public static final int CLD_STOPPED = 5;
    public static final int CLD_CONTINUED = 6;

    public SignalInfo(int signo, int code, int pid, int uid, long address) {
        this(signo, code, pid, uid, address, 0, 0);
    }

    /** SIGCHLD about child {@code pid}: how it changed ({@code CLD_*}) and its exit code or signal. */
    public static SignalInfo child(int code, int pid, int uid, int status) {
        return new SignalInfo(Signal.SIGCHLD.number(), code, pid, uid, 0, status, 0);
    }

    /** The signal of POSIX timer {@code timerId}: its overrun and the sigev_value it was created with. */
    public static SignalInfo timer(int signo, int timerId, int overrun, long value) {
        return new SignalInfo(signo, SI_TIMER, timerId, overrun, 0, 0, value);
    }

    public static final int SI_USER = 0;
    public static final int SI_KERNEL = 0x80;
    public static final int SI_TIMER = -2;
    public static final int SI_TKILL = -6;
    public static final int SEGV_MAPERR = 1;
    public static final int SEGV_ACCERR = 2;
    public static final int ILL_ILLOPC = 1;
    public static final int ILL_ILLOPN = 2;
    public static final int TRAP_BRKPT = 1;
    public static final int FPE_FLTDIV = 3;
    public static final int FPE_FLTOVF = 4;
    public static final int FPE_FLTUND = 5;
    public static final int FPE_FLTRES = 6;
    public static final int FPE_FLTINV = 7;
    public static final int SIZE = 128;

    /**
     * The si_code of a floating-point enabled exception, from the FPSCR, in the order Linux
     * checks the enabled exceptions: invalid, overflow, underflow, zero divide, inexact.
     */
    public static int floatingPointCode(int fpscr) {
        if ((fpscr & Fpscr.VX) != 0 && (fpscr & Fpscr.VE) != 0) {
            return FPE_FLTINV;
        }
        if ((fpscr & Fpscr.OX) != 0 && (fpscr & Fpscr.OE) != 0) {
            return FPE_FLTOVF;
        }
        if ((fpscr & Fpscr.UX) != 0 && (fpscr & Fpscr.UE) != 0) {
            return FPE_FLTUND;
        }
        if ((fpscr & Fpscr.ZX) != 0 && (fpscr & Fpscr.ZE) != 0) {
            return FPE_FLTDIV;
        }
        return (fpscr & Fpscr.XX) != 0 && (fpscr & Fpscr.XE) != 0 ? FPE_FLTRES : 0;
    }

    /** The CLD_* code of a wait status: exited, killed, or killed with a core dump. */
    public static int childCode(int waitStatus) {
        return (waitStatus & 0x7f) == 0 ? CLD_EXITED : (waitStatus & 0x80) != 0 ? CLD_DUMPED : CLD_KILLED;
    }

    /** The si_status of a wait status: the exit code, or the signal that killed it. */
    public static int childStatus(int waitStatus) {
        return (waitStatus & 0x7f) == 0 ? (waitStatus >> 8) & 0xff : waitStatus & 0x7f;
    }

    public byte[] bytes(boolean bigEndian) {
        ByteBuffer b = ByteBuffer.allocate(SIZE).order(bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, signo).putInt(4, 0).putInt(8, code);
        if (address != 0 || signo == 4 || signo == 5 || signo == 7 || signo == 8 || signo == 11) {
            b.putLong(16, address); // si_addr of a fault
        } else {
            b.putInt(16, pid).putInt(20, uid);
            if (code == SI_TIMER) {
                b.putLong(24, value);
            } else if (signo == Signal.SIGCHLD.number()) {
                b.putInt(24, status);
            }
        }
        return b.array();
    }
}
