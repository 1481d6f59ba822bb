package dev.k42lens.core.cpu.isa;

import java.util.function.IntPredicate;
import java.util.function.LongFunction;

import dev.k42lens.core.mem.GuestMemory;

/**
 * The POWER10 prefixed instructions (Power ISA 3.1): a prefix word (primary opcode 1) and a suffix
 * word, 8 bytes executed as one instruction. Each is stated once here: its prefix and suffix bits,
 * its objdump text and its semantics. Loads, stores and {@code paddi} take a 34-bit displacement
 * (18 bits from the prefix, 16 from the suffix) from RA, or with R=1 from the instruction's own
 * address; objdump then prints the target after a {@code #}.
 */
public final class Prefixed {
    /**
     * What a prefixed row adds to an {@link Instruction}: the suffix's bits (and, when not null, a
     * condition the suffix must also meet, else the pair is illegal), its text and its semantics.
     */
    public record Form(int suffixValue, int suffixMask, IntPredicate suffixCondition, Text text, Action action) {
        public Form(int suffixValue, int suffixMask, Text text, Action action) {
            this(suffixValue, suffixMask, null, text, action);
        }

        public boolean matches(int suffix) {
            return (suffix & suffixMask) == suffixValue && (suffixCondition == null || suffixCondition.test(suffix));
        }
    }

    /** Executes the instruction at {@code pc}; like {@link Semantics}, never changes the PC. */
    @FunctionalInterface
    public interface Action {
        void execute(Cpu cpu, GuestMemory memory, int prefix, int suffix, long pc);
    }

    /** The operands as objdump prints them (and, for an address it computes, a tab, "#", the address and its symbol). */
    @FunctionalInterface
    public interface Text {
        String operands(int prefix, int suffix, long address, LongFunction<String> symbolizer);
    }

    /** Modified load/store (MLS) prefix: type 10, R at bit 11, d0 in bits 14-31. */
    private static final int MLS = 0x06000000;
    /** 8-byte load/store (8LS) prefix: type 00. */
    private static final int EIGHT_LS = 0x04000000;
    /** 8RR prefix (type 01): the immediate's high half in bits 16-31. */
    private static final int EIGHT_RR = 0x05000000;
    private static final int LOAD_STORE_PREFIX_MASK = 0xffec0000;
    private static final int SUFFIX_OPCODE = 0xfc000000;

    private Prefixed() {
    }

    static void describe(InstructionTable t) {
        t.prefixed("pnop", 0x07000000, 0xffffffff, new Form(0, 0, (p, s, a, n) -> "", (c, m, p, s, pc) -> {
        }));
        // paddi and its extended mnemonics pli (RA 0, R 0) and pla (RA 0, R 1)
        t.prefixed("pli", MLS, 0xfffc0000, new Form(14 << 26, 0xfc1f0000,
                (p, s, a, n) -> "r" + Fields.rt(s) + "," + displacement(p, s), Prefixed::addImmediate));
        t.prefixed("pla", MLS | 1 << 20, 0xfffc0000, new Form(14 << 26, 0xfc1f0000,
                (p, s, a, n) -> "r" + Fields.rt(s) + "," + displacement(p, s) + target(a + displacement(p, s), n),
                Prefixed::addImmediate));
        t.prefixed("paddi", MLS, LOAD_STORE_PREFIX_MASK, new Form(14 << 26, SUFFIX_OPCODE,
                (p, s, a, n) -> "r" + Fields.rt(s) + "," + register0(Fields.ra(s)) + "," + displacement(p, s)
                        + (relative(p) ? ",1" : ""),
                Prefixed::addImmediate));
        // loads and stores of GPRs and FPRs
        access(t, "plwz", MLS, 32, 'r', (c, m, ea, s) -> c.gpr[Fields.rt(s)] = m.read32(ea) & 0xffffffffL);
        access(t, "plbz", MLS, 34, 'r', (c, m, ea, s) -> c.gpr[Fields.rt(s)] = m.read8(ea) & 0xffL);
        access(t, "pstw", MLS, 36, 'r', (c, m, ea, s) -> m.write32(ea, (int) c.gpr[Fields.rt(s)]));
        access(t, "pstb", MLS, 38, 'r', (c, m, ea, s) -> m.write8(ea, (int) c.gpr[Fields.rt(s)]));
        access(t, "plhz", MLS, 40, 'r', (c, m, ea, s) -> c.gpr[Fields.rt(s)] = m.read16(ea) & 0xffffL);
        access(t, "plwa", EIGHT_LS, 41, 'r', (c, m, ea, s) -> c.gpr[Fields.rt(s)] = m.read32(ea));
        access(t, "plha", MLS, 42, 'r', (c, m, ea, s) -> c.gpr[Fields.rt(s)] = (short) m.read16(ea));
        access(t, "psth", MLS, 44, 'r', (c, m, ea, s) -> m.write16(ea, (int) c.gpr[Fields.rt(s)]));
        access(t, "plfs", MLS, 48, 'f', (c, m, ea, s) -> c.setFpr(Fields.rt(s), FloatingPointBits.singleToDouble(m.read32(ea))));
        access(t, "plfd", MLS, 50, 'f', (c, m, ea, s) -> c.setFpr(Fields.rt(s), m.read64(ea)));
        access(t, "pstfs", MLS, 52, 'f', (c, m, ea, s) -> m.write32(ea, FloatingPointBits.storeSingle(c.fpr(Fields.rt(s)))));
        access(t, "pstfd", MLS, 54, 'f', (c, m, ea, s) -> m.write64(ea, c.fpr(Fields.rt(s))));
        access(t, "pld", EIGHT_LS, 57, 'r', (c, m, ea, s) -> c.gpr[Fields.rt(s)] = m.read64(ea));
        access(t, "pstd", EIGHT_LS, 61, 'r', (c, m, ea, s) -> m.write64(ea, c.gpr[Fields.rt(s)]));
        // VSX scalar loads and stores name a VMX register (VSR 32-63) as ...
        access(t, "plxsd", EIGHT_LS, 42, 'v', (c, m, ea, s) -> VectorRegisters.setVsr(c, 32 + Fields.rt(s), m.read64(ea), 0));
        access(t, "plxssp", EIGHT_LS, 43, 'v',
                (c, m, ea, s) -> VectorRegisters.setVsr(c, 32 + Fields.rt(s), FloatingPointBits.singleToDouble(m.read32(ea)), 0));
        access(t, "pstxsd", EIGHT_LS, 46, 'v', (c, m, ea, s) -> m.write64(ea, c.vsr[2 * (32 + Fields.rt(s))]));
        access(t, "pstxssp", EIGHT_LS, 47, 'v',
                (c, m, ea, s) -> m.write32(ea, FloatingPointBits.storeSingle(c.vsr[2 * (32 + Fields.rt(s))])));
        // ... and the quadword ones any VSR, TX in the suffix's sixth bit
        vectorAccess(t, "plxv", 50, (c, m, ea, xt) -> {
            long first = m.read64(ea);
            long second = m.read64(ea + 8);
            if (m.isBigEndian()) {
                VectorRegisters.setVsr(c, xt, first, second);
            } else {
                VectorRegisters.setVsr(c, xt, second, first);   // the quadword's bytes reversed: read as two little-endian halves, swapped
            }
        });
        vectorAccess(t, "pstxv", 54, (c, m, ea, xt) -> {
            long high = c.vsr[2 * xt];
            long low = c.vsr[2 * xt + 1];
            m.write64(ea, m.isBigEndian() ? high : low);
            m.write64(ea + 8, m.isBigEndian() ? low : high);
        });
        // paired vector loads and stores (VectorPairs)
        t.prefixed("plxvp", EIGHT_LS, LOAD_STORE_PREFIX_MASK, new Form(58 << 26, SUFFIX_OPCODE,
                (p, s, a, n) -> "vs" + VectorPairs.pair(s) + "," + address(p, s, a, n),
                (c, m, p, s, pc) -> VectorPairs.load(c, m, effectiveAddress(c, p, s, pc), VectorPairs.pair(s))));
        t.prefixed("pstxvp", EIGHT_LS, LOAD_STORE_PREFIX_MASK, new Form(62 << 26, SUFFIX_OPCODE,
                (p, s, a, n) -> "vs" + VectorPairs.pair(s) + "," + address(p, s, a, n),
                (c, m, p, s, pc) -> VectorPairs.store(c, m, effectiveAddress(c, p, s, pc), VectorPairs.pair(s))));
        // immediate splats (8RR:D form): IMM32 = the prefix's low half, then the suffix's
        // XX4 forms: blend by the sign bit of XC's elements, permute from a 32-byte pair, bitwise ternary
        String[] sizes = { "b", "h", "w", "d" };
        for (int k = 0; k < 4; k++) {
            int bytes = 1 << k;
            fourRegisters(t, "xxblendv" + sizes[k], 0xffffffff, 33 << 26 | k << 4, -1, (c, p, s, a, b, x) -> {
                byte[] r = new byte[16];
                for (int i = 0; i < 16; i++) {
                    r[i] = x[i / bytes * bytes] < 0 ? b[i] : a[i];
                }
                return r;
            });
        }
        fourRegisters(t, "xxpermx", 0xfffffff8, 34 << 26, 7, (c, p, s, a, b, x) -> {
            byte[] r = new byte[16];
            for (int i = 0; i < 16; i++) {
                int index = x[i] & 0xff;
                r[i] = index >>> 5 == (p & 7) ? (index & 16) == 0 ? a[index & 15] : b[index & 15] : 0;
            }
            return r;
        });
        fourRegisters(t, "xxeval", 0xffffff00, 34 << 26 | 1 << 4, 0xff, (c, p, s, a, b, x) -> {
            byte[] r = new byte[16];
            int imm = p & 0xff;
            for (int i = 0; i < 16; i++) {
                int result = 0;
                for (int bit = 7; bit >= 0; bit--) {
                    int index = ((a[i] >>> bit) & 1) << 2 | ((b[i] >>> bit) & 1) << 1 | ((x[i] >>> bit) & 1);
                    result |= ((imm >>> (7 - index)) & 1) << bit;
                }
                r[i] = (byte) result;
            }
            return r;
        });
        // quadword loads and stores of an even-odd GPR pair: the first doubleword in memory is RTp's in both byte
        // orders (lq and stq swap them in little-endian mode; the prefixed forms do not, as qemu implements them)
        access(t, "plq", EIGHT_LS, 56, 'r', (c, m, ea, s) -> loadQuadword(c, m, ea, Fields.rt(s), false));
        access(t, "pstq", EIGHT_LS, 60, 'r', (c, m, ea, s) -> storeQuadword(c, m, ea, Fields.rt(s), false));
        splat(t, "xxsplti32dx", 0, 0xfc1c0000, true, (c, xt, s, imm) -> {
            int word = (s >>> 17) & 1;   // IX: words 0 and 2, or 1 and 3
            for (int d = 0; d < 2; d++) {
                long shift = 32 * (1 - word);
                c.vsr[2 * xt + d] = (c.vsr[2 * xt + d] & ~(0xffffffffL << shift)) | ((imm & 0xffffffffL) << shift);
            }
        });
        splat(t, "xxspltidp", 2, 0xfc1e0000, false, (c, xt, s, imm) -> {
            long bits = FloatingPointBits.singleToDouble(imm);
            VectorRegisters.setVsr(c, xt, bits, bits);
        });
        splat(t, "xxspltiw", 3, 0xfc1e0000, false, (c, xt, s, imm) -> {
            long words = (imm & 0xffffffffL) << 32 | (imm & 0xffffffffL);
            VectorRegisters.setVsr(c, xt, words, words);
        });
    }

    // ---- how the forms are stated -----------------------------------------------------------------

    @FunctionalInterface
    private interface Access {
        void at(Cpu cpu, GuestMemory memory, long ea, int suffix);
    }

    /** A D-form load or store with a 34-bit displacement: "plwz r3,8(r4)", or with R=1 "plwz r3,8" and its target. */
    private static void access(InstructionTable t, String mnemonic, int prefix, int opcode, char registerLetter, Access access) {
        t.prefixed(mnemonic, prefix, LOAD_STORE_PREFIX_MASK, new Form(opcode << 26, SUFFIX_OPCODE,
                (p, s, a, n) -> registerLetter + Integer.toString(Fields.rt(s)) + "," + address(p, s, a, n),
                (c, m, p, s, pc) -> access.at(c, m, effectiveAddress(c, p, s, pc), s)));
    }

    @FunctionalInterface
    private interface VectorAccess {
        void at(Cpu cpu, GuestMemory memory, long ea, int xt);
    }

    private static void vectorAccess(InstructionTable t, String mnemonic, int opcode, VectorAccess access) {
        t.prefixed(mnemonic, EIGHT_LS, LOAD_STORE_PREFIX_MASK, new Form(opcode << 26, 0xf8000000,
                (p, s, a, n) -> "vs" + quadwordRegister(s) + "," + address(p, s, a, n),
                (c, m, p, s, pc) -> access.at(c, m, effectiveAddress(c, p, s, pc), quadwordRegister(s))));
    }

    /** XT of plxv/pstxv: TX (the suffix's bit 5, which also picks between two primary opcodes) and the T field. */
    private static int quadwordRegister(int suffix) {
        return ((suffix >>> 26) & 1) << 5 | Fields.rt(suffix);
    }

    @FunctionalInterface
    private interface Splat {
        void into(Cpu cpu, int xt, int suffix, int immediate);
    }

    /** An 8RR:D immediate splat: XT = TX (the suffix's bit 15) and the T field; IX printed when it has one. */
    private static void splat(InstructionTable t, String mnemonic, int xo, int suffixMask, boolean hasIndex, Splat splat) {
        t.prefixed(mnemonic, EIGHT_RR, 0xffff0000, new Form(32 << 26 | xo << 17, suffixMask,
                (p, s, a, n) -> "vs" + splatRegister(s) + "," + (hasIndex ? ((s >>> 17) & 1) + "," : "")
                        + Integer.toUnsignedString(immediate32(p, s)),
                (c, m, p, s, pc) -> splat.into(c, splatRegister(s), s, immediate32(p, s))));
    }

    private static int splatRegister(int suffix) {
        return ((suffix >>> 16) & 1) << 5 | Fields.rt(suffix);
    }

    private static int immediate32(int prefix, int suffix) {
        return prefix << 16 | (suffix & 0xffff);
    }

    // ---- fields --------------------------------------------------------------------------------

    private static boolean relative(int prefix) {
        return ((prefix >>> 20) & 1) != 0;
    }

    /** The 34-bit signed displacement: d0 (the prefix's low 18 bits) then d1 (the suffix's low 16). */
    static long displacement(int prefix, int suffix) {
        long d = (long) (prefix & 0x3ffff) << 16 | (suffix & 0xffff);
        return d << 30 >> 30;
    }

    private static long effectiveAddress(Cpu c, int prefix, int suffix, long pc) {
        long d = displacement(prefix, suffix);
        if (relative(prefix)) {
            return pc + d;
        }
        return c.base(suffix) + d;
    }

    private static void addImmediate(Cpu c, GuestMemory m, int prefix, int suffix, long pc) {
        c.gpr[Fields.rt(suffix)] = effectiveAddress(c, prefix, suffix, pc);
    }

    private static String register0(int ra) {
        return ra == 0 ? "0" : "r" + ra;
    }

    /** "8(r4)", "8(0)", or for R=1 "8" and the target. */
    private static String address(int prefix, int suffix, long address, LongFunction<String> symbolizer) {
        long d = displacement(prefix, suffix);
        if (relative(prefix)) {
            return d + target(address + d, symbolizer);
        }
        return d + "(" + register0(Fields.ra(suffix)) + ")";
    }

    /** objdump's comment for a PC-relative address: the symbol only when one starts exactly there. */
    private static String target(long target, LongFunction<String> symbolizer) {
        String symbol = symbolizer.apply(target);
        boolean exact = symbol != null && !symbol.contains("+0x");
        return "\t# " + Long.toHexString(target) + (exact ? " <" + symbol + ">" : "");
    }


    /**
     * lq, plq: GPRs rtp (even) and rtp + 1 from the quadword at ea, the first doubleword in rtp
     * unless {@code swapInLittleEndian} and the process is little-endian.
     */
    static void loadQuadword(Cpu c, GuestMemory m, long ea, int rtp, boolean swapInLittleEndian) {
        long first = m.read64(ea);
        long second = m.read64(ea + 8);
        boolean swap = swapInLittleEndian && !m.isBigEndian();
        c.gpr[rtp] = swap ? second : first;
        c.gpr[rtp + 1] = swap ? first : second;
    }

    /** stq, pstq: GPRs rsp (even) and rsp + 1 to the quadword at ea, ordered as {@link #loadQuadword} reads them. */
    static void storeQuadword(Cpu c, GuestMemory m, long ea, int rsp, boolean swapInLittleEndian) {
        boolean swap = swapInLittleEndian && !m.isBigEndian();
        m.write64(ea, swap ? c.gpr[rsp + 1] : c.gpr[rsp]);
        m.write64(ea + 8, swap ? c.gpr[rsp] : c.gpr[rsp + 1]);
    }

    @FunctionalInterface
    private interface FourRegisters {
        /** XT's bytes from XA's, XB's and XC's (and the prefix's immediate). */
        byte[] apply(Cpu c, int prefix, int suffix, byte[] a, byte[] b, byte[] x);
    }

    /**
     * An 8RR:XX4 instruction: prefix {@code EIGHT_RR} with an immediate in its low bits where
     * {@code immediateMask} says (-1: none), suffix XT, XA, XB, XC.
     */
    private static void fourRegisters(InstructionTable t, String mnemonic, int prefixMask, int suffix, int immediateMask,
            FourRegisters f) {
        t.prefixed(mnemonic, EIGHT_RR, prefixMask, new Form(suffix, 0xfc000030,
                (p, s, a, n) -> "vs" + Fields.xt(s) + ",vs" + Fields.xa(s) + ",vs" + Fields.xb(s) + ",vs" + Fields.xc(s)
                        + (immediateMask < 0 ? "" : "," + (p & immediateMask)),
                (c, m, p, s, pc) -> VectorRegisters.setVsrBytes(c, Fields.xt(s), f.apply(c, p, s, VectorRegisters.vsrBytes(c, Fields.xa(s)),
                        VectorRegisters.vsrBytes(c, Fields.xb(s)), VectorRegisters.vsrBytes(c, Fields.xc(s))))));
    }
}
