/* Resource limits a process sets for itself, as `ulimit` in a shell does: getrlimit/setrlimit/
 * prlimit64 and what the kernel then refuses. RLIMIT_NOFILE lowered to 10 (opens fail with EMFILE
 * at descriptor 10; a child inherits it), the soft limit above the hard one (EINVAL), an unknown
 * resource (EINVAL), RLIMIT_AS lowered to 256 MiB (a 512 MiB mapping, mremap or sbrk fails with
 * ENOMEM, 1 MiB works), RLIMIT_CPU of 1 second (a busy child gets SIGXCPU; one that ignores it runs on until the
 * hard limit's SIGKILL), RLIMIT_FSIZE of 1000 bytes (a write cut at the limit, the next one EFBIG
 * with SIGXFSZ, ftruncate past it EFBIG, copy_file_range and sendfile cut at it too, pipes not limited). Values that differ between machines
 * are printed as comparisons only. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/sendfile.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *result(int r) {
    return r == 0 ? "0" : strerrorname_np(errno);
}

static int openUntilRefused(void) {
    int opened = 0;
    while (open("/dev/null", O_RDONLY) >= 0) {
        opened++;
    }
    printf("  opened %d more, then %s\n", opened, strerrorname_np(errno));
    return opened;
}

static void files(void) {
    struct rlimit limit;
    getrlimit(RLIMIT_NOFILE, &limit);
    printf("nofile: soft <= hard: %s\n", limit.rlim_cur <= limit.rlim_max ? "yes" : "no");
    struct rlimit ten = { 10, 10 };
    printf("setrlimit(NOFILE, 10/10): %s\n", result(setrlimit(RLIMIT_NOFILE, &ten)));
    getrlimit(RLIMIT_NOFILE, &limit);
    printf("getrlimit(NOFILE): %lu/%lu\n", (unsigned long)limit.rlim_cur, (unsigned long)limit.rlim_max);
    fflush(stdout);
    pid_t child = fork();
    if (child == 0) {
        printf("child:\n");
        openUntilRefused();
        fflush(stdout);
        _exit(0);
    }
    waitpid(child, NULL, 0);
    printf("parent:\n");
    openUntilRefused();
    int pipes[2];
    printf("pipe at the limit: %s\n", result(pipe(pipes)));
    for (int fd = 3; fd < 10; fd++) {
        close(fd);
    }
    struct rlimit inverted = { 8, 4 };
    printf("setrlimit(NOFILE, 8/4): %s\n", result(setrlimit(RLIMIT_NOFILE, &inverted)));
    printf("getrlimit(99): %s\n", result(getrlimit(99, &limit)));
    printf("prlimit(0, NOFILE, NULL, old): %s\n", result(prlimit(0, RLIMIT_NOFILE, NULL, &limit)));
    printf("  old %lu/%lu\n", (unsigned long)limit.rlim_cur, (unsigned long)limit.rlim_max);
}

static void memory(void) {
    struct rlimit limit = { 256UL << 20, 256UL << 20 };
    printf("setrlimit(AS, 256 MiB): %s\n", result(setrlimit(RLIMIT_AS, &limit)));
    void *big = mmap(NULL, 512UL << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    printf("mmap 512 MiB: %s\n", big == MAP_FAILED ? strerrorname_np(errno) : "mapped");
    void *small = mmap(NULL, 1UL << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    printf("mmap 1 MiB: %s\n", small == MAP_FAILED ? strerrorname_np(errno) : "mapped");
    void *grown = mremap(small, 1UL << 20, 512UL << 20, MREMAP_MAYMOVE);
    printf("mremap 1 MiB to 512 MiB: %s\n", grown == MAP_FAILED ? strerrorname_np(errno) : "grown");
    void *heap = sbrk(512L << 20);
    printf("sbrk 512 MiB: %s\n", heap == (void *)-1 ? strerrorname_np(errno) : "grown");
    heap = sbrk(1L << 20);
    printf("sbrk 1 MiB: %s\n", heap == (void *)-1 ? strerrorname_np(errno) : "grown");
}

static volatile int fileSizeSignals;

static void onXfsz(int signal) {
    fileSizeSignals++;
}

static void fileSize(void) {
    signal(SIGXFSZ, onXfsz);
    static char buffer[1500];
    char sourcePath[] = "/tmp/rlimits-source.XXXXXX";
    int source = mkstemp(sourcePath); /* 1500 bytes to copy from, written before the limit */
    unlink(sourcePath);
    write(source, buffer, sizeof buffer);
    struct rlimit limit;
    getrlimit(RLIMIT_FSIZE, &limit);
    limit.rlim_cur = 1000;
    printf("setrlimit(FSIZE, 1000): %s\n", result(setrlimit(RLIMIT_FSIZE, &limit)));
    char path[] = "/tmp/rlimits.XXXXXX";
    int fd = mkstemp(path);
    unlink(path);
    printf("write 1500 at 0: %zd\n", write(fd, buffer, sizeof buffer));
    ssize_t n = write(fd, buffer, 10);
    printf("write 10 at 1000: %s, SIGXFSZ %d\n", n < 0 ? strerrorname_np(errno) : "written", fileSizeSignals);
    printf("pwrite 10 at 500: %zd\n", pwrite(fd, buffer, 10, 500));
    const char *truncated = result(ftruncate(fd, 5000));
    printf("ftruncate to 5000: %s, SIGXFSZ %d\n", truncated, fileSizeSignals);
    printf("ftruncate to 100: %s\n", result(ftruncate(fd, 100)));
    /* copy_file_range and sendfile grow a file no further than write */
    loff_t from = 0, to = 900;
    printf("copy_file_range 500 to 900: %zd\n", copy_file_range(source, &from, fd, &to, 500, 0));
    to = 1000;
    n = copy_file_range(source, &from, fd, &to, 10, 0);
    printf("copy_file_range 10 to 1000: %s, SIGXFSZ %d\n", n < 0 ? strerrorname_np(errno) : "copied", fileSizeSignals);
    off_t offset = 0;
    lseek(fd, 950, SEEK_SET);
    printf("sendfile 500 to 950: %zd\n", sendfile(fd, source, &offset, 500));
    n = sendfile(fd, source, &offset, 10);
    printf("sendfile 10 to 1000: %s, SIGXFSZ %d\n", n < 0 ? strerrorname_np(errno) : "sent", fileSizeSignals);
    close(source);
    close(fd);
    int pipes[2];
    pipe(pipes);
    printf("pipe write 1500: %zd\n", write(pipes[1], buffer, sizeof buffer));
    close(pipes[0]);
    close(pipes[1]);
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_FSIZE, &limit);
}

static void onXcpu(int signal) {
    static const char message[] = "  SIGXCPU\n";
    write(1, message, sizeof message - 1);
    _exit(24);
}

/* A child that spins with RLIMIT_CPU soft 1 s, hard 2 s: prints how it ended. */
static void cpu(int ignore) {
    fflush(stdout);
    pid_t child = fork();
    if (child == 0) {
        struct rlimit limit = { 1, 2 };
        setrlimit(RLIMIT_CPU, &limit);
        signal(SIGXCPU, ignore ? SIG_IGN : onXcpu);
        for (volatile unsigned long i = 0;; i++) {
        }
    }
    int status;
    waitpid(child, &status, 0);
    if (WIFSIGNALED(status)) {
        printf("cpu (SIGXCPU %s): killed by signal %d\n", ignore ? "ignored" : "handled", WTERMSIG(status));
    } else {
        printf("cpu (SIGXCPU %s): exit status %d\n", ignore ? "ignored" : "handled", WEXITSTATUS(status));
    }
}

int main(void) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    files();
    memory();
    fileSize();
    cpu(0);
    cpu(1);
    return 0;
}
