/* pipes: a parent and a forked child bounce one byte through two pipes: blocking reads, process switches. */
#include <unistd.h>
#include <sys/wait.h>
#include "common.h"

int main(int argc, char **argv)
{
    long rounds = scaled(bench_scale(argc, argv), 60000);
    int down[2], up[2];
    if (pipe(down) || pipe(up))
        return 1;
    pid_t child = fork();
    char byte = 0;
    if (child == 0) {
        for (long r = 0; r < rounds; r++) {
            if (read(down[0], &byte, 1) != 1)
                _exit(2);
            byte++;
            if (write(up[1], &byte, 1) != 1)
                _exit(3);
        }
        _exit(0);
    }
    for (long r = 0; r < rounds; r++) {
        if (write(down[1], &byte, 1) != 1 || read(up[0], &byte, 1) != 1)
            return 4;
    }
    int status;
    waitpid(child, &status, 0);
    printf("pipes: %ld round trips, last byte %d, child status %d\n", rounds, (unsigned char)byte, WEXITSTATUS(status));
    return 0;
}
