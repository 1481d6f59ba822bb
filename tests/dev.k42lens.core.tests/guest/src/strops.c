/* strops: string-heavy loop (sprintf, strlen, memcpy, memmove, strcmp, strncmp,
 * strstr, strchr, strrchr, memchr, memcmp, memset, strcpy, strcat, strtok_r)
 * at many lengths and alignments, printing checksums. */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t h = 1469598103934665603ULL;

static void mixin(uint64_t v)
{
    for (int i = 0; i < 8; i++) {
        h ^= (v >> (8 * i)) & 0xff;
        h *= 1099511628211ULL;
    }
}

static int sgn(int v)
{
    return (v > 0) - (v < 0);
}

int main(void)
{
    static char a[4096 + 64], b[4096 + 64], c[8192];
    uint64_t lens = 0;
    long found = 0;

    /* alignment/length sweep for the optimised string routines */
    for (int off = 0; off < 16; off++) {
        for (int len = 0; len < 300; len++) {
            char *s = a + off, *t = b + (15 - off);
            for (int i = 0; i < len; i++)
                s[i] = (char)('a' + (i * 7 + off) % 26);
            s[len] = 0;
            lens += strlen(s);
            memcpy(t, s, len + 1);
            mixin((uint64_t)sgn(strcmp(s, t)) + 1);
            if (len > 0) {
                t[len - 1] ^= 1;
                mixin((uint64_t)(sgn(strcmp(s, t)) + 1));
                mixin((uint64_t)(sgn(memcmp(s, t, len)) + 1));
                mixin((uint64_t)(sgn(strncmp(s, t, len - 1)) + 1));
                t[len - 1] ^= 1;
            }
            char *p = strchr(s, 'q');
            mixin(p ? (uint64_t)(p - s) : 999);
            p = strrchr(s, 'e');
            mixin(p ? (uint64_t)(p - s) : 999);
            p = memchr(s, 'z', len);
            mixin(p ? (uint64_t)(p - s) : 999);
            p = strstr(s, "hov");
            mixin(p ? (uint64_t)(p - s) : 999);
            mixin(strnlen(s, 100));
            memmove(s + 1, s, len);
            mixin((uint64_t)(unsigned char)s[len]);
        }
    }
    printf("sweep: total strlen=%llu checksum=%016llx\n", (unsigned long long)lens, (unsigned long long)h);

    /* sprintf/strcat/strtok loop */
    h = 1469598103934665603ULL;
    for (int iter = 0; iter < 3000; iter++) {
        int n = sprintf(c, "item-%05d:%x:%s:%.3f:%c", iter, iter * 2654435761u, (iter & 1) ? "odd" : "even",
                        iter / 7.0, 'A' + iter % 26);
        mixin((uint64_t)n);
        strcat(c, "|tail");
        for (int k = 0; k < iter % 5; k++)
            strcat(c, ",more");
        size_t l = strlen(c);
        mixin(l);
        char *save = NULL;
        int fields = 0;
        for (char *tok = strtok_r(c, ":|,", &save); tok; tok = strtok_r(NULL, ":|,", &save)) {
            fields++;
            mixin(strlen(tok));
            if (strcmp(tok, "odd") == 0)
                found++;
        }
        mixin((uint64_t)fields);
        strcpy(a, "needle");
        memset(b, 'x', 1000);
        b[1000] = 0;
        memcpy(b + (iter % 990), a, 6);
        char *p = strstr(b, a);
        mixin(p ? (uint64_t)(p - b) : 999);
    }
    printf("sprintf/strtok loop: odd=%ld checksum=%016llx\n", found, (unsigned long long)h);

    /* a few visible results */
    char buf[128];
    snprintf(buf, sizeof buf, "%s-%d-%s", "abc", 42, "xyz");
    printf("snprintf: %s len=%zu\n", buf, strlen(buf));
    printf("strcmp(\"abc\",\"abd\")<0: %s, strcmp(\"\\xe9\",\"a\")>0 (unsigned chars): %s\n",
           strcmp("abc", "abd") < 0 ? "yes" : "no", strcmp("\xe9", "a") > 0 ? "yes" : "no");
    const char *hay = "haystack with needle";
    printf("strstr(\"%s\",\"needle\") offset=%ld\n", hay, (long)(strstr(hay, "needle") - hay));
    printf("strspn=%zu strcspn=%zu strpbrk=%s\n", strspn("aaabbbccc", "ab"), strcspn("hello, world", ",!"),
           strpbrk("hello, world", "wo"));
    char *dup = strdup("Duplicate Me");
    for (char *q = dup; *q; q++)
        if (*q >= 'a' && *q <= 'z')
            *q -= 32;
    printf("strdup+upper: %s strcasecmp==0: %s\n", dup, strcasecmp(dup, "duplicate me") == 0 ? "yes" : "no");
    free(dup);
    return 0;
}
