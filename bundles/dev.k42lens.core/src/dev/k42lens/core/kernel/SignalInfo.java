package dev.k42lens.core.kernel;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** The siginfo a signal carries (the 128-byte 64-bit layout), as handlers with SA_SIGINFO see it. */
public record SignalInfo(int signo, int code, int pid, int uid, long address) {
    public static final int SI_USER = 0;
    public static final int SI_KERNEL = 0x80;
    public static final int SI_TKILL = -6;
    public static final int SEGV_MAPERR = 1;
    public static final int SEGV_ACCERR = 2;
    public static final int ILL_ILLOPC = 1;
    public static final int TRAP_BRKPT = 1;
    public static final int SIZE = 128;

    public byte[] bytes(boolean bigEndian) {
        ByteBuffer b = ByteBuffer.allocate(SIZE).order(bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, signo).putInt(4, 0).putInt(8, code);
        if (address != 0 || signo == 4 || signo == 5 || signo == 7 || signo == 8 || signo == 11) {
            b.putLong(16, address); // si_addr of a fault
        } else {
            b.putInt(16, pid).putInt(20, uid);
        }
        return b.array();
    }
}
