/* System calls made with bad arguments, as a careless or hostile program makes them: pointers to
 * nowhere, lengths of SIZE_MAX, negative sizes and descriptors, unknown flags, paths longer than
 * PATH_MAX, file names that are not UTF-8, an execve argument over the kernel's limit and a signal
 * frame that cannot be written. Each line is the call and what the program got back: the result, or
 * -1 and the errno's name. Linux answers every one of them to the program; none may end the run. */
#define _GNU_SOURCE
/* the bad sizes are the point */
#pragma GCC diagnostic ignored "-Wstringop-overflow"
#pragma GCC diagnostic ignored "-Wstringop-overread"
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/time.h>
#include <sys/times.h>
#include <sys/uio.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* An address in no mapping of any of the four flavours, nor of the host's build. */
#define WILD ((void *)0x12345f6a0UL)

/* SIZE_MAX, hidden from the compiler's object-size checks */
static volatile size_t sizeMax = SIZE_MAX;

static void show(const char *call, long result) {
    if (result < 0) {
        printf("%-44s -1 %s\n", call, strerrorname_np(errno));
    } else {
        printf("%-44s %ld\n", call, result);
    }
}

#define T(expr) show(#expr, (long)(expr))

/* A name made of bytes, printed with every byte outside printable ASCII as \xNN. */
static void showName(const char *what, const char *name) {
    printf("%s ", what);
    for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
        if (*p >= 0x20 && *p < 0x7f) {
            putchar(*p);
        } else {
            printf("\\x%02x", *p);
        }
    }
    putchar('\n');
}

static void io(void) {
    char buf[64];
    int zero = open("/dev/zero", O_RDONLY);
    int null = open("/dev/null", O_WRONLY);
    T(read(zero, WILD, 10));
    T(read(zero, buf, sizeMax));
    T(read(-1, buf, 10));
    T(read(zero, buf, 0));
    T(write(null, buf, sizeMax));
    T(write(1, WILD, 5));
    T(pread(zero, WILD, 10, 0));
    T(pread(zero, buf, 10, -1));
    T(pread(zero, buf, sizeMax, 0));
    T(pwrite(null, buf, 10, -1));
    struct iovec bad[2] = { { buf, 4 }, { WILD, 4 } };
    T(writev(null, (struct iovec *)WILD, 1));
    T(readv(zero, bad, 2));
    struct iovec huge[2] = { { buf, sizeMax }, { buf, 4 } };
    T(writev(null, huge, 2));
    T(writev(null, bad, -1));
    T(writev(null, bad, 1025));
    T(syscall(SYS_getrandom, WILD, 16, 0));
    T(syscall(SYS_getrandom, buf, 16, 0xff));
    T(syscall(SYS_getrandom, buf, 0, 0));
    T(lseek(zero, 0, 99));
    T(ftruncate(null, -1));
    T(dup2(zero, -1));
    T(close(-1));
    T(fcntl(-1, F_GETFL));
    T(fcntl(zero, 9999));
    T(ioctl(null, 0x5401, WILD)); /* TCGETS */
    T(pipe2(WILD, 0));
    int fds[2];
    T(pipe2(fds, 0xffff));
    T(socketpair(AF_UNIX, SOCK_STREAM, 0, WILD));
    T(sendmsg(-1, WILD, 0));
    int pair[2];
    socketpair(AF_UNIX, SOCK_DGRAM, 0, pair);
    T(sendmsg(pair[0], WILD, 0));
    T(recvmsg(pair[1], WILD, MSG_DONTWAIT));
    close(pair[0]);
    close(pair[1]);
    close(zero);
    close(null);
}

static void waiting(void) {
    struct timespec minus = { -1, 0 };
    struct timespec badNs = { 0, 2000000000L };
    T(ppoll(NULL, 0, &minus, NULL));
    T(ppoll(NULL, 0, &badNs, NULL));
    T(poll(WILD, 1, 0));
    struct pollfd one = { 0, POLLIN, 0 };
    T(poll(&one, 1u << 30, 0));
    T(select(-1, NULL, NULL, NULL, NULL));
    struct timeval negative = { -1, 0 };
    T(select(0, NULL, NULL, NULL, &negative));
    T(select(1, WILD, NULL, NULL, NULL));
    T(nanosleep(&minus, NULL));
    T(nanosleep(&badNs, NULL));
    T(nanosleep(WILD, NULL));
    T(syscall(SYS_clock_nanosleep, CLOCK_MONOTONIC, 0, &badNs, NULL));
    T(syscall(SYS_clock_gettime, CLOCK_MONOTONIC, WILD));
    T(syscall(SYS_clock_gettime, 99, &minus));
    T(syscall(SYS_clock_getres, 99, &minus));
    T(syscall(SYS_gettimeofday, WILD, NULL));
    int ep = epoll_create1(0);
    T(epoll_ctl(ep, EPOLL_CTL_ADD, 0, WILD));
    T(epoll_wait(ep, NULL, 0, 0));
    T(epoll_wait(ep, NULL, -1, 0));
    struct epoll_event event;
    T(epoll_wait(ep, &event, 1, 0));
    T(epoll_create1(0xff));
    close(ep);
    T(syscall(SYS_futex, WILD, 0 /* FUTEX_WAIT */, 0, NULL, NULL, 0));
    int word = 0;
    T(syscall(SYS_futex, &word, 99, 0, NULL, NULL, 0));
    T(syscall(SYS_set_robust_list, &word, 99));
}

static void signals(void) {
    T(syscall(SYS_rt_sigaction, SIGUSR1, WILD, NULL, 8));
    T(syscall(SYS_rt_sigaction, SIGUSR1, NULL, WILD, 8));
    T(syscall(SYS_rt_sigaction, SIGUSR1, NULL, NULL, 7));
    T(syscall(SYS_rt_sigaction, 0, NULL, NULL, 8));
    T(syscall(SYS_rt_sigaction, 65, NULL, NULL, 8));
    T(syscall(SYS_rt_sigprocmask, SIG_BLOCK, WILD, NULL, 8));
    T(syscall(SYS_rt_sigprocmask, 99, NULL, NULL, 8));
    T(syscall(SYS_rt_sigpending, WILD, 8));
    T(sigaltstack(WILD, NULL));
    T(kill(getpid(), 99));
    T(kill(getpid(), 0));
    T(syscall(SYS_tgkill, getpid(), -5, 0));
    T(syscall(SYS_rt_sigtimedwait, WILD, NULL, NULL, 8));
}

static void processInfo(void) {
    char small[1];
    T(uname(WILD));
    T(syscall(SYS_getcwd, WILD, 100));
    T(syscall(SYS_getcwd, small, 1));
    T(sysinfo(WILD));
    T(syscall(SYS_times, WILD));
    T(syscall(SYS_getrlimit, RLIMIT_NOFILE, WILD));
    T(syscall(SYS_getrlimit, 999, WILD));
    T(syscall(SYS_prlimit64, 0, RLIMIT_NOFILE, NULL, WILD));
    T(syscall(SYS_getrusage, RUSAGE_SELF, WILD));
    T(syscall(SYS_getrusage, 99, WILD));
    T(syscall(SYS_sched_getaffinity, 0, 128, WILD));
    T(syscall(SYS_prctl, 15 /* PR_SET_NAME */, WILD, 0, 0, 0));
    T(syscall(SYS_wait4, -1, WILD, WNOHANG, NULL));
    T(syscall(SYS_execve, WILD, NULL, NULL));
    char *wildArgv[] = { "x", WILD, NULL };
    T(syscall(SYS_execve, "/proc/self/exe", wildArgv, NULL));
    T(syscall(SYS_execve, "/nonexistent", NULL, NULL));
    /* Linux limits one argument or environment string to 32 pages (MAX_ARG_STRLEN) */
    size_t longLength = 200 * 1024;
    char *longArgument = malloc(longLength + 1);
    memset(longArgument, 'a', longLength);
    longArgument[longLength] = 0;
    char *longArgv[] = { "x", longArgument, NULL };
    T(syscall(SYS_execve, "/proc/self/exe", longArgv, NULL));
    free(longArgument);
}

static void memory(void) {
    long page = sysconf(_SC_PAGESIZE);
    T(mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) == MAP_FAILED ? -1 : 0);
    T(mmap(NULL, 1UL << 62, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) == MAP_FAILED ? -1 : 0);
    T(mmap(NULL, page, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 1) == MAP_FAILED ? -1 : 0);
    T(mmap(NULL, page, PROT_READ, MAP_PRIVATE, -1, 0) == MAP_FAILED ? -1 : 0);
    int readOnly = open("/proc/self/exe", O_RDONLY);
    T(mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_SHARED, readOnly, 0) == MAP_FAILED ? -1 : 0);
    T(mmap(NULL, page, PROT_READ, MAP_SHARED | MAP_PRIVATE, readOnly, 0) == MAP_FAILED ? -1 : 0);
    close(readOnly);
    char *mapping = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    T(munmap(mapping + 1, page));
    T(mprotect(mapping + 1, page, PROT_READ));
    T(mprotect(mapping, page, 0x1000));
    T(madvise(mapping + 1, page, MADV_DONTNEED));
    T(mremap(mapping, page, 0, 0) == MAP_FAILED ? -1 : 0);
    T(mremap(mapping, page, page, 0x80) == MAP_FAILED ? -1 : 0);
    T(msync(mapping + 1, page, MS_SYNC));
    T(msync(mapping, page, MS_SYNC | MS_ASYNC));
    munmap(mapping, 2 * page);
}

static int byBytes(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void paths(void) {
    char template[] = "/tmp/badargs.XXXXXX";
    char *dir = mkdtemp(template);
    if (dir == NULL || chdir(dir) != 0) {
        printf("FAIL no temporary directory\n");
        exit(1);
    }
    struct stat st;
    T(open(WILD, O_RDONLY));
    T(stat(WILD, &st));
    T(stat(".", WILD));
    T(mkdir(WILD, 0700));
    T(unlink(WILD));
    T(rename(WILD, "x"));
    T(rename(".", WILD));
    T(link(WILD, "x"));
    T(symlink("x", WILD));
    T(symlink(WILD, "x"));
    T(chdir(WILD));
    T(access(WILD, F_OK));
    T(truncate(WILD, 0));
    T(syscall(SYS_readlinkat, AT_FDCWD, WILD, NULL, 10));
    char target[16];
    symlink("target", "link");
    T(readlink("link", target, 0));
    T(readlink("link", WILD, 10));
    T(readlink("link", target, 3));
    unlink("link");

    /* PATH_MAX (4096 bytes with its terminating 0) and NAME_MAX (255) */
    char *longPath = malloc(5000);
    memset(longPath, 'p', 4999);
    longPath[4999] = 0;
    T(open(longPath, O_RDONLY));
    T(mkdir(longPath, 0700));
    T(stat(longPath, &st));
    T(chdir(longPath));
    T(unlink(longPath));
    longPath[256] = 0;
    T(open(longPath, O_RDONLY | O_CREAT, 0600));
    longPath[255] = 0;
    T(open(longPath, O_RDONLY | O_CREAT, 0600) >= 0);
    T(unlink(longPath));
    free(longPath);

    /* a file name is bytes: these are not UTF-8 */
    const char *names[] = { "\xff\xfe", "caf\xe9", "\xc3\x28", "ok\x80z" };
    for (int i = 0; i < 4; i++) {
        int fd = open(names[i], O_WRONLY | O_CREAT | O_EXCL, 0600);
        show("create a name that is not UTF-8", fd >= 0 ? 0 : -1);
        show("write to it", write(fd, "data", 4));
        close(fd);
    }
    T(mkdir("dir\xa0", 0700));
    T(rename("caf\xe9", "dir\xa0/caf\xe9"));
    T(symlink("dir\xa0/caf\xe9", "link\xfe"));
    char linked[64];
    ssize_t length = readlink("link\xfe", linked, sizeof linked - 1);
    linked[length < 0 ? 0 : length] = 0;
    showName("readlink gives", linked);
    T(stat("link\xfe", &st) == 0 ? (long)st.st_size : -1);
    DIR *listing = opendir(".");
    char *seen[16];
    int count = 0;
    struct dirent *entry;
    while ((entry = readdir(listing)) != NULL && count < 16) {
        if (strcmp(entry->d_name, ".") != 0 && strcmp(entry->d_name, "..") != 0) {
            seen[count++] = strdup(entry->d_name);
        }
    }
    closedir(listing);
    qsort(seen, count, sizeof seen[0], byBytes);
    for (int i = 0; i < count; i++) {
        showName("listed", seen[i]);
        free(seen[i]);
    }
    T(chdir("dir\xa0"));
    char cwd[256];
    showName("cwd ends with", strrchr(getcwd(cwd, sizeof cwd), '/'));
    T(chdir(".."));
    T(unlink("dir\xa0/caf\xe9"));
    T(rmdir("dir\xa0"));
    T(unlink("link\xfe"));
    for (int i = 0; i < 4; i++) {
        if (i != 1) { /* moved into dir\xa0 and removed there */
            show("remove it", unlink(names[i]));
        }
    }

    int file = open("times", O_WRONLY | O_CREAT, 0600);
    struct timespec far[2] = { { 0, UTIME_OMIT }, { 0x7fffffffffffffffL, 0 } };
    T(futimens(file, far));
    struct timespec badNs[2] = { { 0, 1000000000L }, { 0, 0 } };
    T(futimens(file, badNs));
    T(futimens(file, WILD));
    close(file);
    unlink("times");

    int directory = open(".", O_RDONLY | O_DIRECTORY);
    char entries[8];
    T(syscall(SYS_getdents64, directory, WILD, 4096));
    T(syscall(SYS_getdents64, directory, entries, 1));
    close(directory);
    T(chdir("/"));
    T(rmdir(dir));
}

/* A handler on an alternate stack the kernel cannot write: the signal kills the process. */
static void unwritableSignalFrame(void) {
    fflush(stdout);
    pid_t child = fork();
    if (child == 0) {
        long page = sysconf(_SC_PAGESIZE);
        void *stack = mmap(NULL, 16 * page, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        stack_t alternate = { .ss_sp = stack, .ss_size = 16 * page, .ss_flags = 0 };
        sigaltstack(&alternate, NULL);
        struct sigaction action = { 0 };
        action.sa_handler = (void (*)(int))exit;
        action.sa_flags = SA_ONSTACK;
        sigaction(SIGUSR1, &action, NULL);
        raise(SIGUSR1);
        _exit(0);
    }
    int status;
    waitpid(child, &status, 0);
    printf("unwritable signal frame: %s %d\n", WIFSIGNALED(status) ? "killed by signal" : "exit status",
            WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
}

int main(void) {
    io();
    waiting();
    signals();
    processInfo();
    memory();
    paths();
    unwritableSignalFrame();
    puts("done");
    return 0;
}
