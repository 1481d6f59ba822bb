/* strings: snprintf, strtol, strlen, strstr, memcpy and strcmp in a loop: string-heavy libc work. */
#include <string.h>
#include "common.h"

int main(int argc, char **argv)
{
    long rounds = scaled(bench_scale(argc, argv), 1500000);
    char line[128], copy[128];
    unsigned long check = 0;
    for (long r = 0; r < rounds; r++) {
        int n = snprintf(line, sizeof line, "item-%ld:%lx:%s", r, r * 2654435761ul, r & 1 ? "odd" : "even");
        memcpy(copy, line, (size_t)n + 1);
        char *colon = strchr(copy, ':');
        long back = strtol(copy + 5, NULL, 10);
        check += (unsigned long)back + strlen(line) + (colon ? (unsigned long)(colon - copy) : 0);
        if (strstr(line, "odd") && strcmp(line, copy) == 0)
            check ^= (unsigned long)r;
    }
    printf("strings: check %lu, %ld rounds\n", check, rounds);
    return 0;
}
