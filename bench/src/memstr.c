/* memstr: memcpy, memmove, memset, memcmp, memchr, strlen, strcmp, strncmp, strchr and strcpy on
 * lines of a generated 256 KiB text, at every alignment: glibc's optimised string and memory
 * routines, short and long. */
#include <stdint.h>
#include <string.h>
#include "common.h"

enum { TEXT = 1 << 18, LINES = 4096 };
static char text[TEXT + 64];
static char *line[LINES];

static void make_text(void)
{
    static const char *words[] = { "the", "quick", "brown", "fox", "jumps", "over", "lazy", "dog", "emulator",
                                   "register", "branch", "translation", "page", "guest", "host", "syscall" };
    uint32_t s = 12345;
    long at = 0;
    int lines = 0;
    while (lines < LINES) {
        line[lines++] = text + at;
        int n = 1 + (int)(s >> 16) % 14;
        for (int w = 0; w < n && at < TEXT - 32; w++) {
            s = s * 1103515245u + 12345u;
            const char *word = words[(s >> 16) % 16];
            size_t len = strlen(word);
            memcpy(text + at, word, len);
            at += (long)len;
            text[at++] = ' ';
        }
        s = s * 1103515245u + 12345u;
        text[at - 1] = '\0';
        if (at >= TEXT - 32)
            at = 0;
    }
}

int main(int argc, char **argv)
{
    static char buffer[TEXT + 256], other[TEXT + 256];
    make_text();
    long rounds = scaled(bench_scale(argc, argv), 800);
    uint64_t check = 0;
    for (long r = 0; r < rounds; r++) {
        size_t shift = (size_t)r % 61;
        memset(buffer, (int)(r & 0x7f), sizeof buffer);
        memcpy(buffer + shift, text, TEXT);
        memmove(buffer + shift + 3, buffer + shift, TEXT / 2);
        memcpy(other, buffer, sizeof other);
        other[TEXT / 2 + r % 1000] ^= 1;
        check += (uint64_t)(memcmp(buffer, other, sizeof other) > 0) + (uint64_t)(TEXT / 2 + r % 1000);
        for (int i = 0; i < LINES; i++) {
            const char *a = line[i], *b = line[(i * 7 + r) % LINES];
            size_t la = strlen(a);
            int c = strcmp(a, b);
            check += la + (uint64_t)(c > 0) * 3 + (uint64_t)(c < 0) * 5 + (uint64_t)(strncmp(a, b, 9) == 0);
            const char *space = strchr(a, ' ');
            if (space)
                check += (uint64_t)(space - a);
            const char *g = memchr(a, 'g', la);
            if (g)
                check ^= (uint64_t)(g - a) << (i % 40);
            char copy[512];
            if (la < sizeof copy) {
                strcpy(copy + (i & 7), a);
                check += strlen(copy + (i & 7)) + (uint64_t)(strcmp(copy + (i & 7), a) == 0);
            }
        }
    }
    printf("memstr: check %016llx, %ld rounds\n", (unsigned long long)check, rounds);
    return 0;
}
