package dev.k42lens.core.mem;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The pages of something several mappings share: a MAP_SHARED|MAP_ANONYMOUS region, the page
 * cache of a file mapped MAP_SHARED, a memfd, a System V segment. Each page is one
 * {@link Frame} whose bytes every mapping of it (in any address space) uses directly, so a store
 * through one is seen through all the others.
 */
public final class MemoryObject {
    /** Where a file-backed object's pages come from and go back to. */
    public interface Backing {
        /** Fills a new frame with the object's bytes at page {@code index}. */
        void readPage(long index, byte[] into);

        /** Stores the frames' bytes where they came from (msync, munmap). */
        void writeBack(MemoryObject object);

        /** The last mapping of the object is gone (munmap, exit, exec). */
        void unmapped(MemoryObject object);
    }

    /** One shared page: its bytes, and the per-address-space pages that map it. */
    public static final class Frame {
        final byte[] data = new byte[GuestMemory.PAGE_SIZE];
        private final MemoryObject owner;
        private final long index;
        private final List<GuestMemory.Page> views = new ArrayList<>(2);

        private Frame(MemoryObject owner, long index) {
            this.owner = owner;
            this.index = index;
        }

        public MemoryObject owner() {
            return owner;
        }

        /** The page number within the object (the file offset divided by the page size). */
        public long index() {
            return index;
        }

        /** The page's bytes, for a backing writing them to its file. */
        public byte[] data() {
            return data;
        }

        /** How many pages of all address spaces map this frame. */
        public int mappings() {
            return views.size();
        }

        /** The bytes changed: every view drops the code it decoded from them (on every store: no iterator). */
        void written() {
            for (int i = 0; i < views.size(); i++) {
                views.get(i).code = null;
            }
        }

        void attach(GuestMemory.Page view) {
            views.add(view);
            owner.mappings++;
        }

        void detach(GuestMemory.Page view) {
            if (views.remove(view) && --owner.mappings == 0 && owner.backing != null) {
                owner.backing.unmapped(owner);
            }
        }
    }

    private final Map<Long, Frame> frames = new HashMap<>();
    private final Backing backing;
    private int mappings;
    /** The frames counted against the run's budget, given back when the object is collected. */
    private final PageBudget.SharedCharge charge;

    /**
     * An object whose frames count against {@code budget} (the run's, with the private pages of
     * every address space) from the time each is made until the object is gone, and whose pages
     * come from {@code backing}, or start zeroed (anonymous shared memory, a memfd, a segment)
     * when it is null.
     */
    public MemoryObject(Backing backing, PageBudget budget) {
        this.backing = backing;
        this.charge = budget.track(this);
    }

    /**
     * The frame of page {@code index}, read in from the backing (or zeroed) when first used.
     *
     * @throws MemoryLimitException when a new frame would pass the run's memory limit
     */
    public Frame frame(long index) {
        Frame frame = frames.get(index);
        if (frame == null) {
            charge.add(1);
            frame = new Frame(this, index);
            if (backing != null) {
                backing.readPage(index, frame.data);
            }
            frames.put(index, frame);
        }
        return frame;
    }

    /** Where the pages come from, or null for zeroed ones nobody writes back. */
    public Backing backing() {
        return backing;
    }

    /** msync: a file-backed object's bytes go back to the file. */
    public void writeBack() {
        if (backing != null) {
            backing.writeBack(this);
        }
    }

    /** True while some address space maps a page of the object. */
    public boolean isMapped() {
        return mappings > 0;
    }

    /**
     * Copies bytes at byte {@code offset} of the object out of the frames present; the bytes of
     * pages without a frame are left as they are in {@code into}, so that what a file holds stays
     * the truth for them.
     */
    public void read(long offset, byte[] into, int intoOffset, int length) {
        transfer(offset, into, intoOffset, length, false, false);
    }

    /**
     * Copies bytes into the object at byte {@code offset}: into the frames present, or into every
     * page of the range when {@code allocate} (an object that is its own storage, like a memfd).
     */
    public void write(long offset, byte[] from, int fromOffset, int length, boolean allocate) {
        transfer(offset, from, fromOffset, length, true, allocate);
    }

    private void transfer(long offset, byte[] buffer, int bufferOffset, int length, boolean toObject, boolean allocate) {
        int done = 0;
        while (done < length) {
            long at = offset + done;
            int pageOffset = (int) (at & GuestMemory.PAGE_MASK);
            int chunk = Math.min(length - done, GuestMemory.PAGE_SIZE - pageOffset);
            long index = at >>> GuestMemory.PAGE_SHIFT;
            Frame frame = allocate ? frame(index) : frames.get(index);
            if (frame != null) {
                if (toObject) {
                    System.arraycopy(buffer, bufferOffset + done, frame.data, pageOffset, chunk);
                    frame.written();
                } else {
                    System.arraycopy(frame.data, pageOffset, buffer, bufferOffset + done, chunk);
                }
            }
            done += chunk;
        }
    }

    /** How many of the {@code count} pages from {@code index} on have no frame yet. */
    long framesMissing(long index, long count) {
        long missing = 0;
        for (long i = index; i < index + count; i++) {
            if (!frames.containsKey(i)) {
                missing++;
            }
        }
        return missing;
    }

    /** The frames present, for writing them back to a file. */
    public List<Frame> frames() {
        return List.copyOf(frames.values());
    }

    /** Zeroes every byte at or after {@code length} (the file shrank; a later extension reads zeros). */
    public void truncate(long length) {
        for (Frame frame : frames.values()) {
            long start = frame.index << GuestMemory.PAGE_SHIFT;
            if (start + GuestMemory.PAGE_SIZE > length) {
                int from = (int) Math.max(0, length - start);
                Arrays.fill(frame.data, from, GuestMemory.PAGE_SIZE, (byte) 0);
                frame.written();
            }
        }
    }
}
