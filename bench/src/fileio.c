/* fileio: file-system system calls in a loop, in a scratch directory under the current one:
 * open, pwrite, pread, lseek, fstat, stat, rename, readdir (getdents64), unlink, mkdir and rmdir:
 * the system-call layer and the guest file system rather than guest code. */
#include <dirent.h>
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "common.h"

int main(int argc, char **argv)
{
    long rounds = scaled(bench_scale(argc, argv), 25000);
    const char *dir = "fileio-scratch";
    char name[128], other[128], block[512];
    if (mkdir(dir, 0700) != 0) {
        perror(dir);
        return 1;
    }
    uint64_t check = 0;
    for (int i = 0; i < (int)sizeof block; i++)
        block[i] = (char)('a' + i % 26);
    for (long r = 0; r < rounds; r++) {
        snprintf(name, sizeof name, "%s/file-%ld", dir, r % 8);
        int fd = open(name, O_RDWR | O_CREAT | O_TRUNC, 0600);
        if (fd < 0) {
            perror(name);
            return 1;
        }
        for (int k = 0; k < 4; k++)
            check += (uint64_t)pwrite(fd, block, sizeof block - (size_t)k, (off_t)(k * 512));
        char back[64];
        check += (uint64_t)pread(fd, back, sizeof back, 700 + r % 100) + (uint64_t)back[r % 64];
        check += (uint64_t)lseek(fd, 0, SEEK_END);
        struct stat st;
        if (fstat(fd, &st) == 0)
            check += (uint64_t)st.st_size;
        close(fd);
        snprintf(other, sizeof other, "%s/renamed-%ld", dir, r % 8);
        check += rename(name, other) == 0;
        check += stat(other, &st) == 0 && S_ISREG(st.st_mode);
        if (r % 8 == 7) {                /* list the directory, then empty it */
            DIR *d = opendir(dir);
            struct dirent *e;
            int entries = 0;
            while ((e = readdir(d)) != NULL)
                if (e->d_name[0] != '.')
                    entries++;
            closedir(d);
            check += (uint64_t)entries * 1000;
            for (int k = 0; k < 8; k++) {
                snprintf(other, sizeof other, "%s/renamed-%d", dir, k);
                check += unlink(other) == 0;
            }
        }
        check += access(dir, R_OK | W_OK) == 0;
    }
    for (int k = 0; k < 8; k++) {
        snprintf(other, sizeof other, "%s/renamed-%d", dir, k);
        unlink(other);
    }
    check += rmdir(dir) == 0;
    printf("fileio: check %llu, %ld rounds\n", (unsigned long long)check, rounds);
    return 0;
}
