/*
 * Shared memory between processes: MAP_SHARED|MAP_ANONYMOUS across fork (private pages stay
 * private), a PTHREAD_PROCESS_SHARED mutex and condition variable in a shared page, MAP_SHARED
 * file mappings against read()/write() and against each other, msync, munmap writing back,
 * mremap of a shared mapping, MADV_DONTNEED on private and shared memory, MAP_SHARED of
 * /dev/zero, memfd_create,
 * shm_open/shm_unlink, System V shmget/shmat/shmdt/shmctl, and a process-shared futex woken
 * from another process. Only the parent prints, after the children it reports on have ended;
 * a child reports through its exit status.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/futex.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define PAGE 4096

static int failures;

static void check(const char *what, int ok) {
    printf("%s: %s\n", what, ok ? "ok" : "FAIL");
    if (!ok) {
        failures++;
    }
}

/** fork, with nothing buffered that the child would print again; a failed fork fails the check that waits for it. */
static pid_t fork_flushed(void) {
    fflush(stdout);
    return fork();
}

/** Waits for the child and returns its exit status, or -1 when there is none or it did not exit normally. */
static int child_status(pid_t child) {
    int status;
    if (waitpid(child, &status, 0) != child || !WIFEXITED(status)) {
        return -1;
    }
    return WEXITSTATUS(status);
}

static void *map_shared_anonymous(size_t length) {
    void *p = mmap(NULL, length, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) {
        printf("FAIL mmap shared anonymous: %s\n", strerror(errno));
        exit(1);
    }
    return p;
}

static void shared_anonymous(void) {
    volatile int *shared = map_shared_anonymous(PAGE);
    volatile int *private = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    int to_child[2], to_parent[2];
    if (private == MAP_FAILED || pipe(to_child) != 0 || pipe(to_parent) != 0) {
        printf("FAIL setup\n");
        exit(1);
    }
    shared[0] = 1;
    private[0] = 1;
    pid_t child = fork_flushed();
    if (child == 0) {
        char token;
        int bad = 0;
        for (int round = 0; round < 50; round++) {
            if (read(to_child[0], &token, 1) != 1) _exit(90);
            bad |= shared[0] != 2 * round + 2;
            shared[0]++;
            private[0] += 100;
            if (write(to_parent[1], "c", 1) != 1) _exit(91);
        }
        _exit(bad ? 1 : private[0] == 5001 ? 0 : 2);
    }
    int bad = 0;
    char token;
    for (int round = 0; round < 50; round++) {
        shared[0]++;
        if (write(to_child[1], "p", 1) != 1) exit(1);
        if (read(to_parent[0], &token, 1) != 1) exit(1);
        bad |= shared[0] != 2 * round + 3;
    }
    int status = child_status(child);
    printf("shared counter after 50 rounds each: %d\n", shared[0]);
    check("both sides saw every update", !bad && status == 0);
    check("private page stays private", private[0] == 1);
    munmap((void *) shared, PAGE);
    munmap((void *) private, PAGE);
    close(to_child[0]); close(to_child[1]); close(to_parent[0]); close(to_parent[1]);
}

struct rendezvous {
    pthread_mutex_t mutex;
    pthread_cond_t changed;
    int turn;   /* 0: the parent's, 1: the child's */
    int count;
};

static int take_turns(struct rendezvous *r, int me, int rounds) {
    int order_ok = 1;
    for (int i = 0; i < rounds; i++) {
        pthread_mutex_lock(&r->mutex);
        while (r->turn != me) {
            pthread_cond_wait(&r->changed, &r->mutex);
        }
        order_ok &= r->count % 2 == me;
        r->count++;
        r->turn = 1 - me;
        pthread_cond_broadcast(&r->changed);
        pthread_mutex_unlock(&r->mutex);
    }
    return order_ok;
}

static void shared_mutex_and_condvar(void) {
    struct rendezvous *r = map_shared_anonymous(PAGE);
    pthread_mutexattr_t mutex_attributes;
    pthread_condattr_t cond_attributes;
    pthread_mutexattr_init(&mutex_attributes);
    pthread_mutexattr_setpshared(&mutex_attributes, PTHREAD_PROCESS_SHARED);
    pthread_condattr_init(&cond_attributes);
    pthread_condattr_setpshared(&cond_attributes, PTHREAD_PROCESS_SHARED);
    pthread_mutex_init(&r->mutex, &mutex_attributes);
    pthread_cond_init(&r->changed, &cond_attributes);
    pid_t child = fork_flushed();
    if (child == 0) {
        _exit(take_turns(r, 1, 200) ? 0 : 1);
    }
    int ok = take_turns(r, 0, 200);
    int status = child_status(child);
    printf("process-shared mutex and condvar: count %d\n", r->count);
    check("turns alternated in both processes", ok && status == 0);
    pthread_cond_destroy(&r->changed);
    pthread_mutex_destroy(&r->mutex);
    munmap(r, PAGE);
}

static int temp_file(char *path, size_t size) {
    snprintf(path, size, "/tmp/k42lens-shm-XXXXXX");
    int fd = mkstemp(path);
    if (fd < 0 || ftruncate(fd, 2 * PAGE) != 0) {
        printf("FAIL temp file: %s\n", strerror(errno));
        exit(1);
    }
    return fd;
}

static int read_equals(int fd, off_t at, const char *expected) {
    char buffer[64] = { 0 };
    size_t length = strlen(expected);
    return pread(fd, buffer, length, at) == (ssize_t) length && memcmp(buffer, expected, length) == 0;
}

static void shared_file(void) {
    char path[64];
    int fd = temp_file(path, sizeof path);
    char *map = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (map == MAP_FAILED) {
        printf("FAIL mmap file: %s\n", strerror(errno));
        exit(1);
    }
    pid_t child = fork_flushed();
    if (child == 0) {
        memcpy(map + 100, "written by the child", 20);
        _exit(0);
    }
    int status = child_status(child);
    check("child's store through the mapping, parent's pread", status == 0 && read_equals(fd, 100, "written by the child"));
    check("and the parent's own mapping", memcmp(map + 100, "written by the child", 20) == 0);

    if (pwrite(fd, "pwritten by the parent", 22, PAGE + 10) != 22) exit(1);
    check("parent's pwrite, seen in its mapping", memcmp(map + PAGE + 10, "pwritten by the parent", 22) == 0);
    child = fork_flushed();
    if (child == 0) {
        int seen = memcmp(map + PAGE + 10, "pwritten by the parent", 22) == 0;
        if (pwrite(fd, "child's pwrite", 14, 300) != 14) _exit(2);
        _exit(seen ? 0 : 1);
    }
    status = child_status(child);
    check("child sees the parent's pwrite in the inherited mapping", status == 0);
    check("parent sees the child's pwrite in its mapping", memcmp(map + 300, "child's pwrite", 14) == 0);

    memcpy(map + 500, "through the map, then read()", 28);
    int other = open(path, O_RDONLY);
    char buffer[28];
    check("read() of another open file description sees stores",
          lseek(other, 500, SEEK_SET) == 500 && read(other, buffer, 28) == 28 && memcmp(buffer, "through the map, then read()", 28) == 0);

    /* two mappings of the same file in one process, one of them at an offset */
    char *second = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, PAGE);
    char *third = mmap(NULL, 2 * PAGE, PROT_READ, MAP_SHARED, other, 0);
    if (second == MAP_FAILED || third == MAP_FAILED) {
        printf("FAIL second mappings: %s\n", strerror(errno));
        exit(1);
    }
    map[PAGE + 1000] = 'A';
    second[1001] = 'B';
    check("two mappings of one file see each other", second[1000] == 'A' && map[PAGE + 1001] == 'B');
    check("a read-only mapping from another open sees both", third[PAGE + 1000] == 'A' && third[PAGE + 1001] == 'B');

    /* msync and its argument checks */
    check("msync(MS_SYNC)", msync(map, 2 * PAGE, MS_SYNC) == 0);
    check("msync(MS_ASYNC|MS_INVALIDATE)", msync(second, PAGE, MS_ASYNC | MS_INVALIDATE) == 0);
    errno = 0;
    check("msync unaligned: EINVAL", msync(map + 1, PAGE, MS_SYNC) == -1 && errno == EINVAL);
    errno = 0;
    check("msync MS_SYNC|MS_ASYNC: EINVAL", msync(map, PAGE, MS_SYNC | MS_ASYNC) == -1 && errno == EINVAL);
    errno = 0;
    check("msync unknown flag: EINVAL", msync(map, PAGE, 0x100) == -1 && errno == EINVAL);

    /* munmap writes back; a fresh open reads what the mapping held */
    memcpy(second + 2000, "before munmap", 13);
    munmap(second, PAGE);
    munmap(map, 2 * PAGE);
    munmap(third, 2 * PAGE);
    close(fd);
    fd = open(path, O_RDONLY);
    check("contents after munmap", read_equals(fd, PAGE + 2000, "before munmap") && read_equals(fd, 100, "written by the child"));

    /* a writable shared mapping needs a descriptor open for writing */
    errno = 0;
    check("PROT_WRITE MAP_SHARED of an O_RDONLY file: EACCES",
          mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0) == MAP_FAILED && errno == EACCES);
    char *readonly = mmap(NULL, PAGE, PROT_READ, MAP_SHARED, fd, 0);
    errno = 0;
    check("mprotect(PROT_WRITE) of its read-only shared mapping: EACCES",
          readonly != MAP_FAILED && mprotect(readonly, PAGE, PROT_READ | PROT_WRITE) == -1 && errno == EACCES);
    munmap(readonly, PAGE);
    char *copy = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    check("PROT_WRITE MAP_PRIVATE of an O_RDONLY file", copy != MAP_FAILED && memcmp(copy + 100, "written by the child", 20) == 0);
    copy[100] = 'X';
    check("a private copy's store stays out of the file", read_equals(fd, 100, "written by the child"));
    munmap(copy, PAGE);
    close(fd);
    close(other);
    unlink(path);
}

static void shared_mremap(void) {
    /* a PROT_NONE reservation around the mapping makes growing in place impossible */
    char *reservation = mmap(NULL, 4 * PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    char *p = mmap(reservation, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    if (reservation == MAP_FAILED || p != reservation) {
        printf("FAIL mremap setup\n");
        exit(1);
    }
    p[0] = 'a';
    p[PAGE] = 'b';
    check("mremap shrink in place", mremap(p, 2 * PAGE, PAGE, 0) == p);
    mmap(p + PAGE, PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    char *q = mremap(p, PAGE, 2 * PAGE, MREMAP_MAYMOVE);
    check("mremap grow moves", q != MAP_FAILED && q != p);
    check("moved mapping keeps both pages", q[0] == 'a' && q[PAGE] == 'b');
    pid_t child = fork_flushed();
    if (child == 0) {
        q[0] = 'c';
        q[PAGE] = 'd';
        _exit(0);
    }
    int status = child_status(child);
    check("moved mapping is still shared", status == 0 && q[0] == 'c' && q[PAGE] == 'd');
    munmap(q, 2 * PAGE);
    munmap(reservation, 4 * PAGE);
}

static void dontneed(void) {
    char *private = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    char *shared = map_shared_anonymous(PAGE);
    private[7] = 'x';
    shared[7] = 'y';
    check("MADV_DONTNEED private", madvise(private, PAGE, MADV_DONTNEED) == 0 && private[7] == 0);
    check("MADV_DONTNEED shared keeps the contents", madvise(shared, PAGE, MADV_DONTNEED) == 0 && shared[7] == 'y');
    munmap(private, PAGE);
    munmap(shared, PAGE);
}

static void dev_zero(void) {
    int fd = open("/dev/zero", O_RDWR);
    volatile int *zero = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    close(fd);
    if (zero == MAP_FAILED) {
        printf("FAIL mmap /dev/zero: %s\n", strerror(errno));
        exit(1);
    }
    pid_t child = fork_flushed();
    if (child == 0) {
        zero[1] = 77;
        _exit(0);
    }
    int status = child_status(child);
    check("MAP_SHARED of /dev/zero is shared across fork", status == 0 && zero[1] == 77);
    munmap((void *) zero, PAGE);
}

static void memfd(void) {
    int fd = memfd_create("k42lens", 0);
    if (fd < 0) {
        printf("FAIL memfd_create: %s\n", strerror(errno));
        exit(1);
    }
    struct stat st;
    check("memfd starts empty", fstat(fd, &st) == 0 && st.st_size == 0 && S_ISREG(st.st_mode));
    check("ftruncate", ftruncate(fd, 2 * PAGE) == 0 && fstat(fd, &st) == 0 && st.st_size == 2 * PAGE);
    check("write", write(fd, "memfd text", 10) == 10);
    char link[64] = { 0 }, name[32];
    snprintf(name, sizeof name, "/proc/self/fd/%d", fd);
    ssize_t n = readlink(name, link, sizeof link - 1);
    printf("memfd link: %s\n", n > 0 ? link : strerror(errno));
    int reopened = open(name, O_RDONLY);
    check("reopened through /proc/self/fd", reopened >= 0 && read_equals(reopened, 0, "memfd text"));
    close(reopened);
    char *map = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    check("mmap sees the write", map != MAP_FAILED && memcmp(map, "memfd text", 10) == 0);
    pid_t child = fork_flushed();
    if (child == 0) {
        memcpy(map + PAGE, "child", 5);
        _exit(0);
    }
    int status = child_status(child);
    check("child's store, parent's pread", status == 0 && read_equals(fd, PAGE, "child"));
    char buffer[10];
    check("lseek + read", lseek(fd, 0, SEEK_SET) == 0 && read(fd, buffer, 10) == 10 && memcmp(buffer, "memfd text", 10) == 0);
    munmap(map, 2 * PAGE);
    close(fd);
}

static void posix_shm(void) {
    char name[64];
    snprintf(name, sizeof name, "/k42lens-shm-%d", (int) getpid());
    int fd = shm_open(name, O_CREAT | O_EXCL | O_RDWR, 0600);
    if (fd < 0) {
        printf("FAIL shm_open: %s\n", strerror(errno));
        exit(1);
    }
    check("ftruncate", ftruncate(fd, PAGE) == 0);
    int *counter = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    pid_t child = fork_flushed();
    if (child == 0) {
        int again = shm_open(name, O_RDWR, 0);
        int *view = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, again, 0);
        if (again < 0 || view == MAP_FAILED) _exit(1);
        *view = 42;
        _exit(0);
    }
    int status = child_status(child);
    check("child's own shm_open mapping reaches the parent's", status == 0 && *counter == 42);
    check("shm_unlink", shm_unlink(name) == 0);
    errno = 0;
    check("shm_open after unlink: ENOENT", shm_open(name, O_RDWR, 0) == -1 && errno == ENOENT);
    check("the mapping outlives the name", *counter == 42);
    munmap(counter, PAGE);
    close(fd);
}

static int attached(int id) {
    struct shmid_ds ds;
    return shmctl(id, IPC_STAT, &ds) == 0 ? (int) ds.shm_nattch : -errno;
}

static void sysv_shm(void) {
    int id = shmget(IPC_PRIVATE, 3 * PAGE, IPC_CREAT | 0600);
    char *p = shmat(id, NULL, 0);
    if (id < 0 || p == (void *) -1) {
        printf("FAIL shmget/shmat: %s\n", strerror(errno));
        exit(1);
    }
    struct shmid_ds ds;
    check("IPC_STAT size", shmctl(id, IPC_STAT, &ds) == 0 && ds.shm_segsz == 3 * PAGE);
    printf("attached after shmat: %d\n", attached(id));
    pid_t child = fork_flushed();
    if (child == 0) {
        int count = attached(id);
        strcpy(p + 2 * PAGE, "segment");
        _exit(count == 2 ? 0 : 1);
    }
    int status = child_status(child);
    check("attached twice in the child, which stored", status == 0 && strcmp(p + 2 * PAGE, "segment") == 0);
    printf("attached after the child exited: %d\n", attached(id));
    char *second = shmat(id, NULL, SHM_RDONLY);
    check("a second attachment sees it", second != (void *) -1 && strcmp(second + 2 * PAGE, "segment") == 0);
    errno = 0;
    check("mprotect(PROT_WRITE) of a SHM_RDONLY attachment: EACCES",
          mprotect(second, 3 * PAGE, PROT_READ | PROT_WRITE) == -1 && errno == EACCES);
    printf("attached twice: %d\n", attached(id));
    check("shmdt", shmdt(second) == 0 && shmdt(p) == 0);
    printf("attached after shmdt: %d\n", attached(id));
    errno = 0;
    check("shmdt of no attachment: EINVAL", shmdt(p) == -1 && errno == EINVAL);
    check("IPC_RMID", shmctl(id, IPC_RMID, NULL) == 0);
    errno = 0;
    check("IPC_STAT after IPC_RMID: EINVAL", shmctl(id, IPC_STAT, &ds) == -1 && errno == EINVAL);

    key_t key = 0x4b340000 + (getpid() & 0xffff);
    id = shmget(key, PAGE, IPC_CREAT | IPC_EXCL | 0600);
    check("shmget with a key", id >= 0 && shmget(key, 0, 0) == id);
    errno = 0;
    check("IPC_CREAT|IPC_EXCL again: EEXIST", shmget(key, PAGE, IPC_CREAT | IPC_EXCL | 0600) == -1 && errno == EEXIST);
    errno = 0;
    check("larger than the segment: EINVAL", shmget(key, 2 * PAGE, 0) == -1 && errno == EINVAL);
    int *value = shmat(id, NULL, 0);
    *value = 7;
    check("IPC_RMID while attached", shmctl(id, IPC_RMID, NULL) == 0);
    errno = 0;
    check("the key is gone: ENOENT", shmget(key, 0, 0) == -1 && errno == ENOENT);
    check("the attachment stays usable", *value == 7 && shmdt(value) == 0);
}

static long futex(volatile int *address, int op, int value) {
    return syscall(SYS_futex, address, op, value, NULL, NULL, 0);
}

static void shared_futex(void) {
    volatile int *word = map_shared_anonymous(PAGE);
    pid_t child = fork_flushed();
    if (child == 0) {
        /* returns 0 only when woken; EAGAIN would mean the word changed, which it never does */
        _exit(futex(word, FUTEX_WAIT, 0) == 0 ? 0 : 1);
    }
    long woken = 0;
    for (int tries = 0; tries < 10000 && woken == 0; tries++) {
        usleep(1000);
        woken = futex(word, FUTEX_WAKE, 1);
    }
    int status = child_status(child);
    printf("shared FUTEX_WAKE woke %ld\n", woken);
    check("the waiting child returned 0", status == 0);
    munmap((void *) word, PAGE);
}

int main(void) {
    shared_anonymous();
    shared_mutex_and_condvar();
    shared_file();
    shared_mremap();
    dontneed();
    dev_zero();
    memfd();
    posix_shm();
    sysv_shm();
    shared_futex();
    printf("%s\n", failures == 0 ? "all checks passed" : "some checks failed");
    return failures == 0 ? 0 : 1;
}
