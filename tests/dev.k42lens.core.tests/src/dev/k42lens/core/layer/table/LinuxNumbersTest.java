package dev.k42lens.core.layer.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Errno and signal numbers as a ppc64 guest sees them, and how results print. */
class LinuxNumbersTest {
    @Test
    void powerpcGivesEdeadlockItsOwnNumber() {
        assertEquals(58, Errno.EDEADLOCK.number());
        assertEquals(35, Errno.EDEADLK.number());
        assertEquals(Optional.of(Errno.EDEADLOCK), Errno.of(58));
        assertEquals("File locking deadlock error", Errno.EDEADLOCK.message());
    }

    @Test
    void errnoNumbersAreUniqueAndFindTheirConstant() {
        Set<Integer> seen = new HashSet<>();
        for (Errno errno : Errno.values()) {
            assertTrue(seen.add(errno.number()), errno.name());
            assertEquals(Optional.of(errno), Errno.of(errno.number()));
            assertEquals(-errno.number(), errno.negated());
        }
        assertEquals(Optional.empty(), Errno.of(0));
        assertEquals(Optional.empty(), Errno.of(41));
        assertEquals(Optional.empty(), Errno.of(-2));
        assertEquals(Optional.empty(), Errno.of(4095));
    }

    @ParameterizedTest
    @CsvSource({ "1, EPERM, Operation not permitted", "2, ENOENT, No such file or directory",
            "11, EAGAIN, Resource temporarily unavailable", "38, ENOSYS, Function not implemented",
            "95, EOPNOTSUPP, Operation not supported", "133, EHWPOISON, Memory page has hardware error",
            "512, ERESTARTSYS, To be restarted if SA_RESTART is set" })
    void errnoNamesAndMessages(int number, String name, String message) {
        Errno errno = Errno.of(number).orElseThrow();
        assertEquals(name, errno.name());
        assertEquals(message, errno.message());
    }

    @Test
    void onlyTheTopPageOfValuesAreErrors() {
        assertTrue(Errno.isError(-1));
        assertTrue(Errno.isError(-4095));
        assertFalse(Errno.isError(-4096));
        assertFalse(Errno.isError(0));
        assertFalse(Errno.isError(Long.MIN_VALUE));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = { "INT | 0 | 0", "INT | -2 | -1 ENOENT (No such file or directory)",
            "INT | -200 | -1 errno 200", "INT | -4096 | -4096", "FD | 3 | 3", "SIZE | 4096 | 4096",
            "HEX | 268632064 | 0x10030000", "HEX | -12 | -1 ENOMEM (Cannot allocate memory)", "MODE | 18 | 022",
            "RAW | -4 | -4", "NONE | 0 | ?" })
    void resultsPrintByTheirFormat(ReturnFormat format, long result, String expected) {
        assertEquals(expected, format.format(result));
    }

    @ParameterizedTest
    @CsvSource({ "1, SIGHUP", "9, SIGKILL", "11, SIGSEGV", "17, SIGCHLD", "19, SIGSTOP", "31, SIGSYS", "32, SIGRTMIN",
            "33, SIGRT_1", "64, SIGRT_32", "0, 0", "65, 65", "-1, -1" })
    void signalNames(int number, String name) {
        assertEquals(name, Signal.nameOf(number));
    }

    @Test
    void standardSignalsHaveTheirNumbers() {
        for (Signal signal : Signal.values()) {
            assertEquals(Optional.of(signal), Signal.of(signal.number()));
        }
        assertEquals(17, Signal.SIGCHLD.number());
        assertEquals(Optional.empty(), Signal.of(32));
    }
}
