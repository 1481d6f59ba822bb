/* randcode FIRST COUNT SEED: runs COUNT pages of random instructions, pages FIRST.. of the sequence
 * SEED gives, and says how each ended.
 *
 * Each page runs in a child process of its own, since random code can do anything a process can:
 * overwrite its stack and data, make system calls with random arguments, block signals, unmap its
 * memory, exit. The child fills a page with random words, makes it executable and calls it; a
 * signal the code raises (SIGILL, SIGSEGV, SIGBUS, SIGFPE, SIGTRAP, SIGSYS, or SIGALRM when the page
 * runs for more than 20 ms) is written to a page shared with the parent, and the child exits. A
 * child that has not ended after a second is killed. One line per outcome, then "pages: N". Exit 0. */
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

enum { RETURNED = 0, CHILD_EXITED = 65, CHILD_KILLED = 66, HUNG = 67, OUTCOMES = 68 };

/* written by the child, read by the parent: how the page ended, or -1 */
static volatile int *result;
static const int caught[] = {SIGILL, SIGSEGV, SIGBUS, SIGFPE, SIGTRAP, SIGSYS, SIGALRM};

static void handler(int sig) {
    *result = sig;
    _exit(0);
}

static uint64_t mix(uint64_t x) {   /* splitmix64 */
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

static void run_page(long number, uint64_t seed) {
    static char alternate[1 << 16];
    stack_t ss = {.ss_sp = alternate, .ss_size = sizeof alternate};
    sigaltstack(&ss, NULL);
    struct sigaction sa = {.sa_handler = handler, .sa_flags = SA_ONSTACK};
    sigfillset(&sa.sa_mask);
    for (size_t i = 0; i < sizeof caught / sizeof caught[0]; i++) {
        sigaction(caught[i], &sa, NULL);
    }
    long pagesize = sysconf(_SC_PAGESIZE);
    uint32_t *page = mmap(NULL, pagesize, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    uint64_t state = mix(seed ^ (uint64_t) number * 0x100000001b3ULL);
    for (long w = 0; w < pagesize / 4; w++) {
        state = mix(state);
        page[w] = (uint32_t) state;
    }
    mprotect(page, pagesize, PROT_READ | PROT_EXEC);
    struct itimerval limit = {{0, 0}, {0, 20000}};
    setitimer(ITIMER_REAL, &limit, NULL);
#if defined(_CALL_ELF) && _CALL_ELF == 2
    void (*code)(void) = (void (*)(void)) page;
#else
    static uintptr_t descriptor[3];
    descriptor[0] = (uintptr_t) page;
    void (*code)(void) = (void (*)(void)) descriptor;
#endif
    code();
    *result = RETURNED;
    _exit(0);
}

int main(int argc, char **argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: randcode FIRST COUNT SEED\n");
        return 2;
    }
    long first = atol(argv[1]);
    long count = atol(argv[2]);
    uint64_t seed = strtoull(argv[3], NULL, 0);
    result = mmap(NULL, sizeof *result, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    for (int s = 1; s < 32; s++) {
        if (s != SIGCHLD && s != SIGKILL && s != SIGSTOP) {
            signal(s, SIG_IGN);   /* random code may signal its parent */
        }
    }
    sigset_t child_ended;
    sigemptyset(&child_ended);
    sigaddset(&child_ended, SIGCHLD);
    sigprocmask(SIG_BLOCK, &child_ended, NULL);
    long outcome[OUTCOMES] = {0};
    for (long number = first; number < first + count; number++) {
        *result = -1;
        pid_t child = fork();
        if (child == 0) {
            for (int s = 1; s < 32; s++) {
                signal(s, SIG_DFL);
            }
            sigprocmask(SIG_UNBLOCK, &child_ended, NULL);
            run_page(number, seed);
        }
        int status = 0;
        struct timespec second = {1, 0};
        if (waitpid(child, &status, WNOHANG) != child && (sigtimedwait(&child_ended, NULL, &second) < 0
                || waitpid(child, &status, WNOHANG) != child)) {
            kill(child, SIGKILL);   /* blocked, or looping with SIGALRM blocked */
            waitpid(child, &status, 0);
            outcome[HUNG]++;
        } else if (*result >= 0 && *result < OUTCOMES) {
            outcome[*result]++;
        } else {
            outcome[WIFSIGNALED(status) ? CHILD_KILLED : CHILD_EXITED]++;
        }
    }
    for (int o = 0; o < OUTCOMES; o++) {
        if (outcome[o] != 0) {
            const char *name = o == RETURNED ? "returned" : o == CHILD_EXITED ? "made its process exit"
                : o == CHILD_KILLED ? "killed its process" : o == HUNG ? "hung, its process killed" : sigabbrev_np(o);
            printf("%-24s %ld\n", name ? name : "signal", outcome[o]);
        }
    }
    printf("pages: %ld\n", count);
    return 0;
}
