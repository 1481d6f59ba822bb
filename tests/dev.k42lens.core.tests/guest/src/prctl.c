/*
 * prctl: the thread's name (PR_SET_NAME/PR_GET_NAME, truncated to 15 bytes, seen in
 * /proc/self/comm and /proc/self/stat), the parent-death signal (a child asks for SIGUSR1 when its
 * parent ends, and gets it), a child subreaper (an orphaned grandchild is reparented to it, not to
 * the first process), dumpable, no_new_privs, keepcaps, timer slack, seccomp's mode, and EINVAL
 * for bad arguments and unknown options. Only the first process prints; children report through
 * pipes. Recorded on the host's Linux (host-cases.tsv): qemu-user 7.2 names the thread after
 * itself, fakes /proc/self/stat and answers PR_SET_CHILD_SUBREAPER and PR_GET_SECCOMP with EINVAL.
 * The floating-point exception mode (PR_SET_FPEXC, powerpc's own) is the fenv program's.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *err(long result) {
    return result >= 0 ? "ok" : strerrorname_np(errno);
}

static void show_file(const char *path, int field) {
    char text[256] = "";
    int fd = open(path, O_RDONLY);
    long n = read(fd, text, sizeof text - 1);
    close(fd);
    text[n > 0 ? n : 0] = 0;
    if (field) { /* /proc/self/stat: the name between the parentheses */
        char *open_paren = strchr(text, '('), *close_paren = strrchr(text, ')');
        if (open_paren && close_paren) printf("  %s name: %.*s\n", path, (int) (close_paren - open_paren - 1), open_paren + 1);
    } else {
        printf("  %s: %s", path, text);
    }
}

static void names(void) {
    char name[32];
    memset(name, 'x', sizeof name);
    long r = prctl(PR_GET_NAME, name);
    printf("PR_GET_NAME at start: %s \"%s\"\n", err(r), name);
    r = prctl(PR_SET_NAME, "worker-one");
    printf("PR_SET_NAME worker-one: %s\n", err(r));
    memset(name, 'x', sizeof name);
    prctl(PR_GET_NAME, name);
    printf("  PR_GET_NAME: \"%s\", byte 15 is NUL %d\n", name, name[15] == 0);
    show_file("/proc/self/comm", 0);
    show_file("/proc/self/stat", 1);
    r = prctl(PR_SET_NAME, "a-name-much-longer-than-fifteen-bytes");
    memset(name, 'x', sizeof name);
    prctl(PR_GET_NAME, name);
    printf("PR_SET_NAME of a long name: %s, kept \"%s\" (%zu bytes)\n", err(r), name, strlen(name));
    show_file("/proc/self/comm", 0);
    fflush(stdout);
    pid_t child = fork();
    if (child == 0) {
        prctl(PR_GET_NAME, name);
        _exit(strcmp(name, "a-name-much-lon") == 0 ? 10 : 11);
    }
    int status;
    waitpid(child, &status, 0);
    printf("a child keeps the name: %s\n", WEXITSTATUS(status) == 10 ? "yes" : "no");
    prctl(PR_SET_NAME, "prctl");
}

static volatile sig_atomic_t got;

static void on_signal(int signo) {
    got = signo;
}

/* A middle process forks a child that asks for SIGUSR1 when its parent ends; the middle one ends. */
static void parent_death_signal(void) {
    int report[2];
    pipe(report);
    fflush(stdout);
    pid_t middle = fork();
    if (middle == 0) {
        int ready[2];
        pipe(ready);
        pid_t child = fork();
        if (child == 0) {
            signal(SIGUSR1, on_signal);
            int asked = prctl(PR_SET_PDEATHSIG, SIGUSR1);
            int back = 0;
            prctl(PR_GET_PDEATHSIG, &back);
            write(ready[1], "r", 1);
            sigset_t none;
            sigemptyset(&none);
            while (!got) sigsuspend(&none);
            dprintf(report[1], "child: PR_SET_PDEATHSIG %s, PR_GET_PDEATHSIG %s, got %s after its parent ended\n",
                    asked == 0 ? "ok" : "failed", sigabbrev_np(back), sigabbrev_np(got));
            _exit(0);
        }
        char token;
        read(ready[0], &token, 1);
        _exit(0);
    }
    close(report[1]);
    waitpid(middle, NULL, 0);
    char text[256];
    long n = read(report[0], text, sizeof text);
    printf("%.*s", (int) (n > 0 ? n : 0), text);
    close(report[0]);
    int bad = prctl(PR_SET_PDEATHSIG, 65);
    printf("PR_SET_PDEATHSIG 65: %s\n", err(bad));
}

/* This process becomes a subreaper; a child forks a grandchild and ends; the grandchild's new parent is us. */
static void subreaper(void) {
    int flag = -1;
    prctl(PR_GET_CHILD_SUBREAPER, &flag);
    printf("PR_GET_CHILD_SUBREAPER at start: %d\n", flag);
    long r = prctl(PR_SET_CHILD_SUBREAPER, 1);
    prctl(PR_GET_CHILD_SUBREAPER, &flag);
    printf("PR_SET_CHILD_SUBREAPER 1: %s, now %d\n", err(r), flag);
    int report[2], go[2];
    pipe(report);
    pipe(go);
    fflush(stdout);
    pid_t me = getpid();
    pid_t child = fork();
    if (child == 0) {
        pid_t grandchild = fork();
        if (grandchild == 0) {
            char token;
            read(go[0], &token, 1); /* its parent has ended by now */
            dprintf(report[1], "grandchild: reparented to the subreaper %s\n", getppid() == me ? "yes" : "no");
            _exit(7);
        }
        _exit(0);
    }
    waitpid(child, NULL, 0);
    write(go[1], "g", 1);
    close(report[1]);
    char text[128];
    long n = read(report[0], text, sizeof text);
    printf("%.*s", (int) (n > 0 ? n : 0), text);
    int status;
    pid_t reaped = wait(&status);
    printf("the subreaper reaps it: %s, status %d\n", reaped > 0 ? "yes" : err(reaped), WEXITSTATUS(status));
    prctl(PR_SET_CHILD_SUBREAPER, 0);
}

/* Prints "LABEL: result" for a call that sets, then what the getter says. */
static void set_then_get(const char *label, long set_result, int getter) {
    int errno_of_set = errno;
    long now = prctl(getter, 0, 0, 0, 0);
    errno = errno_of_set;
    printf("%s: %s, then %ld\n", label, err(set_result), now);
}

static void flags(void) {
    printf("PR_GET_DUMPABLE: %d\n", prctl(PR_GET_DUMPABLE));
    set_then_get("PR_SET_DUMPABLE 0", prctl(PR_SET_DUMPABLE, 0), PR_GET_DUMPABLE);
    printf("PR_SET_DUMPABLE 2: %s\n", err(prctl(PR_SET_DUMPABLE, 2)));
    prctl(PR_SET_DUMPABLE, 1);
    printf("PR_GET_NO_NEW_PRIVS: %d\n", prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0));
    printf("PR_SET_NO_NEW_PRIVS with a stray argument: %s\n", err(prctl(PR_SET_NO_NEW_PRIVS, 1, 1, 0, 0)));
    set_then_get("PR_SET_NO_NEW_PRIVS", prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), PR_GET_NO_NEW_PRIVS);
    printf("PR_SET_NO_NEW_PRIVS 0 (it cannot be undone): %s\n", err(prctl(PR_SET_NO_NEW_PRIVS, 0, 0, 0, 0)));
    printf("PR_GET_KEEPCAPS: %d\n", prctl(PR_GET_KEEPCAPS));
    set_then_get("PR_SET_KEEPCAPS 1", prctl(PR_SET_KEEPCAPS, 1), PR_GET_KEEPCAPS);
    printf("PR_SET_KEEPCAPS 5: %s\n", err(prctl(PR_SET_KEEPCAPS, 5)));
    printf("PR_GET_TIMERSLACK: %d\n", prctl(PR_GET_TIMERSLACK));
    set_then_get("PR_SET_TIMERSLACK 1000", prctl(PR_SET_TIMERSLACK, 1000), PR_GET_TIMERSLACK);
    set_then_get("PR_SET_TIMERSLACK 0 (back to the default)", prctl(PR_SET_TIMERSLACK, 0), PR_GET_TIMERSLACK);
    printf("PR_GET_SECCOMP: %d\n", prctl(PR_GET_SECCOMP));
    printf("option 12345: %s\n", err(prctl(12345, 0, 0, 0, 0)));
    printf("PR_GET_NAME to an unmapped address: %s\n", err(prctl(PR_GET_NAME, (void *) 16)));
}

int main(void) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    names();
    parent_death_signal();
    subreaper();
    flags();
    return 0;
}
