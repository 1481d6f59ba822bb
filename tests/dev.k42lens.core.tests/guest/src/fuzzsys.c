/* System calls with random arguments: every number from 0 to 450 but the few that would end,
 * replace or unmap this very program or block its signals, each with arguments drawn from zero,
 * -1, small numbers, random 64-bit values, SIZE_MAX and INT_MIN, pointers to nowhere and pointers
 * into a buffer of random bytes. A periodic SIGALRM interrupts any call that blocks. Whatever a
 * call returns is Linux's business; this program only has to come back from every one of them, so
 * it prints how many it made and, as the checksum of a deterministic run, the sum of the results.
 * Argument: the number of calls (default 20000) and the seed (default 1). */
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <unistd.h>

#define WILD 0x12345f6a0UL
#define BUFFER_SIZE 65536

static uint64_t state;
/* between two inaccessible pages: a call told to read or write past it fails there instead of
 * changing the program's own data */
static unsigned char *buffer;
static volatile long alarms;

static uint64_t next(void) { /* xorshift64* */
    state ^= state >> 12;
    state ^= state << 25;
    state ^= state >> 27;
    return state * 2685821657736338717ULL;
}

static long argument(void) {
    switch (next() % 12) {
    case 0: return 0;
    case 1: return -1;
    case 2: return (long)(next() % 16);
    case 3: return (long)(next() % 4096);
    case 4: return (long)next();
    case 5: return (long)SIZE_MAX >> (next() % 2);
    case 6: return INT32_MIN;
    case 7: return (long)WILD;
    case 8: return (long)(WILD + (next() % 4096));
    case 9: return (long)buffer;
    case 10: return (long)(buffer + next() % BUFFER_SIZE);
    default: return (long)(buffer + BUFFER_SIZE - 1 - next() % 64); /* near the end: a read may cross it */
    }
}

/* Calls that would end, replace or unmap the program, make processes, change its signal handling
 * or mask (then SIGALRM could no longer end a blocked call), or kill it. */
static const long excluded[] = {
    SYS_exit, SYS_exit_group, SYS_fork, SYS_vfork, SYS_clone, SYS_execve,
#ifdef SYS_clone3
    SYS_clone3,
#endif
#ifdef SYS_execveat
    SYS_execveat,
#endif
    SYS_kill, SYS_tkill, SYS_tgkill, SYS_rt_sigqueueinfo, SYS_rt_tgsigqueueinfo,
#ifdef SYS_pidfd_send_signal
    SYS_pidfd_send_signal,
#endif
    SYS_rt_sigreturn, SYS_sigreturn, SYS_swapcontext, SYS_sys_debug_setcontext, SYS_switch_endian, SYS_subpage_prot,
    SYS_mmap, SYS_munmap, SYS_mremap, SYS_mprotect, SYS_brk, SYS_madvise, SYS_remap_file_pages, SYS_shmat, SYS_ipc,
#ifdef SYS_pkey_mprotect
    SYS_pkey_mprotect,
#endif
    SYS_rt_sigaction, SYS_sigaction, SYS_signal, SYS_rt_sigprocmask, SYS_sigprocmask, SYS_ssetmask, SYS_rt_sigsuspend,
    SYS_sigsuspend, SYS_ppoll, SYS_pselect6, SYS_epoll_pwait,
#ifdef SYS_epoll_pwait2
    SYS_epoll_pwait2,
#endif
    SYS_setitimer, SYS_alarm, SYS_timer_create, SYS_timer_settime, SYS_setrlimit, SYS_prlimit64,
#ifdef SYS_close_range
    SYS_close_range,
#endif
};

static int isExcluded(long number) {
    for (size_t i = 0; i < sizeof excluded / sizeof excluded[0]; i++) {
        if (excluded[i] == number) {
            return 1;
        }
    }
    return 0;
}

static void onAlarm(int signal) {
    alarms++;
}

int main(int argc, char **argv) {
    long calls = argc > 1 ? atol(argv[1]) : 20000;
    state = argc > 2 ? strtoull(argv[2], NULL, 0) : 1;
    state = state * 0x9e3779b97f4a7c15ULL + 1;
    long page = sysconf(_SC_PAGESIZE);
    unsigned char *region = mmap(NULL, BUFFER_SIZE + 2 * page, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    buffer = region + page;
    if (region == MAP_FAILED || mprotect(buffer, BUFFER_SIZE, PROT_READ | PROT_WRITE) != 0) {
        perror("fuzzsys: the buffer");
        return 1;
    }
    int report = dup2(1, 999); /* out of the way of the small descriptors the calls get */
    struct sigaction action = { 0 };
    action.sa_handler = onAlarm; /* no SA_RESTART: a blocked call ends with EINTR */
    sigaction(SIGALRM, &action, NULL);
    struct itimerval every = { { 0, 20000 }, { 0, 20000 } };
    setitimer(ITIMER_REAL, &every, NULL);
    long sum = 0;
    long made = 0;
    while (made < calls) {
        long number = (long)(next() % 451);
        if (isExcluded(number)) {
            continue;
        }
        for (size_t i = 0; i < BUFFER_SIZE / 8; i += 1 + next() % 64) {
            ((uint64_t *)buffer)[i] = next();
        }
        long a = argument(), b = argument(), c = argument(), d = argument(), e = argument(), f = argument();
        sum += syscall(number, a, b, c, d, e, f);
        made++;
    }
    dprintf(report, "fuzzsys: %ld calls, result sum %ld\n", made, sum);
    return 0;
}
