/* crc: CRC-32 (table-driven, reflected), CRC-32C (bit by bit) and bit twiddling (population
 * counts, bit reversal, Morton interleaving, Gosper's next-subset, leading and trailing zeros)
 * over a 256 KiB buffer, repeated: shifts, masks, table loads and data-dependent branches. */
#include <stdint.h>
#include "common.h"

static uint32_t crc_table[256];

static void make_table(void)
{
    for (uint32_t n = 0; n < 256; n++) {
        uint32_t c = n;
        for (int k = 0; k < 8; k++)
            c = c & 1 ? 0xedb88320u ^ c >> 1 : c >> 1;
        crc_table[n] = c;
    }
}

static uint32_t crc32(uint32_t crc, const uint8_t *p, long n)
{
    crc = ~crc;
    for (long i = 0; i < n; i++)
        crc = crc_table[(crc ^ p[i]) & 0xff] ^ crc >> 8;
    return ~crc;
}

static uint32_t crc32c_bitwise(uint32_t crc, const uint8_t *p, long n)
{
    crc = ~crc;
    for (long i = 0; i < n; i++) {
        crc ^= p[i];
        for (int k = 0; k < 8; k++)
            crc = crc >> 1 ^ (0x82f63b78u & -(crc & 1));
    }
    return ~crc;
}

static uint64_t reverse64(uint64_t x)
{
    x = (x & 0x5555555555555555ull) << 1 | (x >> 1 & 0x5555555555555555ull);
    x = (x & 0x3333333333333333ull) << 2 | (x >> 2 & 0x3333333333333333ull);
    x = (x & 0x0f0f0f0f0f0f0f0full) << 4 | (x >> 4 & 0x0f0f0f0f0f0f0f0full);
    x = (x & 0x00ff00ff00ff00ffull) << 8 | (x >> 8 & 0x00ff00ff00ff00ffull);
    x = (x & 0x0000ffff0000ffffull) << 16 | (x >> 16 & 0x0000ffff0000ffffull);
    return x << 32 | x >> 32;
}

static int popcount_loop(uint64_t x)
{
    int n = 0;
    for (; x; x &= x - 1)
        n++;
    return n;
}

static uint64_t spread(uint32_t x)
{
    uint64_t v = x;
    v = (v | v << 16) & 0x0000ffff0000ffffull;
    v = (v | v << 8) & 0x00ff00ff00ff00ffull;
    v = (v | v << 4) & 0x0f0f0f0f0f0f0f0full;
    v = (v | v << 2) & 0x3333333333333333ull;
    v = (v | v << 1) & 0x5555555555555555ull;
    return v;
}

static uint64_t next_subset(uint64_t x)   /* the next larger number with as many bits set */
{
    uint64_t smallest = x & -x, ripple = x + smallest;
    return ripple | ((x ^ ripple) >> 2) / smallest;
}

int main(int argc, char **argv)
{
    enum { SIZE = 1 << 18 };
    static uint8_t data[SIZE];
    make_table();
    uint32_t check = crc32(0, (const uint8_t *)"123456789", 9);
    uint32_t check_c = crc32c_bitwise(0, (const uint8_t *)"123456789", 9);
    uint64_t seed = 0x9e3779b97f4a7c15ull;
    for (long i = 0; i < SIZE; i++) {
        seed = seed * 6364136223846793005ull + 1442695040888963407ull;
        data[i] = (uint8_t)(seed >> 56);
    }
    long rounds = scaled(bench_scale(argc, argv), 300);
    uint32_t crc = 0, crc_c = 0;
    uint64_t bits = 0, subset = 0x3f;
    for (long r = 0; r < rounds; r++) {
        crc = crc32(crc, data, SIZE);
        crc_c = crc32c_bitwise(crc_c, data, SIZE / 4);
        const uint64_t *words = (const uint64_t *)data;
        for (long i = 0; i < SIZE / 8; i++) {
            uint64_t w = words[i] ^ crc;
            bits += (uint64_t)popcount_loop(w) + (uint64_t)__builtin_popcountll(reverse64(w));
            bits ^= spread((uint32_t)w) | spread((uint32_t)(w >> 32)) << 1;
            bits += (uint64_t)(w ? __builtin_clzll(w) + __builtin_ctzll(w) : 128);
            subset = next_subset(subset);
            if (subset >> 60)
                subset = 0x3f;
            bits += subset;
        }
        data[r % SIZE] ^= (uint8_t)crc;
    }
    printf("crc: crc32(\"123456789\") %08x crc32c %08x\n", check, check_c);
    printf("crc: crc32 %08x crc32c %08x bits %016llx subset %016llx, %ld rounds\n", crc, crc_c,
           (unsigned long long)bits, (unsigned long long)subset, rounds);
    return 0;
}
