/* hash: FNV-1a and a 64-bit multiply-xorshift mix over a 1 MiB buffer, repeated: ALU-bound. */
#include <stdint.h>
#include "common.h"

int main(int argc, char **argv)
{
    enum { SIZE = 1 << 20 };
    static uint8_t data[SIZE];
    uint64_t seed = 0x9e3779b97f4a7c15ull;
    for (long i = 0; i < SIZE; i++) {
        seed ^= seed << 13; seed ^= seed >> 7; seed ^= seed << 17;
        data[i] = (uint8_t)seed;
    }
    long rounds = scaled(bench_scale(argc, argv), 720);
    uint64_t fnv = 0xcbf29ce484222325ull, mix = 0;
    for (long r = 0; r < rounds; r++) {
        for (long i = 0; i < SIZE; i++) {
            fnv = (fnv ^ data[i]) * 0x100000001b3ull;
        }
        for (long i = 0; i + 8 <= SIZE; i += 8) {
            uint64_t w = 0;
            for (int b = 0; b < 8; b++)
                w = w << 8 | data[i + b];
            mix = (mix ^ w) * 0xff51afd7ed558ccdull;
            mix ^= mix >> 33;
        }
    }
    printf("hash: fnv %016llx mix %016llx, %ld rounds\n", (unsigned long long)fnv, (unsigned long long)mix, rounds);
    return 0;
}
