package dev.k42lens.core.kernel.fs;

import java.util.BitSet;
import java.util.List;

/**
 * The numbers of the pseudo-terminal pairs in use, as devpts hands them out: the lowest free one
 * for each new pair, free again when its master is closed. /dev/pts lists them.
 */
public final class PtyNumbers {
    private final BitSet used = new BitSet();

    public int allocate() {
        int number = used.nextClearBit(0);
        used.set(number);
        return number;
    }

    public void release(int number) {
        used.clear(number);
    }

    public List<Integer> inUse() {
        return used.stream().boxed().toList();
    }
}
