/* Timers that send signals: the three interval timers of setitimer, POSIX timers (SIGEV_SIGNAL,
 * SIGEV_NONE, SIGEV_THREAD_ID, absolute and periodic settings, overruns, deletion) and, with the
 * argument "exec", that execve keeps the signal mask and pending signals. Prints facts, never
 * times, so that every flavour, qemu-user and a real Linux print the same. */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static int failures;

static void check(const char *what, int ok) {
    printf("%-52s %s\n", what, ok ? "yes" : "NO");
    if (!ok) {
        failures++;
    }
}

static volatile sig_atomic_t alarms, virtuals, profs;

static void on_signal(int signo) {
    if (signo == SIGALRM) {
        alarms++;
    } else if (signo == SIGVTALRM) {
        virtuals++;
    } else if (signo == SIGPROF) {
        profs++;
    }
}

static void handle(int signo, void (*handler)(int)) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = handler;
    sigaction(signo, &sa, NULL);
}

static void sleep_ms(long ms) {
    struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
}

static void interval_timers(void) {
    handle(SIGALRM, on_signal);
    handle(SIGVTALRM, on_signal);
    handle(SIGPROF, on_signal);
    struct itimerval every = { { 0, 10000 }, { 0, 10000 } }, off = { { 0, 0 }, { 0, 0 } }, now;
    check("setitimer(ITIMER_REAL) accepted", setitimer(ITIMER_REAL, &every, NULL) == 0);
    sigset_t none;
    sigemptyset(&none);
    while (alarms < 3) {
        sigsuspend(&none);
    }
    check("three SIGALRMs from a periodic ITIMER_REAL", alarms >= 3);
    check("getitimer(ITIMER_REAL) reads the interval back",
          getitimer(ITIMER_REAL, &now) == 0 && now.it_interval.tv_usec == 10000 && now.it_interval.tv_sec == 0);
    setitimer(ITIMER_REAL, &off, &now);
    check("the old setting comes back when disarming", now.it_interval.tv_usec == 10000);
    getitimer(ITIMER_REAL, &now);
    check("disarmed ITIMER_REAL reads zero", now.it_value.tv_sec == 0 && now.it_value.tv_usec == 0);

    struct itimerval cpu = { { 0, 5000 }, { 0, 5000 } };
    check("setitimer(ITIMER_VIRTUAL) accepted", setitimer(ITIMER_VIRTUAL, &cpu, NULL) == 0);
    getitimer(ITIMER_VIRTUAL, &now);
    check("an armed ITIMER_VIRTUAL has time left", now.it_value.tv_sec != 0 || now.it_value.tv_usec != 0);
    volatile unsigned long spin = 0;
    while (virtuals < 3) {
        spin++;
    }
    setitimer(ITIMER_VIRTUAL, &off, NULL);
    check("three SIGVTALRMs while computing", virtuals >= 3);
    check("setitimer(ITIMER_PROF) accepted", setitimer(ITIMER_PROF, &cpu, NULL) == 0);
    while (profs < 3) {
        spin++;
    }
    setitimer(ITIMER_PROF, &off, NULL);
    check("three SIGPROFs while computing", profs >= 3);
    check("setitimer(3) is EINVAL", setitimer(3, &cpu, NULL) == -1 && errno == EINVAL);
    check("alarm(0) with none armed returns 0", alarm(0) == 0);
    alarm(100);
    check("alarm(0) returns the seconds left of alarm(100)", alarm(0) == 100);
}

/* si_timerid is not checked: qemu-user hands the guest timer ids of its own (0x0caf0000 | n). */
static volatile sig_atomic_t timer_signals, timer_code, timer_value;

static void on_timer(int signo, siginfo_t *info, void *context) {
    timer_signals++;
    timer_code = info->si_code;
    timer_value = info->si_value.sival_int;
}

static void posix_timers(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_timer;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGRTMIN, &sa, NULL);

    struct sigevent ev;
    memset(&ev, 0, sizeof ev);
    ev.sigev_notify = SIGEV_SIGNAL;
    ev.sigev_signo = SIGRTMIN;
    ev.sigev_value.sival_int = 42;
    timer_t timer;
    check("timer_create(CLOCK_MONOTONIC, SIGEV_SIGNAL)", timer_create(CLOCK_MONOTONIC, &ev, &timer) == 0);
    struct itimerspec once = { { 0, 0 }, { 0, 20000000 } }, left;
    check("timer_settime: once in 20 ms", timer_settime(timer, 0, &once, NULL) == 0);
    check("timer_gettime: armed, at most 20 ms left",
          timer_gettime(timer, &left) == 0 && left.it_value.tv_sec == 0 && left.it_value.tv_nsec > 0 &&
              left.it_value.tv_nsec <= 20000000);
    sigset_t none;
    sigemptyset(&none);
    while (timer_signals == 0) {
        sigsuspend(&none);
    }
    check("its signal has si_code SI_TIMER", timer_code == SI_TIMER);
    check("and the sigev_value 42", timer_value == 42);
    timer_gettime(timer, &left);
    check("a one-shot timer is disarmed after it fired", left.it_value.tv_sec == 0 && left.it_value.tv_nsec == 0);

    /* Periodic, with the signal blocked: expirations while it is pending are overruns. */
    sigset_t rt;
    sigemptyset(&rt);
    sigaddset(&rt, SIGRTMIN);
    sigprocmask(SIG_BLOCK, &rt, NULL);
    struct itimerspec periodic = { { 0, 1000000 }, { 0, 1000000 } };
    timer_settime(timer, 0, &periodic, NULL);
    sleep_ms(20);
    siginfo_t info;
    check("sigwaitinfo takes the blocked timer signal", sigwaitinfo(&rt, &info) == SIGRTMIN && info.si_code == SI_TIMER);
    check("the periodic timer overran while its signal was pending", timer_getoverrun(timer) > 0);
    struct itimerspec off = { { 0, 0 }, { 0, 0 } };
    timer_settime(timer, 0, &off, NULL);
    sigprocmask(SIG_UNBLOCK, &rt, NULL);

    /* An absolute setting on CLOCK_REALTIME. */
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    timer_t real;
    ev.sigev_value.sival_int = 7;
    check("timer_create(CLOCK_REALTIME)", timer_create(CLOCK_REALTIME, &ev, &real) == 0);
    struct itimerspec at = { { 0, 0 }, { now.tv_sec, now.tv_nsec } };
    at.it_value.tv_nsec += 30000000;
    if (at.it_value.tv_nsec >= 1000000000) {
        at.it_value.tv_sec++;
        at.it_value.tv_nsec -= 1000000000;
    }
    int before = timer_signals;
    check("timer_settime(TIMER_ABSTIME) 30 ms from now", timer_settime(real, TIMER_ABSTIME, &at, NULL) == 0);
    while (timer_signals == before) {
        sigsuspend(&none);
    }
    check("the absolute timer fired with its own value", timer_value == 7);
    check("timer_delete", timer_delete(real) == 0);
    check("timer_gettime of a deleted timer is EINVAL", timer_gettime(real, &left) == -1 && errno == EINVAL);
    timer_delete(timer);

    /* SIGEV_NONE: nothing is sent, the time left is read instead. */
    ev.sigev_notify = SIGEV_NONE;
    timer_t quiet;
    check("timer_create(SIGEV_NONE)", timer_create(CLOCK_MONOTONIC, &ev, &quiet) == 0);
    struct itimerspec second = { { 0, 0 }, { 1, 0 } };
    timer_settime(quiet, 0, &second, NULL);
    timer_gettime(quiet, &left);
    check("SIGEV_NONE: time left after arming, at most 1 s",
          (left.it_value.tv_sec == 0 && left.it_value.tv_nsec > 0) || (left.it_value.tv_sec == 1 && left.it_value.tv_nsec == 0));
    timer_delete(quiet);
    check("timer_create with a bad clock is EINVAL", timer_create(12345, NULL, &quiet) == -1 && errno == EINVAL);
    ev.sigev_notify = SIGEV_SIGNAL;
    ev.sigev_signo = 1000;
    check("timer_create with a bad signal is EINVAL", timer_create(CLOCK_MONOTONIC, &ev, &quiet) == -1 && errno == EINVAL);
}

static volatile pid_t worker_tid;
static volatile pid_t usr2_receiver;
static volatile sig_atomic_t worker_done;

static void on_usr2(int signo) {
    usr2_receiver = (pid_t) syscall(SYS_gettid);
    worker_done = 1;
}

static void *worker(void *arg) {
    worker_tid = (pid_t) syscall(SYS_gettid);
    while (!worker_done) {
        sleep_ms(1);
    }
    return NULL;
}

static void thread_timer(void) {
    handle(SIGUSR2, on_usr2);
    sigset_t usr2;
    sigemptyset(&usr2);
    sigaddset(&usr2, SIGUSR2);
    pthread_t thread;
    pthread_create(&thread, NULL, worker, NULL);
    while (worker_tid == 0) {
        sleep_ms(1);
    }
    struct sigevent ev;
    memset(&ev, 0, sizeof ev);
    ev.sigev_notify = SIGEV_THREAD_ID;
    ev.sigev_signo = SIGUSR2;
    ev._sigev_un._tid = worker_tid;
    timer_t timer;
    check("timer_create(SIGEV_THREAD_ID) for a worker", timer_create(CLOCK_MONOTONIC, &ev, &timer) == 0);
    struct itimerspec once = { { 0, 0 }, { 0, 5000000 } };
    timer_settime(timer, 0, &once, NULL);
    pthread_join(thread, NULL);
    check("the worker thread took the signal", usr2_receiver == worker_tid);
    timer_delete(timer);
    ev._sigev_un._tid = 999999;
    check("SIGEV_THREAD_ID with a foreign thread is EINVAL", timer_create(CLOCK_MONOTONIC, &ev, &timer) == -1 && errno == EINVAL);
}

static int exec_self(char *self) {
    sigset_t usr1;
    sigemptyset(&usr1);
    sigaddset(&usr1, SIGUSR1);
    sigprocmask(SIG_BLOCK, &usr1, NULL);
    raise(SIGUSR1);
    char *argv[] = { self, "after-exec", NULL };
    char *envp[] = { NULL };
    execve("/proc/self/exe", argv, envp);
    perror("execve");
    return 1;
}

static int after_exec(void) {
    sigset_t mask, pending;
    sigprocmask(SIG_SETMASK, NULL, &mask);
    sigpending(&pending);
    check("execve kept the blocked SIGUSR1 in the mask", sigismember(&mask, SIGUSR1));
    check("and kept it pending", sigismember(&pending, SIGUSR1));
    check("nothing else is blocked", !sigismember(&mask, SIGUSR2));
    return failures != 0;
}

int main(int argc, char **argv) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (argc > 1 && strcmp(argv[1], "exec") == 0) {
        return exec_self(argv[0]);
    }
    if (argc > 1 && strcmp(argv[1], "after-exec") == 0) {
        return after_exec();
    }
    interval_timers();
    posix_timers();
    thread_timer();
    printf("%s\n", failures == 0 ? "all timer checks passed" : "FAIL some timer checks");
    return failures != 0;
}
