/* clocks: clock_gettime (MONOTONIC, REALTIME, PROCESS_CPUTIME_ID), gettimeofday,
 * time() and a 10 ms nanosleep.  Prints only facts that hold on any machine. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/time.h>
#include <time.h>

static int64_t ns(const struct timespec *t)
{
    return (int64_t)t->tv_sec * 1000000000 + t->tv_nsec;
}

static const char *yesno(int b)
{
    return b ? "yes" : "no";
}

static volatile uint64_t sink;

static void burn(void)
{
    uint64_t x = 1;
    for (int i = 0; i < 200000; i++)
        x = x * 6364136223846793005ULL + 1442695040888963407ULL;
    sink += x;
}

/* Reads the clock repeatedly, burning CPU in between, until it moves forward.
 * Reports whether it ever went backwards and whether it advanced. */
static void check_clock(const char *name, clockid_t id)
{
    struct timespec a, b;
    int ok = clock_gettime(id, &a) == 0;
    int backwards = 0, advanced = 0, valid = a.tv_nsec >= 0 && a.tv_nsec < 1000000000;
    for (int i = 0; i < 2000 && ok; i++) {
        burn();
        ok = clock_gettime(id, &b) == 0;
        if (b.tv_nsec < 0 || b.tv_nsec >= 1000000000)
            valid = 0;
        if (ns(&b) < ns(&a))
            backwards = 1;
        if (ns(&b) > ns(&a))
            advanced = 1;
        a = b;
        if (advanced && i >= 10)
            break;
    }
    printf("%s: call ok: %s, tv_nsec in range: %s, never backwards: %s, increases: %s\n", name, yesno(ok), yesno(valid),
           yesno(!backwards), yesno(advanced));
}

int main(void)
{
    check_clock("CLOCK_MONOTONIC", CLOCK_MONOTONIC);
    check_clock("CLOCK_REALTIME", CLOCK_REALTIME);
    check_clock("CLOCK_PROCESS_CPUTIME_ID", CLOCK_PROCESS_CPUTIME_ID);
    check_clock("CLOCK_THREAD_CPUTIME_ID", CLOCK_THREAD_CPUTIME_ID);

    struct timespec res;
    printf("clock_getres(MONOTONIC) ok and at most 1 ms: %s\n",
           yesno(clock_getres(CLOCK_MONOTONIC, &res) == 0 && res.tv_sec == 0 && res.tv_nsec <= 1000000));

    struct timespec rt;
    struct timeval tv;
    clock_gettime(CLOCK_REALTIME, &rt);
    int g = gettimeofday(&tv, NULL);
    time_t t = time(NULL);
    printf("gettimeofday ok: %s, tv_usec in range: %s\n", yesno(g == 0), yesno(tv.tv_usec >= 0 && tv.tv_usec < 1000000));
    printf("realtime, gettimeofday and time() agree within 2 s: %s\n",
           yesno(tv.tv_sec - rt.tv_sec <= 2 && tv.tv_sec >= rt.tv_sec && t - rt.tv_sec <= 2 && t >= rt.tv_sec));
    printf("time() is after 2020-01-01: %s\n", yesno(t > 1577836800));
    time_t t2;
    printf("time(&t2) stores the same value: %s\n", yesno(time(&t2) == t2));

    struct timespec m0, m1, req = {0, 10 * 1000 * 1000}, rem = {99, 99};
    clock_gettime(CLOCK_MONOTONIC, &m0);
    int r = nanosleep(&req, &rem);
    clock_gettime(CLOCK_MONOTONIC, &m1);
    int64_t slept = ns(&m1) - ns(&m0);
    printf("nanosleep(10 ms) returned 0: %s, slept at least 10 ms: %s, under 5 s: %s\n", yesno(r == 0),
           yesno(slept >= 10000000), yesno(slept < 5000000000LL));
    struct timespec bad = {0, 1000000000};
    errno = 0;
    printf("nanosleep with tv_nsec=1e9 fails with EINVAL: %s\n", yesno(nanosleep(&bad, NULL) == -1 && errno == EINVAL));

    clock_gettime(CLOCK_MONOTONIC, &m0);
    struct timespec abs = m0;
    abs.tv_nsec += 5 * 1000 * 1000;
    if (abs.tv_nsec >= 1000000000) {
        abs.tv_sec++;
        abs.tv_nsec -= 1000000000;
    }
    r = clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &abs, NULL);
    clock_gettime(CLOCK_MONOTONIC, &m1);
    printf("clock_nanosleep(TIMER_ABSTIME +5 ms) returned 0: %s, woke after target: %s\n", yesno(r == 0),
           yesno(ns(&m1) >= ns(&abs)));

    struct tm tmv;
    time_t fixed = 1000000000;
    gmtime_r(&fixed, &tmv);
    char buf[64];
    strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S %a %j", &tmv);
    printf("gmtime(1000000000) = %s\n", buf);
    tmv.tm_year = 2038 - 1900;
    tmv.tm_mon = 0;
    tmv.tm_mday = 19;
    tmv.tm_hour = 3;
    tmv.tm_min = 14;
    tmv.tm_sec = 8;
    printf("timegm(2038-01-19 03:14:08) = %lld\n", (long long)timegm(&tmv));
    return 0;
}
