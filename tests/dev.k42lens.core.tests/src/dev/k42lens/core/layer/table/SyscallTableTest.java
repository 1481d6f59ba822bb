package dev.k42lens.core.layer.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SyscallTableTest {
    private static final SyscallTable TABLE = SyscallTable.ppc64();

    /** "number name" lines: the design's list of ppc64 syscall numbers, kept next to this test. */
    private static List<String[]> numbersFile() throws IOException {
        try (InputStream in = SyscallTableTest.class.getResourceAsStream("ppc64-syscall-numbers.txt")) {
            return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines()
                    .filter(line -> !line.isBlank()).map(line -> line.trim().split("\\s+")).toList();
        }
    }

    @Test
    void everyNumberOfTheNumbersFileHasARowWithItsName() throws IOException {
        List<String[]> numbers = numbersFile();
        assertTrue(numbers.size() > 390, "numbers file too short: " + numbers.size());
        for (String[] entry : numbers) {
            int number = Integer.parseInt(entry[0]);
            assertEquals(entry[1], TABLE.byNumber(number).map(SyscallDescriptor::name).orElse("(no row)"),
                    "syscall " + number);
        }
        assertEquals(numbers.size(), TABLE.all().size(), "rows that are not in the numbers file");
    }

    @Test
    void rowsAreInNumberOrderAndTheTransferTableCoversTheHighest() {
        List<SyscallDescriptor> all = TABLE.all();
        for (int i = 1; i < all.size(); i++) {
            assertTrue(all.get(i - 1).number() < all.get(i).number());
        }
        assertEquals(all.get(all.size() - 1).number() + 1, TABLE.slotCount());
        assertEquals(451, TABLE.slotCount());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "3   | read(fd, buf_out:2, size) = size",
            "4   | write(fd, buf:2, size) = size",
            "45  | brk(ptr) = hex",
            "90  | mmap(ptr, size, mmap_prot, mmap_flags, fd, hex) = hex",
            "140 | _llseek(fd, long, long, long_ref_out, whence) = int",
            "172 | rt_sigreturn() = raw",
            "173 | rt_sigaction(signal, sigaction, sigaction_out, size) = int",
            "234 | exit_group(int) = none",
            "286 | openat(dirfd, path, open_flags, open_mode:2) = fd",
            "291 | newfstatat(dirfd, path, stat_out, at_flags) = int",
            "317 | pipe2(fd_pair_out, fd_flags) = int",
            "359 | getrandom(buf_out:1, size, getrandom_flags) = size",
            "383 | statx(dirfd, path, at_flags, statx_mask, statx_out) = int" })
    void rowsSayHowToPrintTheirArguments(int number, String signature) {
        assertEquals(signature, TABLE.byNumber(number).orElseThrow().signature());
    }

    @Test
    void namesFindTheirNumbers() {
        assertEquals(286, TABLE.byName("openat").orElseThrow().number());
        assertEquals(221, TABLE.byName("futex").orElseThrow().number());
        assertEquals(387, TABLE.byName("rseq").orElseThrow().number());
        assertTrue(TABLE.byName("arch_prctl").isEmpty(), "an x86_64-only call");
    }

    @Test
    void numbersWithoutARowGetAStandInThatShowsTheRegisters() {
        assertTrue(TABLE.byNumber(192).isEmpty(), "192 is mmap2, 32-bit only");
        assertTrue(TABLE.byNumber(-1).isEmpty());
        assertTrue(TABLE.byNumber(100_000).isEmpty());
        SyscallDescriptor standIn = TABLE.describe(192);
        assertEquals("syscall_192(hex, hex, hex, hex, hex, hex) = int", standIn.signature());
        assertEquals("syscall_4294967295", TABLE.describe(-1).name());
        assertEquals("openat", TABLE.describe(286).name());
    }

    @Test
    void theCallsGlibcBusyboxAndCoreutilsMakeHaveRealFormats() {
        long decoded = TABLE.all().stream()
                .filter(d -> d.arguments().stream().anyMatch(a -> a.kind() != ArgumentKind.HEX)).count();
        assertTrue(decoded >= 300, "rows with decoded arguments: " + decoded);
        for (String name : List.of("brk", "set_tid_address", "set_robust_list", "rseq", "prlimit64", "readlink",
                "getrandom", "mprotect", "uname", "openat", "read", "write", "readv", "writev", "pread64", "pwrite64",
                "close", "_llseek", "lseek", "newfstatat", "fstat", "statx", "getdents64", "fcntl", "ioctl", "dup",
                "dup2", "dup3", "pipe2", "unlinkat", "mkdirat", "renameat", "renameat2", "readlinkat", "faccessat",
                "faccessat2", "getcwd", "chdir", "umask", "ftruncate", "mmap", "munmap", "mremap", "madvise",
                "clock_gettime", "clock_getres", "gettimeofday", "time", "nanosleep", "clock_nanosleep", "exit",
                "exit_group", "clone", "futex", "rt_sigaction", "rt_sigprocmask", "setitimer", "sigaltstack", "tgkill",
                "kill", "wait4", "execve", "open", "creat", "access", "stat", "lstat", "pipe", "poll", "ppoll",
                "pselect6", "_newselect", "sched_getaffinity", "prctl", "sendfile", "socket", "connect")) {
            SyscallDescriptor d = TABLE.byName(name).orElseThrow(() -> new AssertionError(name));
            assertFalse(d.argumentCount() > 0 && d.arguments().stream().allMatch(a -> a.kind() == ArgumentKind.HEX),
                    d.signature());
        }
    }

    @Test
    void everyFormatReadsBackAsItself() {
        for (SyscallDescriptor d : TABLE.all()) {
            for (ArgumentFormat format : d.arguments()) {
                assertEquals(format, ArgumentFormat.parse(format.toString()), d.signature());
            }
            assertEquals(d.returnFormat(), ReturnFormat.ofWord(d.returnFormat().word()));
        }
    }

    @Test
    void formatModifiersAreChecked() {
        assertEquals(new ArgumentFormat(ArgumentKind.BUF, true, 2), ArgumentFormat.parse("buf_out:2"));
        assertEquals(new ArgumentFormat(ArgumentKind.TIMESPEC, true, -1), ArgumentFormat.parse("timespec_out"));
        assertThrows(IllegalArgumentException.class, () -> ArgumentFormat.parse("int_out"));
        assertThrows(IllegalArgumentException.class, () -> ArgumentFormat.parse("buf"));
        assertThrows(IllegalArgumentException.class, () -> ArgumentFormat.parse("fd:1"));
        assertThrows(IllegalArgumentException.class, () -> ArgumentFormat.parse("buf:x"));
        assertThrows(IllegalArgumentException.class, () -> ArgumentFormat.parse("pointer"));
    }

    @Test
    void malformedRowsAreRejectedWithTheirLine() {
        assertMalformed("demo line 2: unknown argument format bogus", "# comment", "1\texit\tnone\tbogus");
        assertMalformed("demo line 1: unknown return format maybe", "1\texit\tmaybe");
        assertMalformed("demo line 1: write argument 1 refers to argument 7", "4\twrite\tsize\tfd\tbuf:7\tsize");
        assertMalformed("demo line 1: expected number, name and return format", "4\twrite");
        assertMalformed("demo line 1: negative syscall number -4", "-4\twrite\tsize");
        assertMalformed("demo: syscall number 1 appears twice", "1\texit\tnone", "", "1\tquit\tnone");
        assertMalformed("demo: syscall name exit appears twice", "1\texit\tnone", "2\texit\tnone");
    }

    private static void assertMalformed(String message, String... lines) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SyscallTable.parse(List.of(lines), "demo"));
        assertEquals(message, e.getMessage());
    }
}
