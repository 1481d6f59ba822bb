package dev.k42lens.core.mem;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.LongConsumer;

/**
 * The sparse 64-bit address space of one guest process: 4 KiB pages with permissions, in the
 * guest's byte order. A private mapping holds no page until the guest touches it (its first
 * store or load makes a zeroed page, counted against the run's {@link PageBudget}), so that a
 * reservation, a thread's stack or a sparse array costs what is used, as with Linux's demand paging. Accesses the guest makes go through the checked {@code read*}/{@code write*}
 * methods and fail with {@link GuestFault}; the loader and the syscall layer use the
 * {@code *Raw} methods, which ignore permissions the way the kernel's own copies do.
 *
 * <p>Pages live in an open-addressing hash table keyed by page number, fronted by a direct-mapped
 * translation cache, so that an access costs a couple of array loads in the common case and never
 * allocates. Guest loads and stores go first to two more direct-mapped caches ({@link AccessCache}),
 * a hit being one tag compare; small enough that the JIT inlines them into translated code.
 */
public final class GuestMemory {
    public static final int PAGE_SHIFT = 12;
    public static final int PAGE_SIZE = 1 << PAGE_SHIFT;
    public static final long PAGE_MASK = PAGE_SIZE - 1;
    /** The end of a ppc64 Linux process's address space (TASK_SIZE, 4 PiB): no mapping reaches past it. */
    public static final long ADDRESS_SPACE_END = 1L << 52;

    private static final VarHandle SHORT_BE = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle SHORT_LE = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT_BE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG_BE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private static final int TLB_SIZE = 1024;
    /** Slots of the load and store caches: 16 MiB of pages each. */
    static final int ACCESS_CACHE_SLOTS = 4096;

    /**
     * One page of this address space: its bytes, its permissions, and whatever decoded code the CPU
     * cached for it. A page of a shared mapping uses the bytes of a {@link MemoryObject.Frame}
     * that pages of other mappings (and address spaces) use too; its permissions and decoded code
     * stay its own, since they belong to one address at one protection.
     */
    public static final class Page {
        final byte[] data;
        /** The page number (address >>> PAGE_SHIFT): the tag the access caches compare. */
        final long number;
        int protection;
        /** Decoded instructions the CPU keeps for this page; dropped whenever the page is written. */
        Object code;
        /** The shared frame whose bytes this page maps, or null for a page of this address space alone. */
        final MemoryObject.Frame frame;
        /** What mprotect may allow: a shared mapping of a file opened read-only never becomes writable. */
        final int maxProtection;

        Page(long number, int protection) {
            this(number, protection, new byte[PAGE_SIZE], null, Protection.RWX);
        }

        private Page(long number, int protection, byte[] data, MemoryObject.Frame frame, int maxProtection) {
            this.number = number;
            this.protection = protection;
            this.data = data;
            this.frame = frame;
            this.maxProtection = maxProtection;
        }

        /** A page mapping {@code frame}, counted among the frame's mappings. */
        static Page view(long number, int protection, MemoryObject.Frame frame, int maxProtection) {
            Page page = new Page(number, protection, frame.data, frame, maxProtection);
            frame.attach(page);
            return page;
        }

        public byte[] data() {
            return data;
        }

        /** The decoded instructions the CPU keeps for this page (see {@link GuestMemory#holdCode}), or null. */
        public Object code() {
            return code;
        }

        /** The bytes are about to change: decoded code of every page showing them is stale. */
        void written() {
            code = null;
            if (frame != null) {
                frame.written();
            }
        }
    }

    /**
     * A direct-mapped cache of pages that guest accesses use without a permission check: the slot
     * of page number n holds n as its tag (-1 when empty) and the page's bytes. An access of w
     * bytes at address a hits when the tag in a's slot equals {@code (a + w - 1) >>> PAGE_SHIFT},
     * the page of its last byte, so the one comparison also sends an access that crosses into the
     * next page (whose number never shares the slot) to the slow path.
     */
    private static final class AccessCache {
        final long[] tags = new long[ACCESS_CACHE_SLOTS];
        final byte[][] data = new byte[ACCESS_CACHE_SLOTS][];

        AccessCache() {
            Arrays.fill(tags, -1L);
        }

        /** The slot of the page holding {@code address}. */
        static int slot(long address) {
            return (int) (address >>> PAGE_SHIFT) & (ACCESS_CACHE_SLOTS - 1);
        }

        void put(Page page) {
            int slot = (int) page.number & (ACCESS_CACHE_SLOTS - 1);
            tags[slot] = page.number;
            data[slot] = page.data;
        }

        void evict(long number) {
            int slot = (int) number & (ACCESS_CACHE_SLOTS - 1);
            if (tags[slot] == number) {
                tags[slot] = -1L;
                data[slot] = null;
            }
        }

        void clear() {
            Arrays.fill(tags, -1L);
            Arrays.fill(data, null);
        }
    }

    /** A named range of the address space, as /proc/self/maps lists it. */
    public record Mapping(long start, long end, int protection, String name) {
    }

    /** Where this address space's private pages are counted, until {@link #discardReleased()}. */
    private final PageBudget budget;
    /** The pages of this address space that are its own (not views of a shared object's frames). */
    private long privatePages;
    private final boolean bigEndian;
    private long[] keys = new long[1024];
    private Page[] values = new Page[1024];
    private int size;
    private final long[] tlbTags = new long[TLB_SIZE];
    private final Page[] tlbPages = new Page[TLB_SIZE];
    /** Pages guest loads may use: READ permission. */
    private final AccessCache loadCache = new AccessCache();
    /**
     * Pages guest stores may use: private pages with WRITE permission that hold no decoded code,
     * so that a store that hits needs no check for self-modifying code.
     */
    private final AccessCache storeCache = new AccessCache();
    private int layoutVersion;
    private final NavigableMap<Long, Mapping> mappings = new TreeMap<>();
    /** The processes using this address space: more than one after vfork, until the child execs or exits. */
    private int users = 1;

    public GuestMemory(boolean bigEndian) {
        this(bigEndian, PageBudget.unlimited());
    }

    /** An empty address space whose private pages count against {@code budget}, with those of the run's others. */
    public GuestMemory(boolean bigEndian, PageBudget budget) {
        this.bigEndian = bigEndian;
        this.budget = budget;
        Arrays.fill(keys, -1L);
        Arrays.fill(tlbTags, -1L);
    }

    public boolean isBigEndian() {
        return bigEndian;
    }

    /** The bytes all its mappings span, touched or not: the address space's size, which RLIMIT_AS limits. */
    public long mappedBytes() {
        long bytes = 0;
        for (Mapping m : mappings.values()) {
            bytes += m.end() - m.start();
        }
        return bytes;
    }

    /**
     * The address space fork gives the child: a private copy of every private page, and pages of
     * shared mappings that map the same frames as this one's.
     */
    public GuestMemory copy() {
        budget.check(privatePages);
        GuestMemory copy = new GuestMemory(bigEndian, budget);
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != -1L) {
                Page page = values[i];
                copy.put(keys[i], page.frame != null ? Page.view(keys[i], page.protection, page.frame, page.maxProtection)
                        : privateCopy(page));
            }
        }
        copy.mappings.putAll(mappings);
        return copy;
    }

    private static Page privateCopy(Page page) {
        Page copy = new Page(page.number, page.protection);
        System.arraycopy(page.data, 0, copy.data, 0, PAGE_SIZE);
        return copy;
    }

    /** Another process uses this address space (vfork). */
    public void retain() {
        users++;
    }

    /**
     * A process stops using this address space (exit, exec). With the last one gone, the shared
     * mappings end (their objects count one mapping less, files are written back), and the pages
     * stay readable as private copies for whoever still inspects the dead process.
     */
    public void release() {
        if (--users > 0) {
            return;
        }
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != -1L && values[i].frame != null) {
                Page shared = values[i];
                values[i] = privateCopy(shared);
                count(values[i], 1);
                shared.frame.detach(shared);
            }
        }
        flushTranslations();
    }

    /**
     * Frees every page of an address space no process uses any more (the process was reaped: no
     * one can look at its memory again), giving its private pages back to the budget.
     */
    public void discardReleased() {
        if (users > 0) {
            return;
        }
        for (int i = 0; i < keys.length; i++) {
            count(values[i], -1);
        }
        Arrays.fill(keys, -1L);
        Arrays.fill(values, null);
        size = 0;
        mappings.clear();
        flushTranslations();
    }

    // ---- mapping management -------------------------------------------------------------------

    /**
     * Maps zeroed pages over [start, start+length) (page-rounded), replacing whatever was there;
     * each page is made when first touched. A writable mapping larger than the whole budget fails
     * at once, as Linux's heuristic overcommit refuses one larger than the machine's memory.
     */
    public void map(long start, long length, int protection, String name) {
        long first = start & ~PAGE_MASK;
        long end = pageAlignUp(start + length);
        if ((protection & Protection.WRITE) != 0) {
            budget.checkMapping(end - first);
        }
        forPresentPages(first, end, this::drop);
        flushTranslations();
        carve(first, end);
        mappings.put(first, new Mapping(first, end, protection, name));
    }

    /**
     * Maps the pages of {@code object} from page {@code firstIndex} on over [start, start+length)
     * (page-rounded), replacing whatever was there: a shared mapping, which mprotect may make no
     * more than {@code maxProtection}.
     */
    public void mapShared(long start, long length, int protection, int maxProtection, String name, MemoryObject object,
            long firstIndex) {
        long firstPage = start >>> PAGE_SHIFT;
        long first = start & ~PAGE_MASK;
        long end = pageAlignUp(start + length);
        checkFrames(object, firstIndex, (end - first) >>> PAGE_SHIFT);
        for (long number = first >>> PAGE_SHIFT; number < end >>> PAGE_SHIFT; number++) {
            replace(number, Page.view(number, protection, object.frame(firstIndex + number - firstPage), maxProtection));
        }
        flushTranslations();
        carve(first, end);
        mappings.put(first, new Mapping(first, end, protection, name));
    }

    /**
     * mremap: moves the pages of [old, old+oldSize) to [target, target+newSize) (page-rounded, the
     * ranges may overlap at their start), with their bytes, permissions and sharing. Pages past
     * the old end are new: zeroed when touched, or the next pages of the object of a shared mapping.
     */
    public void remap(long old, long oldSize, long target, long newSize) {
        Mapping source = mappings.floorEntry(old).getValue();
        long oldEnd = pageAlignUp(old + oldSize);
        long end = pageAlignUp(target + newSize);
        Page last = get((oldEnd >>> PAGE_SHIFT) - 1);
        boolean shared = last != null && last.frame != null; // a shared mapping has every page
        long oldPages = (oldEnd - old) >>> PAGE_SHIFT;
        long newPages = (end - target) >>> PAGE_SHIFT;
        if (shared && newPages > oldPages) {
            checkFrames(last.frame.owner(), last.frame.index() + 1, newPages - oldPages);
        } else if (!shared && (source.protection() & Protection.WRITE) != 0) {
            budget.checkMapping(end - target);
        }
        List<Page> moved = new ArrayList<>();
        forPresentPages(old, oldEnd, number -> moved.add(remove(number)));
        carve(old, oldEnd);
        long shift = (target - old) >> PAGE_SHIFT;
        for (Page from : moved) {
            long number = from.number + shift;
            if (number < end >>> PAGE_SHIFT) {
                replace(number, from.frame != null ? Page.view(number, from.protection, from.frame, from.maxProtection)
                        : new Page(number, from.protection, from.data, null, from.maxProtection));
            }
        }
        for (long number = (target + oldEnd - old) >>> PAGE_SHIFT; shared && number < end >>> PAGE_SHIFT; number++) {
            long past = number - ((target + oldEnd - old) >>> PAGE_SHIFT);
            replace(number, Page.view(number, last.protection, last.frame.owner().frame(last.frame.index() + 1 + past),
                    last.maxProtection));
        }
        // the new views exist before the old ones go, so no shared object sees its mappings drop to none
        for (Page page : moved) {
            if (page.frame != null) {
                page.frame.detach(page);
            }
        }
        flushTranslations();
        carve(target, end);
        mappings.put(target, new Mapping(target, end, source.protection(), source.name()));
    }

    /**
     * MADV_DONTNEED: private pages of [start, start+length) go (they read back as zeros, made
     * again when touched); shared pages keep showing their object's bytes.
     */
    public void discard(long start, long length) {
        forPresentPages(start & ~PAGE_MASK, rangeEnd(start, length), number -> {
            if (get(number).frame == null) {
                drop(number);
            }
        });
        flushTranslations();
    }

    /**
     * The page-rounded end of [start, start+length) for a length that is a size_t: one that wraps
     * around or reaches past the address space ends at {@link #ADDRESS_SPACE_END}.
     */
    private static long rangeEnd(long start, long length) {
        long end = start + length;
        if (Long.compareUnsigned(end, start) < 0 || Long.compareUnsigned(end, ADDRESS_SPACE_END) > 0) {
            return ADDRESS_SPACE_END;
        }
        return pageAlignUp(end);
    }

    /**
     * Calls {@code action} with the number of each page in [first, end) this address space holds
     * (a range may span the address space; the pages are few): by the range when it is shorter
     * than the table, else by the table. The action may add and remove pages.
     */
    private void forPresentPages(long first, long end, LongConsumer action) {
        if (Long.compareUnsigned(first, end) >= 0) {
            return;
        }
        long from = first >>> PAGE_SHIFT;
        long to = end >>> PAGE_SHIFT;
        if (to - from <= keys.length) {
            for (long number = from; number < to; number++) {
                if (get(number) != null) {
                    action.accept(number);
                }
            }
            return;
        }
        long[] present = new long[size];
        int count = 0;
        for (long key : keys) {
            if (key >= from && key < to) {
                present[count++] = key;
            }
        }
        for (int i = 0; i < count; i++) {
            action.accept(present[i]);
        }
    }

    /**
     * Fails before a shared mapping is made when the frames it would add to {@code object} (every
     * page of a shared mapping has its frame) cannot fit in the budget.
     */
    private void checkFrames(MemoryObject object, long firstIndex, long pages) {
        budget.checkMapping(pages << PAGE_SHIFT);
        budget.check(object.framesMissing(firstIndex, pages));
    }

    /** The run's budget, which the shared objects this address space maps count against too. */
    public PageBudget budget() {
        return budget;
    }

    /** The shared frame mapped at {@code address}, or null when the page is private or unmapped. */
    public MemoryObject.Frame sharedFrame(long address) {
        Page page = get(address >>> PAGE_SHIFT); // a shared mapping holds all its pages
        return page == null ? null : page.frame;
    }

    /** Unmaps [start, start+length) (page-rounded); unmapped holes inside are fine, as in Linux. */
    public void unmap(long start, long length) {
        long first = start & ~PAGE_MASK;
        long end = rangeEnd(start, length);
        if (Long.compareUnsigned(first, end) >= 0) {
            return; // past the address space: nothing there
        }
        forPresentPages(first, end, this::drop);
        flushTranslations();
        carve(first, end);
    }

    /**
     * Puts {@code page} (already counted among its frame's mappings) in place of whatever page was
     * there, which counts one mapping less: in that order, so that mapping a file over a mapping of
     * the same file never leaves it unmapped for a moment (which would write it back and drop its cache).
     */
    private void replace(long number, Page page) {
        Page replaced = get(number);
        put(number, page);
        if (replaced != null && replaced.frame != null) {
            replaced.frame.detach(replaced);
        }
    }

    /** Removes a page; a shared one counts one mapping less on its frame. */
    private void drop(long number) {
        Page page = remove(number);
        if (page != null && page.frame != null) {
            page.frame.detach(page);
        }
    }

    /**
     * Changes the permissions of [start, start+length) (page-rounded).
     *
     * @return false, changing nothing, when part of the range is not mapped (Linux: ENOMEM)
     */
    public boolean protect(long start, long length, int protection) {
        long first = start & ~PAGE_MASK;
        long end = rangeEnd(start, length);
        if (!isMapped(first, end - first)) {
            return false;
        }
        forPresentPages(first, end, number -> get(number).protection = protection);
        flushTranslations();
        List<Mapping> affected = new ArrayList<>(overlapping(first, end));
        carve(first, end);
        for (Mapping m : affected) {
            long s = Math.max(m.start(), first);
            long e = Math.min(m.end(), end);
            mappings.put(s, new Mapping(s, e, protection, m.name()));
        }
        return true;
    }

    /** False when a mapped page of [start, start+length) may not get {@code protection} (mprotect: EACCES). */
    public boolean mayProtect(long start, long length, int protection) {
        boolean[] may = { true };
        forPresentPages(start & ~PAGE_MASK, rangeEnd(start, length),
                number -> may[0] &= (protection & ~get(number).maxProtection) == 0);
        return may[0];
    }

    /** Renames the mappings that cover [start, end), e.g. "[heap]" after brk grows. */
    public void name(long start, long end, String name) {
        for (Mapping m : new ArrayList<>(overlapping(start, end))) {
            mappings.put(m.start(), new Mapping(m.start(), m.end(), m.protection(), name));
        }
    }

    public boolean isMapped(long address) {
        return mappingAt(address) != null;
    }

    /**
     * True when every page of [start, start+length) is mapped (of the page at {@code start} for a
     * length of 0); false for a range that wraps around or reaches past the address space.
     */
    public boolean isMapped(long start, long length) {
        long last = start + Math.max(length, 1) - 1;
        if (length < 0 || Long.compareUnsigned(last, start) < 0 || Long.compareUnsigned(last, ADDRESS_SPACE_END) >= 0) {
            return false;
        }
        for (long at = start; Long.compareUnsigned(at, last) <= 0; ) {
            Mapping m = mappingAt(at);
            if (m == null) {
                return false;
            }
            at = m.end();
        }
        return true;
    }

    /** True when some page of [start, start+length) is mapped (MAP_FIXED_NOREPLACE's EEXIST, brk's room). */
    public boolean isAnyMapped(long start, long length) {
        long first = start & ~PAGE_MASK;
        long end = rangeEnd(start, length);
        return Long.compareUnsigned(first, end) < 0 && !overlapping(first, end).isEmpty();
    }

    /** The permissions of the page holding {@code address}, or -1 if it is not mapped. */
    public int protection(long address) {
        Mapping m = mappingAt(address);
        return m == null ? -1 : m.protection();
    }

    /** The mapping holding {@code address}, or null. */
    private Mapping mappingAt(long address) {
        if (Long.compareUnsigned(address, ADDRESS_SPACE_END) >= 0) {
            return null;
        }
        Map.Entry<Long, Mapping> e = mappings.floorEntry(address);
        return e == null || e.getValue().end() <= address ? null : e.getValue();
    }

    /** The mappings in address order, for /proc/self/maps and the Memory view. */
    public List<Mapping> mappings() {
        return List.copyOf(mappings.values());
    }

    /**
     * The highest free, page-aligned range of {@code length} bytes that ends at or below
     * {@code ceiling} and starts at or above {@code floor}, or -1 when there is none.
     */
    public long findFree(long length, long floor, long ceiling) {
        long size = pageAlignUp(length);
        long top = ceiling & ~PAGE_MASK;
        for (Map.Entry<Long, Mapping> e = mappings.lowerEntry(top); ; e = mappings.lowerEntry(e.getKey())) {
            long gapStart = e == null ? floor : Math.max(e.getValue().end(), floor);
            if (top - gapStart >= size && top - size >= floor) {
                return top - size;
            }
            if (e == null) {
                return -1;
            }
            top = Math.min(top, e.getValue().start());
            if (top <= floor) {
                return -1;
            }
        }
    }

    /**
     * Changes whenever pages are mapped, unmapped or change permissions: a {@link Page} found for an
     * address, and its permissions, stay valid while this stays the same.
     */
    public int layoutVersion() {
        return layoutVersion;
    }

    /** The page holding {@code address}, which the CPU is about to execute: faults unless mapped and executable. */
    public Page executablePage(long address) {
        Page page = translate(address >>> PAGE_SHIFT);
        if (page == null) {
            throw new GuestFault(address, GuestFault.Access.EXECUTE, GuestFault.Cause.UNMAPPED);
        }
        if ((page.protection & Protection.EXEC) == 0) {
            throw new GuestFault(address, GuestFault.Access.EXECUTE, GuestFault.Cause.PROTECTION);
        }
        return page;
    }

    /** The page holding {@code address} for the CPU's instruction cache, or null if unmapped. */
    public Page page(long address) {
        return translate(address >>> PAGE_SHIFT);
    }

    // ---- checked guest accesses ---------------------------------------------------------------

    /** The {@code size}-byte value (1, 2, 4 or 8) at {@code address}, zero-extended. */
    public long read(long address, int size) {
        return switch (size) {
            case 1 -> read8(address);
            case 2 -> read16(address);
            case 4 -> read32(address) & 0xffffffffL;
            default -> read64(address);
        };
    }

    /** Writes the low {@code size} bytes (1, 2, 4 or 8) of {@code value} at {@code address}. */
    public void write(long address, int size, long value) {
        switch (size) {
            case 1 -> write8(address, (int) value);
            case 2 -> write16(address, (int) value);
            case 4 -> write32(address, (int) value);
            default -> write64(address, value);
        }
    }

    public int read8(long address) {
        int slot = AccessCache.slot(address);
        if (loadCache.tags[slot] == address >>> PAGE_SHIFT) {
            return loadCache.data[slot][(int) (address & PAGE_MASK)] & 0xff;
        }
        return (int) readSlow(address, 1);
    }

    public int read16(long address) {
        int slot = AccessCache.slot(address);
        if (loadCache.tags[slot] == (address + 1) >>> PAGE_SHIFT) {
            byte[] data = loadCache.data[slot];
            int offset = (int) (address & PAGE_MASK);
            return (bigEndian ? (short) SHORT_BE.get(data, offset) : (short) SHORT_LE.get(data, offset)) & 0xffff;
        }
        return (int) readSlow(address, 2);
    }

    public int read32(long address) {
        int slot = AccessCache.slot(address);
        if (loadCache.tags[slot] == (address + 3) >>> PAGE_SHIFT) {
            byte[] data = loadCache.data[slot];
            int offset = (int) (address & PAGE_MASK);
            return bigEndian ? (int) INT_BE.get(data, offset) : (int) INT_LE.get(data, offset);
        }
        return (int) readSlow(address, 4);
    }

    public long read64(long address) {
        int slot = AccessCache.slot(address);
        if (loadCache.tags[slot] == (address + 7) >>> PAGE_SHIFT) {
            byte[] data = loadCache.data[slot];
            int offset = (int) (address & PAGE_MASK);
            return bigEndian ? (long) LONG_BE.get(data, offset) : (long) LONG_LE.get(data, offset);
        }
        return readSlow(address, 8);
    }

    public void write8(long address, int value) {
        int slot = AccessCache.slot(address);
        if (storeCache.tags[slot] == address >>> PAGE_SHIFT) {
            storeCache.data[slot][(int) (address & PAGE_MASK)] = (byte) value;
        } else {
            writeSlow(address, value, 1);
        }
    }

    public void write16(long address, int value) {
        int slot = AccessCache.slot(address);
        if (storeCache.tags[slot] == (address + 1) >>> PAGE_SHIFT) {
            byte[] data = storeCache.data[slot];
            int offset = (int) (address & PAGE_MASK);
            if (bigEndian) {
                SHORT_BE.set(data, offset, (short) value);
            } else {
                SHORT_LE.set(data, offset, (short) value);
            }
        } else {
            writeSlow(address, value, 2);
        }
    }

    public void write32(long address, int value) {
        int slot = AccessCache.slot(address);
        if (storeCache.tags[slot] == (address + 3) >>> PAGE_SHIFT) {
            byte[] data = storeCache.data[slot];
            int offset = (int) (address & PAGE_MASK);
            if (bigEndian) {
                INT_BE.set(data, offset, value);
            } else {
                INT_LE.set(data, offset, value);
            }
        } else {
            writeSlow(address, value, 4);
        }
    }

    public void write64(long address, long value) {
        int slot = AccessCache.slot(address);
        if (storeCache.tags[slot] == (address + 7) >>> PAGE_SHIFT) {
            byte[] data = storeCache.data[slot];
            int offset = (int) (address & PAGE_MASK);
            if (bigEndian) {
                LONG_BE.set(data, offset, value);
            } else {
                LONG_LE.set(data, offset, value);
            }
        } else {
            writeSlow(address, value, 8);
        }
    }

    /** Keeps decoded instructions with {@code page}; its next store takes the slow path, which drops them. */
    public void holdCode(Page page, Object code) {
        storeCache.evict(page.number);
        page.code = code;
    }

    /** Fetches an instruction word: the page must be executable. */
    public int fetch32(long address) {
        Page page = executablePage(address);
        int offset = (int) (address & PAGE_MASK);
        return bigEndian ? (int) INT_BE.get(page.data, offset) : (int) INT_LE.get(page.data, offset);
    }

    /** Copies guest bytes out, checking read permission (a syscall reading a user buffer). */
    public void read(long address, byte[] into, int offset, int length) {
        copy(address, into, offset, length, false, true);
    }

    /** Copies bytes into the guest, checking write permission (a syscall filling a user buffer). */
    public void write(long address, byte[] from, int offset, int length) {
        copy(address, from, offset, length, true, true);
    }

    /**
     * A NUL-terminated string the guest passed, as {@link GuestStrings} maps it: null when no NUL
     * comes within {@code max} bytes (the caller gives the guest its errno: ENAMETOOLONG, E2BIG ...).
     */
    public String readCString(long address, int max) {
        byte[] buffer = new byte[64];
        int length = 0;
        while (length < max) {
            int b = read8(address + length);
            if (b == 0) {
                return GuestStrings.decode(buffer, 0, length);
            }
            if (length == buffer.length) {
                buffer = Arrays.copyOf(buffer, (int) Math.min(buffer.length * 2L, max));
            }
            buffer[length++] = (byte) b;
        }
        return null;
    }

    // ---- unchecked accesses for the loader and the kernel side --------------------------------

    /** Writes bytes ignoring permissions (loading an image, building the initial stack). */
    public void writeRaw(long address, byte[] from, int offset, int length) {
        copy(address, from, offset, length, true, false);
    }

    public void readRaw(long address, byte[] into, int offset, int length) {
        copy(address, into, offset, length, false, false);
    }

    public void write32Raw(long address, int value) {
        byte[] bytes = new byte[4];
        if (bigEndian) {
            INT_BE.set(bytes, 0, value);
        } else {
            INT_LE.set(bytes, 0, value);
        }
        writeRaw(address, bytes, 0, 4);
    }

    public void write64Raw(long address, long value) {
        byte[] bytes = new byte[8];
        if (bigEndian) {
            LONG_BE.set(bytes, 0, value);
        } else {
            LONG_LE.set(bytes, 0, value);
        }
        writeRaw(address, bytes, 0, 8);
    }

    public int read32Raw(long address) {
        byte[] bytes = new byte[4];
        readRaw(address, bytes, 0, 4);
        return bigEndian ? (int) INT_BE.get(bytes, 0) : (int) INT_LE.get(bytes, 0);
    }

    public long read64Raw(long address) {
        byte[] bytes = new byte[8];
        readRaw(address, bytes, 0, 8);
        return bigEndian ? (long) LONG_BE.get(bytes, 0) : (long) LONG_LE.get(bytes, 0);
    }

    // ---- internals ----------------------------------------------------------------------------

    private byte[] readable(long address) {
        long number = address >>> PAGE_SHIFT;
        Page page = translate(number);
        if (page == null) {
            throw new GuestFault(address, GuestFault.Access.READ, GuestFault.Cause.UNMAPPED);
        }
        if ((page.protection & Protection.READ) == 0) {
            throw new GuestFault(address, GuestFault.Access.READ, GuestFault.Cause.PROTECTION);
        }
        loadCache.put(page);
        return page.data;
    }

    private byte[] writable(long address) {
        long number = address >>> PAGE_SHIFT;
        Page page = translate(number);
        if (page == null) {
            throw new GuestFault(address, GuestFault.Access.WRITE, GuestFault.Cause.UNMAPPED);
        }
        if ((page.protection & Protection.WRITE) == 0) {
            throw new GuestFault(address, GuestFault.Access.WRITE, GuestFault.Cause.PROTECTION);
        }
        page.written();
        // a store to a shared page must reach the other views' code too: such pages stay off the fast path
        if (page.frame == null) {
            storeCache.put(page);
        }
        return page.data;
    }

    /**
     * A load that missed the cache: it faults, or fills the cache for the next loads, or crosses
     * a page; byte by byte, since it is rare.
     */
    private long readSlow(long address, int width) {
        byte[] first = readable(address);
        long lastByte = address + width - 1;
        byte[] last = ((lastByte ^ address) & ~PAGE_MASK) == 0 ? first : readable(lastByte & ~PAGE_MASK);
        long value = 0;
        for (int i = 0; i < width; i++) {
            int shift = bigEndian ? 8 * (width - 1 - i) : 8 * i;
            long at = address + i;
            byte[] data = ((at ^ address) & ~PAGE_MASK) == 0 ? first : last;
            value |= (data[(int) (at & PAGE_MASK)] & 0xffL) << shift;
        }
        return value;
    }

    /** A store that missed the cache: it faults, or fills the cache, or crosses a page. */
    private void writeSlow(long address, long value, int width) {
        // check both pages first so a faulting store changes nothing (and faults where a load would)
        byte[] first = writable(address);
        long lastByte = address + width - 1;
        byte[] last = ((lastByte ^ address) & ~PAGE_MASK) == 0 ? first : writable(lastByte & ~PAGE_MASK);
        for (int i = 0; i < width; i++) {
            int shift = bigEndian ? 8 * (width - 1 - i) : 8 * i;
            long at = address + i;
            byte[] data = ((at ^ address) & ~PAGE_MASK) == 0 ? first : last;
            data[(int) (at & PAGE_MASK)] = (byte) (value >>> shift);
        }
    }

    private void copy(long address, byte[] buffer, int offset, int length, boolean toGuest, boolean checked) {
        int done = 0;
        while (done < length) {
            long at = address + done;
            // a read of a page never touched reads zeros without making it
            Page page = toGuest ? translate(at >>> PAGE_SHIFT) : get(at >>> PAGE_SHIFT);
            int protection = page != null ? page.protection : toGuest ? -1 : protection(at);
            GuestFault.Access access = toGuest ? GuestFault.Access.WRITE : GuestFault.Access.READ;
            if (protection == -1) {
                throw new GuestFault(at, access, GuestFault.Cause.UNMAPPED);
            }
            if (checked && (protection & (toGuest ? Protection.WRITE : Protection.READ)) == 0) {
                throw new GuestFault(at, access, GuestFault.Cause.PROTECTION);
            }
            int pageOffset = (int) (at & PAGE_MASK);
            int chunk = Math.min(length - done, PAGE_SIZE - pageOffset);
            if (toGuest) {
                System.arraycopy(buffer, offset + done, page.data, pageOffset, chunk);
                page.written();
            } else if (page != null) {
                System.arraycopy(page.data, pageOffset, buffer, offset + done, chunk);
            } else {
                Arrays.fill(buffer, offset + done, offset + done + chunk, (byte) 0);
            }
            done += chunk;
        }
    }

    /** The page numbered {@code pageNumber}, made now if it is mapped and not yet touched; null if unmapped. */
    private Page translate(long pageNumber) {
        int slot = (int) (pageNumber & (TLB_SIZE - 1));
        if (tlbTags[slot] == pageNumber) {
            return tlbPages[slot];
        }
        Page page = get(pageNumber);
        if (page == null) {
            page = firstTouch(pageNumber);
        }
        if (page != null) {
            tlbTags[slot] = pageNumber;
            tlbPages[slot] = page;
        }
        return page;
    }

    /**
     * Makes the zeroed page a private mapping holds at {@code pageNumber}, counted against the
     * budget ({@link MemoryLimitException} past it: the kernel's OOM killer's moment); null when no
     * mapping holds it.
     */
    private Page firstTouch(long pageNumber) {
        Mapping m = pageNumber > (ADDRESS_SPACE_END - 1) >>> PAGE_SHIFT ? null : mappingAt(pageNumber << PAGE_SHIFT);
        if (m == null) {
            return null;
        }
        budget.check(1);
        Page page = new Page(pageNumber, m.protection());
        put(pageNumber, page);
        return page;
    }

    private void flushTranslations() {
        layoutVersion++;
        Arrays.fill(tlbTags, -1L);
        Arrays.fill(tlbPages, null);
        loadCache.clear();
        storeCache.clear();
    }

    private List<Mapping> overlapping(long start, long end) {
        List<Mapping> result = new ArrayList<>();
        Map.Entry<Long, Mapping> before = mappings.lowerEntry(start);
        if (before != null && before.getValue().end() > start) {
            result.add(before.getValue());
        }
        result.addAll(mappings.subMap(start, true, end, false).values());
        return result;
    }

    /** Removes [start, end) from the mapping list, keeping the parts of mappings outside it. */
    private void carve(long start, long end) {
        for (Mapping m : overlapping(start, end)) {
            mappings.remove(m.start());
            if (m.start() < start) {
                mappings.put(m.start(), new Mapping(m.start(), start, m.protection(), m.name()));
            }
            if (m.end() > end) {
                mappings.put(end, new Mapping(end, m.end(), m.protection(), m.name()));
            }
        }
    }

    public static long pageAlignUp(long value) {
        return (value + PAGE_MASK) & ~PAGE_MASK;
    }

    // Open addressing, linear probing; page numbers are never negative (addresses < 2^64 >>> 12).

    private static int hash(long key, int mask) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h >>> 32) & mask;
    }

    private Page get(long key) {
        int mask = keys.length - 1;
        for (int i = hash(key, mask); ; i = (i + 1) & mask) {
            if (keys[i] == key) {
                return values[i];
            }
            if (keys[i] == -1L) {
                return null;
            }
        }
    }

    /** Puts {@code page} at {@code key}, counting the private pages that come and go. */
    private void put(long key, Page page) {
        count(store(key, page), -1);
        count(page, 1);
    }

    private void count(Page page, int sign) {
        if (page != null && page.frame == null) {
            privatePages += sign;
            budget.add(sign);
        }
    }

    /** The table operation alone: returns the page that was at {@code key}, or null. */
    private Page store(long key, Page page) {
        if ((size + 1) * 2 > keys.length) {
            resize();
        }
        int mask = keys.length - 1;
        for (int i = hash(key, mask); ; i = (i + 1) & mask) {
            if (keys[i] == key) {
                Page old = values[i];
                values[i] = page;
                return old;
            }
            if (keys[i] == -1L) {
                keys[i] = key;
                values[i] = page;
                size++;
                return null;
            }
        }
    }

    /** Removes the page numbered {@code key} from the table and returns it, or null. */
    private Page remove(long key) {
        int mask = keys.length - 1;
        int i = hash(key, mask);
        while (keys[i] != key) {
            if (keys[i] == -1L) {
                return null;
            }
            i = (i + 1) & mask;
        }
        Page removed = values[i];
        keys[i] = -1L;
        values[i] = null;
        size--;
        // re-insert the rest of the cluster so lookups keep finding them
        for (int j = (i + 1) & mask; keys[j] != -1L; j = (j + 1) & mask) {
            long k = keys[j];
            Page v = values[j];
            keys[j] = -1L;
            values[j] = null;
            size--;
            store(k, v);
        }
        count(removed, -1);
        return removed;
    }

    private void resize() {
        long[] oldKeys = keys;
        Page[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        values = new Page[oldValues.length * 2];
        Arrays.fill(keys, -1L);
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != -1L) {
                store(oldKeys[i], oldValues[i]);
            }
        }
    }
}
