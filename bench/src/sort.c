/* sort: qsort of 200,000 pseudo-random 64-bit keys, repeated: libc calls through a comparison function. */
#include <stdint.h>
#include "common.h"

static int compare(const void *x, const void *y)
{
    uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;
    return a < b ? -1 : a > b;
}

int main(int argc, char **argv)
{
    enum { COUNT = 200000 };
    static uint64_t keys[COUNT];
    long rounds = scaled(bench_scale(argc, argv), 24);
    uint64_t state = 88172645463325252ull, check = 0;
    for (long r = 0; r < rounds; r++) {
        for (long i = 0; i < COUNT; i++) {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17;
            keys[i] = state;
        }
        qsort(keys, COUNT, sizeof keys[0], compare);
        check ^= keys[0] ^ keys[COUNT / 2] ^ keys[COUNT - 1];
    }
    printf("sort: check %016llx, %ld rounds of %d keys\n", (unsigned long long)check, rounds, COUNT);
    return 0;
}
