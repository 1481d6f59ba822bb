package dev.k42lens.core.layer;

import java.util.HashMap;
import java.util.Map;

import dev.k42lens.core.cpu.Interpreter;
import dev.k42lens.core.mem.GuestMemory;
import dev.k42lens.core.mem.Protection;

/**
 * The K42 system-call transfer table in guest memory, and the syscall-layer region it points into.
 *
 * <pre>
 * 0x4000  transfer table: 8-byte slots indexed by syscall number, each the address of a handler entry
 * 0x8000  handler entries: one 4-byte layer-entry word per handler (handler h at 0x8000 + 4*h)
 * 0x10000 site trampolines: for each retargeted sc site S, code that saves S+4 in r11, loads
 *         table[r0] and branches to it; the sc at S becomes "ba trampoline"
 * </pre>
 *
 * Everything lies below 32 MiB so that a retargeted site reaches its trampoline with one absolute
 * branch, and the table sits low enough for a single {@code ld r12,0x4000(r12)}, as in K42 where
 * the table's well-known address made the glibc stub a few instructions long.
 */
public final class TransferTable {
    public static final long TABLE_ADDRESS = 0x4000;
    public static final int SLOTS = 512;
    public static final long ENTRY_REGION = 0x8000;
    /** The handler that answers ENOSYS: every slot without an implementation points at it. */
    public static final int ENOSYS_HANDLER = 1023;
    /** Where signal handlers return to: {@code li r0,172; sc}, i.e. rt_sigreturn (no vDSO here). */
    public static final long SIGNAL_RETURN_TRAMPOLINE = ENTRY_REGION + 4L * (ENOSYS_HANDLER + 1);
    public static final long TRAMPOLINE_REGION = 0x10000;
    public static final long TRAMPOLINE_REGION_END = 0x1000000;
    /** Bytes per trampoline (nine instructions, padded). */
    public static final int TRAMPOLINE_SIZE = 48;

    private final GuestMemory memory;
    private final Map<Long, Long> siteByTrampoline = new HashMap<>();
    private final Map<Long, Long> trampolineBySite = new HashMap<>();
    private long nextTrampoline = TRAMPOLINE_REGION;

    private TransferTable(GuestMemory memory) {
        this.memory = memory;
    }

    /**
     * Maps the table and the layer region into {@code memory} and points every slot at the entry of
     * the handler {@code ownHandler} gives it.
     */
    public static TransferTable install(GuestMemory memory, java.util.function.IntUnaryOperator ownHandler) {
        TransferTable table = new TransferTable(memory);
        memory.map(TABLE_ADDRESS, SLOTS * 8L, Protection.READ, "[k42 transfer table]");
        memory.map(ENTRY_REGION, 4L * (ENOSYS_HANDLER + 1), Protection.RX, "[k42 syscall layer]");
        for (int handler = 0; handler <= ENOSYS_HANDLER; handler++) {
            memory.write32Raw(entryAddress(handler), entryWord(handler));
        }
        memory.map(SIGNAL_RETURN_TRAMPOLINE, 8, Protection.RX, "[k42 signal return]");
        memory.write32Raw(SIGNAL_RETURN_TRAMPOLINE, 0x38000000 | 172);
        memory.write32Raw(SIGNAL_RETURN_TRAMPOLINE + 4, 0x44000002);
        for (int slot = 0; slot < SLOTS; slot++) {
            table.setSlot(slot, ownHandler.applyAsInt(slot));
        }
        return table;
    }

    /** The guest address of handler {@code handler}'s entry word. */
    public static long entryAddress(int handler) {
        return ENTRY_REGION + 4L * handler;
    }

    /** The layer-entry word that identifies handler {@code handler} (see {@link Interpreter#LAYER_ENTRY_MAGIC}). */
    public static int entryWord(int handler) {
        return handler << 16 | Interpreter.LAYER_ENTRY_MAGIC;
    }

    /** The handler an entry word names. */
    public static int handlerOf(int entryWord) {
        return (entryWord >>> 16) & 0x3ff;
    }

    /** Points {@code slot} at handler {@code handler} (hot-swapping is a write to guest memory). */
    public void setSlot(int slot, int handler) {
        memory.write64Raw(TABLE_ADDRESS + 8L * slot, entryAddress(handler));
    }

    /**
     * The handler the guest's table selects for syscall {@code number}, read from guest memory as
     * the table path would: ENOSYS for numbers outside the table or slots pointing elsewhere.
     */
    public int handlerFor(long number) {
        if (number < 0 || number >= SLOTS) {
            return ENOSYS_HANDLER;
        }
        long entry = memory.read64Raw(TABLE_ADDRESS + 8 * number);
        if (entry < ENTRY_REGION || entry > entryAddress(ENOSYS_HANDLER) || (entry & 3) != 0) {
            return ENOSYS_HANDLER;
        }
        return handlerOf(memory.read32Raw(entry));
    }

    /** The handler whose entry is at {@code address}, or -1 when it is not an entry. */
    public int handlerAt(long address) {
        if (address < ENTRY_REGION || address > entryAddress(ENOSYS_HANDLER) || (address & 3) != 0) {
            return -1;
        }
        return handlerOf(memory.read32Raw(address));
    }

    /**
     * Retargets the {@code sc} at {@code site}: writes a trampoline and replaces the sc with an
     * absolute branch to it. Returns false when the trampoline region is full (the site then keeps
     * trapping, which is still correct).
     */
    public boolean retarget(long site) {
        if (trampolineBySite.containsKey(site)) {
            return true;
        }
        if (isFull()) {
            return false;
        }
        long trampoline = nextTrampoline;
        nextTrampoline += TRAMPOLINE_SIZE;
        if ((trampoline & GuestMemory.PAGE_MASK) == 0 || !memory.isMapped(trampoline)) {
            memory.map(trampoline & ~GuestMemory.PAGE_MASK, GuestMemory.PAGE_SIZE, Protection.RX, "[k42 site trampolines]");
        }
        long back = site + 4;
        int[] code = {
            0x3d600000 | (int) ((back >>> 48) & 0xffff), // lis    r11,back@highest
            0x616b0000 | (int) ((back >>> 32) & 0xffff), // ori    r11,r11,back@higher
            0x796b07c6, //                                   sldi   r11,r11,32
            0x656b0000 | (int) ((back >>> 16) & 0xffff), // oris   r11,r11,back@h
            0x616b0000 | (int) (back & 0xffff), //          ori    r11,r11,back@l
            0x780c1f24, //                                   sldi   r12,r0,3
            0xe98c0000 | (int) TABLE_ADDRESS, //             ld     r12,0x4000(r12)
            0x7d8903a6, //                                   mtctr  r12
            0x4e800420, //                                   bctr
        };
        for (int i = 0; i < code.length; i++) {
            memory.write32Raw(trampoline + 4L * i, code[i]);
        }
        memory.write32Raw(site, 0x48000002 | (int) trampoline); // ba trampoline
        trampolineBySite.put(site, trampoline);
        siteByTrampoline.put(trampoline, site);
        return true;
    }

    /** The same table over a copy of its memory (fork): the retargeted sites stay retargeted. */
    public TransferTable copyFor(GuestMemory copy) {
        TransferTable table = new TransferTable(copy);
        table.siteByTrampoline.putAll(siteByTrampoline);
        table.trampolineBySite.putAll(trampolineBySite);
        table.nextTrampoline = nextTrampoline;
        return table;
    }

    /** The sc site whose trampoline holds {@code address}, or -1 when it is in none. */
    public long siteOfTrampolineAt(long address) {
        if (address < TRAMPOLINE_REGION || address >= nextTrampoline) {
            return -1;
        }
        long start = TRAMPOLINE_REGION + (address - TRAMPOLINE_REGION) / TRAMPOLINE_SIZE * TRAMPOLINE_SIZE;
        return siteByTrampoline.getOrDefault(start, -1L);
    }

    /** True for the table, the handler entries and the trampolines: the layer's part of the address space. */
    public static boolean inLayerRegion(long address) {
        return address >= TABLE_ADDRESS && address < TRAMPOLINE_REGION_END;
    }

    /** True when no further site can be retargeted (they keep trapping). */
    public boolean isFull() {
        return nextTrampoline + TRAMPOLINE_SIZE > TRAMPOLINE_REGION_END;
    }

    /** True when {@code site} was retargeted. */
    public boolean isRetargeted(long site) {
        return trampolineBySite.containsKey(site);
    }

    /** The number of retargeted sites. */
    public int retargetedSites() {
        return trampolineBySite.size();
    }
}
