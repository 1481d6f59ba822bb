package dev.k42lens.core.layer.table;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What a syscall argument is, and so how it prints. The names are the words of syscalls.tsv (whose
 * header documents each); {@link ArgumentFormat} adds the {@code _out} and {@code :N} modifiers.
 */
public enum ArgumentKind {
    // plain values
    INT("int"), UINT("uint"), LONG("long"), SIZE("size"), OFF("off"), HEX("hex"), PTR("ptr"), STRUCT("struct"),
    FD("fd"), DIRFD("dirfd"), DEV("dev"),

    // values whose meaning, or presence, depends on another argument
    FCNTL_ARG("fcntl_arg", Shape.VALUE_WITH_INDEX), OPEN_MODE("open_mode", Shape.VALUE_WITH_INDEX),
    FUTEX_ARG("futex_arg", Shape.VALUE_WITH_INDEX),

    // values with symbolic names
    MODE("mode", Ppc64Symbols.FILE_MODE),
    OPEN_FLAGS("open_flags", Ppc64Symbols.OPEN_FLAGS),
    FD_FLAGS("fd_flags", Ppc64Symbols.FD_FLAGS),
    AT_FLAGS("at_flags", Ppc64Symbols.AT_FLAGS),
    FACCESSAT_FLAGS("faccessat_flags", Ppc64Symbols.FACCESSAT_FLAGS),
    ACCESS_MODE("access_mode", Ppc64Symbols.ACCESS_MODE),
    MMAP_PROT("mmap_prot", Ppc64Symbols.MMAP_PROT),
    MMAP_FLAGS("mmap_flags", Ppc64Symbols.MMAP_FLAGS),
    MREMAP_FLAGS("mremap_flags", Ppc64Symbols.MREMAP_FLAGS),
    MSYNC_FLAGS("msync_flags", Ppc64Symbols.MSYNC_FLAGS),
    MLOCKALL_FLAGS("mlockall_flags", Ppc64Symbols.MLOCKALL_FLAGS),
    MADVISE_ADVICE("madvise_advice", Ppc64Symbols.MADVISE_ADVICE),
    FADVISE_ADVICE("fadvise_advice", Ppc64Symbols.FADVISE_ADVICE),
    WHENCE("whence", Ppc64Symbols.WHENCE),
    CLOCK_ID("clock_id", Ppc64Symbols.CLOCK_ID),
    TIMER_FLAGS("timer_flags", Ppc64Symbols.TIMER_FLAGS),
    SIGNAL("signal", Ppc64Symbols.SIGNAL),
    SIGPROCMASK_HOW("sigprocmask_how", Ppc64Symbols.SIGPROCMASK_HOW),
    CLONE_FLAGS("clone_flags", Ppc64Symbols.CLONE_FLAGS),
    FUTEX_OP("futex_op", Ppc64Symbols.FUTEX_OP),
    WAIT_OPTIONS("wait_options", Ppc64Symbols.WAIT_OPTIONS),
    IDTYPE("idtype", Ppc64Symbols.IDTYPE),
    FCNTL_CMD("fcntl_cmd", Ppc64Symbols.FCNTL_COMMANDS),
    IOCTL_REQ("ioctl_req", Ppc64Symbols.IOCTL_REQUEST),
    RLIMIT_RESOURCE("rlimit_resource", Ppc64Symbols.RLIMIT_RESOURCE),
    PRCTL_OPTION("prctl_option", Ppc64Symbols.PRCTL_OPTION),
    ITIMER_WHICH("itimer_which", Ppc64Symbols.ITIMER_WHICH),
    SOCKET_DOMAIN("socket_domain", Ppc64Symbols.SOCKET_DOMAIN),
    SOCKET_TYPE("socket_type", Ppc64Symbols.SOCKET_TYPE),
    MSG_FLAGS("msg_flags", Ppc64Symbols.MSG_FLAGS),
    SHUTDOWN_HOW("shutdown_how", Ppc64Symbols.SHUTDOWN_HOW),
    EPOLL_OP("epoll_op", Ppc64Symbols.EPOLL_OP),
    SCHED_POLICY("sched_policy", Ppc64Symbols.SCHED_POLICY),
    PRIO_WHICH("prio_which", Ppc64Symbols.PRIO_WHICH),
    RUSAGE_WHO("rusage_who", Ppc64Symbols.RUSAGE_WHO),
    FLOCK_OP("flock_op", Ppc64Symbols.FLOCK_OP),
    RENAME_FLAGS("rename_flags", Ppc64Symbols.RENAME_FLAGS),
    GETRANDOM_FLAGS("getrandom_flags", Ppc64Symbols.GETRANDOM_FLAGS),
    STATX_MASK("statx_mask", Ppc64Symbols.STATX_MASK),
    MEMFD_FLAGS("memfd_flags", Ppc64Symbols.MEMFD_FLAGS),

    // pointers to guest memory that is decoded
    PATH("path", Shape.MEMORY), STR("str", Shape.MEMORY), ARGV("argv", Shape.MEMORY), ENVP("envp", Shape.MEMORY),
    BUF("buf", Shape.MEMORY_WITH_INDEX), IOVEC("iovec", Shape.MEMORY_WITH_INDEX),
    TIMESPEC("timespec", Shape.MEMORY), TIMEVAL("timeval", Shape.MEMORY), ITIMERVAL("itimerval", Shape.MEMORY),
    SIGSET("sigset", Shape.MEMORY), SIGACTION("sigaction", Shape.MEMORY), STACK_T("stack_t", Shape.MEMORY),
    RLIMIT("rlimit", Shape.MEMORY), STAT("stat", Shape.MEMORY), STATX("statx", Shape.MEMORY),
    UTSNAME("utsname", Shape.MEMORY), FD_PAIR("fd_pair", Shape.MEMORY), INT_REF("int_ref", Shape.MEMORY),
    LONG_REF("long_ref", Shape.MEMORY), WSTATUS("wstatus", Shape.MEMORY),
    DIRENTS("dirents", Shape.MEMORY_WITH_INDEX), POLLFD("pollfd", Shape.MEMORY_WITH_INDEX),
    SOCKADDR("sockaddr", Shape.MEMORY_WITH_INDEX), FDSET("fdset", Shape.MEMORY_WITH_INDEX),
    CPUSET("cpuset", Shape.MEMORY_WITH_INDEX);

    private enum Shape {
        VALUE, VALUE_WITH_INDEX, MEMORY, MEMORY_WITH_INDEX
    }

    private static final Map<String, ArgumentKind> BY_WORD = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(ArgumentKind::word, Function.identity()));

    private final String word;
    private final Shape shape;
    private final Symbolic symbols;

    ArgumentKind(String word) {
        this(word, Shape.VALUE, null);
    }

    ArgumentKind(String word, Shape shape) {
        this(word, shape, null);
    }

    ArgumentKind(String word, Symbolic symbols) {
        this(word, Shape.VALUE, symbols);
    }

    ArgumentKind(String word, Shape shape, Symbolic symbols) {
        this.word = word;
        this.shape = shape;
        this.symbols = symbols;
    }

    /** The word syscalls.tsv uses. */
    public String word() {
        return word;
    }

    /** True for pointers whose target is decoded (these may be read at exit, with {@code _out}). */
    public boolean readsMemory() {
        return shape == Shape.MEMORY || shape == Shape.MEMORY_WITH_INDEX;
    }

    /** True when the format names another argument, {@code :N}: a length, a count, a command. */
    public boolean needsIndex() {
        return shape == Shape.VALUE_WITH_INDEX || shape == Shape.MEMORY_WITH_INDEX;
    }

    /** How a C int of this kind prints, or null when the kind is not a symbolic value. */
    Symbolic symbols() {
        return symbols;
    }

    public static Optional<ArgumentKind> ofWord(String word) {
        return Optional.ofNullable(BY_WORD.get(word));
    }
}
