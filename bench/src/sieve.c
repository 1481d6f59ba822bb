/* sieve: primes below 2 million by the sieve of Eratosthenes, 144 times: integer loads, stores, branches. */
#include <string.h>
#include "common.h"

int main(int argc, char **argv)
{
    enum { LIMIT = 2000000 };
    static unsigned char composite[LIMIT];
    long rounds = scaled(bench_scale(argc, argv), 144), count = 0;
    for (long r = 0; r < rounds; r++) {
        memset(composite, 0, sizeof composite);
        count = 0;
        for (long i = 2; i < LIMIT; i++) {
            if (composite[i])
                continue;
            count++;
            for (long j = i * i; j < LIMIT; j += i)
                composite[j] = 1;
        }
    }
    printf("sieve: %ld primes below %d, %ld rounds\n", count, LIMIT, rounds);
    return 0;
}
