/* signals: three ways a signal meets a system call.
 * 1. SIGALRM from setitimer interrupts a read of an empty pipe; without SA_RESTART the read
 *    fails with EINTR (the K42 layer leaves the layer before blocking, then delivers).
 * 2. kill(getpid(), SIGUSR1) from ordinary code: the signal arrives while the thread is inside
 *    the kill call, so the layer defers it to the call's return; the handler has run by then.
 * 3. sigprocmask blocks SIGUSR2, raise leaves it pending, unblocking delivers it. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

static volatile sig_atomic_t alarms, usr1s, usr2s;

static void on_signal(int sig)
{
    if (sig == SIGALRM)
        alarms++;
    else if (sig == SIGUSR1)
        usr1s++;
    else if (sig == SIGUSR2)
        usr2s++;
}

static void handle(int sig)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0; /* no SA_RESTART: an interrupted read must fail with EINTR */
    sigaction(sig, &sa, NULL);
}

int main(void)
{
    handle(SIGALRM);
    handle(SIGUSR1);
    handle(SIGUSR2);

    int fds[2];
    if (pipe(fds) != 0) {
        perror("pipe");
        return 1;
    }
    struct itimerval timer = { .it_value = { .tv_sec = 0, .tv_usec = 20000 } };
    setitimer(ITIMER_REAL, &timer, NULL);
    char c;
    ssize_t n = read(fds[0], &c, 1); /* nobody writes: blocks until the alarm */
    int err = errno;
    printf("1. read of an empty pipe returned %zd, errno %s; SIGALRM handled %d time(s)\n", n,
           n < 0 && err == EINTR ? "EINTR" : strerror(err), (int)alarms);
    close(fds[0]);
    close(fds[1]);

    kill(getpid(), SIGUSR1);
    printf("2. kill(getpid(), SIGUSR1) returned; handler ran %d time(s) before that\n", (int)usr1s);

    sigset_t block, pending;
    sigemptyset(&block);
    sigaddset(&block, SIGUSR2);
    sigprocmask(SIG_BLOCK, &block, NULL);
    raise(SIGUSR2);
    sigpending(&pending);
    printf("3. SIGUSR2 blocked and raised: pending=%d, handled %d time(s)\n",
           sigismember(&pending, SIGUSR2), (int)usr2s);
    sigprocmask(SIG_UNBLOCK, &block, NULL);
    sigpending(&pending);
    printf("   unblocked: pending=%d, handled %d time(s)\n", sigismember(&pending, SIGUSR2),
           (int)usr2s);
    return 0;
}
