/* format: printf-family formatting of integers and doubles (%d %x %s %f %e %g %.17g) and parsing
 * back with strtod, strtol and sscanf: glibc's number conversion, multi-precision included. */
#include <stdint.h>
#include <string.h>
#include "common.h"

int main(int argc, char **argv)
{
    long rounds = scaled(bench_scale(argc, argv), 100000);
    char text[256];
    uint64_t check = 0, state = 0x853c49e6748fea9bull;
    double sum = 0;
    for (long r = 0; r < rounds; r++) {
        state = state * 6364136223846793005ull + 1442695040888963407ull;
        double x = (double)(int64_t)state / 9007199254740992.0 * (double)(1 << (r % 24));
        int n = snprintf(text, sizeof text, "%ld|%lx|%.3f|%e|%g|%.17g|%-8s|%+05d", r, (long)(state >> 20), x, x * 1e-7,
                         x / 3.0, x, r & 1 ? "odd" : "even", (int)(r % 9999) - 5000);
        check = check * 131 + (uint64_t)n;
        char *field = strrchr(text, '|');
        long back = strtol(field + 1, NULL, 10);
        char *g17 = text;
        for (int f = 0; f < 5; f++)
            g17 = strchr(g17, '|') + 1;
        double again = strtod(g17, NULL);
        check += (again == x) + (uint64_t)(back + 5000);
        double fixed, expo;
        long number;
        if (sscanf(text, "%ld|%*x|%lf|%lf", &number, &fixed, &expo) == 3) {
            sum += fixed + expo * 1e7;
            check += (uint64_t)number;
        }
    }
    printf("format: check %016llx sum %.10e, last \"%s\", %ld rounds\n", (unsigned long long)check, sum, text, rounds);
    return 0;
}
