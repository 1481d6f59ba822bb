/* iov: readv/writev (and preadv/pwritev) with several iovecs, through a pipe,
 * a temporary file and stdout.  With the argument "stdin" it also readv()s
 * standard input to EOF and prints what it got. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

static int failures;

#define CHECK(cond)                                                        \
    do {                                                                   \
        if (!(cond)) {                                                     \
            printf("FAIL line %d: %s (errno=%d)\n", __LINE__, #cond, errno); \
            failures++;                                                    \
        }                                                                  \
    } while (0)

static void show(const char *title, struct iovec *iov, int n)
{
    printf("%s:", title);
    for (int i = 0; i < n; i++)
        printf(" [%.*s]", (int)iov[i].iov_len, (char *)iov[i].iov_base);
    printf("\n");
}

static void pipe_test(void)
{
    int p[2];
    CHECK(pipe(p) == 0);
    char a[] = "alpha-", b[] = "", c[] = "bravo-charlie-", d[] = "delta";
    struct iovec w[] = {{a, 6}, {b, 0}, {c, 14}, {d, 5}};
    ssize_t n = writev(p[1], w, 4);
    printf("writev to pipe wrote %zd bytes\n", n);
    char x[4], y[10], z[16];
    memset(z, 0, sizeof z);
    struct iovec r[] = {{x, sizeof x}, {y, sizeof y}, {z, sizeof z}};
    n = readv(p[0], r, 3);
    printf("readv from pipe read %zd bytes\n", n);
    r[2].iov_len = n - sizeof x - sizeof y;
    show("pipe pieces", r, 3);
    close(p[1]);
    n = readv(p[0], r, 3);
    printf("readv after writer closed: %zd\n", n);
    close(p[0]);
}

static void file_test(void)
{
    char name[] = "/tmp/k42lens-iov-XXXXXX";
    int fd = mkstemp(name);
    CHECK(fd >= 0);
    CHECK(unlink(name) == 0);

    char l1[] = "line one\n", l2[] = "line two\n", l3[] = "third and last line\n";
    struct iovec w[] = {{l1, strlen(l1)}, {l2, strlen(l2)}, {l3, strlen(l3)}};
    ssize_t n = writev(fd, w, 3);
    printf("writev to file wrote %zd bytes, offset now %ld\n", n, (long)lseek(fd, 0, SEEK_CUR));

    char h1[5], h2[8], h3[64];
    memset(h3, 0, sizeof h3);
    struct iovec r[] = {{h1, sizeof h1}, {h2, sizeof h2}, {h3, sizeof h3}};
    CHECK(lseek(fd, 0, SEEK_SET) == 0);
    n = readv(fd, r, 3);
    printf("readv from file read %zd bytes\n", n);
    r[2].iov_len = n - sizeof h1 - sizeof h2;
    printf("file pieces: [%.5s] [%.8s] [", h1, h2);
    fwrite(h3, 1, r[2].iov_len, stdout);
    printf("]\n");

    /* pwritev/preadv at offsets, file offset unchanged */
    char p1[] = "ONE", p2[] = "TWO";
    struct iovec pw[] = {{p1, 3}, {p2, 3}};
    off_t before = lseek(fd, 0, SEEK_CUR);
    n = pwritev(fd, pw, 2, 5);
    printf("pwritev wrote %zd, offset unchanged: %s\n", n, lseek(fd, 0, SEEK_CUR) == before ? "yes" : "no");
    char q1[4] = {0}, q2[11] = {0};
    struct iovec pr[] = {{q1, 3}, {q2, 10}};
    n = preadv(fd, pr, 2, 2);
    printf("preadv read %zd: [%s] [%s]\n", n, q1, q2);
    /* iovec with a zero-length entry in the middle at EOF */
    struct iovec e[] = {{q1, 0}, {q2, 5}};
    n = readv(fd, e, 2);
    printf("readv at EOF: %zd\n", n);
    close(fd);
}

static void stdout_test(void)
{
    char a[] = "writev ", b[] = "to ", c[] = "stdout", d[] = " in four pieces\n";
    struct iovec w[] = {{a, strlen(a)}, {b, strlen(b)}, {c, strlen(c)}, {d, strlen(d)}};
    fflush(stdout);
    ssize_t n = writev(STDOUT_FILENO, w, 4);
    printf("writev(stdout) returned %zd\n", n);
    fflush(stdout);
    struct iovec many[40];
    char digits[40][3];
    for (int i = 0; i < 40; i++) {
        digits[i][0] = '0' + i / 10;
        digits[i][1] = '0' + i % 10;
        digits[i][2] = i == 39 ? '\n' : ' ';
        many[i].iov_base = digits[i];
        many[i].iov_len = 3;
    }
    n = writev(STDOUT_FILENO, many, 40);
    printf("writev(stdout, 40 iovecs) returned %zd\n", n);
    errno = 0;
    volatile int badcount = -1;
    n = writev(STDOUT_FILENO, many, badcount);
    printf("writev with iovcnt=-1 fails with EINVAL: %s\n", n == -1 && errno == EINVAL ? "yes" : "no");
}

static void stdin_test(void)
{
    static char buf[3][7];
    uint64_t h = 1469598103934665603ULL;
    long total = 0, calls = 0, lines = 0;
    for (;;) {
        struct iovec r[3] = {{buf[0], 7}, {buf[1], 3}, {buf[2], 7}};
        ssize_t n = readv(STDIN_FILENO, r, 3);
        if (n < 0) {
            printf("readv(stdin) failed errno=%d\n", errno);
            failures++;
            break;
        }
        if (n == 0)
            break;
        calls++;
        ssize_t left = n;
        for (int i = 0; i < 3 && left > 0; i++) {
            size_t take = (size_t)left < r[i].iov_len ? (size_t)left : r[i].iov_len;
            for (size_t j = 0; j < take; j++) {
                unsigned char ch = ((unsigned char *)r[i].iov_base)[j];
                h = (h ^ ch) * 1099511628211ULL;
                if (ch == '\n')
                    lines++;
            }
            left -= take;
        }
        total += n;
    }
    printf("stdin: bytes=%ld lines=%ld fnv=%016llx readv calls>0: %s\n", total, lines, (unsigned long long)h,
           calls > 0 ? "yes" : "no");
}

int main(int argc, char **argv)
{
    pipe_test();
    file_test();
    stdout_test();
    if (argc > 1 && strcmp(argv[1], "stdin") == 0)
        stdin_test();
    printf("failures=%d\n", failures);
    return failures ? 1 : 0;
}
