package dev.k42lens.core.cpu.isa;

import static dev.k42lens.core.cpu.isa.Operand.SHA_SIX;
import static dev.k42lens.core.cpu.isa.Operand.SHA_ST;
import static dev.k42lens.core.cpu.isa.Operand.VRA;
import static dev.k42lens.core.cpu.isa.Operand.VRB;
import static dev.k42lens.core.cpu.isa.Operand.VRC;
import static dev.k42lens.core.cpu.isa.Operand.VRT;
import static dev.k42lens.core.cpu.isa.VectorRegisters.bytes;
import static dev.k42lens.core.cpu.isa.VectorRegisters.set;
import static dev.k42lens.core.cpu.isa.VectorRegisters.vr;

import dev.k42lens.core.mem.GuestMemory;

/**
 * The VMX crypto instructions (ISA 2.07), stated once each: AES rounds over the register as an
 * AES state (byte 0 the most significant, row r of column c at byte 4c + r, as FIPS-197 lays out
 * its input), the SHA-2 sigma functions, carry-less multiply-sums and vpermxor.
 */
final class VmxCrypto {
    private static final int OPCODE = 4 << 26;
    private static final int VX = 0xfc0007ff;

    /** The AES S-box and its inverse, computed from GF(2^8) inverses and the affine map. */
    private static final byte[] SBOX = new byte[256];
    private static final byte[] INVERSE_SBOX = new byte[256];

    static {
        for (int x = 0; x < 256; x++) {
            int inverse = x == 0 ? 0 : gfInverse(x);
            int s = inverse ^ Integer.rotateLeft(inverse, 1) ^ Integer.rotateLeft(inverse, 2) ^ Integer.rotateLeft(inverse, 3)
                    ^ Integer.rotateLeft(inverse, 4);
            s = (s ^ (s >>> 8) ^ 0x63) & 0xff;   // the rotations are of a byte: fold the bits that left it back in
            SBOX[x] = (byte) s;
            INVERSE_SBOX[s] = (byte) x;
        }
    }

    private VmxCrypto() {
    }

    static void describe(InstructionTable t) {
        t.described("vcipher", OPCODE | 1288, VX, (c, m, w) -> aes(c, w, false, true), VRT, VRA, VRB);
        t.described("vcipherlast", OPCODE | 1289, VX, (c, m, w) -> aes(c, w, false, false), VRT, VRA, VRB);
        t.described("vncipher", OPCODE | 1352, VX, (c, m, w) -> aes(c, w, true, true), VRT, VRA, VRB);
        t.described("vncipherlast", OPCODE | 1353, VX, (c, m, w) -> aes(c, w, true, false), VRT, VRA, VRB);
        t.described("vsbox", OPCODE | 1480, 0xfc00ffff, (c, m, w) -> {
            byte[] state = bytes(c, Fields.ra(w));
            for (int i = 0; i < 16; i++) {
                state[i] = SBOX[state[i] & 0xff];
            }
            set(c, Fields.rt(w), state);
        }, VRT, VRA);
        t.described("vshasigmaw", OPCODE | 1666, VX, VmxCrypto::sigmaWords, VRT, VRA, SHA_ST, SHA_SIX);
        t.described("vshasigmad", OPCODE | 1730, VX, VmxCrypto::sigmaDoublewords, VRT, VRA, SHA_ST, SHA_SIX);
        int[] sizes = { 8, 16, 32, 64 };
        String[] names = { "vpmsumb", "vpmsumh", "vpmsumw", "vpmsumd" };
        for (int k = 0; k < 4; k++) {
            int size = sizes[k];
            t.described(names[k], OPCODE | 1032 + 64 * k, VX, (c, m, w) -> multiplySum(c, w, size), VRT, VRA, VRB);
        }
        t.described("vpermxor", OPCODE | 45, 0xfc00003f, (c, m, w) -> {
            byte[] a = bytes(c, Fields.ra(w));
            byte[] b = bytes(c, Fields.rb(w));
            byte[] selectors = bytes(c, Fields.rc(w));
            byte[] result = new byte[16];
            for (int i = 0; i < 16; i++) {
                result[i] = (byte) (a[(selectors[i] >>> 4) & 15] ^ b[selectors[i] & 15]);
            }
            set(c, Fields.rt(w), result);
        }, VRT, VRA, VRB, VRC);
    }

    /**
     * One AES round on VRA with round key VRB: SubBytes, ShiftRows, MixColumns (not in the last
     * round), then the key; the inverse round: InvShiftRows, InvSubBytes, the key, then
     * InvMixColumns (not in the last round).
     */
    private static void aes(Cpu c, int w, boolean inverse, boolean mixColumns) {
        byte[] state = bytes(c, Fields.ra(w));
        byte[] key = bytes(c, Fields.rb(w));
        byte[] shifted = new byte[16];
        for (int column = 0; column < 4; column++) {
            for (int row = 0; row < 4; row++) {
                // ShiftRows moves row r left by r columns; its inverse right by r
                int from = inverse ? (column - row + 4) % 4 : (column + row) % 4;
                byte b = state[4 * from + row];
                shifted[4 * column + row] = (inverse ? INVERSE_SBOX : SBOX)[b & 0xff];
            }
        }
        if (!inverse) {
            if (mixColumns) {
                shifted = mixColumns(shifted, 2, 3, 1, 1);
            }
            xor(shifted, key);
        } else {
            xor(shifted, key);
            if (mixColumns) {
                shifted = mixColumns(shifted, 14, 11, 13, 9);
            }
        }
        set(c, Fields.rt(w), shifted);
    }

    /** Each column times the circulant matrix with first row (m0 m1 m2 m3) over GF(2^8). */
    private static byte[] mixColumns(byte[] s, int m0, int m1, int m2, int m3) {
        byte[] result = new byte[16];
        int[] m = { m0, m1, m2, m3 };
        for (int column = 0; column < 4; column++) {
            for (int row = 0; row < 4; row++) {
                int sum = 0;
                for (int k = 0; k < 4; k++) {
                    sum ^= gfMultiply(m[(k - row + 4) % 4], s[4 * column + k] & 0xff);
                }
                result[4 * column + row] = (byte) sum;
            }
        }
        return result;
    }

    private static void xor(byte[] into, byte[] key) {
        for (int i = 0; i < 16; i++) {
            into[i] ^= key[i];
        }
    }

    /** Multiplication in GF(2^8) modulo x^8 + x^4 + x^3 + x + 1. */
    private static int gfMultiply(int a, int b) {
        int product = 0;
        for (int i = 0; i < 8; i++) {
            if ((b & 1) != 0) {
                product ^= a;
            }
            a = (a << 1) ^ ((a & 0x80) != 0 ? 0x11b : 0);
            b >>>= 1;
        }
        return product;
    }

    private static int gfInverse(int x) {
        // x^254 = x^-1 in GF(2^8)
        int result = 1;
        int power = x;
        for (int e = 254; e != 0; e >>>= 1) {
            if ((e & 1) != 0) {
                result = gfMultiply(result, power);
            }
            power = gfMultiply(power, power);
        }
        return result;
    }

    /** SHA-256's sigma functions on each word of VRA: ST picks lower or upper case, SIX bit i picks 0 or 1 for word i. */
    private static void sigmaWords(Cpu c, GuestMemory m, int w) {
        int a = vr(Fields.ra(w));
        boolean upper = ((w >>> 15) & 1) != 0;
        int six = (w >>> 11) & 15;
        long[] result = new long[2];
        for (int i = 0; i < 4; i++) {
            int x = (int) (c.vsr[a + i / 2] >>> (32 * (1 - i % 2)));
            boolean one = ((six >>> (3 - i)) & 1) != 0;
            int sigma = upper
                    ? one ? Integer.rotateRight(x, 6) ^ Integer.rotateRight(x, 11) ^ Integer.rotateRight(x, 25)
                            : Integer.rotateRight(x, 2) ^ Integer.rotateRight(x, 13) ^ Integer.rotateRight(x, 22)
                    : one ? Integer.rotateRight(x, 17) ^ Integer.rotateRight(x, 19) ^ x >>> 10
                            : Integer.rotateRight(x, 7) ^ Integer.rotateRight(x, 18) ^ x >>> 3;
            result[i / 2] |= (sigma & 0xffffffffL) << (32 * (1 - i % 2));
        }
        set(c, Fields.rt(w), result[0], result[1]);
    }

    /** SHA-512's sigma functions on each doubleword of VRA; SIX bit 2i picks the function for doubleword i. */
    private static void sigmaDoublewords(Cpu c, GuestMemory m, int w) {
        int a = vr(Fields.ra(w));
        boolean upper = ((w >>> 15) & 1) != 0;
        int six = (w >>> 11) & 15;
        long[] result = new long[2];
        for (int i = 0; i < 2; i++) {
            long x = c.vsr[a + i];
            boolean one = ((six >>> (3 - 2 * i)) & 1) != 0;
            result[i] = upper
                    ? one ? Long.rotateRight(x, 14) ^ Long.rotateRight(x, 18) ^ Long.rotateRight(x, 41)
                            : Long.rotateRight(x, 28) ^ Long.rotateRight(x, 34) ^ Long.rotateRight(x, 39)
                    : one ? Long.rotateRight(x, 19) ^ Long.rotateRight(x, 61) ^ x >>> 6
                            : Long.rotateRight(x, 1) ^ Long.rotateRight(x, 8) ^ x >>> 7;
        }
        set(c, Fields.rt(w), result[0], result[1]);
    }

    /** vpmsum*: each double-width element is the XOR of the carry-less products of the two element pairs in it. */
    private static void multiplySum(Cpu c, int w, int size) {
        int a = vr(Fields.ra(w));
        int b = vr(Fields.rb(w));
        if (size == 64) {
            long[] first = carrylessMultiply64(c.vsr[a], c.vsr[b]);
            long[] second = carrylessMultiply64(c.vsr[a + 1], c.vsr[b + 1]);
            set(c, Fields.rt(w), first[0] ^ second[0], first[1] ^ second[1]);
            return;
        }
        long[] result = new long[2];
        int perDoubleword = 64 / size;
        long mask = (1L << size) - 1;
        for (int i = 0; i < 128 / size; i += 2) {
            long sum = 0;
            for (int j = i; j < i + 2; j++) {
                long x = (c.vsr[a + j / perDoubleword] >>> (64 - size * (j % perDoubleword + 1))) & mask;
                long y = (c.vsr[b + j / perDoubleword] >>> (64 - size * (j % perDoubleword + 1))) & mask;
                sum ^= carrylessMultiply64(x, y)[1];
            }
            int k = i / 2;   // the double-width result element
            int perResult = 64 / (2 * size);
            result[k / perResult] |= sum << (64 - 2 * size * (k % perResult + 1));
        }
        set(c, Fields.rt(w), result[0], result[1]);
    }

    /** The 128-bit carry-less product of two doublewords, high then low. */
    private static long[] carrylessMultiply64(long x, long y) {
        long high = 0;
        long low = 0;
        for (int i = 0; i < 64; i++) {
            if (((y >>> i) & 1) != 0) {
                low ^= x << i;
                high ^= i == 0 ? 0 : x >>> (64 - i);
            }
        }
        return new long[] { high, low };
    }

}
