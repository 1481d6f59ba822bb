/* Descriptors made for waiting and the calls that wait on several: eventfd (counter and
 * semaphore mode, EAGAIN, blocking across threads), timerfd (relative, absolute, periodic,
 * expiration counts, gettime), signalfd (taking blocked signals as records, poll on it), epoll
 * (level- and edge-triggered, one-shot, MOD/DEL, errors, a timeout, waking from another thread)
 * and poll, ppoll with a signal mask, select and pselect. Prints facts, never times. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/select.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

static int failures;

static void check(const char *what, int ok) {
    printf("%-56s %s\n", what, ok ? "yes" : "NO");
    if (!ok) {
        failures++;
    }
}

static void sleep_ms(long ms) {
    struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
}

static int event_fd;

static void *add_later(void *arg) {
    sleep_ms(5);
    uint64_t one = 1;
    write(event_fd, &one, 8);
    return NULL;
}

static void eventfds(void) {
    int fd = eventfd(3, EFD_NONBLOCK);
    uint64_t v = 0;
    check("eventfd(3) reads 3", read(fd, &v, 8) == 8 && v == 3);
    check("then EAGAIN", read(fd, &v, 8) == -1 && errno == EAGAIN);
    v = 5;
    write(fd, &v, 8);
    v = 2;
    write(fd, &v, 8);
    check("two writes add up to 7", read(fd, &v, 8) == 8 && v == 7);
    check("a 4-byte read is EINVAL", read(fd, &v, 4) == -1 && errno == EINVAL);
    v = UINT64_MAX;
    check("writing 2^64-1 is EINVAL", write(fd, &v, 8) == -1 && errno == EINVAL);
    v = UINT64_MAX - 1;
    write(fd, &v, 8);
    v = 1;
    check("overflowing the counter is EAGAIN", write(fd, &v, 8) == -1 && errno == EAGAIN);
    close(fd);

    int sem = eventfd(2, EFD_SEMAPHORE | EFD_NONBLOCK);
    uint64_t a = 0, b = 0;
    read(sem, &a, 8);
    read(sem, &b, 8);
    check("semaphore mode reads 1 at a time", a == 1 && b == 1 && read(sem, &a, 8) == -1 && errno == EAGAIN);
    close(sem);

    event_fd = eventfd(0, 0);
    pthread_t t;
    pthread_create(&t, NULL, add_later, NULL);
    check("a blocking read waits for another thread's write", read(event_fd, &v, 8) == 8 && v == 1);
    pthread_join(t, NULL);
    close(event_fd);
}

static void timerfds(void) {
    int fd = timerfd_create(CLOCK_MONOTONIC, 0);
    struct itimerspec once = { { 0, 0 }, { 0, 10000000 } }, now;
    check("timerfd_settime: once in 10 ms", timerfd_settime(fd, 0, &once, NULL) == 0);
    timerfd_gettime(fd, &now);
    check("timerfd_gettime: armed, at most 10 ms left", now.it_value.tv_sec == 0 && now.it_value.tv_nsec > 0 && now.it_value.tv_nsec <= 10000000);
    uint64_t n = 0;
    check("a blocking read returns one expiration", read(fd, &n, 8) == 8 && n == 1);
    timerfd_gettime(fd, &now);
    check("disarmed afterwards", now.it_value.tv_sec == 0 && now.it_value.tv_nsec == 0);
    struct itimerspec periodic = { { 0, 2000000 }, { 0, 2000000 } };
    timerfd_settime(fd, 0, &periodic, NULL);
    sleep_ms(11);
    read(fd, &n, 8);
    check("a 2 ms period over 11 ms counts at least 5 expirations", n >= 5); /* more on a loaded host */
    struct itimerspec off = { { 0, 0 }, { 0, 0 } }, old;
    timerfd_settime(fd, 0, &off, &old);
    check("the old setting comes back", old.it_interval.tv_nsec == 2000000);
    close(fd);

    int nb = timerfd_create(CLOCK_REALTIME, TFD_NONBLOCK | TFD_CLOEXEC);
    check("nothing to read from a disarmed non-blocking timerfd", read(nb, &n, 8) == -1 && errno == EAGAIN);
    struct timespec real;
    clock_gettime(CLOCK_REALTIME, &real);
    struct itimerspec at = { { 0, 0 }, { real.tv_sec - 1, 0 } };
    timerfd_settime(nb, TFD_TIMER_ABSTIME, &at, NULL);
    struct pollfd p = { nb, POLLIN, 0 };
    check("an absolute time in the past fires at once", poll(&p, 1, 0) == 1 && read(nb, &n, 8) == 8 && n == 1);
    close(nb);
    check("timerfd_create with a bad clock is EINVAL", timerfd_create(12345, 0) == -1 && errno == EINVAL);
    check("timerfd_settime on an eventfd is EINVAL", timerfd_settime(event_fd = eventfd(0, 0), 0, &once, NULL) == -1 && errno == EINVAL);
    close(event_fd);
}

static void signalfds(void) {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    sigaddset(&set, SIGUSR2);
    sigprocmask(SIG_BLOCK, &set, NULL);
    int fd = signalfd(-1, &set, SFD_NONBLOCK);
    struct signalfd_siginfo info[2];
    check("nothing pending: EAGAIN", read(fd, info, sizeof info) == -1 && errno == EAGAIN);
    raise(SIGUSR2);
    kill(getpid(), SIGUSR1);
    struct pollfd p = { fd, POLLIN, 0 };
    check("poll sees the pending signals", poll(&p, 1, 0) == 1 && (p.revents & POLLIN));
    ssize_t got = read(fd, info, sizeof info);
    /* Linux takes the thread's own signals before the process's: the order is not compared. */
    struct signalfd_siginfo *usr1 = info[0].ssi_signo == SIGUSR1 ? &info[0] : &info[1];
    struct signalfd_siginfo *usr2 = info[0].ssi_signo == SIGUSR1 ? &info[1] : &info[0];
    check("one read takes both", got == 2 * (ssize_t) sizeof info[0] && usr1->ssi_signo == SIGUSR1 && usr2->ssi_signo == SIGUSR2);
    check("kill's record says SI_USER from this process", usr1->ssi_code == SI_USER && usr1->ssi_pid == (uint32_t) getpid());
    check("raise's says SI_TKILL", usr2->ssi_code == SI_TKILL);
    sigset_t pending;
    sigpending(&pending);
    check("and they are no longer pending", !sigismember(&pending, SIGUSR1) && !sigismember(&pending, SIGUSR2));
    check("a short buffer is EINVAL", read(fd, info, 10) == -1 && errno == EINVAL);
    sigset_t only2;
    sigemptyset(&only2);
    sigaddset(&only2, SIGUSR2);
    check("signalfd on it changes its mask", signalfd(fd, &only2, 0) == fd);
    raise(SIGUSR1);
    check("a signal outside the mask is not read", read(fd, info, sizeof info) == -1 && errno == EAGAIN);
    int sig = 0;
    sigwait(&set, &sig);
    check("it stays pending for sigwait", sig == SIGUSR1);
    close(fd);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
}

static int pipe_in[2];

static void *write_later(void *arg) {
    sleep_ms(5);
    write(pipe_in[1], "w", 1);
    return NULL;
}

static void epolls(void) {
    int ep = epoll_create1(EPOLL_CLOEXEC);
    pipe(pipe_in);
    struct epoll_event ev = { .events = EPOLLIN, .data.u64 = 0x1122334455667788ULL }, out[4];
    check("epoll_ctl ADD a pipe", epoll_ctl(ep, EPOLL_CTL_ADD, pipe_in[0], &ev) == 0);
    check("ADD again is EEXIST", epoll_ctl(ep, EPOLL_CTL_ADD, pipe_in[0], &ev) == -1 && errno == EEXIST);
    check("nothing ready: a 10 ms wait times out with 0", epoll_wait(ep, out, 4, 10) == 0);
    write(pipe_in[1], "ab", 2);
    check("level-triggered: ready", epoll_wait(ep, out, 4, 0) == 1 && out[0].events == EPOLLIN && out[0].data.u64 == 0x1122334455667788ULL);
    check("and ready again while data is left", epoll_wait(ep, out, 4, 0) == 1);
    ev.events = EPOLLIN | EPOLLET;
    epoll_ctl(ep, EPOLL_CTL_MOD, pipe_in[0], &ev);
    check("edge-triggered: reported once", epoll_wait(ep, out, 4, 0) == 1 && epoll_wait(ep, out, 4, 0) == 0);
    write(pipe_in[1], "c", 1);
    check("and again after new data", epoll_wait(ep, out, 4, 0) == 1);
    ev.events = EPOLLIN | EPOLLONESHOT;
    epoll_ctl(ep, EPOLL_CTL_MOD, pipe_in[0], &ev);
    check("one-shot: reported once", epoll_wait(ep, out, 4, 0) == 1 && epoll_wait(ep, out, 4, 0) == 0);
    epoll_ctl(ep, EPOLL_CTL_MOD, pipe_in[0], &ev);
    check("until MOD arms it again", epoll_wait(ep, out, 4, 0) == 1);
    char buf[8];
    read(pipe_in[0], buf, sizeof buf);
    ev.events = EPOLLIN;
    epoll_ctl(ep, EPOLL_CTL_MOD, pipe_in[0], &ev);
    pthread_t t;
    pthread_create(&t, NULL, write_later, NULL);
    check("a blocking wait wakes for another thread's write", epoll_wait(ep, out, 4, -1) == 1);
    pthread_join(t, NULL);
    read(pipe_in[0], buf, sizeof buf);

    struct epoll_event wev = { .events = EPOLLOUT, .data.fd = pipe_in[1] };
    epoll_ctl(ep, EPOLL_CTL_ADD, pipe_in[1], &wev);
    check("the write end is writable", epoll_wait(ep, out, 4, 0) == 1 && out[0].events == EPOLLOUT && out[0].data.fd == pipe_in[1]);
    close(pipe_in[1]);
    check("closing the write end: the read end hangs up", epoll_wait(ep, out, 4, 0) == 1 && (out[0].events & EPOLLHUP));
    check("DEL", epoll_ctl(ep, EPOLL_CTL_DEL, pipe_in[0], NULL) == 0);
    check("DEL again is ENOENT", epoll_ctl(ep, EPOLL_CTL_DEL, pipe_in[0], NULL) == -1 && errno == ENOENT);
    int efd = eventfd(1, 0);
    ev.events = EPOLLIN;
    epoll_ctl(ep, EPOLL_CTL_ADD, efd, &ev);
    int tfd = timerfd_create(CLOCK_MONOTONIC, 0);
    struct itimerspec soon = { { 0, 0 }, { 0, 3000000 } };
    timerfd_settime(tfd, 0, &soon, NULL);
    ev.events = EPOLLIN;
    ev.data.fd = tfd;
    epoll_ctl(ep, EPOLL_CTL_ADD, tfd, &ev);
    uint64_t v;
    read(efd, &v, 8);
    check("a wait wakes when a timerfd expires", epoll_wait(ep, out, 4, 1000) == 1 && out[0].data.fd == tfd);
    check("epoll_ctl on itself is EINVAL", epoll_ctl(ep, EPOLL_CTL_ADD, ep, &ev) == -1 && errno == EINVAL);
    check("on a bad descriptor EBADF", epoll_ctl(ep, EPOLL_CTL_ADD, 999, &ev) == -1 && errno == EBADF);
    check("epoll_wait with maxevents 0 is EINVAL", epoll_wait(ep, out, 0, 0) == -1 && errno == EINVAL);
    check("epoll_create(0) is EINVAL", epoll_create(0) == -1 && errno == EINVAL);
    close(pipe_in[0]);
    close(efd);
    close(tfd);
    close(ep);
}

static volatile sig_atomic_t usr1_handled;

static void on_usr1(int signo) {
    usr1_handled = 1;
}

static void polls(void) {
    int p[2];
    pipe(p);
    struct pollfd fds[2] = { { p[0], POLLIN, 0 }, { p[1], POLLOUT, 0 } };
    check("poll: the write end is writable", poll(fds, 2, 0) == 1 && fds[1].revents == POLLOUT && fds[0].revents == 0);
    struct pollfd bad = { 999, POLLIN, 0 };
    check("poll: a closed descriptor gives POLLNVAL", poll(&bad, 1, 0) == 1 && bad.revents == POLLNVAL);

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_usr1;
    sigaction(SIGUSR1, &sa, NULL);
    sigset_t usr1, empty;
    sigemptyset(&usr1);
    sigaddset(&usr1, SIGUSR1);
    sigemptyset(&empty);
    sigprocmask(SIG_BLOCK, &usr1, NULL);
    raise(SIGUSR1);
    check("SIGUSR1 blocked and pending", !usr1_handled);
    struct timespec second = { 1, 0 };
    int r = ppoll(fds, 1, &second, &empty);
    check("ppoll with an empty mask is interrupted by it", r == -1 && errno == EINTR && usr1_handled);
    sigset_t mask;
    sigprocmask(SIG_SETMASK, NULL, &mask);
    check("and the old mask is back afterwards", sigismember(&mask, SIGUSR1));
    struct timespec tenth = { 0, 10000000 };
    check("ppoll times out with 0", ppoll(fds, 1, &tenth, &empty) == 0);

    fd_set rd, wr;
    FD_ZERO(&rd);
    FD_ZERO(&wr);
    FD_SET(p[0], &rd);
    FD_SET(p[1], &wr);
    struct timeval tv = { 0, 0 };
    check("select: only the write end is ready", select(p[1] + 1, &rd, &wr, NULL, &tv) == 1 && !FD_ISSET(p[0], &rd) && FD_ISSET(p[1], &wr));
    write(p[1], "x", 1);
    FD_SET(p[0], &rd);
    FD_ZERO(&wr);
    check("select: the read end after a write", select(p[0] + 1, &rd, NULL, NULL, NULL) == 1 && FD_ISSET(p[0], &rd));
    int closed = dup(p[1]);
    close(closed);
    FD_ZERO(&rd);
    FD_SET(closed, &rd);
    tv.tv_usec = 0;
    check("select on a closed descriptor is EBADF", select(closed + 1, &rd, NULL, NULL, &tv) == -1 && errno == EBADF);
    char c;
    read(p[0], &c, 1);
    FD_ZERO(&rd);
    FD_SET(p[0], &rd);
    tv.tv_sec = 0;
    tv.tv_usec = 20000;
    check("select times out with 0", select(p[0] + 1, &rd, NULL, NULL, &tv) == 0);
    usr1_handled = 0;
    raise(SIGUSR1);
    FD_SET(p[0], &rd);
    struct timespec ts = { 1, 0 };
    r = pselect(p[0] + 1, &rd, NULL, NULL, &ts, &empty);
    check("pselect with an empty mask is interrupted", r == -1 && errno == EINTR && usr1_handled);
    sigprocmask(SIG_UNBLOCK, &usr1, NULL);
    close(p[0]);
    close(p[1]);
}

int main(void) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    eventfds();
    timerfds();
    signalfds();
    epolls();
    polls();
    printf("%s\n", failures == 0 ? "all event checks passed" : "FAIL some event checks");
    return failures != 0;
}
