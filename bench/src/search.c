/* search: libc qsort of 100,000 records (a name, then a number) with a comparison callback that
 * calls strcmp, then a million bsearch look-ups in them with another callback: indirect calls
 * into and out of libc. */
#include <stdint.h>
#include <string.h>
#include "common.h"

struct record {
    char name[12];
    uint32_t number;
};

static int by_name_then_number(const void *x, const void *y)
{
    const struct record *a = x, *b = y;
    int c = strcmp(a->name, b->name);
    return c ? c : (a->number > b->number) - (a->number < b->number);
}

static int by_number(const void *x, const void *y)
{
    uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;
    return (a > b) - (a < b);
}

int main(int argc, char **argv)
{
    enum { COUNT = 100000, LOOKUPS = 1000000 };
    static struct record records[COUNT];
    static uint32_t numbers[COUNT];
    long rounds = scaled(bench_scale(argc, argv), 5);
    uint64_t state = 0x2545f4914f6cdd1dull, check = 0;
    long found = 0;
    for (long r = 0; r < rounds; r++) {
        for (long i = 0; i < COUNT; i++) {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17;
            /* short names from a small alphabet: many share long prefixes and some are equal */
            for (int c = 0; c < 6; c++)
                records[i].name[c] = "aeiklnrst"[(state >> (6 * c)) % 9];
            records[i].name[6] = '\0';
            records[i].number = (uint32_t)(state >> 40);
            numbers[i] = (uint32_t)(state >> 32) | 1;
        }
        qsort(records, COUNT, sizeof records[0], by_name_then_number);
        qsort(numbers, COUNT, sizeof numbers[0], by_number);
        for (long i = 0; i < LOOKUPS; i++) {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17;
            uint32_t key = i & 1 ? numbers[state % COUNT] : (uint32_t)(state >> 32);
            const uint32_t *hit = bsearch(&key, numbers, COUNT, sizeof numbers[0], by_number);
            if (hit) {
                found++;
                check += (uint64_t)(hit - numbers);
            }
        }
        for (long i = 0; i < COUNT; i += 997)
            check = check * 31 + records[i].number + (uint64_t)records[i].name[0];
    }
    printf("search: first %s last %s, %ld found, check %016llx, %ld rounds\n", records[0].name,
           records[COUNT - 1].name, found, (unsigned long long)check, rounds);
    return 0;
}
