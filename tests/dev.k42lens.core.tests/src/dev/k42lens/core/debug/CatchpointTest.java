package dev.k42lens.core.debug;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import dev.k42lens.core.trace.DispatchPath;

/** What users may type for the call or signal a catchpoint stops on, and what each catchpoint matches. */
class CatchpointTest {
    @Test
    void syscallsByNameNumberOrAny() {
        assertEquals(4, SyscallCatchpoint.numberOf("write"));
        assertEquals(4, SyscallCatchpoint.numberOf(" WRITE "));
        assertEquals(146, SyscallCatchpoint.numberOf("146"));
        assertEquals(-1, SyscallCatchpoint.numberOf("any"));
        assertEquals("'wirte' is not a ppc64 system call name",
                assertThrows(IllegalArgumentException.class, () -> SyscallCatchpoint.numberOf("wirte")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> SyscallCatchpoint.numberOf("99999999999"));
        assertThrows(IllegalArgumentException.class, () -> SyscallCatchpoint.numberOf(""));
    }

    @Test
    void signalsByStraceNameShortNameNumberOrAny() {
        assertEquals(14, SignalCatchpoint.numberOf("SIGALRM"));
        assertEquals(14, SignalCatchpoint.numberOf("alrm"));
        assertEquals(14, SignalCatchpoint.numberOf("14"));
        assertEquals(35, SignalCatchpoint.numberOf("SIGRT_3"));
        assertEquals(0, SignalCatchpoint.numberOf("any"));
        assertThrows(IllegalArgumentException.class, () -> SignalCatchpoint.numberOf("65"));
        assertThrows(IllegalArgumentException.class, () -> SignalCatchpoint.numberOf("SIGFOO"));
    }

    @Test
    void aCatchpointMatchesItsCallPathAndDepth() {
        SyscallCatchpoint nestedTableWrites = new SyscallCatchpoint(4, true, false, DispatchPath.TABLE, 2);
        assertTrue(nestedTableWrites.matches(4, DispatchPath.TABLE, 2));
        assertFalse(nestedTableWrites.matches(4, DispatchPath.TABLE, 1), "too shallow");
        assertFalse(nestedTableWrites.matches(4, DispatchPath.TRAP, 3), "other path");
        assertFalse(nestedTableWrites.matches(3, DispatchPath.TABLE, 2), "other call");
        assertEquals("write entry via table, depth >= 2", nestedTableWrites.describe());
        assertThrows(IllegalArgumentException.class, () -> new SyscallCatchpoint(4, false, false, null, 1));
        assertThrows(IllegalArgumentException.class, () -> new SignalCatchpoint(14, false, false, false));
    }
}
