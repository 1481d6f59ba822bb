/* syscalls: a tight loop of cheap system calls (getppid, and a 1-byte write to /dev/null): the layer's dispatch cost. */
#include <fcntl.h>
#include <unistd.h>
#include <sys/syscall.h>
#include "common.h"

int main(int argc, char **argv)
{
    long rounds = scaled(bench_scale(argc, argv), 3000000);
    int null = open("/dev/null", O_WRONLY);
    long sum = 0;
    for (long r = 0; r < rounds; r++) {
        sum += syscall(SYS_getppid) > 0;
        sum += write(null, "x", 1);
    }
    printf("syscalls: %ld calls returned as expected of %ld\n", sum, 2 * rounds);
    return 0;
}
