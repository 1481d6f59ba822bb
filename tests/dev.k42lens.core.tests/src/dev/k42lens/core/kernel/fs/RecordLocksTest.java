package dev.k42lens.core.kernel.fs;

import static dev.k42lens.core.kernel.fs.RecordLocks.F_RDLCK;
import static dev.k42lens.core.kernel.fs.RecordLocks.F_UNLCK;
import static dev.k42lens.core.kernel.fs.RecordLocks.F_WRLCK;
import static dev.k42lens.core.kernel.fs.RecordLocks.TO_END;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class RecordLocksTest {
    private static final FsNode FILE = new FsNode.SyntheticDir("/data/db");
    private static final FsNode OTHER_FILE = new FsNode.SyntheticDir("/data/journal");
    private final RecordLocks locks = new RecordLocks();

    @Test
    void readLocksShareAndWriteLocksExclude() {
        locks.set(FILE, 100, 100, F_RDLCK, 0, 99);
        assertNull(locks.conflict(FILE, 200, F_RDLCK, 50, 60));
        assertEquals(100, locks.conflict(FILE, 200, F_WRLCK, 99, 99).pid());
        assertNull(locks.conflict(FILE, 200, F_WRLCK, 100, TO_END));
        assertNull(locks.conflict(FILE, 100, F_WRLCK, 0, 99), "an owner never conflicts with itself");
        assertNull(locks.conflict(OTHER_FILE, 200, F_WRLCK, 0, 99));
    }

    @Test
    void unlockingTheMiddleSplitsALock() {
        locks.set(FILE, 100, 100, F_WRLCK, 0, TO_END);
        locks.set(FILE, 100, 100, F_UNLCK, 10, 19);
        assertNull(locks.conflict(FILE, 200, F_WRLCK, 10, 19));
        RecordLocks.Lock before = locks.conflict(FILE, 200, F_RDLCK, 0, 10);
        assertNotNull(before);
        assertEquals(9, before.end());
        assertEquals(20, locks.conflict(FILE, 200, F_RDLCK, 19, 20).start());
        assertEquals(TO_END, locks.conflict(FILE, 200, F_RDLCK, 1_000_000, 1_000_000).end());
    }

    @Test
    void aReadLockOverPartOfAWriteLockDowngradesThatPart() {
        locks.set(FILE, 100, 100, F_WRLCK, 0, 99);
        locks.set(FILE, 100, 100, F_RDLCK, 0, 49);
        assertNull(locks.conflict(FILE, 200, F_RDLCK, 0, 49));
        assertEquals(F_WRLCK, locks.conflict(FILE, 200, F_RDLCK, 0, 99).type());
    }

    @Test
    void releaseDropsOnlyTheOwnersLocks() {
        locks.set(FILE, 100, 100, F_RDLCK, 0, 9);
        locks.set(FILE, 200, 200, F_RDLCK, 0, 9);
        locks.release(FILE, 100);
        assertEquals(200, locks.conflict(FILE, 300, F_WRLCK, 0, 0).pid());
        locks.release(FILE, 200);
        assertNull(locks.conflict(FILE, 300, F_WRLCK, 0, TO_END));
    }
}
