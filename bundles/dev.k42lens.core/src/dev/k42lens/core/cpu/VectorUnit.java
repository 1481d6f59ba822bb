package dev.k42lens.core.cpu;

import static dev.k42lens.core.cpu.isa.Fields.*;

import java.math.BigInteger;

import dev.k42lens.core.cpu.isa.Cpu;
import dev.k42lens.core.cpu.isa.FloatArithmetic;
import dev.k42lens.core.cpu.isa.FloatingPointBits;
import dev.k42lens.core.cpu.isa.Fpscr;
import dev.k42lens.core.cpu.isa.Op;
import dev.k42lens.core.mem.GuestMemory;

/**
 * VMX and VSX: the 64 vector-scalar registers as 16-byte values in the ISA's element order (byte 0
 * is the most significant), loads and stores in either byte order, and the integer, logical,
 * permute and scalar double-precision operations glibc and gcc use.
 */
public final class VectorUnit {
    private final Cpu cpu;
    private final GuestMemory memory;
    /** Scalar VSX arithmetic rounds like the FPU, in the FPSCR's rounding mode. */
    private final byte[] a = new byte[16];
    private final byte[] b = new byte[16];
    private final byte[] c = new byte[16];
    private final byte[] t = new byte[16];

    VectorUnit(Cpu cpu, GuestMemory memory) {
        this.cpu = cpu;
        this.memory = memory;
    }

    // ---- register access ------------------------------------------------------------------------

    private void get(int vsr, byte[] into) {
        long hi = cpu.vsr[2 * vsr];
        long lo = cpu.vsr[2 * vsr + 1];
        for (int i = 0; i < 8; i++) {
            into[i] = (byte) (hi >>> (56 - 8 * i));
            into[8 + i] = (byte) (lo >>> (56 - 8 * i));
        }
    }

    private void set(int vsr, byte[] from) {
        long hi = 0;
        long lo = 0;
        for (int i = 0; i < 8; i++) {
            hi = hi << 8 | (from[i] & 0xff);
            lo = lo << 8 | (from[8 + i] & 0xff);
        }
        cpu.vsr[2 * vsr] = hi;
        cpu.vsr[2 * vsr + 1] = lo;
    }

    private void setDoublewords(int vsr, long hi, long lo) {
        cpu.vsr[2 * vsr] = hi;
        cpu.vsr[2 * vsr + 1] = lo;
    }

    /** Scalar loads write doubleword 0 and, as qemu does, leave doubleword 1 as it was. */
    private void setDoubleword0(int vsr, long value) {
        cpu.vsr[2 * vsr] = value;
    }

    private static int word(byte[] v, int i) {
        return (v[4 * i] & 0xff) << 24 | (v[4 * i + 1] & 0xff) << 16 | (v[4 * i + 2] & 0xff) << 8 | (v[4 * i + 3] & 0xff);
    }

    private static void setWord(byte[] v, int i, int value) {
        v[4 * i] = (byte) (value >>> 24);
        v[4 * i + 1] = (byte) (value >>> 16);
        v[4 * i + 2] = (byte) (value >>> 8);
        v[4 * i + 3] = (byte) value;
    }

    private static int half(byte[] v, int i) {
        return (v[2 * i] & 0xff) << 8 | (v[2 * i + 1] & 0xff);
    }

    private static void setHalf(byte[] v, int i, int value) {
        v[2 * i] = (byte) (value >>> 8);
        v[2 * i + 1] = (byte) value;
    }

    /** Reads 16 bytes as one quadword in the guest's byte order (lvx, lxv, lxvx). */
    private void loadQuadword(long ea, byte[] into) {
        memory.read(ea, into, 0, 16);
        if (!memory.isBigEndian()) {
            reverse(into);
        }
    }

    private void storeQuadword(long ea, byte[] from) {
        byte[] bytes = from.clone();
        if (!memory.isBigEndian()) {
            reverse(bytes);
        }
        memory.write(ea, bytes, 0, 16);
    }

    private static void reverse(byte[] v) {
        for (int i = 0; i < 8; i++) {
            byte x = v[i];
            v[i] = v[15 - i];
            v[15 - i] = x;
        }
    }

    private int vrt(int w) {
        return 32 + rt(w);
    }

    private int vra(int w) {
        return 32 + ra(w);
    }

    private int vrb(int w) {
        return 32 + rb(w);
    }

    private int vrc(int w) {
        return 32 + rc(w);
    }

    // ---- execution ------------------------------------------------------------------------------

    Stop execute(Op op, int w, Interpreter in) {
        long[] r = cpu.gpr;
        switch (op) {
            case LVX -> {
                loadQuadword(in.eaX(w) & ~15L, t);
                set(vrt(w), t);
            }
            case STVX -> {
                get(vrt(w), t);
                storeQuadword(in.eaX(w) & ~15L, t);
            }
            case LVEBX, LVEHX, LVEWX -> {
                int size = op == Op.LVEBX ? 1 : op == Op.LVEHX ? 2 : 4;
                long ea = in.eaX(w) & -size;
                int index = (int) (ea & 15);
                memory.read(ea, t, 0, size);
                byte[] v = new byte[16];
                get(vrt(w), v);
                for (int i = 0; i < size; i++) {
                    int k = memory.isBigEndian() ? index + i : 15 - index - i;
                    v[k] = t[i];
                }
                set(vrt(w), v);
            }
            case STVEBX, STVEHX, STVEWX -> {
                int size = op == Op.STVEBX ? 1 : op == Op.STVEHX ? 2 : 4;
                long ea = in.eaX(w) & -size;
                int index = (int) (ea & 15);
                get(vrt(w), t);
                byte[] bytes = new byte[size];
                for (int i = 0; i < size; i++) {
                    bytes[i] = t[memory.isBigEndian() ? index + i : 15 - index - i];
                }
                memory.write(ea, bytes, 0, size);
            }
            case LVSL, LVSR -> {
                int sh = (int) (in.eaX(w) & 15);
                for (int i = 0; i < 16; i++) {
                    t[i] = (byte) (op == Op.LVSL ? sh + i : 16 - sh + i);
                }
                set(vrt(w), t);
            }
            case MFVSCR -> setDoublewords(vrt(w), 0, cpu.vscr & 0xffffffffL);
            case MTVSCR -> cpu.vscr = (int) cpu.vsr[2 * vrb(w) + 1];
            case LXVD2X -> loadDoublewords(cpu, memory, in.eaX(w), xt(w));
            case STXVD2X -> storeDoublewords(cpu, memory, in.eaX(w), xt(w));
            case LXVW4X -> {
                long ea = in.eaX(w);
                for (int i = 0; i < 4; i++) {
                    setWord(t, i, memory.read32(ea + 4 * i));
                }
                set(xt(w), t);
            }
            case STXVW4X -> {
                long ea = in.eaX(w);
                get(xt(w), t);
                for (int i = 0; i < 4; i++) {
                    memory.write32(ea + 4 * i, word(t, i));
                }
            }
            case LXVDSX -> loadDoublewordSplat(cpu, memory, in.eaX(w), xt(w));
            case LXSDX -> setDoubleword0(xt(w), memory.read64(in.eaX(w)));
            case STXSDX -> memory.write64(in.eaX(w), cpu.vsr[2 * xt(w)]);
            case LXSIWZX -> setDoubleword0(xt(w), memory.read32(in.eaX(w)) & 0xffffffffL);
            case LXSIWAX -> setDoubleword0(xt(w), memory.read32(in.eaX(w)));
            case STXSIWX -> memory.write32(in.eaX(w), (int) cpu.vsr[2 * xt(w)]);
            case LXSSPX -> setDoubleword0(xt(w), FloatingPointBits.singleToDouble(memory.read32(in.eaX(w))));
            case STXSSPX -> memory.write32(in.eaX(w), FloatingPointBits.storeSingle(cpu.vsr[2 * xt(w)]));
            case LXSD -> setDoublewords(vrt(w), memory.read64(in.eaDs(w)), 0);
            case STXSD -> memory.write64(in.eaDs(w), cpu.vsr[2 * vrt(w)]);
            case LXSSP -> setDoublewords(vrt(w), FloatingPointBits.singleToDouble(memory.read32(in.eaDs(w))), 0);
            case STXSSP -> memory.write32(in.eaDs(w), FloatingPointBits.storeSingle(cpu.vsr[2 * vrt(w)]));
            case LXV -> {
                loadQuadword((ra(w) == 0 ? 0 : r[ra(w)]) + dq(w), t);
                set(xtDq(w), t);
            }
            case STXV -> {
                get(xtDq(w), t);
                storeQuadword((ra(w) == 0 ? 0 : r[ra(w)]) + dq(w), t);
            }
            case LXVX -> {
                loadQuadword(in.eaX(w), t);
                set(xt(w), t);
            }
            case STXVX -> {
                get(xt(w), t);
                storeQuadword(in.eaX(w), t);
            }
            case LXVB16X -> {
                memory.read(in.eaX(w), t, 0, 16);
                set(xt(w), t);
            }
            case STXVB16X -> {
                get(xt(w), t);
                memory.write(in.eaX(w), t, 0, 16);
            }
            case LXVL, LXVLL -> {
                long ea = ra(w) == 0 ? 0 : r[ra(w)];
                int length = (int) Math.min(16, r[rb(w)] >>> 56);
                byte[] bytes = new byte[16];
                memory.read(ea, bytes, 0, length);
                java.util.Arrays.fill(t, (byte) 0);
                for (int i = 0; i < length; i++) {
                    t[op == Op.LXVL && !memory.isBigEndian() ? 15 - i : i] = bytes[i];
                }
                set(xt(w), t);
            }
            case STXVL, STXVLL -> {
                long ea = ra(w) == 0 ? 0 : r[ra(w)];
                int length = (int) Math.min(16, r[rb(w)] >>> 56);
                get(xt(w), t);
                byte[] bytes = new byte[length];
                for (int i = 0; i < length; i++) {
                    bytes[i] = t[op == Op.STXVL && !memory.isBigEndian() ? 15 - i : i];
                }
                memory.write(ea, bytes, 0, length);
            }
            case MFVSRD -> r[ra(w)] = cpu.vsr[2 * xt(w)];
            case MFVSRWZ -> r[ra(w)] = cpu.vsr[2 * xt(w)] & 0xffffffffL;
            case MFVSRLD -> r[ra(w)] = cpu.vsr[2 * xt(w) + 1];
            case MTVSRD -> setDoubleword0(xt(w), r[ra(w)]);
            case MTVSRWZ -> setDoubleword0(xt(w), r[ra(w)] & 0xffffffffL);
            case MTVSRWA -> setDoubleword0(xt(w), (int) r[ra(w)]);
            case MTVSRDD -> setDoublewords(xt(w), ra(w) == 0 ? 0 : r[ra(w)], r[rb(w)]);
            case MTVSRWS -> {
                long word = r[ra(w)] & 0xffffffffL;
                setDoublewords(xt(w), word << 32 | word, word << 32 | word);
            }
            default -> {
                return compute(op, w, in);
            }
        }
        cpu.pc += 4;
        return null;
    }

    /** Register-to-register vector operations. */
    private Stop compute(Op op, int w, Interpreter in) {
        long[] v = cpu.vsr;
        switch (op) {
            case VAND, VANDC, VOR, VNOR, VXOR, VORC, VNAND, VEQV -> {
                int x = vra(w);
                int y = vrb(w);
                setDoublewords(vrt(w), bitwise(op, v[2 * x], v[2 * y]), bitwise(op, v[2 * x + 1], v[2 * y + 1]));
            }
            case XXLAND, XXLANDC, XXLOR, XXLNOR, XXLXOR, XXLORC, XXLNAND, XXLEQV -> {
                int x = xa(w);
                int y = xb(w);
                Op as = switch (op) {
                    case XXLAND -> Op.VAND;
                    case XXLANDC -> Op.VANDC;
                    case XXLOR -> Op.VOR;
                    case XXLNOR -> Op.VNOR;
                    case XXLXOR -> Op.VXOR;
                    case XXLORC -> Op.VORC;
                    case XXLNAND -> Op.VNAND;
                    default -> Op.VEQV;
                };
                setDoublewords(xt(w), bitwise(as, v[2 * x], v[2 * y]), bitwise(as, v[2 * x + 1], v[2 * y + 1]));
            }
            case VSEL -> {
                int x = vra(w);
                int y = vrb(w);
                int z = vrc(w);
                setDoublewords(vrt(w), (v[2 * x] & ~v[2 * z]) | (v[2 * y] & v[2 * z]),
                        (v[2 * x + 1] & ~v[2 * z + 1]) | (v[2 * y + 1] & v[2 * z + 1]));
            }
            case XXSEL -> {
                int x = xa(w);
                int y = xb(w);
                int z = xc(w);
                setDoublewords(xt(w), (v[2 * x] & ~v[2 * z]) | (v[2 * y] & v[2 * z]),
                        (v[2 * x + 1] & ~v[2 * z + 1]) | (v[2 * y + 1] & v[2 * z + 1]));
            }
            case VPERM, VPERMR, XXPERM, XXPERMR -> {
                boolean vmx = op == Op.VPERM || op == Op.VPERMR;
                get(vmx ? vra(w) : xa(w), a);
                get(vmx ? vrb(w) : xt(w), b);
                get(vmx ? vrc(w) : xb(w), c);
                boolean reversed = op == Op.VPERMR || op == Op.XXPERMR;
                for (int i = 0; i < 16; i++) {
                    int index = reversed ? 31 - (c[i] & 31) : c[i] & 31;
                    t[i] = index < 16 ? a[index] : b[index - 16];
                }
                set(vmx ? vrt(w) : xt(w), t);
            }
            case VSLDOI -> {
                get(vra(w), a);
                get(vrb(w), b);
                int sh = (w >>> 6) & 15;
                for (int i = 0; i < 16; i++) {
                    int k = i + sh;
                    t[i] = k < 16 ? a[k] : b[k - 16];
                }
                set(vrt(w), t);
            }
            case VSPLTB, VSPLTH, VSPLTW -> {
                get(vrb(w), b);
                int size = op == Op.VSPLTB ? 1 : op == Op.VSPLTH ? 2 : 4;
                int element = ra(w) & (16 / size - 1);
                for (int i = 0; i < 16; i++) {
                    t[i] = b[element * size + i % size];
                }
                set(vrt(w), t);
            }
            case VSPLTISB, VSPLTISH, VSPLTISW -> {
                int value = simm5(w);
                for (int i = 0; i < 16; i++) {
                    if (op == Op.VSPLTISB) {
                        t[i] = (byte) value;
                    } else if (op == Op.VSPLTISH) {
                        t[i] = (byte) (i % 2 == 0 ? value >> 8 : value);
                    } else {
                        t[i] = (byte) (value >> (24 - 8 * (i % 4)));
                    }
                }
                set(vrt(w), t);
            }
            case XXSPLTIB -> {
                java.util.Arrays.fill(t, (byte) ((w >>> 11) & 0xff));
                set(xt(w), t);
            }
            case XXSPLTW -> {
                get(xb(w), b);
                int element = (w >>> 16) & 3;
                for (int i = 0; i < 16; i++) {
                    t[i] = b[element * 4 + i % 4];
                }
                set(xt(w), t);
            }
            case VCMPEQUB, VCMPNEB, VCMPNEZB, VCMPGTUB, VCMPGTSB -> {
                get(vra(w), a);
                get(vrb(w), b);
                for (int i = 0; i < 16; i++) {
                    int x = a[i] & 0xff;
                    int y = b[i] & 0xff;
                    boolean result = switch (op) {
                        case VCMPEQUB -> x == y;
                        case VCMPNEB -> x != y;
                        case VCMPNEZB -> x != y || x == 0 || y == 0;
                        case VCMPGTUB -> x > y;
                        default -> a[i] > b[i];
                    };
                    t[i] = (byte) (result ? 0xff : 0);
                }
                compareResult(w, 1);
            }
            case VCMPEQUH, VCMPNEH, VCMPGTUH -> {
                get(vra(w), a);
                get(vrb(w), b);
                for (int i = 0; i < 8; i++) {
                    int x = half(a, i);
                    int y = half(b, i);
                    boolean result = op == Op.VCMPEQUH ? x == y : op == Op.VCMPNEH ? x != y : x > y;
                    setHalf(t, i, result ? 0xffff : 0);
                }
                compareResult(w, 2);
            }
            case VCMPEQUW, VCMPNEW, VCMPGTUW, VCMPGTSW -> {
                get(vra(w), a);
                get(vrb(w), b);
                for (int i = 0; i < 4; i++) {
                    int x = word(a, i);
                    int y = word(b, i);
                    boolean result = switch (op) {
                        case VCMPEQUW -> x == y;
                        case VCMPNEW -> x != y;
                        case VCMPGTUW -> Integer.compareUnsigned(x, y) > 0;
                        default -> x > y;
                    };
                    setWord(t, i, result ? -1 : 0);
                }
                compareResult(w, 4);
            }
            case VCMPEQUD -> {
                int x = vra(w);
                int y = vrb(w);
                setDoublewords(vrt(w), v[2 * x] == v[2 * y] ? -1 : 0, v[2 * x + 1] == v[2 * y + 1] ? -1 : 0);
                get(vrt(w), t);
                compareResult(w, 8);
            }
            case VADDUBM, VSUBUBM, VMINUB, VMAXUB, VADDUBS, VSUBUBS -> {
                get(vra(w), a);
                get(vrb(w), b);
                for (int i = 0; i < 16; i++) {
                    int x = a[i] & 0xff;
                    int y = b[i] & 0xff;
                    int result = switch (op) {
                        case VADDUBM -> x + y;
                        case VSUBUBM -> x - y;
                        case VMINUB -> Math.min(x, y);
                        case VMAXUB -> Math.max(x, y);
                        case VADDUBS -> saturate(x + y, w);
                        default -> saturate(x - y, w);
                    };
                    t[i] = (byte) result;
                }
                set(vrt(w), t);
            }
            case VADDUHM, VSUBUHM -> {
                get(vra(w), a);
                get(vrb(w), b);
                for (int i = 0; i < 8; i++) {
                    setHalf(t, i, op == Op.VADDUHM ? half(a, i) + half(b, i) : half(a, i) - half(b, i));
                }
                set(vrt(w), t);
            }
            case VADDUWM, VSUBUWM -> {
                get(vra(w), a);
                get(vrb(w), b);
                for (int i = 0; i < 4; i++) {
                    setWord(t, i, op == Op.VADDUWM ? word(a, i) + word(b, i) : word(a, i) - word(b, i));
                }
                set(vrt(w), t);
            }
            case VMULEUW, VMULOUW, VMULESW, VMULOSW -> {
                // word elements 0 and 2 (even) or 1 and 3 (odd) multiplied into two doubleword products
                get(vra(w), a);
                get(vrb(w), b);
                int first = op == Op.VMULEUW || op == Op.VMULESW ? 0 : 1;
                boolean signed = op == Op.VMULESW || op == Op.VMULOSW;
                long[] products = new long[2];
                for (int i = 0; i < 2; i++) {
                    int x = word(a, first + 2 * i);
                    int y = word(b, first + 2 * i);
                    products[i] = signed ? (long) x * y : Integer.toUnsignedLong(x) * Integer.toUnsignedLong(y);
                }
                setDoublewords(vrt(w), products[0], products[1]);
            }
            case VMRGEW, VMRGOW -> {
                // the even (0, 2) or odd (1, 3) words of a and b, interleaved
                get(vra(w), a);
                get(vrb(w), b);
                int first = op == Op.VMRGEW ? 0 : 1;
                for (int i = 0; i < 2; i++) {
                    setWord(t, 2 * i, word(a, first + 2 * i));
                    setWord(t, 2 * i + 1, word(b, first + 2 * i));
                }
                set(vrt(w), t);
            }
            case VMULUWM -> {
                get(vra(w), a);
                get(vrb(w), b);
                for (int i = 0; i < 4; i++) {
                    setWord(t, i, word(a, i) * word(b, i));
                }
                set(vrt(w), t);
            }
            case VADDUDM, VSUBUDM -> {
                int x = vra(w);
                int y = vrb(w);
                int sign = op == Op.VADDUDM ? 1 : -1;
                setDoublewords(vrt(w), v[2 * x] + sign * v[2 * y], v[2 * x + 1] + sign * v[2 * y + 1]);
            }
            case VADDUQM, VSUBUQM -> {
                int x = vra(w);
                int y = vrb(w);
                long yhi = v[2 * y];
                long ylo = v[2 * y + 1];
                if (op == Op.VSUBUQM) {
                    yhi = ~yhi;
                    ylo = ~ylo + 1;
                    if (ylo == 0) {
                        yhi++;
                    }
                }
                long lo = v[2 * x + 1] + ylo;
                long carry = Long.compareUnsigned(lo, ylo) < 0 ? 1 : 0;
                setDoublewords(vrt(w), v[2 * x] + yhi + carry, lo);
            }
            case VSLB, VSRB, VSRAB -> {
                get(vra(w), a);
                get(vrb(w), b);
                for (int i = 0; i < 16; i++) {
                    int n = b[i] & 7;
                    t[i] = (byte) (op == Op.VSLB ? a[i] << n : op == Op.VSRB ? (a[i] & 0xff) >>> n : a[i] >> n);
                }
                set(vrt(w), t);
            }
            case VSLH, VSRH -> {
                get(vra(w), a);
                get(vrb(w), b);
                for (int i = 0; i < 8; i++) {
                    int n = half(b, i) & 15;
                    setHalf(t, i, op == Op.VSLH ? half(a, i) << n : half(a, i) >>> n);
                }
                set(vrt(w), t);
            }
            case VSLW, VSRW, VSRAW -> {
                get(vra(w), a);
                get(vrb(w), b);
                for (int i = 0; i < 4; i++) {
                    int n = word(b, i) & 31;
                    setWord(t, i, op == Op.VSLW ? word(a, i) << n : op == Op.VSRW ? word(a, i) >>> n : word(a, i) >> n);
                }
                set(vrt(w), t);
            }
            case VSLD, VSRD -> {
                int x = vra(w);
                int y = vrb(w);
                int n0 = (int) v[2 * y] & 63;
                int n1 = (int) v[2 * y + 1] & 63;
                if (op == Op.VSLD) {
                    setDoublewords(vrt(w), v[2 * x] << n0, v[2 * x + 1] << n1);
                } else {
                    setDoublewords(vrt(w), v[2 * x] >>> n0, v[2 * x + 1] >>> n1);
                }
            }
            case VSL, VSR, VSLO, VSRO -> {
                int x = vra(w);
                int shiftByte = (int) v[2 * vrb(w) + 1] & 0xff;
                int n = op == Op.VSL || op == Op.VSR ? shiftByte & 7 : ((shiftByte >>> 3) & 15) * 8;
                long hi = v[2 * x];
                long lo = v[2 * x + 1];
                boolean left = op == Op.VSL || op == Op.VSLO;
                setDoublewords(vrt(w), shift128(hi, lo, n, left, true), shift128(hi, lo, n, left, false));
            }
            case VGBBD -> {
                int x = vra(w) == vrb(w) ? vrb(w) : vrb(w);
                setDoublewords(vrt(w), transpose8x8(v[2 * x]), transpose8x8(v[2 * x + 1]));
            }
            case VBPERMQ -> {
                // bit indexes come from VRB's bytes, the bits from VRA
                get(vrb(w), b);
                int x = vra(w);
                long result = 0;
                for (int i = 0; i < 16; i++) {
                    int index = b[i] & 0xff;
                    if (index < 128) {
                        long dw = index < 64 ? v[2 * x] : v[2 * x + 1];
                        if (((dw >>> (63 - (index & 63))) & 1) != 0) {
                            result |= 0x8000 >>> i;
                        }
                    }
                }
                setDoublewords(vrt(w), result, 0);
            }
            case VPOPCNTB, VCLZB -> {
                get(vrb(w), b);
                for (int i = 0; i < 16; i++) {
                    t[i] = (byte) (op == Op.VPOPCNTB ? Integer.bitCount(b[i] & 0xff)
                            : Integer.numberOfLeadingZeros(b[i] & 0xff) - 24);
                }
                set(vrt(w), t);
            }
            case VPOPCNTH -> {
                get(vrb(w), b);
                for (int i = 0; i < 8; i++) {
                    setHalf(t, i, Integer.bitCount(half(b, i)));
                }
                set(vrt(w), t);
            }
            case VPOPCNTW -> {
                get(vrb(w), b);
                for (int i = 0; i < 4; i++) {
                    setWord(t, i, Integer.bitCount(word(b, i)));
                }
                set(vrt(w), t);
            }
            case VPOPCNTD, VCLZD -> {
                int y = vrb(w);
                if (op == Op.VPOPCNTD) {
                    setDoublewords(vrt(w), Long.bitCount(v[2 * y]), Long.bitCount(v[2 * y + 1]));
                } else {
                    setDoublewords(vrt(w), Long.numberOfLeadingZeros(v[2 * y]), Long.numberOfLeadingZeros(v[2 * y + 1]));
                }
            }
            case VCTZLSBB, VCLZLSBB -> {
                get(vrb(w), b);
                int count = 0;
                for (int i = 0; i < 16; i++) {
                    int k = op == Op.VCLZLSBB ? i : 15 - i;
                    if ((b[k] & 1) != 0) {
                        break;
                    }
                    count++;
                }
                cpu.gpr[rt(w)] = count;
            }
            case VEXTUBLX, VEXTUBRX -> {
                get(vrb(w), b);
                int index = (int) cpu.gpr[ra(w)] & 15;
                cpu.gpr[rt(w)] = b[op == Op.VEXTUBLX ? index : 15 - index] & 0xff;
            }
            case VEXTRACTBM -> {
                get(vrb(w), b);
                long mask = 0;
                for (int i = 0; i < 16; i++) {
                    if (b[i] < 0) {
                        mask |= 0x8000 >>> i;
                    }
                }
                cpu.gpr[rt(w)] = mask;
            }
            case VMRGHB, VMRGLB -> {
                get(vra(w), a);
                get(vrb(w), b);
                int base = op == Op.VMRGHB ? 0 : 8;
                for (int i = 0; i < 8; i++) {
                    t[2 * i] = a[base + i];
                    t[2 * i + 1] = b[base + i];
                }
                set(vrt(w), t);
            }
            case VMRGHW, VMRGLW, XXMRGHW, XXMRGLW -> {
                boolean vmx = op == Op.VMRGHW || op == Op.VMRGLW;
                get(vmx ? vra(w) : xa(w), a);
                get(vmx ? vrb(w) : xb(w), b);
                int base = op == Op.VMRGHW || op == Op.XXMRGHW ? 0 : 2;
                for (int i = 0; i < 2; i++) {
                    setWord(t, 2 * i, word(a, base + i));
                    setWord(t, 2 * i + 1, word(b, base + i));
                }
                set(vmx ? vrt(w) : xt(w), t);
            }
            case VPKUHUM -> {
                get(vra(w), a);
                get(vrb(w), b);
                for (int i = 0; i < 8; i++) {
                    t[i] = a[2 * i + 1];
                    t[8 + i] = b[2 * i + 1];
                }
                set(vrt(w), t);
            }
            case VPKUWUM -> {
                get(vra(w), a);
                get(vrb(w), b);
                for (int i = 0; i < 4; i++) {
                    setHalf(t, i, word(a, i));
                    setHalf(t, 4 + i, word(b, i));
                }
                set(vrt(w), t);
            }
            case VPKUDUM -> {
                int x = vra(w);
                int y = vrb(w);
                setDoublewords(vrt(w), v[2 * x] << 32 | (v[2 * x + 1] & 0xffffffffL),
                        v[2 * y] << 32 | (v[2 * y + 1] & 0xffffffffL));
            }
            case VSUMSWS -> {
                get(vra(w), a);
                get(vrb(w), b);
                long sum = word(b, 3);
                for (int i = 0; i < 4; i++) {
                    sum += word(a, i);
                }
                int result = (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, sum));
                if (result != sum) {
                    cpu.vscr |= 1;
                }
                setDoublewords(vrt(w), 0, result & 0xffffffffL);
            }
            case XXPERMDI -> {
                int x = xa(w);
                int y = xb(w);
                int dm = (w >>> 8) & 3;
                setDoublewords(xt(w), v[2 * x + ((dm >> 1) & 1)], v[2 * y + (dm & 1)]);
            }
            case XXSLDWI -> {
                get(xa(w), a);
                get(xb(w), b);
                int sh = ((w >>> 8) & 3) * 4;
                for (int i = 0; i < 16; i++) {
                    int k = i + sh;
                    t[i] = k < 16 ? a[k] : b[k - 16];
                }
                set(xt(w), t);
            }
            case XXBRH, XXBRW, XXBRD, XXBRQ -> {
                get(xb(w), b);
                int size = op == Op.XXBRH ? 2 : op == Op.XXBRW ? 4 : op == Op.XXBRD ? 8 : 16;
                for (int i = 0; i < 16; i++) {
                    int element = i / size * size;
                    t[i] = b[element + size - 1 - (i - element)];
                }
                set(xt(w), t);
            }
            case XVADDDP, XVSUBDP, XVMULDP, XVDIVDP, XVMADDADP, XVMADDMDP, XVMSUBADP, XVMSUBMDP, XVCVSXWDP ->
                vectorDouble(cpu, vectorDoubleOperation(op), w);
            default -> {
                return scalar(op, w);
            }
        }
        cpu.pc += 4;
        return null;
    }

    // ---- shared with translated code ------------------------------------------------------------

    /** lxvd2x: two doublewords from {@code ea} into VSR {@code xt}, nothing written if either faults. */
    public static void loadDoublewords(Cpu cpu, GuestMemory memory, long ea, int xt) {
        long hi = memory.read64(ea);
        long lo = memory.read64(ea + 8);
        cpu.vsr[2 * xt] = hi;
        cpu.vsr[2 * xt + 1] = lo;
    }

    /** stxvd2x: VSR {@code xt} to two doublewords at {@code ea}. */
    public static void storeDoublewords(Cpu cpu, GuestMemory memory, long ea, int xt) {
        memory.write64(ea, cpu.vsr[2 * xt]);
        memory.write64(ea + 8, cpu.vsr[2 * xt + 1]);
    }

    /** lxvdsx: one doubleword from {@code ea} into both halves of VSR {@code xt}. */
    public static void loadDoublewordSplat(Cpu cpu, GuestMemory memory, long ea, int xt) {
        long v = memory.read64(ea);
        cpu.vsr[2 * xt] = v;
        cpu.vsr[2 * xt + 1] = v;
    }

    /** {@link #vectorDouble} operations (ints, so that a translated region's constant folds the switch). */
    public static final int ADD = 0, SUBTRACT = 1, MULTIPLY = 2, DIVIDE = 3, MULTIPLY_ADD_A = 4, MULTIPLY_ADD_M = 5,
            MULTIPLY_SUBTRACT_A = 6, MULTIPLY_SUBTRACT_M = 7, CONVERT_SIGNED_WORDS = 8;

    /** The {@link #vectorDouble} operation of {@code op}. */
    public static int vectorDoubleOperation(Op op) {
        return switch (op) {
            case XVADDDP -> ADD;
            case XVSUBDP -> SUBTRACT;
            case XVMULDP -> MULTIPLY;
            case XVDIVDP -> DIVIDE;
            case XVMADDADP -> MULTIPLY_ADD_A;
            case XVMADDMDP -> MULTIPLY_ADD_M;
            case XVMSUBADP -> MULTIPLY_SUBTRACT_A;
            case XVMSUBMDP -> MULTIPLY_SUBTRACT_M;
            case XVCVSXWDP -> CONVERT_SIGNED_WORDS;
            default -> throw new IllegalStateException("not a vector double-precision operation: " + op);
        };
    }

    /** VSX vector double-precision arithmetic: the scalar operation on both doublewords. */
    public static void vectorDouble(Cpu cpu, int operation, int w) {
        long[] v = cpu.vsr;
        cpu.operationFlags = 0;
        int xa = xa(w);
        int xb = xb(w);
        int xt = xt(w);
        long hi = vectorDoubleElement(cpu, operation, v[2 * xa], v[2 * xb], v[2 * xt]);
        long lo = vectorDoubleElement(cpu, operation, v[2 * xa + 1], v[2 * xb + 1], v[2 * xt + 1]);
        int flags = cpu.operationFlags;
        int fpscr = Fpscr.raise(cpu.fpscr, flags, false);
        if (!Fpscr.enabled(fpscr, flags & (Fpscr.INVALID | Fpscr.ZX))) {
            v[2 * xt] = hi;
            v[2 * xt + 1] = lo;
        }
        cpu.fpscr = fpscr;
    }

    private static long vectorDoubleElement(Cpu cpu, int operation, long a, long b, long t) {
        return switch (operation) {
            case ADD -> FloatArithmetic.add(cpu, a, b, false, false);
            case SUBTRACT -> FloatArithmetic.add(cpu, a, b, true, false);
            case MULTIPLY -> FloatArithmetic.multiply(cpu, a, b, false);
            case DIVIDE -> FloatArithmetic.divide(cpu, a, b, false);
            // the "a" forms add XT to XA x XB, the "m" forms add XB to XA x XT
            case MULTIPLY_ADD_A -> FloatArithmetic.multiplyAdd(cpu, a, b, t, false, false, false);
            case MULTIPLY_ADD_M -> FloatArithmetic.multiplyAdd(cpu, a, t, b, false, false, false);
            case MULTIPLY_SUBTRACT_A -> FloatArithmetic.multiplyAdd(cpu, a, b, t, true, false, false);
            case MULTIPLY_SUBTRACT_M -> FloatArithmetic.multiplyAdd(cpu, a, t, b, true, false, false);
            // words 0 and 2 of XB (the high halves of its doublewords), exactly representable
            default -> Double.doubleToRawLongBits((int) (b >> 32));
        };
    }

    /** VSX scalar double-precision operations on doubleword 0 (doubleword 1 of XT becomes 0). */
    private Stop scalar(Op op, int w) {
        long[] v = cpu.vsr;
        long a = v[2 * xa(w)];
        long b = v[2 * xb(w)];
        long t = v[2 * xt(w)];
        cpu.operationFlags = 0;
        long result;
        switch (op) {
            case XSADDDP -> result = FloatArithmetic.add(cpu, a, b, false, false);
            case XSSUBDP -> result = FloatArithmetic.add(cpu, a, b, true, false);
            case XSMULDP -> result = FloatArithmetic.multiply(cpu, a, b, false);
            case XSDIVDP -> result = FloatArithmetic.divide(cpu, a, b, false);
            case XSMADDADP -> result = FloatArithmetic.multiplyAdd(cpu, a, b, t, false, false, false);
            case XSMSUBADP -> result = FloatArithmetic.multiplyAdd(cpu, a, b, t, true, false, false);
            // the "m" forms multiply by XT and add XB; the "n" forms negate the result (not a NaN)
            case XSMADDMDP -> result = FloatArithmetic.multiplyAdd(cpu, a, t, b, false, false, false);
            case XSMSUBMDP -> result = FloatArithmetic.multiplyAdd(cpu, a, t, b, true, false, false);
            case XSNMADDADP -> result = FloatArithmetic.multiplyAdd(cpu, a, b, t, false, true, false);
            case XSNMSUBADP -> result = FloatArithmetic.multiplyAdd(cpu, a, b, t, true, true, false);
            case XSNMADDMDP -> result = FloatArithmetic.multiplyAdd(cpu, a, t, b, false, true, false);
            case XSNMSUBMDP -> result = FloatArithmetic.multiplyAdd(cpu, a, t, b, true, true, false);
            case XSSQRTDP -> result = FloatArithmetic.squareRoot(cpu, b, false);
            case XSRSP -> result = FloatArithmetic.roundToSingle(cpu, b);
            case XSCVSXDDP -> result = FloatArithmetic.fromInteger(cpu, b, false, false);
            case XSCVUXDDP -> result = FloatArithmetic.fromInteger(cpu, b, true, false);
            case XSCVSPDP -> {
                long bits = FloatingPointBits.singleToDouble((int) (b >>> 32));
                if (Double.isNaN(Double.longBitsToDouble(bits)) && (bits & 0x0008000000000000L) == 0) {
                    bits |= 0x0008000000000000L;
                    cpu.operationFlags = Fpscr.VXSNAN;
                }
                result = bits;
            }
            case XSCVDPSP -> {
                long single = FloatingPointBits.storeSingle(FloatArithmetic.roundToSingle(cpu, b)) & 0xffffffffL;
                // the word in both halves, as qemu; its class as a single-precision number
                classified(single << 32 | single, Fpscr.classOfSingle((int) single), w);
                return next();
            }
            case XSMAXDP, XSMINDP -> {
                unclassified(op, FloatArithmetic.maximumOrMinimum(cpu, a, b, op == Op.XSMAXDP), w);
                return next();
            }
            case XSCVDPSXDS, XSCVDPSXWS, XSCVDPUXDS, XSCVDPUXWS -> {
                long converted = switch (op) {
                    case XSCVDPSXDS -> FloatArithmetic.toInteger(cpu, b, FloatArithmetic.DOUBLEWORD_MIN, FloatArithmetic.DOUBLEWORD_MAX, true);
                    case XSCVDPSXWS -> replicateWord(FloatArithmetic.toInteger(cpu, b, FloatArithmetic.WORD_MIN, FloatArithmetic.WORD_MAX, true));
                    case XSCVDPUXWS -> replicateWord(FloatArithmetic.toInteger(cpu, b, BigInteger.ZERO, FloatArithmetic.UNSIGNED_WORD_MAX, true));
                    default -> FloatArithmetic.toInteger(cpu, b, BigInteger.ZERO, FloatArithmetic.UNSIGNED_DOUBLEWORD_MAX, true);
                };
                unclassified(op, converted, w);
                return next();
            }
            case XSCMPUDP, XSCMPODP -> {
                cpu.setCrField(bf(w), FloatArithmetic.compare(cpu, a, b, op == Op.XSCMPODP));
                return next();
            }
            case XSCVDPSPN -> {
                // no rounding: the bits repacked as stfs does (a signalling NaN stays signalling)
                long single = FloatingPointBits.storeSingle(b) & 0xffffffffL;
                setDoublewords(xt(w), single << 32 | single, 0);
                return next();
            }
            case XSCVSPDPN -> {
                setDoublewords(xt(w), FloatingPointBits.singleToDouble((int) (b >>> 32)), 0);
                return next();
            }
            case XSCPSGNDP -> {
                setDoublewords(xt(w), (b & Long.MAX_VALUE) | (a & Long.MIN_VALUE), 0);
                return next();
            }
            case XSABSDP, XSNEGDP, XSNABSDP -> {
                setDoublewords(xt(w), op == Op.XSABSDP ? b & Long.MAX_VALUE : op == Op.XSNEGDP ? b ^ Long.MIN_VALUE : b | Long.MIN_VALUE, 0);
                return next();
            }
            default -> {
                return Stop.ILLEGAL_INSTRUCTION;
            }
        }
        classified(result, Fpscr.classOf(result), w);
        return next();
    }

    private Stop next() {
        cpu.pc += 4;
        return null;
    }

    /**
     * A VSX scalar result with its class ({@code fprf}), FR, FI and the exceptions in
     * {@link Cpu#operationFlags}; an enabled invalid operation or zero divide leaves XT unchanged.
     */
    private void classified(long bits, int fprf, int w) {
        int flags = cpu.operationFlags;
        int fpscr = Fpscr.raise(cpu.fpscr, flags, true);
        if (!Fpscr.enabled(fpscr, flags & (Fpscr.INVALID | Fpscr.ZX))) {
            setDoublewords(xt(w), bits, 0);
            fpscr = Fpscr.withClass(fpscr, fprf);
        }
        cpu.fpscr = fpscr;
    }

    /** A VSX scalar result that leaves FPRF (and, for max/min, FR and FI) as it was. */
    private void unclassified(Op op, long bits, int w) {
        int flags = cpu.operationFlags;
        int fpscr = Fpscr.raise(cpu.fpscr, flags, op != Op.XSMAXDP && op != Op.XSMINDP);
        if (!Fpscr.enabled(fpscr, flags & Fpscr.INVALID)) {
            setDoublewords(xt(w), bits, 0);
        }
        cpu.fpscr = fpscr;
    }


    /** Word results of the VSX conversions: qemu writes the word into both halves of doubleword 0. */
    private static long replicateWord(long word) {
        return (word & 0xffffffffL) << 32 | (word & 0xffffffffL);
    }

    private void compareResult(int w, int elementSize) {
        int target = vrt(w);
        set(target, t);
        if ((w & 0x400) != 0) {
            boolean all = true;
            boolean none = true;
            for (byte x : t) {
                all &= x == (byte) 0xff;
                none &= x == 0;
            }
            cpu.setCrField(6, (all ? 8 : 0) | (none ? 2 : 0));
        }
    }

    private int saturate(int value, int w) {
        if (value < 0 || value > 255) {
            cpu.vscr |= 1;
            return value < 0 ? 0 : 255;
        }
        return value;
    }

    private static long bitwise(Op op, long x, long y) {
        return switch (op) {
            case VAND -> x & y;
            case VANDC -> x & ~y;
            case VOR -> x | y;
            case VNOR -> ~(x | y);
            case VXOR -> x ^ y;
            case VORC -> x | ~y;
            case VNAND -> ~(x & y);
            default -> ~(x ^ y);
        };
    }

    private static long shift128(long hi, long lo, int n, boolean left, boolean wantHigh) {
        if (n == 0) {
            return wantHigh ? hi : lo;
        }
        if (left) {
            if (n >= 64) {
                return wantHigh ? lo << (n - 64) : 0;
            }
            return wantHigh ? hi << n | lo >>> (64 - n) : lo << n;
        }
        if (n >= 64) {
            return wantHigh ? 0 : hi >>> (n - 64);
        }
        return wantHigh ? hi >>> n : lo >>> n | hi << (64 - n);
    }

    /** vgbbd: bit j of byte i becomes bit i of byte j, within one doubleword. */
    private static long transpose8x8(long x) {
        long result = 0;
        for (int i = 0; i < 8; i++) {
            for (int j = 0; j < 8; j++) {
                long bit = (x >>> (63 - (8 * i + j))) & 1;
                result |= bit << (63 - (8 * j + i));
            }
        }
        return result;
    }
}
