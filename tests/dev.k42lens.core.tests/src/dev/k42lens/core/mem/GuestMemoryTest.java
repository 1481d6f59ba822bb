package dev.k42lens.core.mem;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Guest loads and stores through the access caches: widths, byte orders, page boundaries, faults, invalidation. */
class GuestMemoryTest {
    private static final int PAGE = GuestMemory.PAGE_SIZE;
    private static final long BASE = 0x10000000L;
    private static final int[] WIDTHS = { 1, 2, 4, 8 };

    @ParameterizedTest
    @ValueSource(booleans = { true, false })
    void everyWidthAtEveryOffsetAroundAPageBoundaryReadsAndWritesItsBytes(boolean bigEndian) {
        GuestMemory memory = new GuestMemory(bigEndian);
        memory.map(BASE, 2 * PAGE, Protection.RW, "data");
        SplittableRandom random = new SplittableRandom(42);
        for (int width : WIDTHS) {
            for (long address = BASE + PAGE - 12; address < BASE + PAGE + 4; address++) {
                long value = random.nextLong() & (width == 8 ? -1L : (1L << (8 * width)) - 1);
                memory.write(address, width, value);
                byte[] bytes = new byte[width];
                memory.readRaw(address, bytes, 0, width);
                assertArrayEquals(expectedBytes(value, width, bigEndian), bytes, width + " bytes at 0x" + Long.toHexString(address));
                assertEquals(value, memory.read(address, width), width + " bytes at 0x" + Long.toHexString(address));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = { 2, 4, 8 })
    void anAccessThatCrossesIntoAnUnmappedPageFaultsThereAndStoresNothing(int width) {
        GuestMemory memory = new GuestMemory(true);
        memory.map(BASE, PAGE, Protection.RW, "data");
        long address = BASE + PAGE - width / 2;
        memory.read(BASE + PAGE - 8, 8); // the first page is in the caches
        memory.write(BASE + PAGE - 8, 8, 0x1122334455667788L);
        GuestFault load = assertThrows(GuestFault.class, () -> memory.read(address, width));
        assertEquals(BASE + PAGE, load.address());
        GuestFault store = assertThrows(GuestFault.class, () -> memory.write(address, width, -1L));
        assertEquals(BASE + PAGE, store.address());
        assertEquals(0x1122334455667788L, memory.read(BASE + PAGE - 8, 8), "the mapped half is unchanged");
    }

    @ParameterizedTest
    @ValueSource(booleans = { true, false })
    void pagesThatShareACacheSlotKeepTheirOwnBytes(boolean bigEndian) {
        GuestMemory memory = new GuestMemory(bigEndian);
        long other = BASE + (long) GuestMemory.ACCESS_CACHE_SLOTS * PAGE; // the same slot
        memory.map(BASE, PAGE, Protection.RW, "one");
        memory.map(other, PAGE, Protection.RW, "other");
        for (int i = 0; i < 3; i++) {
            memory.write64(BASE + 16, 1 + i);
            memory.write64(other + 16, 100 + i);
            assertEquals(1 + i, memory.read64(BASE + 16));
            assertEquals(100 + i, memory.read64(other + 16));
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = { true, false })
    void unmappingOrProtectingACachedPageTakesEffectAtOnce(boolean unmap) {
        GuestMemory memory = new GuestMemory(true);
        memory.map(BASE, PAGE, Protection.RW, "data");
        memory.write32(BASE, 7);
        assertEquals(7, memory.read32(BASE));
        if (unmap) {
            memory.unmap(BASE, PAGE);
            assertEquals(GuestFault.Cause.UNMAPPED, assertThrows(GuestFault.class, () -> memory.read32(BASE)).cause());
        } else {
            memory.protect(BASE, PAGE, Protection.READ);
            assertEquals(7, memory.read32(BASE));
        }
        GuestFault store = assertThrows(GuestFault.class, () -> memory.write32(BASE, 8));
        assertEquals(unmap ? GuestFault.Cause.UNMAPPED : GuestFault.Cause.PROTECTION, store.cause());
    }

    @ParameterizedTest
    @ValueSource(ints = { 1, 2, 4, 8 })
    void aStoreDropsTheCodeHeldForItsPageEvenWhenThePageWasCachedForStores(int width) {
        GuestMemory memory = new GuestMemory(false);
        memory.map(BASE, PAGE, Protection.RWX, "code and data");
        memory.write(BASE + 64, width, 1); // the page is in the store cache
        GuestMemory.Page page = memory.page(BASE);
        Object decoded = new Object();
        memory.holdCode(page, decoded);
        assertSame(decoded, page.code());
        memory.write(BASE + 64, width, 2);
        assertNull(page.code(), "the decoded code of a written page is stale");
        assertEquals(2, memory.read(BASE + 64, width));
    }

    private static byte[] expectedBytes(long value, int width, boolean bigEndian) {
        byte[] bytes = new byte[width];
        for (int i = 0; i < width; i++) {
            int shift = 8 * (bigEndian ? width - 1 - i : i);
            bytes[i] = (byte) (value >>> shift);
        }
        return bytes;
    }

    /**
     * The budget counts private pages as the guest touches them and as they go, through fork,
     * mremap, unmap, MADV_DONTNEED and reaping; past it no page is made.
     */
    @org.junit.jupiter.api.Test
    void privatePagesCountAgainstTheRunsBudgetWhenTouched() {
        long page = GuestMemory.PAGE_SIZE;
        PageBudget budget = new PageBudget(64 * page);
        GuestMemory memory = new GuestMemory(true, budget);
        memory.map(0x10000, 16 * page, Protection.RW, "a");
        assertEquals(0, budget.usedPages(), "mapped, not touched");
        assertEquals(0, memory.read64(0x10008), "an untouched page reads zeros");
        memory.readRaw(0x11000, new byte[(int) page], 0, (int) page);
        assertEquals(1, budget.usedPages(), "a guest load made one page; the kernel's copy made none");
        touch(memory, 0x10000, 16);
        assertEquals(16, budget.usedPages());
        memory.map(0x14000, 4 * page, Protection.RW, "over part of a"); // replaces 4 of them, untouched
        assertEquals(12, budget.usedPages());
        memory.remap(0x10000, 16 * page, 0x40000, 24 * page);
        assertEquals(12, budget.usedPages(), "the moved pages, none new");
        assertEquals(0x42, memory.read8(0x40000));
        GuestMemory child = memory.copy();
        assertEquals(24, budget.usedPages());
        touch(child, 0x40000, 24);
        assertEquals(36, budget.usedPages());
        assertThrows(MemoryLimitException.class, () -> child.map(0x100000, 65 * page, Protection.RW, "larger than the budget"));
        child.map(0x100000, 1L << 40, Protection.NONE, "a reservation"); // never backed: no limit
        memory.map(0x200000, 40 * page, Protection.RW, "b");
        touch(memory, 0x200000, 28);
        assertEquals(64, budget.usedPages());
        assertThrows(MemoryLimitException.class, () -> child.copy(), "64 + 24 > 64");
        assertThrows(MemoryLimitException.class, () -> memory.write8(0x200000 + 28 * page, 1), "the 65th page");
        assertEquals(64, budget.usedPages(), "a refused page is not made");
        memory.discard(0x200000, 40 * page);
        assertEquals(36, budget.usedPages(), "MADV_DONTNEED gives the pages back");
        assertEquals(0, memory.read8(0x200000));
        child.unmap(0x40000, 8 * page);
        assertEquals(29, budget.usedPages());
        child.discardReleased();
        assertEquals(29, budget.usedPages(), "still in use");
        child.release();
        child.discardReleased();
        assertEquals(13, budget.usedPages(), "reaped: the parent's 12 moved pages and the one read at 0x200000");
        memory.unmap(0, GuestMemory.ADDRESS_SPACE_END);
        assertEquals(0, budget.usedPages());
    }

    /**
     * The frames of shared objects count against the budget too: a shared mapping that cannot have
     * its frames fails before anything is made, and the frames come back once the object is gone.
     */
    @org.junit.jupiter.api.Test
    void sharedFramesCountAgainstTheBudgetUntilTheirObjectIsGone() {
        long page = GuestMemory.PAGE_SIZE;
        PageBudget budget = new PageBudget(64 * page);
        GuestMemory memory = new GuestMemory(false, budget);
        assertThrows(MemoryLimitException.class,
                () -> memory.mapShared(0x100000, 65 * page, Protection.RW, Protection.RW, "larger", new MemoryObject(null, budget), 0));
        assertEquals(0, budget.usedPages());
        memory.mapShared(0x100000, 40 * page, Protection.RW, Protection.RW, "a", new MemoryObject(null, budget), 0);
        assertEquals(40, budget.usedPages());
        memory.write8(0x100000, 7);
        assertEquals(40, budget.usedPages(), "its frames were made with the mapping");
        assertThrows(MemoryLimitException.class,
                () -> memory.mapShared(0x200000, 40 * page, Protection.RW, Protection.RW, "b", new MemoryObject(null, budget), 0));
        assertEquals(40, budget.usedPages(), "a refused mapping makes no frame");
        memory.unmap(0x100000, 40 * page); // nothing refers to the object any more
        memory.mapShared(0x200000, 40 * page, Protection.RW, Protection.RW, "b", new MemoryObject(null, budget), 0);
        assertEquals(40, budget.usedPages(), "the first object's frames came back");
    }

    /** isMapped asks for every page of a range, isAnyMapped for one (MAP_FIXED_NOREPLACE fails with EEXIST on any). */
    @org.junit.jupiter.api.Test
    void aRangeIsMappedWholeOrInPart() {
        long page = GuestMemory.PAGE_SIZE;
        GuestMemory memory = new GuestMemory(true);
        memory.map(0x11000, page, Protection.RW, "one page");
        assertEquals(false, memory.isMapped(0x10000, 2 * page));
        assertEquals(true, memory.isAnyMapped(0x10000, 2 * page));
        assertEquals(true, memory.isAnyMapped(0x11fff, 1));
        assertEquals(false, memory.isAnyMapped(0x12000, page));
        assertEquals(false, memory.isAnyMapped(0x10000, page));
        assertEquals(true, memory.isAnyMapped(0, -1L), "a size_t range to the end of the address space");
    }

    private static void touch(GuestMemory memory, long start, int pages) {
        for (int i = 0; i < pages; i++) {
            memory.write8(start + i * (long) GuestMemory.PAGE_SIZE, 0x42);
        }
    }
}
