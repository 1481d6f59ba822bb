/* sha2: SHA-256 (FIPS 180-4; its round constants computed from the cube roots of the primes), a
 * SHA-512-shaped compression (80 rounds of 64-bit rotates, the schedule in a ring of 16 words,
 * the state rotated by index instead of by moves; own round constants from a multiply-xorshift
 * sequence) and a BLAKE2b-shaped G mixing, each over a 1 MiB buffer, repeated:
 * 32- and 64-bit rotates, shifts, adds and big-endian word loads. */
#include <math.h>
#include <stdint.h>
#include <string.h>
#include "common.h"

static uint32_t k256[64];
static uint64_t k512[80];

static uint32_t rotr32(uint32_t x, int n) { return x >> n | x << (32 - n); }
static uint64_t rotr64(uint64_t x, int n) { return x >> n | x << (64 - n); }

static uint32_t load_be32(const uint8_t *p) { return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3]; }
static uint64_t load_be64(const uint8_t *p) { return (uint64_t)load_be32(p) << 32 | load_be32(p + 4); }

static void constants(void)
{
    int found = 0;
    for (int n = 2; found < 64; n++) {
        int prime = 1;
        for (int d = 2; d * d <= n; d++)
            if (n % d == 0)
                prime = 0;
        if (prime) {
            double root = cbrt((double)n);
            k256[found++] = (uint32_t)((root - floor(root)) * 4294967296.0);
        }
    }
    uint64_t s = 0x6a09e667f3bcc908ull;
    for (int i = 0; i < 80; i++) {
        s = (s ^ s >> 31) * 0xbf58476d1ce4e5b9ull;
        s ^= s >> 29;
        k512[i] = s;
    }
}

static void sha256_block(uint32_t h[8], const uint8_t *block)
{
    uint32_t w[64];
    for (int i = 0; i < 16; i++)
        w[i] = load_be32(block + 4 * i);
    for (int i = 16; i < 64; i++) {
        uint32_t s0 = rotr32(w[i - 15], 7) ^ rotr32(w[i - 15], 18) ^ w[i - 15] >> 3;
        uint32_t s1 = rotr32(w[i - 2], 17) ^ rotr32(w[i - 2], 19) ^ w[i - 2] >> 10;
        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], k = h[7];
    for (int i = 0; i < 64; i++) {
        uint32_t t1 = k + (rotr32(e, 6) ^ rotr32(e, 11) ^ rotr32(e, 25)) + ((e & f) ^ (~e & g)) + k256[i] + w[i];
        uint32_t t2 = (rotr32(a, 2) ^ rotr32(a, 13) ^ rotr32(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
        k = g; g = f; f = e; e = d + t1; d = c; c = b; b = a; a = t1 + t2;
    }
    h[0] += a; h[1] += b; h[2] += c; h[3] += d; h[4] += e; h[5] += f; h[6] += g; h[7] += k;
}

/* The whole SHA-256 of a message, padding included. */
static void sha256(const uint8_t *data, size_t size, uint32_t h[8])
{
    static const uint32_t initial[8] = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                         0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19 };
    memcpy(h, initial, sizeof initial);
    size_t whole = size / 64 * 64;
    for (size_t i = 0; i < whole; i += 64)
        sha256_block(h, data + i);
    uint8_t tail[128] = { 0 };
    size_t rest = size - whole, blocks = rest < 56 ? 1 : 2;
    memcpy(tail, data + whole, rest);
    tail[rest] = 0x80;
    uint64_t bits = (uint64_t)size * 8;
    for (int i = 0; i < 8; i++)
        tail[blocks * 64 - 1 - i] = (uint8_t)(bits >> 8 * i);
    for (size_t i = 0; i < blocks; i++)
        sha256_block(h, tail + 64 * i);
}

/* The 64-bit variant keeps its message schedule in a ring of 16 words, extended inside the rounds. */
static void sha512ish_block(uint64_t h[8], const uint8_t *block)
{
    uint64_t w[16], s[8];
    for (int i = 0; i < 16; i++)
        w[i] = load_be64(block + 8 * i);
    memcpy(s, h, sizeof s);
    for (int i = 0; i < 80; i++) {
        if (i >= 16) {
            uint64_t older = w[(i + 1) & 15], recent = w[(i + 14) & 15];
            w[i & 15] += (rotr64(older, 1) ^ rotr64(older, 8) ^ older >> 7) + w[(i + 9) & 15]
                         + (rotr64(recent, 19) ^ rotr64(recent, 61) ^ recent >> 6);
        }
        uint64_t e = s[(4 - i) & 7], a = s[-i & 7];
        uint64_t t1 = s[(7 - i) & 7] + (rotr64(e, 14) ^ rotr64(e, 18) ^ rotr64(e, 41))
                      + ((e & s[(5 - i) & 7]) ^ (~e & s[(6 - i) & 7])) + k512[i] + w[i & 15];
        uint64_t b = s[(1 - i) & 7], c = s[(2 - i) & 7];
        s[(3 - i) & 7] += t1;                                   /* the new e */
        s[(7 - i) & 7] = t1 + (rotr64(a, 28) ^ rotr64(a, 34) ^ rotr64(a, 39)) + ((a & b) ^ (a & c) ^ (b & c));
    }
    for (int i = 0; i < 8; i++)
        h[i] += s[i];
}

#define MIX(a, b, c, d, x, y)                          \
    do {                                               \
        v[a] = v[a] + v[b] + (x); v[d] = rotr64(v[d] ^ v[a], 32); \
        v[c] = v[c] + v[d];       v[b] = rotr64(v[b] ^ v[c], 24); \
        v[a] = v[a] + v[b] + (y); v[d] = rotr64(v[d] ^ v[a], 16); \
        v[c] = v[c] + v[d];       v[b] = rotr64(v[b] ^ v[c], 63); \
    } while (0)

/* Twelve rounds of BLAKE2b's column and diagonal mixing of a 16-word state with a 128-byte block
 * (little-endian words, a fixed message schedule rotated by the round number). */
static void blake_block(uint64_t h[8], const uint8_t *block, uint64_t counter)
{
    uint64_t m[16], v[16];
    for (int i = 0; i < 16; i++) {
        uint64_t x = 0;
        for (int b = 7; b >= 0; b--)
            x = x << 8 | block[8 * i + b];
        m[i] = x;
    }
    for (int i = 0; i < 8; i++) {
        v[i] = h[i];
        v[i + 8] = k512[i];
    }
    v[12] ^= counter;
    for (int r = 0; r < 12; r++) {
        MIX(0, 4, 8, 12, m[r % 16], m[(r + 1) % 16]);
        MIX(1, 5, 9, 13, m[(r + 2) % 16], m[(r + 3) % 16]);
        MIX(2, 6, 10, 14, m[(r + 4) % 16], m[(r + 5) % 16]);
        MIX(3, 7, 11, 15, m[(r + 6) % 16], m[(r + 7) % 16]);
        MIX(0, 5, 10, 15, m[(r + 8) % 16], m[(r + 9) % 16]);
        MIX(1, 6, 11, 12, m[(r + 10) % 16], m[(r + 11) % 16]);
        MIX(2, 7, 8, 13, m[(r + 12) % 16], m[(r + 13) % 16]);
        MIX(3, 4, 9, 14, m[(r + 14) % 16], m[(r + 15) % 16]);
    }
    for (int i = 0; i < 8; i++)
        h[i] ^= v[i] ^ v[i + 8];
}

int main(int argc, char **argv)
{
    enum { SIZE = 1 << 20 };
    static uint8_t data[SIZE];
    constants();
    uint64_t seed = 0x243f6a8885a308d3ull;
    for (long i = 0; i < SIZE; i++) {
        seed ^= seed << 13; seed ^= seed >> 7; seed ^= seed << 17;
        data[i] = (uint8_t)(seed >> 24);
    }
    long rounds = scaled(bench_scale(argc, argv), 70);
    uint32_t h256[8];
    uint64_t h512[8], hb[8];
    for (int i = 0; i < 8; i++)
        h512[i] = hb[i] = k512[79 - i];
    for (long r = 0; r < rounds; r++) {
        sha256(data, SIZE, h256);
        for (long i = 0; i < SIZE; i += 128)
            sha512ish_block(h512, data + i);
        for (long i = 0; i < SIZE; i += 128)
            blake_block(hb, data + i, (uint64_t)i);
        data[r % SIZE] ^= (uint8_t)h256[0]; /* each round depends on the last */
    }
    printf("sha2: sha256 of the last round");
    for (int i = 0; i < 8; i++)
        printf(" %08x", h256[i]);
    printf("\nsha2: sha512-like %016llx %016llx blake2-like %016llx %016llx, %ld rounds\n",
           (unsigned long long)h512[0], (unsigned long long)h512[7], (unsigned long long)hb[0], (unsigned long long)hb[7], rounds);
    return 0;
}
