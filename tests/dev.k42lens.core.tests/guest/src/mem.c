/* mem: anonymous mmap, mprotect, munmap, mremap, MAP_FIXED, and malloc/realloc/
 * calloc/free over many sizes including mmap-backed ones (> 128 KiB).
 * Prints checksums and yes/no facts, never addresses or the page size. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static int failures;

#define CHECK(cond)                                                        \
    do {                                                                   \
        if (!(cond)) {                                                     \
            printf("FAIL line %d: %s (errno=%d)\n", __LINE__, #cond, errno); \
            failures++;                                                    \
        }                                                                  \
    } while (0)

static uint64_t fnv(const unsigned char *p, size_t n)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++) {
        h ^= p[i];
        h *= 1099511628211ULL;
    }
    return h;
}

static void fill(unsigned char *p, size_t n, unsigned seed)
{
    for (size_t i = 0; i < n; i++)
        p[i] = (unsigned char)(i * 31 + seed + (i >> 8));
}

static int is_filled(const unsigned char *p, size_t n, unsigned seed)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] != (unsigned char)(i * 31 + seed + (i >> 8)))
            return 0;
    return 1;
}

static int all_zero(const unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i])
            return 0;
    return 1;
}

static const char *yesno(int b)
{
    return b ? "yes" : "no";
}

/* Fixed-size logical units so the output does not depend on the page size. */
enum { UNIT = 64 * 1024 };

static void mmap_tests(void)
{
    long page = sysconf(_SC_PAGESIZE);
    printf("-- mmap\n");
    size_t len = 4 * UNIT;
    unsigned char *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK(p != MAP_FAILED);
    printf("anonymous mmap page aligned: %s, zero filled: %s\n", yesno(((uintptr_t)p % page) == 0), yesno(all_zero(p, len)));
    fill(p, len, 7);
    printf("mmap checksum=%016llx\n", (unsigned long long)fnv(p, len));

    CHECK(mprotect(p, len, PROT_READ) == 0);
    printf("after mprotect(PROT_READ) checksum unchanged: %s\n", yesno(is_filled(p, len, 7)));
    CHECK(mprotect(p + UNIT, UNIT, PROT_READ | PROT_WRITE) == 0);
    memset(p + UNIT, 0xAB, UNIT);
    CHECK(mprotect(p, len, PROT_READ | PROT_WRITE) == 0);
    p[0] = 1;
    printf("after partial rw write checksum=%016llx\n", (unsigned long long)fnv(p, len));
    errno = 0;
    printf("mprotect unaligned fails with EINVAL: %s\n", yesno(mprotect(p + 1, UNIT, PROT_READ) == -1 && errno == EINVAL));

    /* unmap the third unit; the others stay intact */
    uint64_t before = fnv(p + 3 * UNIT, UNIT);
    CHECK(munmap(p + 2 * UNIT, UNIT) == 0);
    printf("after munmap of a middle unit, the next unit is intact: %s\n", yesno(fnv(p + 3 * UNIT, UNIT) == before));
    CHECK(munmap(p, 2 * UNIT) == 0);
    CHECK(munmap(p + 3 * UNIT, UNIT) == 0);

    /* mremap grow (may move) keeps old contents and zero-fills the rest */
    unsigned char *r = mmap(NULL, UNIT, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK(r != MAP_FAILED);
    fill(r, UNIT, 3);
    unsigned char *g = mremap(r, UNIT, 8 * UNIT, MREMAP_MAYMOVE);
    CHECK(g != MAP_FAILED);
    printf("mremap grow keeps data: %s, new part zero: %s\n", yesno(is_filled(g, UNIT, 3)), yesno(all_zero(g + UNIT, 7 * UNIT)));
    fill(g, 8 * UNIT, 11);
    printf("grown checksum=%016llx\n", (unsigned long long)fnv(g, 8 * UNIT));
    unsigned char *s = mremap(g, 8 * UNIT, 2 * UNIT, 0);
    printf("mremap shrink in place: %s, data kept: %s\n", yesno(s == g), yesno(is_filled(s, 2 * UNIT, 11)));
    CHECK(munmap(s, 2 * UNIT) == 0);

    /* MAP_FIXED over the middle of an existing mapping replaces just that part */
    unsigned char *f = mmap(NULL, 4 * UNIT, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK(f != MAP_FAILED);
    memset(f, 0x5A, 4 * UNIT);
    unsigned char *fx = mmap(f + UNIT, 2 * UNIT, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    printf("MAP_FIXED returned requested address: %s\n", yesno(fx == f + UNIT));
    int outer = 1;
    for (size_t i = 0; i < UNIT; i++)
        if (f[i] != 0x5A || f[3 * UNIT + i] != 0x5A)
            outer = 0;
    printf("MAP_FIXED region zeroed: %s, outside kept: %s\n", yesno(all_zero(f + UNIT, 2 * UNIT)), yesno(outer));
    CHECK(munmap(f, 4 * UNIT) == 0);

    /* a larger mapping touched sparsely */
    unsigned char *big = mmap(NULL, 64 * UNIT, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK(big != MAP_FAILED);
    for (size_t i = 0; i < 64 * UNIT; i += 4096)
        big[i] = (unsigned char)(i >> 12);
    uint64_t sum = 0;
    for (size_t i = 0; i < 64 * UNIT; i += 4096)
        sum += big[i];
    printf("4 MiB mapping touched every 4 KiB, sum=%llu\n", (unsigned long long)sum);
    CHECK(munmap(big, 64 * UNIT) == 0);
    errno = 0;
    printf("munmap of zero length fails with EINVAL: %s\n", yesno(munmap(big, 0) == -1 && errno == EINVAL));
}

static uint32_t rng_state = 2024u;

static uint32_t rng(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 17;
    rng_state ^= rng_state << 5;
    return rng_state;
}

static void malloc_tests(void)
{
    printf("-- malloc\n");
    size_t sizes[] = {0, 1, 7, 8, 15, 16, 24, 100, 1000, 4096, 65536, 131071, 131072, 200000, 1 << 20, 3 << 20};
    enum { NSZ = sizeof sizes / sizeof sizes[0] };
    unsigned char *ptrs[NSZ];
    uint64_t total = 0;
    for (int i = 0; i < NSZ; i++) {
        ptrs[i] = malloc(sizes[i]);
        CHECK(ptrs[i] != NULL);
        CHECK(((uintptr_t)ptrs[i] % 16) == 0);
        fill(ptrs[i], sizes[i], (unsigned)i);
    }
    for (int i = 0; i < NSZ; i++) {
        CHECK(is_filled(ptrs[i], sizes[i], (unsigned)i));
        total += fnv(ptrs[i], sizes[i]) >> 8;
    }
    printf("malloc %d sizes, 16-byte aligned, contents intact; sum of checksums=%016llx\n", NSZ, (unsigned long long)total);

    /* realloc grow and shrink, including across the mmap threshold */
    int kept = 1;
    for (int i = 0; i < NSZ; i++) {
        size_t ns = sizes[i] * 3 + 100;
        unsigned char *q = realloc(ptrs[i], ns);
        CHECK(q != NULL);
        if (!is_filled(q, sizes[i], (unsigned)i))
            kept = 0;
        memset(q + sizes[i], 0xEE, ns - sizes[i]);
        size_t shrink = sizes[i] / 2;
        unsigned char *q2 = realloc(q, shrink + 1);
        CHECK(q2 != NULL);
        if (!is_filled(q2, shrink, (unsigned)i))
            kept = 0;
        ptrs[i] = q2;
    }
    printf("realloc grow then shrink keeps prefix: %s\n", yesno(kept));
    for (int i = NSZ - 1; i >= 0; i -= 2)
        free(ptrs[i]);
    for (int i = NSZ - 2; i >= 0; i -= 2)
        free(ptrs[i]);

    /* calloc must zero, also when reusing freed dirty memory */
    unsigned char *dirty = malloc(5000);
    memset(dirty, 0xFF, 5000);
    free(dirty);
    unsigned char *c1 = calloc(1250, 4);
    unsigned char *c2 = calloc(1, 300000);
    unsigned char *c3 = calloc(33, 3);
    printf("calloc zeroed: small=%s big=%s odd=%s\n", yesno(all_zero(c1, 5000)), yesno(all_zero(c2, 300000)), yesno(all_zero(c3, 99)));
    errno = 0;
    volatile size_t huge = (size_t)1 << 62;
    void *ov = calloc(huge, 16);
    printf("calloc overflow returns NULL with ENOMEM: %s\n", yesno(ov == NULL && errno == ENOMEM));
    free(c1);
    free(c2);
    free(c3);

    /* random churn: many live blocks of mixed sizes */
    enum { SLOTS = 512 };
    static unsigned char *slot[SLOTS];
    static size_t slen[SLOTS];
    uint64_t h = 0;
    int bad = 0;
    for (int round = 0; round < 20000; round++) {
        int k = rng() % SLOTS;
        if (slot[k]) {
            if (!is_filled(slot[k], slen[k], (unsigned)k))
                bad++;
            h = h * 31 + fnv(slot[k], slen[k] < 64 ? slen[k] : 64);
            if (rng() % 4 == 0) {
                size_t ns = rng() % 3000;
                unsigned char *q = realloc(slot[k], ns ? ns : 1);
                size_t keep = slen[k] < ns ? slen[k] : ns;
                if (!is_filled(q, keep, (unsigned)k))
                    bad++;
                slot[k] = q;
                slen[k] = ns;
                fill(q, ns, (unsigned)k);
                continue;
            }
            free(slot[k]);
            slot[k] = NULL;
        } else {
            uint32_t r = rng();
            size_t n = (r % 100 == 0) ? 140000 + r % 100000 : r % 2048;
            slot[k] = malloc(n);
            slen[k] = n;
            fill(slot[k], n, (unsigned)k);
        }
    }
    for (int k = 0; k < SLOTS; k++)
        free(slot[k]);
    printf("churn: corrupt blocks=%d checksum=%016llx\n", bad, (unsigned long long)h);
    failures += bad;
}

int main(void)
{
    mmap_tests();
    malloc_tests();
    printf("failures=%d\n", failures);
    return failures ? 1 : 0;
}
