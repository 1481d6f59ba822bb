package dev.k42lens.core.mem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.k42lens.core.kernel.Futexes;

/** Shared mappings at the level of address spaces: fork, decoded code, remap, discard, release, futex keys. */
class SharedMemoryPagesTest {
    private static final long PRIVATE = 0x10000;
    private static final long SHARED = 0x20000;
    private static final int PAGE = GuestMemory.PAGE_SIZE;

    /** Records what the object asks of its backing. */
    private static final class RecordingBacking implements MemoryObject.Backing {
        final List<String> calls = new ArrayList<>();

        @Override
        public void readPage(long index, byte[] into) {
            into[0] = (byte) (0x40 + index);
            calls.add("read " + index);
        }

        @Override
        public void writeBack(MemoryObject object) {
            calls.add("write back");
        }

        @Override
        public void unmapped(MemoryObject object) {
            calls.add("unmapped");
        }
    }

    private static GuestMemory parentWithBoth(MemoryObject object) {
        GuestMemory memory = new GuestMemory(true);
        memory.map(PRIVATE, PAGE, Protection.RW, null);
        memory.mapShared(SHARED, 2 * PAGE, Protection.RW, Protection.RWX, null, object, 0);
        return memory;
    }

    @Test
    void forkSharesSharedPagesAndCopiesPrivateOnes() {
        MemoryObject object = new MemoryObject(null, PageBudget.unlimited());
        GuestMemory parent = parentWithBoth(object);
        parent.write32(PRIVATE, 1);
        parent.write32(SHARED, 1);
        GuestMemory child = parent.copy();
        child.write32(PRIVATE, 2);
        child.write32(SHARED + PAGE, 3);
        parent.write32(SHARED, 4);
        assertEquals(1, parent.read32(PRIVATE));
        assertEquals(2, child.read32(PRIVATE));
        assertEquals(3, parent.read32(SHARED + PAGE));
        assertEquals(4, child.read32(SHARED));
        assertEquals(2, object.frame(0).mappings());
    }

    @Test
    void aStoreInOneProcessDropsTheCodeTheOtherDecoded() {
        GuestMemory parent = parentWithBoth(new MemoryObject(null, PageBudget.unlimited()));
        GuestMemory child = parent.copy();
        Object decoded = new Object();
        child.holdCode(child.page(SHARED), decoded);
        child.holdCode(child.page(PRIVATE), decoded);
        parent.write8(SHARED + 5, 1);
        parent.write8(PRIVATE + 5, 1);
        assertNull(child.page(SHARED).code());
        assertSame(decoded, child.page(PRIVATE).code());
    }

    @Test
    void protectionStaysPerAddressSpace() {
        GuestMemory parent = parentWithBoth(new MemoryObject(null, PageBudget.unlimited()));
        GuestMemory child = parent.copy();
        child.protect(SHARED, PAGE, Protection.READ);
        assertEquals(Protection.RW, parent.protection(SHARED));
        assertEquals(Protection.READ, child.protection(SHARED));
    }

    @Test
    void aReadOnlySharedMappingNeverBecomesWritableInForkOrRemap() {
        GuestMemory memory = parentWithBoth(new MemoryObject(null, PageBudget.unlimited()));
        memory.mapShared(0x60000, PAGE, Protection.READ, Protection.READ | Protection.EXEC, null, new MemoryObject(null, PageBudget.unlimited()), 0);
        GuestMemory child = memory.copy();
        child.remap(0x60000, PAGE, 0x70000, 2 * PAGE);
        assertEquals(false, child.mayProtect(0x70000, 2 * PAGE, Protection.RW));
        assertEquals(true, child.mayProtect(0x70000, 2 * PAGE, Protection.READ | Protection.EXEC));
        assertEquals(false, memory.mayProtect(PRIVATE, 0x60000 + PAGE - PRIVATE, Protection.RW));
        assertEquals(true, memory.mayProtect(PRIVATE, 0x60000 - PRIVATE, Protection.RWX));
    }

    @Test
    void remapKeepsSharingAndGrowsIntoTheObjectsNextPages() {
        MemoryObject object = new MemoryObject(null, PageBudget.unlimited());
        GuestMemory parent = parentWithBoth(object);
        GuestMemory child = parent.copy();
        object.frame(2).data()[0] = 9;
        parent.remap(SHARED, 2 * PAGE, 0x40000, 3 * PAGE);
        child.write8(SHARED + PAGE, 7);
        assertEquals(7, parent.read8(0x40000 + PAGE));
        assertEquals(9, parent.read8(0x40000 + 2 * PAGE));
        assertEquals(false, parent.isMapped(SHARED));
        assertEquals(2, object.frame(1).mappings());
    }

    @Test
    void discardZeroesPrivatePagesOnly() {
        GuestMemory memory = parentWithBoth(new MemoryObject(null, PageBudget.unlimited()));
        memory.write8(PRIVATE, 1);
        memory.write8(SHARED, 1);
        memory.discard(PRIVATE, PAGE);
        memory.discard(SHARED, PAGE);
        assertEquals(0, memory.read8(PRIVATE));
        assertEquals(1, memory.read8(SHARED));
    }

    @Test
    void theBackingHearsOfTheLastMappingOnlyAndPagesStayReadable() {
        RecordingBacking backing = new RecordingBacking();
        MemoryObject object = new MemoryObject(backing, PageBudget.unlimited());
        GuestMemory parent = parentWithBoth(object);
        GuestMemory child = parent.copy();
        parent.write8(SHARED + 1, 5);
        parent.release();
        assertEquals(List.of("read 0", "read 1"), backing.calls);
        child.unmap(SHARED, PAGE);
        child.release();
        assertEquals(List.of("read 0", "read 1", "unmapped"), backing.calls);
        assertEquals(0x40, parent.read8(SHARED));
        assertEquals(5, parent.read8(SHARED + 1));
    }

    @Test
    void mappingAnObjectOverItselfNeverLeavesItUnmapped() {
        RecordingBacking backing = new RecordingBacking();
        MemoryObject object = new MemoryObject(backing, PageBudget.unlimited());
        GuestMemory memory = new GuestMemory(true);
        memory.mapShared(SHARED, 2 * PAGE, Protection.RW, Protection.RWX, null, object, 0);
        memory.mapShared(SHARED, 2 * PAGE, Protection.READ, Protection.RWX, null, object, 0);
        assertEquals(List.of("read 0", "read 1"), backing.calls);
        assertEquals(1, object.frame(0).mappings());
        memory.map(SHARED, 2 * PAGE, Protection.RW, null);
        assertEquals(List.of("read 0", "read 1", "unmapped"), backing.calls);
    }

    @Test
    void aVforkChildsReleaseLeavesTheParentsMappings() {
        MemoryObject object = new MemoryObject(null, PageBudget.unlimited());
        GuestMemory memory = parentWithBoth(object);
        memory.retain();
        memory.release();
        assertEquals(1, object.frame(0).mappings());
        memory.release();
        assertEquals(0, object.frame(0).mappings());
    }

    @Test
    void futexKeysMeetInSharedPagesOnly() {
        GuestMemory parent = parentWithBoth(new MemoryObject(null, PageBudget.unlimited()));
        GuestMemory child = parent.copy();
        child.remap(SHARED, 2 * PAGE, 0x80000, 2 * PAGE);
        assertEquals(Futexes.key(parent, SHARED + PAGE + 8, false), Futexes.key(child, 0x80000 + PAGE + 8, false));
        assertNotEquals(Futexes.key(parent, SHARED + 8, true), Futexes.key(child, 0x80000 + 8, true));
        assertNotEquals(Futexes.key(parent, PRIVATE, false), Futexes.key(child, PRIVATE, false));
        assertEquals(Futexes.key(parent, PRIVATE, false), Futexes.key(parent, PRIVATE, true));
    }
}
