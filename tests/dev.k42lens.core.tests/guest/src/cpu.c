/* cpu: CPU-bound integer kernel (sieve of Eratosthenes, FNV-1a over a generated
 * buffer, a little integer arithmetic mix) printing checksums.  Also a smoke
 * benchmark: an optional argument sets the number of rounds (default DEFAULT_ROUNDS). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* DEFAULT_ROUNDS is sized for about 0.5 s under qemu-user on a current x86-64 host. */
enum { SIEVE_N = 2000000, BUF_N = 1 << 20, DEFAULT_ROUNDS = 22 };

static unsigned char composite[SIEVE_N + 1];
static unsigned char buffer[BUF_N];

static void sieve(long *count, uint64_t *sum, uint32_t *last)
{
    memset(composite, 0, sizeof composite);
    for (uint32_t i = 2; (uint64_t)i * i <= SIEVE_N; i++)
        if (!composite[i])
            for (uint32_t j = i * i; j <= SIEVE_N; j += i)
                composite[j] = 1;
    *count = 0;
    *sum = 0;
    for (uint32_t i = 2; i <= SIEVE_N; i++)
        if (!composite[i]) {
            ++*count;
            *sum += i;
            *last = i;
        }
}

static uint64_t fnv1a(const unsigned char *p, size_t n)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++) {
        h ^= p[i];
        h *= 1099511628211ULL;
    }
    return h;
}

static uint64_t xorshift64(uint64_t *s)
{
    uint64_t x = *s;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return *s = x;
}

/* shifts, rotates, signed division and remainder, multiply-high, bit counting */
static uint64_t mix(int rounds)
{
    uint64_t s = 0x9E3779B97F4A7C15ULL, acc = 0;
    for (int i = 0; i < rounds; i++) {
        uint64_t a = xorshift64(&s);
        int64_t sa = (int64_t)a;
        int32_t d = (int32_t)(a >> 40) | 1;
        acc += (uint64_t)(sa / d) ^ (uint64_t)(sa % d);
        acc ^= (acc << 7) | (acc >> 57);
        acc += (uint64_t)(((unsigned __int128)a * acc) >> 64);
        acc += (uint64_t)__builtin_popcountll(a) + (uint64_t)__builtin_clzll(a | 1) + (uint64_t)__builtin_ctzll(a | (1ULL << 63));
        acc += (uint32_t)a / ((uint32_t)(a >> 32) | 1);
        acc ^= (uint64_t)(int64_t)(int16_t)a;
    }
    return acc;
}

int main(int argc, char **argv)
{
    int rounds = argc > 1 ? atoi(argv[1]) : DEFAULT_ROUNDS;
    if (rounds < 1)
        rounds = 1;
    long count = 0;
    uint64_t sum = 0, h = 0, m = 0, all = 0;
    uint32_t last = 0;
    for (int r = 0; r < rounds; r++) {
        sieve(&count, &sum, &last);
        uint64_t s = 88172645463325252ULL + (uint64_t)r;
        for (size_t i = 0; i < BUF_N; i += 8) {
            uint64_t v = xorshift64(&s);
            for (int k = 0; k < 8; k++)
                buffer[i + k] = (unsigned char)(v >> (8 * k));
        }
        h = 0;
        for (int pass = 0; pass < 4; pass++) {
            buffer[pass] ^= (unsigned char)pass;
            h ^= fnv1a(buffer, BUF_N) + (uint64_t)pass;
        }
        m = mix(300000);
        all = (all ^ h ^ m) * 1099511628211ULL + (uint64_t)count;
    }
    printf("rounds=%d\n", rounds);
    printf("primes <= %d: count=%ld sum=%llu largest=%u\n", SIEVE_N, count, (unsigned long long)sum, last);
    printf("fnv1a checksum=%016llx\n", (unsigned long long)h);
    printf("mix checksum=%016llx\n", (unsigned long long)m);
    printf("all rounds checksum=%016llx\n", (unsigned long long)all);
    return 0;
}
