/* Signals sent to a process with several threads: a thread that does not block it takes it, a
 * sigwait in any thread receives it, a thread that unblocks it later takes it, and every thread's
 * sigpending shows it. Prints facts, never ids. */
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static int failures;

static void check(const char *what, int ok) {
    printf("%-60s %s\n", what, ok ? "yes" : "NO");
    if (!ok) {
        failures++;
    }
}

static pid_t tid(void) {
    return (pid_t) syscall(SYS_gettid);
}

static void sleep_ms(long ms) {
    struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
    nanosleep(&ts, NULL);
}

static volatile pid_t handled_by;
static volatile pid_t worker_tid;
static volatile int stage;

static void on_signal(int signo) {
    handled_by = tid();
}

static sigset_t only(int signo) {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, signo);
    return set;
}

static void *waiter(void *arg) {
    worker_tid = tid();
    sigset_t usr1 = only(SIGUSR1);
    int sig = 0;
    sigwait(&usr1, &sig); /* stage 1: the process's SIGUSR1 */
    check("sigwait in a worker receives a signal sent to the process", sig == SIGUSR1);
    stage = 2;
    while (stage != 3) {
        sleep_ms(1);
    }
    sigset_t pending;
    sigpending(&pending);
    check("the worker's sigpending shows the process's SIGUSR2", sigismember(&pending, SIGUSR2));
    sigset_t usr2 = only(SIGUSR2);
    pthread_sigmask(SIG_UNBLOCK, &usr2, NULL); /* takes it: the handler runs here */
    check("unblocking it in the worker runs the handler there", handled_by == worker_tid);
    stage = 4;
    return NULL;
}

static void *runner(void *arg) {
    sigset_t term = only(SIGTERM);
    pthread_sigmask(SIG_UNBLOCK, &term, NULL); /* it was created with main's mask */
    worker_tid = tid();
    stage = 6;
    while (stage != 7) {
        sleep_ms(1);
    }
    return NULL;
}

int main(void) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGUSR2, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigset_t both = only(SIGUSR1);
    sigaddset(&both, SIGUSR2);
    pthread_sigmask(SIG_BLOCK, &both, NULL); /* the worker inherits it */
    pthread_t t;
    pthread_create(&t, NULL, waiter, NULL);
    while (worker_tid == 0) {
        sleep_ms(1);
    }
    kill(getpid(), SIGUSR1);
    while (stage != 2) {
        sleep_ms(1);
    }
    kill(getpid(), SIGUSR2);
    sigset_t pending;
    sigpending(&pending);
    check("main's sigpending shows it too", sigismember(&pending, SIGUSR2));
    stage = 3;
    pthread_join(t, NULL);
    sigpending(&pending);
    check("and it is no longer pending once taken", !sigismember(&pending, SIGUSR2));

    /* A thread that does not block a signal takes it from one that does. */
    worker_tid = 0;
    sigset_t term = only(SIGTERM);
    pthread_sigmask(SIG_BLOCK, &term, NULL);
    pthread_create(&t, NULL, runner, NULL);
    while (stage != 6) {
        sleep_ms(1);
    }
    handled_by = 0;
    kill(getpid(), SIGTERM);
    while (handled_by == 0) {
        sleep_ms(1);
    }
    check("a signal blocked in main goes to a thread that lets it in", handled_by == worker_tid);
    stage = 7;
    pthread_join(t, NULL);
    printf("%s\n", failures == 0 ? "all thread signal checks passed" : "FAIL some thread signal checks");
    return failures != 0;
}
