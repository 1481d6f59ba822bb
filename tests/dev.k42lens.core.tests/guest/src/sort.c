/* sort: qsort and bsearch over ints, doubles, strings and structs with comparators. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>

static uint32_t rng_state = 12345u;

static uint32_t rng(void)
{
    rng_state = rng_state * 1103515245u + 12345u;
    return rng_state >> 1;
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

static int cmp_int_desc(const void *a, const void *b)
{
    return cmp_int(b, a);
}

/* Total order: -0.0 before +0.0 so the output never depends on tie order. */
static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    if (x < y)
        return -1;
    if (x > y)
        return 1;
    return (signbit(y) != 0) - (signbit(x) != 0);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

struct person {
    char name[12];
    int age;
};

static int cmp_person(const void *a, const void *b)
{
    const struct person *p = a, *q = b;
    if (p->age != q->age)
        return p->age - q->age;
    return strcmp(p->name, q->name);
}

static uint64_t fnv(const void *data, size_t n, uint64_t h)
{
    const unsigned char *p = data;
    for (size_t i = 0; i < n; i++) {
        h ^= p[i];
        h *= 1099511628211ULL;
    }
    return h;
}

/* Hash values, not their in-memory bytes, so both byte orders agree. */
static uint64_t fnv_u32(uint64_t h, uint32_t v)
{
    for (int i = 0; i < 4; i++) {
        h ^= (v >> (8 * i)) & 0xff;
        h *= 1099511628211ULL;
    }
    return h;
}

int main(void)
{
    int failures = 0;

    /* small int array, printed in full */
    int small[] = {5, -3, 17, 0, 42, -100, 8, 8, 1, 2147483647, -2147483647 - 1, 99};
    size_t ns = sizeof small / sizeof small[0];
    qsort(small, ns, sizeof small[0], cmp_int);
    printf("ints:");
    for (size_t i = 0; i < ns; i++)
        printf(" %d", small[i]);
    printf("\n");
    qsort(small, ns, sizeof small[0], cmp_int_desc);
    printf("ints desc:");
    for (size_t i = 0; i < ns; i++)
        printf(" %d", small[i]);
    printf("\n");

    /* large int array: sortedness check, checksum and bsearch */
    enum { N = 20000 };
    int *big = malloc(N * sizeof *big);
    for (int i = 0; i < N; i++)
        big[i] = (int)(rng() % 1000000) - 500000;
    qsort(big, N, sizeof *big, cmp_int);
    for (int i = 1; i < N; i++)
        if (big[i - 1] > big[i])
            failures++;
    uint64_t h0 = 1469598103934665603ULL;
    for (int i = 0; i < N; i++)
        h0 = fnv_u32(h0, (uint32_t)big[i]);
    printf("big ints sorted: %s min=%d max=%d median=%d checksum=%016llx\n", failures ? "no" : "yes", big[0],
           big[N - 1], big[N / 2], (unsigned long long)h0);
    int found = 0, missing = 0;
    for (int k = -500000; k < 500000; k += 997) {
        int *hit = bsearch(&k, big, N, sizeof *big, cmp_int);
        if (hit) {
            found++;
            if (*hit != k)
                failures++;
        } else {
            missing++;
        }
    }
    printf("bsearch probes: found=%d missing=%d\n", found, missing);
    int key = big[1234];
    int *hit = bsearch(&key, big, N, sizeof *big, cmp_int);
    printf("bsearch existing value %d: %s\n", key, hit && *hit == key ? "found" : "NOT FOUND");
    free(big);

    /* doubles */
    double d[] = {3.5, -0.0, 0.0, -1e300, 1e-300, 2.25, -7.125, 1e300, 0.1, -0.1, 1.0 / 3.0, 100.0};
    size_t nd = sizeof d / sizeof d[0];
    qsort(d, nd, sizeof d[0], cmp_double);
    printf("doubles:");
    for (size_t i = 0; i < nd; i++)
        printf(" %g", d[i]);
    printf("\n");
    double dk = 2.25;
    double *dh = bsearch(&dk, d, nd, sizeof d[0], cmp_double);
    printf("bsearch 2.25 at index %ld\n", dh ? (long)(dh - d) : -1L);
    dk = 2.5;
    printf("bsearch 2.5: %s\n", bsearch(&dk, d, nd, sizeof d[0], cmp_double) ? "found" : "absent");

    /* strings */
    const char *words[] = {"pear", "apple", "Zebra", "banana", "apple pie", "cherry", "", "kiwi", "Apple",
                           "date", "fig", "grape", "zucchini", "aardvark", "k42", "K42"};
    size_t nw = sizeof words / sizeof words[0];
    qsort(words, nw, sizeof words[0], cmp_str);
    printf("strings:");
    for (size_t i = 0; i < nw; i++)
        printf(" \"%s\"", words[i]);
    printf("\n");
    const char *wk = "kiwi";
    const char **wh = bsearch(&wk, words, nw, sizeof words[0], cmp_str);
    printf("bsearch \"kiwi\" at index %ld\n", wh ? (long)(wh - words) : -1L);
    wk = "mango";
    printf("bsearch \"mango\": %s\n", bsearch(&wk, words, nw, sizeof words[0], cmp_str) ? "found" : "absent");

    /* generated strings, larger set */
    enum { NS = 3000 };
    char (*gen)[16] = malloc(NS * sizeof *gen);
    char **ptrs = malloc(NS * sizeof *ptrs);
    for (int i = 0; i < NS; i++) {
        int len = 1 + rng() % 10;
        for (int j = 0; j < len; j++)
            gen[i][j] = 'a' + rng() % 26;
        gen[i][len] = 0;
        ptrs[i] = gen[i];
    }
    qsort(ptrs, NS, sizeof *ptrs, cmp_str);
    uint64_t h = 1469598103934665603ULL;
    for (int i = 0; i < NS; i++) {
        if (i && strcmp(ptrs[i - 1], ptrs[i]) > 0)
            failures++;
        h = fnv(ptrs[i], strlen(ptrs[i]) + 1, h);
    }
    printf("generated strings: first=%s last=%s checksum=%016llx\n", ptrs[0], ptrs[NS - 1], (unsigned long long)h);
    free(ptrs);
    free(gen);

    /* structs, multi-key comparator */
    struct person people[] = {{"eve", 31}, {"bob", 25}, {"alice", 31}, {"dan", 19}, {"carol", 25}, {"frank", 40}};
    size_t np = sizeof people / sizeof people[0];
    qsort(people, np, sizeof people[0], cmp_person);
    printf("people:");
    for (size_t i = 0; i < np; i++)
        printf(" %s(%d)", people[i].name, people[i].age);
    printf("\n");

    printf("failures=%d\n", failures);
    return failures ? 1 : 0;
}
