/* Signals: handlers with siginfo, masks and pending signals, a pipe read interrupted by a timer
 * with and without SA_RESTART, faults recovered with siglongjmp, the alternate signal stack,
 * sigwaitinfo/sigtimedwait, the time left by an interrupted nanosleep, and (with argument "term")
 * death by the default action of SIGTERM. */
#define _GNU_SOURCE
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t usr1_count, usr2_count, alarm_count;
static volatile int last_code, last_signo;
static int pipe_fds[2];
static sigjmp_buf recovery;
static char alt_stack[64 * 1024];
static volatile int on_alt_stack;

static void on_usr1(int signo, siginfo_t *info, void *context) {
    (void) context;
    usr1_count++;
    last_signo = signo;
    last_code = info->si_code;
}

static void on_usr2(int signo) {
    (void) signo;
    usr2_count++;
}

static void on_alarm_plain(int signo) {
    (void) signo;
    alarm_count++;
}

static void on_alarm_feeding(int signo) {
    (void) signo;
    alarm_count++;
    char byte = 'k';
    if (write(pipe_fds[1], &byte, 1) != 1) {
        _exit(2);
    }
}

static void on_fault(int signo, siginfo_t *info, void *context) {
    (void) context;
    last_signo = signo;
    last_code = info->si_code;
    siglongjmp(recovery, signo);
}

static void on_alt(int signo) {
    (void) signo;
    char here;
    uintptr_t p = (uintptr_t) &here;
    on_alt_stack = p >= (uintptr_t) alt_stack && p < (uintptr_t) alt_stack + sizeof alt_stack;
}

static void arm_timer(long usec) {
    struct itimerval t = { { 0, 0 }, { 0, usec } };
    if (setitimer(ITIMER_REAL, &t, NULL) != 0) {
        printf("FAIL setitimer\n");
        exit(1);
    }
}

int main(int argc, char **argv) {
    setvbuf(stdout, NULL, _IONBF, 0);
    if (argc > 1 && strcmp(argv[1], "term") == 0) {
        printf("raising SIGTERM with the default action\n");
        raise(SIGTERM);
        printf("FAIL still alive\n");
        return 1;
    }

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_usr1;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGUSR1, &sa, NULL);
    raise(SIGUSR1);
    printf("SIGUSR1 handled: count=%d signo=%d si_code=%d\n", (int) usr1_count, last_signo, last_code);

    signal(SIGUSR2, on_usr2);
    sigset_t block, pending, old;
    sigemptyset(&block);
    sigaddset(&block, SIGUSR2);
    sigprocmask(SIG_BLOCK, &block, &old);
    raise(SIGUSR2);
    sigpending(&pending);
    printf("SIGUSR2 while blocked: delivered=%d pending=%d\n", (int) usr2_count, sigismember(&pending, SIGUSR2));
    sigprocmask(SIG_SETMASK, &old, NULL);
    printf("SIGUSR2 after unblocking: delivered=%d\n", (int) usr2_count);

    if (pipe(pipe_fds) != 0) {
        printf("FAIL pipe\n");
        return 1;
    }
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_alarm_plain;
    sigaction(SIGALRM, &sa, NULL);
    arm_timer(20000);
    char buffer[8];
    errno = 0;
    ssize_t n = read(pipe_fds[0], buffer, sizeof buffer);
    printf("read without SA_RESTART: result=%zd EINTR=%d alarms=%d\n", n, errno == EINTR, (int) alarm_count);

    sa.sa_handler = on_alarm_feeding;
    sa.sa_flags = SA_RESTART;
    sigaction(SIGALRM, &sa, NULL);
    arm_timer(20000);
    errno = 0;
    n = read(pipe_fds[0], buffer, sizeof buffer);
    printf("read with SA_RESTART: result=%zd byte=%c errno=%d alarms=%d\n", n, n == 1 ? buffer[0] : '-', errno,
           (int) alarm_count);

    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_fault;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGSEGV, &sa, NULL);
    sigaction(SIGILL, &sa, NULL);
    sigaction(SIGTRAP, &sa, NULL);
    int caught = sigsetjmp(recovery, 1);
    if (caught == 0) {
        volatile int *nowhere = (volatile int *) 16;
        *nowhere = 1;
        printf("FAIL no SIGSEGV\n");
    }
    printf("recovered from signal %d si_code=%d\n", caught, last_code);
    caught = sigsetjmp(recovery, 1);
    if (caught == 0) {
        __asm__ volatile(".long 0");
    }
    printf("recovered from signal %d\n", caught);
    caught = sigsetjmp(recovery, 1);
    if (caught == 0) {
        __asm__ volatile("trap");
    }
    printf("recovered from signal %d\n", caught);
    sigprocmask(SIG_SETMASK, NULL, &old);
    printf("SIGSEGV blocked after siglongjmp: %d\n", sigismember(&old, SIGSEGV));

    stack_t ss = { .ss_sp = alt_stack, .ss_size = sizeof alt_stack, .ss_flags = 0 };
    if (sigaltstack(&ss, NULL) != 0) {
        printf("FAIL sigaltstack\n");
        return 1;
    }
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_alt;
    sa.sa_flags = SA_ONSTACK;
    sigaction(SIGUSR2, &sa, NULL);
    raise(SIGUSR2);
    printf("handler ran on the alternate stack: %d\n", on_alt_stack);

    /* Waiting for signals instead of handling them. */
    sigemptyset(&block);
    sigaddset(&block, SIGUSR1);
    sigaddset(&block, SIGALRM);
    sigprocmask(SIG_BLOCK, &block, &old);
    kill(getpid(), SIGUSR1);
    siginfo_t info;
    memset(&info, 0, sizeof info);
    int got = sigwaitinfo(&block, &info);
    printf("sigwaitinfo: %d si_signo=%d si_code=%d own pid=%d\n", got, info.si_signo, info.si_code, info.si_pid == getpid());
    struct timespec no_wait = { 0, 0 };
    errno = 0;
    got = sigtimedwait(&block, &info, &no_wait);
    printf("sigtimedwait with nothing pending, zero timeout: %d EAGAIN=%d\n", got, errno == EAGAIN);
    struct timespec short_wait = { 0, 30 * 1000 * 1000 };
    errno = 0;
    got = sigtimedwait(&block, &info, &short_wait);
    printf("sigtimedwait 30 ms with nothing coming: %d EAGAIN=%d\n", got, errno == EAGAIN);
    arm_timer(20000);
    struct timespec long_wait = { 10, 0 };
    got = sigtimedwait(&block, &info, &long_wait);
    printf("sigtimedwait woken by the timer: %d si_code=%d\n", got, info.si_code);
    sigprocmask(SIG_SETMASK, &old, NULL);

    /* A sleep cut short by a handled signal reports the time left. */
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_alarm_plain;
    sigaction(SIGALRM, &sa, NULL);
    arm_timer(50000);
    struct timespec request = { 5, 0 }, remaining = { -1, -1 };
    errno = 0;
    int slept = nanosleep(&request, &remaining);
    printf("nanosleep 5 s cut by a 50 ms timer: %d EINTR=%d remaining between 4 and 5 s: %s\n", slept, errno == EINTR,
           remaining.tv_sec == 4 && remaining.tv_nsec >= 0 && remaining.tv_nsec < 1000000000 ? "yes" : "no");

    signal(SIGUSR1, SIG_IGN);
    raise(SIGUSR1);
    printf("ignored SIGUSR1: still here\n");
    return 0;
}
