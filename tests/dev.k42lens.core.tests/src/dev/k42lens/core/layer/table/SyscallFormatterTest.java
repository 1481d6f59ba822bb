package dev.k42lens.core.layer.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** strace-style lines for representative calls, in both byte orders. */
class SyscallFormatterTest {
    private static final long AT_FDCWD = -100;

    private static String format(GuestData guest, String name, long result, long... args) {
        return new SyscallFormatter(guest.memory).format(call(name), args, result);
    }

    private static SyscallDescriptor call(String name) {
        return SyscallTable.ppc64().byName(name).orElseThrow();
    }

    @ParameterizedTest
    @ValueSource(booleans = { true, false })
    void openatShowsDirectoryPathAndFlags(boolean bigEndian) {
        GuestData guest = new GuestData(bigEndian);
        long path = guest.string("/etc/passwd");
        assertEquals("openat(AT_FDCWD, \"/etc/passwd\", O_RDONLY|O_CLOEXEC) = 3",
                format(guest, "openat", 3, AT_FDCWD, path, 02000000, 0x1234));
        assertEquals("openat(5, \"/etc/passwd\", O_WRONLY|O_CREAT|O_TRUNC, 0644) = -1 EACCES (Permission denied)",
                format(guest, "openat", -13, 5, path, 01101, 0644));
        assertEquals("openat(AT_FDCWD, \"/etc/passwd\", O_RDWR|O_DIRECTORY|O_NOFOLLOW|O_LARGEFILE) = -1 ENOENT"
                + " (No such file or directory)", format(guest, "openat", -2, AT_FDCWD, path, 02 | 040000 | 0100000 | 0200000, 0));
    }

    @ParameterizedTest
    @ValueSource(booleans = { true, false })
    void writeQuotesTheBytesItIsGiven(boolean bigEndian) {
        GuestData guest = new GuestData(bigEndian);
        long text = guest.bytes("hello\n".getBytes(StandardCharsets.US_ASCII));
        assertEquals("write(1, \"hello\\n\", 6) = 6", format(guest, "write", 6, 1, text, 6));
        assertEquals("write(1, \"hel\", 3) = -1 EPIPE (Broken pipe)", format(guest, "write", -32, 1, text, 3));
    }

    @ParameterizedTest
    @ValueSource(booleans = { true, false })
    void readShowsItsBufferOnlyAtExitAndOnlyWhatWasRead(boolean bigEndian) {
        GuestData guest = new GuestData(bigEndian);
        long buffer = guest.reserve(100);
        SyscallFormatter formatter = new SyscallFormatter(guest.memory);
        EnteredCall entered = formatter.enter(call("read"), 0, buffer, 100, 0, 0, 0);
        assertEquals("read(0, 0x10000, 100)", entered.toString());
        guest.memory.writeRaw(buffer, "abc\tdef".getBytes(StandardCharsets.US_ASCII), 0, 7);
        assertEquals("read(0, \"abc\", 100) = 3", formatter.exit(entered, 3));
        assertEquals("read(0, 0x10000, 100) = -1 EBADF (Bad file descriptor)", formatter.exit(entered, -9));
    }

    @ParameterizedTest
    @ValueSource(booleans = { true, false })
    void inputsAreDecodedAsTheyWereAtEntry(boolean bigEndian) {
        GuestData guest = new GuestData(bigEndian);
        long text = guest.bytes("before".getBytes(StandardCharsets.US_ASCII));
        SyscallFormatter formatter = new SyscallFormatter(guest.memory);
        EnteredCall entered = formatter.enter(call("write"), 1, text, 6);
        guest.memory.writeRaw(text, "after!".getBytes(StandardCharsets.US_ASCII), 0, 6);
        assertEquals("write(1, \"before\", 6) = 6", formatter.exit(entered, 6));
    }

    @ParameterizedTest
    @ValueSource(booleans = { true, false })
    void iovecsCarryTheirData(boolean bigEndian) {
        GuestData guest = new GuestData(bigEndian);
        long hello = guest.string("hello");
        long newline = guest.string("\n");
        long out = guest.longs(hello, 5, newline, 1);
        assertEquals("writev(1, [{iov_base=\"hello\", iov_len=5}, {iov_base=\"\\n\", iov_len=1}], 2) = 6",
                format(guest, "writev", 6, 1, out, 2));

        long first = guest.bytes("abcd".getBytes(StandardCharsets.US_ASCII));
        long second = guest.bytes("efgh".getBytes(StandardCharsets.US_ASCII));
        long in = guest.longs(first, 4, second, 4);
        assertEquals("readv(3, [{iov_base=\"abcd\", iov_len=4}, {iov_base=\"ef\", iov_len=4}], 2) = 6",
                format(guest, "readv", 6, 3, in, 2));
        assertEquals("writev(1, [{iov_base=0xdead0000, iov_len=5}], 1) = -1 EFAULT (Bad address)",
                format(guest, "writev", -14, 1, guest.longs(GuestData.UNMAPPED, 5), 1));
    }

    @ParameterizedTest
    @ValueSource(booleans = { true, false })
    void timesAreStructures(boolean bigEndian) {
        GuestData guest = new GuestData(bigEndian);
        long now = guest.longs(0, 0);
        SyscallFormatter formatter = new SyscallFormatter(guest.memory);
        EnteredCall entered = formatter.enter(call("clock_gettime"), 1, now);
        guest.memory.write64Raw(now, 5);
        guest.memory.write64Raw(now + 8, 250);
        assertEquals("clock_gettime(CLOCK_MONOTONIC, {tv_sec=5, tv_nsec=250}) = 0", formatter.exit(entered, 0));
        assertEquals("nanosleep({tv_sec=1, tv_nsec=500000000}, NULL) = 0",
                format(guest, "nanosleep", 0, guest.longs(1, 500_000_000), 0));
        assertEquals("setitimer(ITIMER_REAL, {it_interval={tv_sec=0, tv_usec=0}, it_value={tv_sec=2, tv_usec=5}}, NULL) = 0",
                format(guest, "setitimer", 0, 0, guest.longs(0, 0, 2, 5), 0));
    }

    @ParameterizedTest
    @ValueSource(booleans = { true, false })
    void memoryCallsShowProtectionFlagsAndAddresses(boolean bigEndian) {
        GuestData guest = new GuestData(bigEndian);
        assertEquals("mmap(NULL, 8192, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7fff0000",
                format(guest, "mmap", 0x7fff0000L, 0, 8192, 3, 0x22, -1, 0));
        assertEquals("mmap(0x10000000, 4096, PROT_READ|PROT_EXEC, MAP_PRIVATE|MAP_FIXED|MAP_NORESERVE|MAP_LOCKED, 3,"
                + " 0x1000) = -1 ENOMEM (Cannot allocate memory)",
                format(guest, "mmap", -12, 0x10000000L, 4096, 5, 0xd2, 3, 0x1000));
        assertEquals("brk(NULL) = 0x10030000", format(guest, "brk", 0x10030000L, 0));
        assertEquals("mprotect(0x10000, 4096, PROT_NONE) = 0", format(guest, "mprotect", 0, 0x10000, 4096, 0));
        assertEquals("madvise(0x10000, 4096, MADV_DONTNEED) = 0", format(guest, "madvise", 0, 0x10000, 4096, 4));
    }

    @ParameterizedTest
    @ValueSource(booleans = { true, false })
    void signalCallsShowHandlersAndSets(boolean bigEndian) {
        GuestData guest = new GuestData(bigEndian);
        long sigTerm = 1L << (15 - 1);
        long action = guest.longs(0x10000abcL, 0x10000000, 0, sigTerm);
        long old = guest.longs(0, 0, 0, 0);
        assertEquals("rt_sigaction(SIGINT, {sa_handler=0x10000abc, sa_mask=[TERM], sa_flags=SA_RESTART},"
                + " {sa_handler=SIG_DFL, sa_mask=[], sa_flags=0}, 8) = 0",
                format(guest, "rt_sigaction", 0, 2, action, old, 8));
        long ignore = guest.longs(1, 0x04000000, 0x10000f00L, 0);
        assertEquals("rt_sigaction(SIGPIPE, {sa_handler=SIG_IGN, sa_mask=[], sa_flags=SA_RESTORER,"
                + " sa_restorer=0x10000f00}, NULL, 8) = 0", format(guest, "rt_sigaction", 0, 13, ignore, 0, 8));

        long blocked = guest.longs((1L << 1) | (1L << 14) | (1L << 31) | (1L << 32));
        long allButKillAndStop = guest.longs(~((1L << 8) | (1L << 18)));
        assertEquals("rt_sigprocmask(SIG_BLOCK, [INT TERM RTMIN RT_1], ~[KILL STOP], 8) = 0",
                format(guest, "rt_sigprocmask", 0, 0, blocked, allButKillAndStop, 8));
        assertEquals("sigaltstack({ss_sp=0x20000, ss_flags=0, ss_size=8192}, NULL) = 0",
                format(guest, "sigaltstack", 0, guest.longs(0x20000, 0, 8192), 0));
        assertEquals("tgkill(42, 43, SIGRT_3) = 0", format(guest, "tgkill", 0, 42, 43, 35));
        assertEquals("kill(42, 0) = 0", format(guest, "kill", 0, 42, 0));
    }

    @ParameterizedTest
    @ValueSource(booleans = { true, false })
    void statsShowModeAndSize(boolean bigEndian) {
        GuestData guest = new GuestData(bigEndian);
        long path = guest.string("/etc/passwd");
        long stat = guest.reserve(144);
        guest.memory.write32Raw(stat + 24, 0100644);
        guest.memory.write64Raw(stat + 48, 1234);
        assertEquals("newfstatat(AT_FDCWD, \"/etc/passwd\", {st_mode=S_IFREG|0644, st_size=1234, ...}, 0) = 0",
                format(guest, "newfstatat", 0, AT_FDCWD, path, stat, 0));
        guest.memory.write32Raw(stat + 24, 020620);
        guest.memory.write64Raw(stat + 40, 0x8801);
        assertEquals("fstat(1, {st_mode=S_IFCHR|0620, st_rdev=makedev(0x88, 0x1), ...}) = 0",
                format(guest, "fstat", 0, 1, stat));
        long statx = guest.reserve(256);
        guest.memory.write32Raw(statx, 0x17ff);
        guest.memory.write16(statx + 28, 040755);
        guest.memory.write64Raw(statx + 40, 4096);
        assertEquals("statx(AT_FDCWD, \"/etc/passwd\", AT_SYMLINK_NOFOLLOW|AT_EMPTY_PATH, STATX_BASIC_STATS,"
                + " {stx_mask=STATX_BASIC_STATS|STATX_MNT_ID, stx_mode=S_IFDIR|0755, stx_size=4096, ...}) = 0",
                format(guest, "statx", 0, AT_FDCWD, path, 0x1100, 0x7ff, statx));
    }

    @ParameterizedTest
    @ValueSource(booleans = { true, false })
    void processCallsShowFlagsStatusesAndArguments(boolean bigEndian) {
        GuestData guest = new GuestData(bigEndian);
        assertEquals("clone(CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|CLONE_SYSVSEM|CLONE_SETTLS"
                + "|CLONE_PARENT_SETTID|CLONE_CHILD_CLEARTID, 0x7f000000, 0x10100, 0x7f007000, 0x10100) = 43",
                format(guest, "clone", 43, 0x3d0f00, 0x7f000000L, 0x10100, 0x7f007000L, 0x10100));
        assertEquals("clone(CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, NULL, NULL, 0, 0x10100) = 44",
                format(guest, "clone", 44, 0x01200011, 0, 0, 0, 0x10100));
        long status = guest.ints(3 << 8);
        assertEquals("wait4(-1, [{WIFEXITED(s) && WEXITSTATUS(s) == 3}], 0, NULL) = 44",
                format(guest, "wait4", 44, -1, status, 0, 0));
        long killed = guest.ints(0x80 | 9);
        assertEquals("wait4(44, [{WIFSIGNALED(s) && WTERMSIG(s) == SIGKILL && WCOREDUMP(s)}], WNOHANG|__WALL, NULL)"
                + " = 44", format(guest, "wait4", 44, 44, killed, 0x40000001, 0));
        long argv = guest.longs(guest.string("ls"), guest.string("-l"), 0);
        long envp = guest.longs(guest.string("HOME=/"), guest.string("PATH=/bin"), 0);
        assertEquals("execve(\"/bin/ls\", [\"ls\", \"-l\"], 0x" + Long.toHexString(envp) + " /* 2 vars */) = 0",
                format(guest, "execve", 0, guest.string("/bin/ls"), argv, envp));
        assertEquals("exit_group(0) = ?", format(guest, "exit_group", 0, 0));
        assertEquals("rt_sigreturn() = -4", format(guest, "rt_sigreturn", -4));
    }

    @ParameterizedTest
    @ValueSource(booleans = { true, false })
    void futexShowsTheArgumentsItsOperationUses(boolean bigEndian) {
        GuestData guest = new GuestData(bigEndian);
        long word = guest.ints(2);
        long timeout = guest.longs(1, 0);
        assertEquals("futex(0x10000, FUTEX_WAIT_PRIVATE, 2, NULL) = 0",
                format(guest, "futex", 0, word, 128, 2, 0, 0x1234, 0x5678));
        assertEquals("futex(0x10000, FUTEX_WAKE_PRIVATE, 1) = 1",
                format(guest, "futex", 1, word, 129, 1, timeout, 0x1234, 0x5678));
        assertEquals("futex(0x10000, FUTEX_WAIT_BITSET_PRIVATE|FUTEX_CLOCK_REALTIME, 2, {tv_sec=1, tv_nsec=0},"
                + " 0xffffffff) = -1 ETIMEDOUT (Connection timed out)",
                format(guest, "futex", -110, word, 128 | 256 | 9, 2, timeout, 0, -1));
        assertEquals("futex(0x10000, FUTEX_CMP_REQUEUE_PRIVATE, 1, 2147483647, 0x10100, 2) = 1",
                format(guest, "futex", 1, word, 128 | 4, 1, Integer.MAX_VALUE, 0x10100, 2));
    }

    @ParameterizedTest
    @ValueSource(booleans = { true, false })
    void outputsOfStartupCallsAreDecodedAtExit(boolean bigEndian) {
        GuestData guest = new GuestData(bigEndian);
        long fds = guest.ints(3, 4);
        assertEquals("pipe2([3, 4], O_CLOEXEC) = 0", format(guest, "pipe2", 0, fds, 02000000));
        long offset = guest.longs(1234);
        assertEquals("_llseek(3, 0, 0, [1234], SEEK_SET) = 0", format(guest, "_llseek", 0, 3, 0, 0, offset, 0));
        long exe = guest.string("/usr/bin/hello");
        assertEquals("readlink(\"/proc/self/exe\", \"/usr/bin/hello\", 4096) = 14",
                format(guest, "readlink", 14, guest.string("/proc/self/exe"), exe, 4096));
        assertEquals("getcwd(\"/home/k42\", 4096) = 10", format(guest, "getcwd", 10, guest.string("/home/k42"), 4096));
        long uts = guest.reserve(6 * 65);
        guest.memory.writeRaw(uts, "Linux".getBytes(StandardCharsets.US_ASCII), 0, 5);
        guest.memory.writeRaw(uts + 65, "k42".getBytes(StandardCharsets.US_ASCII), 0, 3);
        assertEquals("uname({sysname=\"Linux\", nodename=\"k42\", ...}) = 0", format(guest, "uname", 0, uts));
        long limit = guest.longs(8192 * 1024, -1);
        assertEquals("prlimit64(0, RLIMIT_STACK, NULL, {rlim_cur=8192*1024, rlim_max=RLIM64_INFINITY}) = 0",
                format(guest, "prlimit64", 0, 0, 3, 0, limit));
        long random = guest.bytes(new byte[] { 1, 2, '3', 'a', (byte) 0xff, 0, 0, '7' });
        assertEquals("getrandom(\"\\1\\0023a\\377\\0\\0007\", 8, GRND_NONBLOCK) = 8",
                format(guest, "getrandom", 8, random, 8, 1));
        long cpus = guest.longs(0xf);
        assertEquals("sched_getaffinity(0, 128, [0 1 2 3]) = 8", format(guest, "sched_getaffinity", 8, 0, 128, cpus));
        long dirents = guest.reserve(48);
        guest.memory.write16(dirents + 16, 24);
        guest.memory.write16(dirents + 24 + 16, 24);
        assertEquals("getdents64(3, 0x" + Long.toHexString(dirents) + " /* 2 entries */, 32768) = 48",
                format(guest, "getdents64", 48, 3, dirents, 32768));
        assertEquals("set_tid_address(0x10100) = 42", format(guest, "set_tid_address", 42, 0x10100));
        assertEquals("umask(022) = 02", format(guest, "umask", 2, 022));
    }

    @ParameterizedTest
    @ValueSource(booleans = { true, false })
    void descriptorCallsDecodeCommandsAndRequests(boolean bigEndian) {
        GuestData guest = new GuestData(bigEndian);
        assertEquals("fcntl(3, F_SETFD, FD_CLOEXEC) = 0", format(guest, "fcntl", 0, 3, 2, 1));
        assertEquals("fcntl(3, F_SETFL, O_RDWR|O_NONBLOCK) = 0", format(guest, "fcntl", 0, 3, 4, 04002));
        assertEquals("fcntl(3, F_DUPFD_CLOEXEC, 10) = 11", format(guest, "fcntl", 11, 3, 1030, 10));
        long termios = guest.reserve(60);
        assertEquals("ioctl(0, TCGETS, 0x" + Long.toHexString(termios) + ") = -1 ENOTTY (Inappropriate ioctl for"
                + " device)", format(guest, "ioctl", -25, 0, 0x403c7413, termios));
        assertEquals("ioctl(0, TCGETS, 0x10000) = 0", format(guest, "ioctl", 0, 0, 0x402c7413, 0x10000));
        assertEquals("ioctl(1, TIOCGWINSZ, 0x10000) = 0", format(guest, "ioctl", 0, 1, 0x40087468, 0x10000));
        assertEquals("ioctl(1, _IOC(_IOC_READ, 0x74, 0x99, 0x4), 0x10000) = 0",
                format(guest, "ioctl", 0, 1, 0x40047499, 0x10000));
        assertEquals("ioctl(1, 0x1234, 0) = 0", format(guest, "ioctl", 0, 1, 0x1234, 0));
        long pollfds = guest.reserve(16);
        guest.memory.write32Raw(pollfds, 0);
        guest.memory.write16(pollfds + 4, 1);
        guest.memory.write32Raw(pollfds + 8, 1);
        guest.memory.write16(pollfds + 12, 0xc);
        assertEquals("poll([{fd=0, events=POLLIN}, {fd=1, events=POLLOUT|POLLERR}], 2, -1) = 1",
                format(guest, "poll", 1, pollfds, 2, -1));
        long set = guest.longs(0b1001);
        assertEquals("pselect6(4, [0 3], NULL, NULL, NULL, NULL) = 1", format(guest, "pselect6", 1, 4, set, 0, 0, 0, 0));
        assertEquals("unlinkat(AT_FDCWD, \"x\", AT_REMOVEDIR) = 0",
                format(guest, "unlinkat", 0, AT_FDCWD, guest.string("x"), 0x200));
        assertEquals("faccessat2(AT_FDCWD, \"x\", R_OK|X_OK, AT_EACCESS) = 0",
                format(guest, "faccessat2", 0, AT_FDCWD, guest.string("x"), 5, 0x200));
        assertEquals("access(\"x\", F_OK) = 0", format(guest, "access", 0, guest.string("x"), 0));
    }

    @ParameterizedTest
    @ValueSource(booleans = { true, false })
    void socketAddressesAreDecoded(boolean bigEndian) {
        GuestData guest = new GuestData(bigEndian);
        assertEquals("socket(AF_UNIX, SOCK_STREAM|SOCK_CLOEXEC|SOCK_NONBLOCK, 0) = 3",
                format(guest, "socket", 3, 1, 1 | 02000000 | 04000, 0));
        long unix = guest.reserve(110);
        guest.memory.write16(unix, 1);
        guest.memory.writeRaw(unix + 2, "/run/sock".getBytes(StandardCharsets.US_ASCII), 0, 9);
        assertEquals("connect(3, {sa_family=AF_UNIX, sun_path=\"/run/sock\"}, 110) = 0",
                format(guest, "connect", 0, 3, unix, 110));
        long inet = guest.reserve(16);
        guest.memory.write16(inet, 2);
        guest.memory.writeRaw(inet + 2, new byte[] { 0, 80, 127, 0, 0, 1 }, 0, 6);
        assertEquals("connect(3, {sa_family=AF_INET, sin_port=htons(80), sin_addr=inet_addr(\"127.0.0.1\")}, 16)"
                + " = -1 ECONNREFUSED (Connection refused)", format(guest, "connect", -111, 3, inet, 16));
    }

    @ParameterizedTest
    @ValueSource(booleans = { true, false })
    void unknownFlagBitsAndValuesStayVisible(boolean bigEndian) {
        GuestData guest = new GuestData(bigEndian);
        long path = guest.string("f");
        assertEquals("open(\"f\", O_RDWR|0x80000000) = 3", format(guest, "open", 3, path, 0x80000002, 0));
        assertEquals("open(\"f\", 0x3|O_CREAT, 0600) = 3", format(guest, "open", 3, path, 0103, 0600));
        assertEquals("mprotect(0x10000, 4096, PROT_READ|0x40) = 0", format(guest, "mprotect", 0, 0x10000, 4096, 0x41));
        assertEquals("lseek(3, -1, 7) = -1 EINVAL (Invalid argument)", format(guest, "lseek", -22, 3, -1, 7));
        assertEquals("futex(0x10000, 0x7f, 0) = -1 ENOSYS (Function not implemented)",
                format(guest, "futex", -38, 0x10000, 0x7f, 0, 0, 0, 0));
        assertEquals("syscall_500(0x1, 0, 0, 0, 0, 0xffffffffffffffff) = -1 ENOSYS (Function not implemented)",
                new SyscallFormatter(guest.memory).format(SyscallTable.ppc64().describe(500),
                        new long[] { 1, 0, 0, 0, 0, -1 }, -38));
    }

    @ParameterizedTest
    @ValueSource(booleans = { true, false })
    void stringsAreEscapedAndCutLikeStrace(boolean bigEndian) {
        GuestData guest = new GuestData(bigEndian);
        long quoted = guest.string("a\"b\\c\td\re\u00e9");
        assertEquals("chdir(\"a\\\"b\\\\c\\td\\re\\303\\251\") = 0", format(guest, "chdir", 0, quoted));
        String longPath = "/usr/lib/powerpc64-linux-gnu/libc.so.6";
        SyscallFormatter formatter = new SyscallFormatter(guest.memory);
        EnteredCall entered = formatter.enter(call("renameat"), AT_FDCWD, guest.string(longPath), 3, guest.string("b"));
        assertEquals("renameat(AT_FDCWD, \"/usr/lib/powerpc64-linux-gnu/lib\"..., 3, \"b\") = 0", formatter.exit(entered, 0));
        assertEquals(List.of(longPath, "b"), entered.paths());
        long text = guest.bytes("hello\n".getBytes(StandardCharsets.US_ASCII));
        assertEquals("write(1, \"hell\"..., 6) = 6",
                new SyscallFormatter(guest.memory, 4).format(call("write"), new long[] { 1, text, 6 }, 6));
    }

    @ParameterizedTest
    @ValueSource(booleans = { true, false })
    void badPointersPrintAsPointers(boolean bigEndian) {
        GuestData guest = new GuestData(bigEndian);
        long bad = GuestData.UNMAPPED;
        assertEquals("openat(AT_FDCWD, 0xdead0000, O_RDONLY) = -1 EFAULT (Bad address)",
                format(guest, "openat", -14, AT_FDCWD, bad, 0, 0));
        long runsOff = guest.atEnd(3);
        guest.memory.writeRaw(runsOff, "abc".getBytes(StandardCharsets.US_ASCII), 0, 3);
        assertEquals("chdir(0x1fffd) = -1 EFAULT (Bad address)", format(guest, "chdir", -14, runsOff));
        assertEquals("write(1, 0x1fffd, 10) = -1 EFAULT (Bad address)", format(guest, "write", -14, 1, runsOff, 10));
        assertEquals("fstat(1, 0xdead0000) = 0", format(guest, "fstat", 0, 1, bad));
        assertEquals("clock_gettime(CLOCK_REALTIME, 0x1fffd) = 0", format(guest, "clock_gettime", 0, 0, runsOff));
        assertEquals("execve(\"/bin/sh\", [0xdead0000], 0xdead0000) = -1 EFAULT (Bad address)",
                format(guest, "execve", -14, guest.string("/bin/sh"), guest.longs(bad, 0), bad));
        assertEquals("readv(3, 0xdead0000, 2) = 4", format(guest, "readv", 4, 3, bad, 2));
        assertEquals("poll(0xdead0000, 1, 0) = 0", format(guest, "poll", 0, bad, 1, 0));
        assertEquals("connect(3, 0xdead0000, 16) = -1 EFAULT (Bad address)", format(guest, "connect", -14, 3, bad, 16));
        assertEquals("rt_sigaction(SIGINT, 0xdead0000, NULL, 8) = -1 EFAULT (Bad address)",
                format(guest, "rt_sigaction", -14, 2, bad, 0, 8));
        assertEquals(List.of(), new SyscallFormatter(guest.memory).enter(call("chdir"), bad).paths());
    }

    @Test
    void callsNeedTheirArguments() {
        GuestData guest = new GuestData(true);
        assertThrows(IllegalArgumentException.class, () -> new SyscallFormatter(guest.memory).enter(call("write"), 1, 2));
        assertThrows(IllegalArgumentException.class, () -> new SyscallFormatter(guest.memory, 0));
    }
}
