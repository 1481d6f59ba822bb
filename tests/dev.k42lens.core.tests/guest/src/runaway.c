/* A program that takes more than a desktop has, in the way its argument says, and prints what the
 * kernel answered: "memory" maps and touches 100 GiB in 64 MiB pieces ("shared" the same, shared; "threadmemory" 16 MiB pieces from four threads at once), "reserve" maps 1 TiB it never
 * touches, "threads" starts 5000 threads that wait, "forkbomb" forks until fork fails (every child
 * waits for a pipe to close), "zombies" makes 3000 children and never reaps them, "files" opens its
 * own executable 100000 times without closing it, then asks for a pipe and a socket pair, "tmpfill" writes
 * 1 MiB pieces to a file in /tmp until a write fails (16 GiB at most), removes it and writes once more, "cpu" sets RLIMIT_CPU to 1 s and loops (SIGXCPU ends it).
 * Under a run's limits each stops at an error (ENOMEM, EAGAIN, EMFILE, ENOSPC) and exits 0; the count it
 * reached is printed. */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

static int gate[2];

static void *waiter(void *unused) {
    char c;
    while (read(gate[0], &c, 1) < 0 && errno == EINTR) {
    }
    return NULL;
}

/* "memory" with MAP_PRIVATE, "shared" with MAP_SHARED (shared anonymous memory, as shmem) */
static int memory(int sharing, const char *mode) {
    size_t piece = 64UL << 20;
    int pieces = 0;
    for (; pieces < 1600; pieces++) {
        char *p = mmap(NULL, piece, PROT_READ | PROT_WRITE, sharing | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED) {
            printf("mmap of piece %d: %s\n", pieces, strerrorname_np(errno));
            break;
        }
        memset(p, 1, piece);
    }
    printf("%s: %d MiB mapped and touched\n", mode, pieces * 64);
    return 0;
}

static void *toucher(void *unused) {
    for (int i = 0; i < 400; i++) {
        char *p = mmap(NULL, 16UL << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED) {
            break;
        }
        memset(p, 1, 16UL << 20);
    }
    return NULL;
}

/* "threadmemory": four threads touch memory at once (the process is killed once, whichever thread hits the limit) */
static int threadMemory(void) {
    pthread_t threads[4];
    for (int i = 0; i < 4; i++) {
        pthread_create(&threads[i], NULL, toucher, NULL);
    }
    for (int i = 0; i < 4; i++) {
        pthread_join(threads[i], NULL);
    }
    printf("threadmemory: all threads done\n");
    return 0;
}

static int reserve(void) {
    void *p = mmap(NULL, 1UL << 40, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    printf("reserve of 1 TiB: %s\n", p == MAP_FAILED ? strerrorname_np(errno) : "mapped");
    return 0;
}

static int threads(void) {
    int started = 0;
    pthread_t thread;
    for (; started < 5000; started++) {
        int error = pthread_create(&thread, NULL, waiter, NULL);
        if (error != 0) {
            printf("thread %d: %s\n", started, strerrorname_np(error));
            break;
        }
    }
    printf("threads: %d started\n", started);
    fflush(stdout);
    close(gate[1]); /* every waiter returns */
    _exit(0);
}

static int forkbomb(void) {
    int forked = 0;
    for (; forked < 100000; forked++) {
        pid_t child = fork();
        if (child < 0) {
            printf("fork %d: %s\n", forked, strerrorname_np(errno));
            break;
        }
        if (child == 0) {
            close(gate[1]);
            waiter(NULL);
            _exit(0);
        }
    }
    printf("forkbomb: %d children\n", forked);
    fflush(stdout);
    close(gate[1]);
    while (wait(NULL) > 0) {
    }
    return 0;
}

static int zombies(void) {
    int made = 0;
    for (; made < 3000; made++) {
        pid_t child = fork();
        if (child < 0) {
            printf("fork %d: %s\n", made, strerrorname_np(errno));
            break;
        }
        if (child == 0) {
            _exit(0);
        }
    }
    printf("zombies: %d children never reaped\n", made);
    return 0;
}

static int files(void) {
    int opened = 0;
    int failed = 0;
    const char *first = "none";
    for (int i = 0; i < 100000; i++) {
        if (open("/proc/self/exe", O_RDONLY) >= 0) {
            opened++;
        } else if (failed++ == 0) {
            first = strerrorname_np(errno);
        }
    }
    printf("files: %d opened, %d refused, the first with %s\n", opened, failed, first);
    int two[2] = { 77, 77 };
    printf("pipe: %s, descriptors left %d %d\n", pipe(two) == 0 ? "made" : strerrorname_np(errno), two[0], two[1]);
    printf("socketpair: %s\n", socketpair(AF_UNIX, SOCK_STREAM, 0, two) == 0 ? "made" : strerrorname_np(errno));
    return 0;
}

static int tmpfill(void) {
    static char piece[1 << 20];
    memset(piece, 'x', sizeof piece);
    int fd = open("/tmp/fill", O_WRONLY | O_CREAT | O_TRUNC, 0600);
    long mib = 0;
    ssize_t n = 0;
    while (mib < 16384 && (n = write(fd, piece, sizeof piece)) == (ssize_t) sizeof piece) {
        mib++;
    }
    const char *stop = n < 0 ? strerrorname_np(errno) : n == 0 ? "0" : "a short write";
    printf("tmpfill: %ld MiB written, then %s; a write of 0 bytes: %zd\n", mib, stop, write(fd, piece, 0));
    close(fd);
    unlink("/tmp/fill");
    fd = open("/tmp/again", O_WRONLY | O_CREAT, 0600);
    printf("after unlink: %s\n", write(fd, piece, sizeof piece) == (ssize_t) sizeof piece ? "1 MiB written" : strerrorname_np(errno));
    return 0;
}

static int cpu(void) {
    struct rlimit limit = { 1, 2 };
    setrlimit(RLIMIT_CPU, &limit);
    volatile unsigned long spins = 0;
    while (spins < ~0UL) {   /* centuries: SIGXCPU comes first */
        spins++;
    }
    return 0;
}

int main(int argc, char **argv) {
    if (argc != 2 || pipe(gate) != 0) {
        fprintf(stderr, "usage: runaway memory|shared|threadmemory|reserve|threads|forkbomb|zombies|files|tmpfill|cpu\n");
        return 2;
    }
    setvbuf(stdout, NULL, _IOLBF, 0);
    const char *mode = argv[1];
    return strcmp(mode, "memory") == 0 ? memory(MAP_PRIVATE, mode) : strcmp(mode, "shared") == 0 ? memory(MAP_SHARED, mode)
        : strcmp(mode, "threadmemory") == 0 ? threadMemory() : strcmp(mode, "reserve") == 0 ? reserve() : strcmp(mode, "threads") == 0 ? threads()
        : strcmp(mode, "forkbomb") == 0 ? forkbomb() : strcmp(mode, "zombies") == 0 ? zombies() : strcmp(mode, "files") == 0 ? files()
        : strcmp(mode, "tmpfill") == 0 ? tmpfill() : strcmp(mode, "cpu") == 0 ? cpu() : 2;
}
