/* transfer: sendfile and splice between files and pipes. sendfile of 100 KB into a non-blocking
 * pipe takes what fits (65536) and then answers EAGAIN, nothing read is lost; a blocking sendfile
 * feeds a reader in a child; splice moves bytes file to pipe and pipe to file at offsets, and
 * refuses two files (EINVAL), an offset on the pipe side (ESPIPE) and, with SPLICE_F_NONBLOCK,
 * an empty pipe (EAGAIN). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sendfile.h>
#include <sys/wait.h>
#include <unistd.h>

static int failures;

#define CHECK(cond)                                                        \
    do {                                                                   \
        if (!(cond)) {                                                     \
            printf("FAIL line %d: %s (errno=%d)\n", __LINE__, #cond, errno); \
            failures++;                                                    \
        }                                                                  \
    } while (0)

/* A temporary file holding n bytes of a known pattern. */
static int pattern_file(long n)
{
    char name[] = "/tmp/k42lens-iov-XXXXXX";
    int fd = mkstemp(name);
    CHECK(fd >= 0);
    unlink(name);
    char block[4096];
    for (long done = 0; done < n;) {
        int chunk = n - done < (long) sizeof block ? (int) (n - done) : (int) sizeof block;
        for (int i = 0; i < chunk; i++)
            block[i] = (char) ((done + i) * 7 % 251);
        CHECK(write(fd, block, chunk) == chunk);
        done += chunk;
    }
    lseek(fd, 0, SEEK_SET);
    return fd;
}

/* Reads the pipe to its end; counts the bytes and the ones that break the pattern from `start`. */
static void drain_pattern(int fd, long start, long *count, long *wrong)
{
    char buffer[8192];
    ssize_t n;
    while ((n = read(fd, buffer, sizeof buffer)) > 0) {
        for (ssize_t i = 0; i < n; i++)
            *wrong += buffer[i] != (char) ((start + *count + i) * 7 % 251);
        *count += n;
    }
}

static void sendfile_splice_test(void)
{
    const long size = 100000;
    int file = pattern_file(size);
    int p[2];
    CHECK(pipe2(p, O_NONBLOCK) == 0);
    ssize_t first = sendfile(p[1], file, NULL, size);
    ssize_t second = sendfile(p[1], file, NULL, size);
    int again = errno;
    printf("sendfile into an empty pipe: %zd, into the full pipe: %zd %s, file offset %ld\n", first, second,
           second < 0 ? strerrorname_np(again) : "", (long) lseek(file, 0, SEEK_CUR));
    long count = 0, wrong = 0;
    close(p[1]);
    drain_pattern(p[0], 0, &count, &wrong);
    close(p[0]);
    printf("the pipe held %ld bytes, %ld out of pattern\n", count, wrong);

    /* a blocking sendfile of the rest to a reader in a child */
    CHECK(pipe(p) == 0);
    fflush(stdout);
    pid_t child = fork();
    if (child == 0) {
        close(p[1]);
        long got = 0, bad = 0;
        drain_pattern(p[0], first, &got, &bad);
        _exit(got == size - first && bad == 0 ? 0 : 1);
    }
    close(p[0]);
    long sent = 0;
    ssize_t n;
    while ((n = sendfile(p[1], file, NULL, size)) > 0)
        sent += n;
    close(p[1]);
    int status;
    waitpid(child, &status, 0);
    printf("blocking sendfile sent the other %ld bytes, the reader got them intact: %s\n", sent,
           WIFEXITED(status) && WEXITSTATUS(status) == 0 ? "yes" : "no");

    /* splice: file to pipe at an offset, pipe to file at an offset */
    CHECK(pipe(p) == 0);
    loff_t from = 1000;
    n = splice(file, &from, p[1], NULL, 5000, 0);
    printf("splice file->pipe: %zd, offset now %ld, file offset still %ld\n", n, (long) from, (long) lseek(file, 0, SEEK_CUR));
    int out = pattern_file(0);
    loff_t to = 10;
    ssize_t m = splice(p[0], NULL, out, &to, 3000, 0);
    printf("splice pipe->file: %zd, offset now %ld, file size %ld\n", m, (long) to, (long) lseek(out, 0, SEEK_END));
    char check[3000];
    CHECK(pread(out, check, sizeof check, 10) == (ssize_t) sizeof check);
    long bad = 0;
    for (int i = 0; i < 3000; i++)
        bad += check[i] != (char) ((1000 + i) * 7 % 251);
    printf("  its bytes out of pattern: %ld; left in the pipe: %ld\n", bad, (long) read(p[0], check, sizeof check));
    printf("splice between two files: %s\n", splice(file, NULL, out, NULL, 10, 0) < 0 ? strerrorname_np(errno) : "ok");
    printf("splice with an offset on the pipe side: %s\n", splice(file, NULL, p[1], &to, 10, 0) < 0 ? strerrorname_np(errno) : "ok");
    printf("splice from an empty pipe, SPLICE_F_NONBLOCK: %s\n",
           splice(p[0], NULL, out, NULL, 10, SPLICE_F_NONBLOCK) < 0 ? strerrorname_np(errno) : "ok");
    close(p[0]);
    close(p[1]);
    close(out);
    close(file);
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    sendfile_splice_test();
    printf("failures=%d\n", failures);
    return failures ? 1 : 0;
}
