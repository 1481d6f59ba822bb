package dev.k42lens.debug.model;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;

import dev.k42lens.core.cpu.isa.Cpu;

/**
 * The ppc64 registers a debugger shows, in groups, each with how to read it from and write it to
 * the engine's {@link Cpu}. Values are unsigned; 128-bit vector registers are doubleword 0 (the
 * most significant) followed by doubleword 1, as the ISA numbers them.
 */
final class Ppc64Registers {
    /** One register: its name, width in bits, and access. */
    record Definition(String name, int bits, Function<Cpu, BigInteger> read, BiConsumer<Cpu, BigInteger> write) {
        /** The value as the Registers view shows it: hex, plus the double for FPRs and the flags for CR fields. */
        String text(Cpu cpu) {
            BigInteger value = read.apply(cpu);
            String hex = String.format("0x%0" + (bits + 3) / 4 + "x", value);
            if (name.startsWith("f") && bits == 64) {
                return hex + " (" + Double.longBitsToDouble(value.longValue()) + ")";
            }
            if (name.matches("cr[0-7]")) {
                int field = value.intValue();
                return hex + " [" + ((field & 8) != 0 ? "LT " : "") + ((field & 4) != 0 ? "GT " : "") + ((field & 2) != 0 ? "EQ " : "")
                        + ((field & 1) != 0 ? "SO" : "") + "]";
            }
            return hex;
        }
    }

    record Group(String name, List<Definition> registers) {
    }

    static final List<Group> GROUPS = List.of(general(), special(), floatingPoint(), vector());

    private Ppc64Registers() {
    }

    private static Group general() {
        List<Definition> registers = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            int r = i;
            registers.add(u64("r" + i, cpu -> cpu.gpr[r], (cpu, v) -> cpu.gpr[r] = v));
        }
        return new Group("General Purpose Registers", registers);
    }

    private static Group special() {
        List<Definition> registers = new ArrayList<>();
        registers.add(u64("pc", cpu -> cpu.pc, (cpu, v) -> cpu.pc = v));
        registers.add(u64("lr", cpu -> cpu.lr, (cpu, v) -> cpu.lr = v));
        registers.add(u64("ctr", cpu -> cpu.ctr, (cpu, v) -> cpu.ctr = v));
        registers.add(u64("xer", Cpu::xer, Cpu::setXer));
        registers.add(new Definition("cr", 32, cpu -> BigInteger.valueOf(cpu.cr & 0xffffffffL), (cpu, v) -> cpu.cr = v.intValue()));
        for (int field = 0; field < 8; field++) {
            int f = field;
            registers.add(new Definition("cr" + f, 4, cpu -> BigInteger.valueOf(cpu.crField(f)), (cpu, v) -> cpu.setCrField(f, v.intValue())));
        }
        registers.add(new Definition("fpscr", 32, cpu -> BigInteger.valueOf(cpu.fpscr & 0xffffffffL), (cpu, v) -> cpu.fpscr = v.intValue()));
        registers.add(new Definition("vscr", 32, cpu -> BigInteger.valueOf(cpu.vscr & 0xffffffffL), (cpu, v) -> cpu.vscr = v.intValue()));
        registers.add(new Definition("vrsave", 32, cpu -> BigInteger.valueOf(cpu.vrsave & 0xffffffffL),
                (cpu, v) -> cpu.vrsave = v.intValue()));
        registers.add(u64("tar", cpu -> cpu.tar, (cpu, v) -> cpu.tar = v));
        return new Group("Special Registers", registers);
    }

    private static Group floatingPoint() {
        List<Definition> registers = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            int f = i;
            registers.add(u64("f" + i, cpu -> cpu.fpr(f), (cpu, v) -> cpu.vsr[2 * f] = v));
        }
        return new Group("Floating-Point Registers", registers);
    }

    /** VR i is VSR 32+i; VSR 0-31 overlay the FPRs, so only the VRs get their own group. */
    private static Group vector() {
        List<Definition> registers = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            int high = 2 * (32 + i);
            registers.add(new Definition("v" + i, 128, cpu -> unsigned(cpu.vsr[high]).shiftLeft(64).or(unsigned(cpu.vsr[high + 1])),
                    (cpu, v) -> {
                        cpu.vsr[high] = v.shiftRight(64).longValue();
                        cpu.vsr[high + 1] = v.longValue();
                    }));
        }
        return new Group("Vector Registers", registers);
    }

    private interface LongGetter {
        long get(Cpu cpu);
    }

    private interface LongSetter {
        void set(Cpu cpu, long value);
    }

    private static Definition u64(String name, LongGetter get, LongSetter set) {
        return new Definition(name, 64, cpu -> unsigned(get.get(cpu)), (cpu, v) -> set.set(cpu, v.longValue()));
    }

    static BigInteger unsigned(long value) {
        BigInteger v = BigInteger.valueOf(value);
        return value < 0 ? v.add(BigInteger.ONE.shiftLeft(64)) : v;
    }

    /**
     * Parses what a user typed for a {@code bits}-wide register: hex with 0x, or decimal (a minus
     * sign allowed, taken modulo 2^bits). Anything else, or a value too wide, is an IllegalArgumentException.
     */
    static BigInteger parse(String text, int bits) {
        String t = text.trim().replace("_", "");
        BigInteger value;
        try {
            value = t.startsWith("0x") || t.startsWith("0X") ? new BigInteger(t.substring(2), 16) : new BigInteger(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a number (hex with 0x, or decimal)");
        }
        BigInteger modulus = BigInteger.ONE.shiftLeft(bits);
        if (value.signum() < 0) {
            if (value.negate().compareTo(modulus.shiftRight(1)) > 0) {
                throw new IllegalArgumentException(text + " does not fit in " + bits + " bits");
            }
            value = value.add(modulus);
        }
        if (value.compareTo(modulus) >= 0) {
            throw new IllegalArgumentException(text + " does not fit in " + bits + " bits");
        }
        return value;
    }
}
