package dev.k42lens.core.layer.table;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import java.util.function.Function;

import dev.k42lens.core.mem.GuestMemory;
import dev.k42lens.core.mem.GuestStrings;

/**
 * Renders system calls the way strace prints them, reading strings and structures from guest
 * memory: {@code openat(AT_FDCWD, "/etc/passwd", O_RDONLY|O_CLOEXEC) = 3},
 * {@code write(1, "hello\n", 6) = 6}, {@code close(9) = -1 EBADF (Bad file descriptor)}.
 *
 * <p>Inputs are decoded by {@link #enter} when the call starts, outputs by {@link #exit} when it
 * returns and only if it succeeded. A pointer into unmapped memory prints as its hex value; decoding
 * never throws because of what the guest passed. Strings, buffers and arrays show at most
 * {@code stringLimit} bytes or elements, then "...", like strace's {@code -s}.
 */
public final class SyscallFormatter {
    /** strace's default -s. */
    public static final int DEFAULT_STRING_LIMIT = 32;

    private static final int PATH_MAX = 4096;
    /** Most environment entries counted for {@code envp} before giving up on finding its NULL. */
    private static final int ENVP_COUNT_LIMIT = 65536;
    /** Most bytes of directory entries walked, of fd_set bits and of cpu mask bytes decoded. */
    private static final int DIRENTS_LIMIT = 1 << 20;
    private static final int FDSET_BITS_LIMIT = 1 << 16;
    private static final int CPUSET_BYTES_LIMIT = 1 << 10;

    private static final int STAT_SIZE = 144;
    private static final int STATX_PREFIX = 48;
    private static final int UTSNAME_FIELD = 65;
    private static final int SOCKADDR_LIMIT = 128;

    private final GuestReader memory;
    private final int stringLimit;

    public SyscallFormatter(GuestMemory memory) {
        this(memory, DEFAULT_STRING_LIMIT);
    }

    public SyscallFormatter(GuestMemory memory, int stringLimit) {
        if (stringLimit < 1) {
            throw new IllegalArgumentException("string limit must be positive: " + stringLimit);
        }
        this.memory = new GuestReader(memory);
        this.stringLimit = stringLimit;
    }

    /**
     * Decodes the inputs of a call that is starting.
     *
     * @param args the argument registers r3, r4, ...; at least {@code call.argumentCount()} of them
     */
    public EnteredCall enter(SyscallDescriptor call, long... args) {
        if (args.length < call.argumentCount()) {
            throw new IllegalArgumentException(call.name() + " needs " + call.argumentCount() + " arguments, got "
                    + args.length);
        }
        List<String> texts = new ArrayList<>();
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < call.argumentCount(); i++) {
            ArgumentFormat format = call.arguments().get(i);
            texts.add(format.atExit() ? pointer(args[i]) : render(format, args, i, 0));
            if (format.kind() == ArgumentKind.PATH && args[i] != 0) {
                GuestReader.CString path = memory.cString(args[i], PATH_MAX);
                if (path != null && !path.truncated()) {
                    paths.add(GuestStrings.display(GuestStrings.decode(path.bytes())));
                }
            }
        }
        return new EnteredCall(call, args, texts, paths);
    }

    /**
     * The finished call as one line: outputs decoded now (if the call succeeded), then " = " and the
     * result.
     *
     * @param result what the handler returned: a value, or -errno in [-4095, -1]
     */
    public String exit(EnteredCall entered, long result) {
        SyscallDescriptor call = entered.call();
        long[] args = entered.arguments();
        List<String> texts = new ArrayList<>(entered.argumentTexts());
        if (!Errno.isError(result)) {
            for (int i = 0; i < call.argumentCount(); i++) {
                if (call.arguments().get(i).atExit()) {
                    texts.set(i, render(call.arguments().get(i), args, i, result));
                }
            }
        }
        return EnteredCall.line(call, texts) + " = " + call.returnFormat().format(result);
    }

    /** Entry and exit at once, for a call whose memory has not changed in between. */
    public String format(SyscallDescriptor call, long[] args, long result) {
        return exit(enter(call, args), result);
    }

    // ---- one argument ---------------------------------------------------------------------------

    /** The argument's text; empty when strace would leave the argument out. */
    private String render(ArgumentFormat format, long[] args, int position, long result) {
        long value = args[position];
        long related = format.index() >= 0 ? args[format.index()] : 0;
        ArgumentKind kind = format.kind();
        if (kind.symbols() != null) {
            return kind.symbols().format((int) value);
        }
        if (kind == ArgumentKind.FUTEX_ARG) {
            return futexArgument((int) related, position, value);
        }
        if (!kind.readsMemory()) {
            return plain(kind, value, related);
        }
        if (value == 0) {
            return "NULL";
        }
        return orPointer(decode(format, value, related, result), value);
    }

    private static String plain(ArgumentKind kind, long value, long related) {
        return switch (kind) {
            case INT, FD -> Integer.toString((int) value);
            case UINT -> Integer.toUnsignedString((int) value);
            case LONG, OFF -> Long.toString(value);
            case SIZE -> Long.toUnsignedString(value);
            case HEX -> hex(value);
            case PTR, STRUCT -> pointer(value);
            case DIRFD -> (int) value == Ppc64Symbols.AT_FDCWD ? "AT_FDCWD" : Integer.toString((int) value);
            case DEV -> makedev(value);
            case FCNTL_ARG -> fcntlArgument((int) related, value);
            case OPEN_MODE -> ((int) related & Ppc64Symbols.O_CREAT) != 0
                    || ((int) related & Ppc64Symbols.O_TMPFILE) == Ppc64Symbols.O_TMPFILE
                            ? Ppc64Symbols.FILE_MODE.format((int) value)
                            : "";
            default -> throw new IllegalArgumentException(kind + " is not a plain value");
        };
    }

    /** The memory {@code address} points to, decoded; null when it cannot be read. */
    private String decode(ArgumentFormat format, long address, long related, long result) {
        // an output buffer holds as many bytes as the call reported, never more than its size
        long length = format.atExit() ? unsignedMin(result, related) : related;
        return switch (format.kind()) {
            case PATH, STR -> string(address);
            case ARGV -> argv(address);
            case ENVP -> envp(address);
            case BUF -> buffer(address, length);
            case IOVEC -> iovec(address, (int) related, format.atExit() ? result : -1);
            case TIMESPEC -> struct(address, 16, s -> timePair(s, 0, "tv_nsec"));
            case TIMEVAL -> struct(address, 16, s -> timePair(s, 0, "tv_usec"));
            case ITIMERVAL -> struct(address, 32, s -> "{it_interval=" + timePair(s, 0, "tv_usec") + ", it_value="
                    + timePair(s, 16, "tv_usec") + "}");
            case SIGSET -> struct(address, 8, s -> Signal.setText(s.getLong(0)));
            case SIGACTION -> struct(address, 32, SyscallFormatter::sigaction);
            case STACK_T -> struct(address, 24, s -> "{ss_sp=" + pointer(s.getLong(0)) + ", ss_flags="
                    + Ppc64Symbols.SS_FLAGS.format(s.getInt(8)) + ", ss_size=" + Long.toUnsignedString(s.getLong(16))
                    + "}");
            case RLIMIT -> struct(address, 16, s -> "{rlim_cur=" + rlimitValue(s.getLong(0)) + ", rlim_max="
                    + rlimitValue(s.getLong(8)) + "}");
            case STAT -> struct(address, STAT_SIZE, SyscallFormatter::stat);
            case STATX -> struct(address, STATX_PREFIX, s -> "{stx_mask=" + Ppc64Symbols.STATX_MASK.format(s.getInt(0))
                    + ", stx_mode=" + Ppc64Symbols.FILE_MODE.format(s.getShort(28) & 0xffff) + ", stx_size="
                    + Long.toUnsignedString(s.getLong(40)) + ", ...}");
            case UTSNAME -> struct(address, 2 * UTSNAME_FIELD, s -> "{sysname=" + field(s, 0, UTSNAME_FIELD)
                    + ", nodename=" + field(s, UTSNAME_FIELD, UTSNAME_FIELD) + ", ...}");
            case FD_PAIR -> struct(address, 8, s -> "[" + s.getInt(0) + ", " + s.getInt(4) + "]");
            case INT_REF -> struct(address, 4, s -> "[" + s.getInt(0) + "]");
            case LONG_REF -> struct(address, 8, s -> "[" + s.getLong(0) + "]");
            case WSTATUS -> struct(address, 4, s -> "[" + waitStatus(s.getInt(0)) + "]");
            case DIRENTS -> dirents(address, length);
            case POLLFD -> pollfds(address, (int) related);
            case SOCKADDR -> sockaddr(address, (int) related);
            case FDSET -> fdset(address, (int) related);
            case CPUSET -> cpuset(address, length);
            default -> throw new IllegalArgumentException(format.kind() + " does not read memory");
        };
    }

    // ---- strings and buffers --------------------------------------------------------------------

    private String string(long address) {
        GuestReader.CString text = memory.cString(address, stringLimit);
        return text == null ? null : CQuoting.quote(text.bytes(), text.truncated());
    }

    private String buffer(long address, long length) {
        int shown = capped(length, stringLimit);
        byte[] bytes = memory.bytes(address, shown);
        return bytes == null ? null : CQuoting.quote(bytes, Long.compareUnsigned(length, shown) > 0);
    }

    /** {@code [{iov_base="hello", iov_len=5}, ...]}; at exit only the first {@code total} bytes hold data. */
    private String iovec(long address, int count, long total) {
        if (count < 0) {
            return null;
        }
        int shown = Math.min(count, stringLimit);
        ByteBuffer vector = memory.struct(address, shown * 16);
        if (vector == null) {
            return null;
        }
        StringJoiner elements = new StringJoiner(", ", "[", count > shown ? ", ...]" : "]");
        long remaining = total;
        for (int i = 0; i < shown; i++) {
            long base = vector.getLong(16 * i);
            long length = vector.getLong(16 * i + 8);
            long filled = total < 0 ? length : unsignedMin(remaining, length);
            remaining -= filled;
            String data = base == 0 ? "NULL" : buffer(base, filled);
            elements.add("{iov_base=" + (data != null ? data : pointer(base)) + ", iov_len="
                    + Long.toUnsignedString(length) + "}");
        }
        return elements.toString();
    }

    private String argv(long address) {
        StringJoiner elements = new StringJoiner(", ", "[", "]");
        for (int i = 0;; i++) {
            Long element = memory.word(address + 8L * i);
            if (element == null) {
                return null;
            }
            if (element == 0) {
                return elements.toString();
            }
            if (i == stringLimit) {
                return elements.add("...").toString();
            }
            String text = string(element);
            elements.add(text != null ? text : pointer(element));
        }
    }

    /** The environment is long and rarely interesting: strace prints only its size. */
    private String envp(long address) {
        for (int i = 0; i < ENVP_COUNT_LIMIT; i++) {
            Long element = memory.word(address + 8L * i);
            if (element == null) {
                return null;
            }
            if (element == 0) {
                return pointer(address) + " /* " + i + (i == 1 ? " var */" : " vars */");
            }
        }
        return null;
    }

    private static String field(ByteBuffer struct, int offset, int size) {
        int length = 0;
        while (length < size && struct.get(offset + length) != 0) {
            length++;
        }
        byte[] bytes = new byte[length];
        struct.get(offset, bytes);
        return CQuoting.quote(bytes, false);
    }

    // ---- structures -----------------------------------------------------------------------------

    private String struct(long address, int size, Function<ByteBuffer, String> printer) {
        ByteBuffer struct = memory.struct(address, size);
        return struct == null ? null : printer.apply(struct);
    }

    /** timespec and timeval: two longs, seconds first. */
    private static String timePair(ByteBuffer struct, int offset, String fraction) {
        return "{tv_sec=" + struct.getLong(offset) + ", " + fraction + "=" + struct.getLong(offset + 8) + "}";
    }

    /** The kernel's struct sigaction on ppc64: handler, flags, restorer, mask. */
    private static String sigaction(ByteBuffer struct) {
        long handler = struct.getLong(0);
        int flags = (int) struct.getLong(8);
        String handlerText = handler == 0 ? "SIG_DFL" : handler == 1 ? "SIG_IGN" : pointer(handler);
        String restorer = (flags & Ppc64Symbols.SA_RESTORER) != 0 ? ", sa_restorer=" + pointer(struct.getLong(16)) : "";
        return "{sa_handler=" + handlerText + ", sa_mask=" + Signal.setText(struct.getLong(24)) + ", sa_flags="
                + Ppc64Symbols.SA_FLAGS.format(flags) + restorer + "}";
    }

    private static String rlimitValue(long value) {
        if (value == -1) {
            return "RLIM64_INFINITY";
        }
        return value > 0 && value % 1024 == 0 ? (value / 1024) + "*1024" : Long.toUnsignedString(value);
    }

    /** The 144-byte ppc64 struct stat: mode at 24, rdev at 40, size at 48. */
    private static String stat(ByteBuffer struct) {
        int mode = struct.getInt(24);
        int type = mode & Ppc64Symbols.S_IFMT;
        boolean device = type == 020000 || type == 060000;
        return "{st_mode=" + Ppc64Symbols.FILE_MODE.format(mode) + (device ? ", st_rdev=" + makedev(struct.getLong(40))
                : ", st_size=" + struct.getLong(48)) + ", ...}";
    }

    /** {@code {WIFEXITED(s) && WEXITSTATUS(s) == 0}} and its siblings, from a wait status word. */
    private static String waitStatus(int status) {
        int low = status & 0x7f;
        if (low == 0) {
            return "{WIFEXITED(s) && WEXITSTATUS(s) == " + ((status >> 8) & 0xff) + "}";
        }
        if (status == 0xffff) {
            return "{WIFCONTINUED(s)}";
        }
        if (low == 0x7f) {
            return "{WIFSTOPPED(s) && WSTOPSIG(s) == " + Signal.nameOf((status >> 8) & 0xff) + "}";
        }
        return "{WIFSIGNALED(s) && WTERMSIG(s) == " + Signal.nameOf(low)
                + ((status & 0x80) != 0 ? " && WCOREDUMP(s)}" : "}");
    }

    /** linux_dirent64 records are counted, not listed: {@code 0x10020000 /* 5 entries *}{@code /}. */
    private String dirents(long address, long length) {
        int size = capped(length, DIRENTS_LIMIT);
        ByteBuffer records = memory.struct(address, size);
        if (records == null) {
            return null;
        }
        int count = 0;
        for (int offset = 0; offset + 19 <= size; count++) {
            int recordLength = records.getShort(offset + 16) & 0xffff;
            if (recordLength == 0) {
                break;
            }
            offset += recordLength;
        }
        return pointer(address) + " /* " + count + (count == 1 ? " entry */" : " entries */");
    }

    private String pollfds(long address, int count) {
        if (count < 0) {
            return null;
        }
        int shown = Math.min(count, stringLimit);
        ByteBuffer fds = memory.struct(address, shown * 8);
        if (fds == null) {
            return null;
        }
        StringJoiner elements = new StringJoiner(", ", "[", count > shown ? ", ...]" : "]");
        for (int i = 0; i < shown; i++) {
            elements.add("{fd=" + fds.getInt(8 * i) + ", events="
                    + Ppc64Symbols.POLL_EVENTS.format(fds.getShort(8 * i + 4) & 0xffff) + "}");
        }
        return elements.toString();
    }

    /** AF_UNIX and AF_INET addresses in full; other families by name only. */
    private String sockaddr(long address, int length) {
        if (length < 2) {
            return null;
        }
        ByteBuffer sockaddr = memory.struct(address, Math.min(length, SOCKADDR_LIMIT));
        if (sockaddr == null) {
            return null;
        }
        int family = sockaddr.getShort(0) & 0xffff;
        String prefix = "{sa_family=" + Ppc64Symbols.SOCKET_DOMAIN.format(family);
        if (family == Ppc64Symbols.AF_UNIX && sockaddr.limit() > 2) {
            boolean abstractName = sockaddr.get(2) == 0;
            return prefix + ", sun_path=" + (abstractName ? "@" : "")
                    + field(sockaddr, abstractName ? 3 : 2, sockaddr.limit() - (abstractName ? 3 : 2)) + "}";
        }
        if (family == Ppc64Symbols.AF_INET && sockaddr.limit() >= 8) {
            // port and address are in network byte order whatever the guest's
            int port = ((sockaddr.get(2) & 0xff) << 8) | (sockaddr.get(3) & 0xff);
            return prefix + ", sin_port=htons(" + port + "), sin_addr=inet_addr(\"" + (sockaddr.get(4) & 0xff) + "."
                    + (sockaddr.get(5) & 0xff) + "." + (sockaddr.get(6) & 0xff) + "." + (sockaddr.get(7) & 0xff)
                    + "\")}";
        }
        return prefix + ", ...}";
    }

    /** The descriptors below {@code count} in a select fd_set: {@code [0 3]}. */
    private String fdset(long address, int count) {
        int bits = Math.min(Math.max(count, 0), FDSET_BITS_LIMIT);
        ByteBuffer words = memory.struct(address, (bits + 63) / 64 * 8);
        return words == null ? null : bitList(words, bits);
    }

    /** The CPUs in a cpu mask of {@code length} bytes: {@code [0 1 2 3]}. */
    private String cpuset(long address, long length) {
        int bytes = capped(length, CPUSET_BYTES_LIMIT) & ~7;
        ByteBuffer words = memory.struct(address, bytes);
        return words == null ? null : bitList(words, bytes * 8);
    }

    /** Set bits of a bitmap held in the guest's 64-bit words, bit n in word n/64. */
    private static String bitList(ByteBuffer words, int bits) {
        StringJoiner set = new StringJoiner(" ", "[", "]");
        for (int bit = 0; bit < bits; bit++) {
            if ((words.getLong(bit / 64 * 8) & (1L << (bit % 64))) != 0) {
                set.add(Integer.toString(bit));
            }
        }
        return set.toString();
    }

    // ---- plain values ---------------------------------------------------------------------------

    private static long unsignedMin(long a, long b) {
        return Long.compareUnsigned(a, b) <= 0 ? a : b;
    }

    /** An unsigned length from the guest, cut to {@code limit}. */
    private static int capped(long length, int limit) {
        return (int) unsignedMin(length, limit);
    }

    private static String pointer(long value) {
        return value == 0 ? "NULL" : "0x" + Long.toHexString(value);
    }

    private static String hex(long value) {
        return value == 0 ? "0" : "0x" + Long.toHexString(value);
    }

    /** glibc's 64-bit dev_t encoding: major in bits 8..19 and 32..63, minor in 0..7 and 20..31. */
    private static String makedev(long dev) {
        long major = ((dev >>> 8) & 0xfff) | ((dev >>> 32) & ~0xfffL);
        long minor = (dev & 0xff) | ((dev >>> 12) & ~0xffL & 0xffffffffL);
        return "makedev(" + hex(major) + ", " + hex(minor) + ")";
    }

    /**
     * futex's arguments 3 to 5 (timeout or val2, uaddr2, val3) as the operation uses them; the
     * ones it ignores hold leftovers and are left out.
     */
    private String futexArgument(int op, int position, long value) {
        int command = op & Ppc64Symbols.FUTEX_COMMAND_MASK;
        boolean waits = switch (command) {
            case Ppc64Symbols.FUTEX_WAIT, Ppc64Symbols.FUTEX_LOCK_PI, Ppc64Symbols.FUTEX_WAIT_BITSET,
                    Ppc64Symbols.FUTEX_WAIT_REQUEUE_PI, Ppc64Symbols.FUTEX_LOCK_PI2 -> true;
            default -> false;
        };
        boolean requeues = switch (command) {
            case Ppc64Symbols.FUTEX_REQUEUE, Ppc64Symbols.FUTEX_CMP_REQUEUE, Ppc64Symbols.FUTEX_WAKE_OP,
                    Ppc64Symbols.FUTEX_CMP_REQUEUE_PI -> true;
            default -> false;
        };
        boolean bitset = command == Ppc64Symbols.FUTEX_WAIT_BITSET || command == Ppc64Symbols.FUTEX_WAKE_BITSET;
        return switch (position) {
            case 3 -> waits ? (value == 0 ? "NULL" : orPointer(struct(value, 16, s -> timePair(s, 0, "tv_nsec")), value))
                    : requeues ? Integer.toString((int) value) : "";
            case 4 -> requeues || command == Ppc64Symbols.FUTEX_WAIT_REQUEUE_PI ? pointer(value) : "";
            case 5 -> command == Ppc64Symbols.FUTEX_WAKE_OP || bitset ? hex(value & 0xffffffffL)
                    : command == Ppc64Symbols.FUTEX_CMP_REQUEUE || command == Ppc64Symbols.FUTEX_CMP_REQUEUE_PI
                            ? Integer.toString((int) value)
                            : "";
            default -> hex(value);
        };
    }

    private static String orPointer(String decoded, long address) {
        return decoded != null ? decoded : pointer(address);
    }

    /** fcntl's third argument means what the command says. */
    private static String fcntlArgument(int command, long value) {
        return switch (command) {
            case Ppc64Symbols.F_SETFD -> Ppc64Symbols.FD_CLOEXEC_FLAGS.format((int) value);
            case Ppc64Symbols.F_SETFL -> Ppc64Symbols.OPEN_FLAGS.format((int) value);
            case Ppc64Symbols.F_DUPFD, Ppc64Symbols.F_DUPFD_CLOEXEC, Ppc64Symbols.F_SETOWN, Ppc64Symbols.F_SETSIG,
                    Ppc64Symbols.F_SETLEASE, Ppc64Symbols.F_NOTIFY, Ppc64Symbols.F_SETPIPE_SZ ->
                Integer.toString((int) value);
            case Ppc64Symbols.F_GETLK, Ppc64Symbols.F_SETLK, Ppc64Symbols.F_SETLKW, Ppc64Symbols.F_OFD_GETLK,
                    Ppc64Symbols.F_OFD_SETLK, Ppc64Symbols.F_OFD_SETLKW -> pointer(value);
            default -> hex(value);
        };
    }
}
