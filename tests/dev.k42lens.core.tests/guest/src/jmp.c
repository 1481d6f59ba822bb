/* jmp: setjmp/longjmp and sigsetjmp/siglongjmp, nested, from deep recursion,
 * with volatile locals that must keep values changed after setjmp. */
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

static jmp_buf outer, inner;
static sigjmp_buf sj;
static int depth_reached;

static void recurse(int depth, int target)
{
    volatile char pad[64];
    memset((char *)pad, depth, sizeof pad);
    depth_reached = depth;
    if (depth == target)
        longjmp(outer, depth);
    if (depth < 100000)
        recurse(depth + 1, target);
    pad[0]++;
}

static void jump_inner(int v)
{
    longjmp(inner, v);
}

static double fp_after_jump(void)
{
    volatile double acc = 1.5;
    jmp_buf env;
    if (setjmp(env) == 0) {
        acc *= 3.0;
        longjmp(env, 1);
    }
    return acc;
}

int main(void)
{
    volatile int counter = 0;
    volatile long total = 0;
    int r;

    /* basic: setjmp returns 0, then the longjmp value */
    r = setjmp(outer);
    counter++;
    if (r == 0) {
        total += 10;
        printf("setjmp first return 0, counter=%d\n", counter);
        longjmp(outer, 5);
    }
    printf("setjmp returned %d, counter=%d total=%ld\n", r, counter, total);

    /* longjmp(env, 0) makes setjmp return 1 */
    r = setjmp(outer);
    if (r == 0)
        longjmp(outer, 0);
    printf("longjmp with 0 gives %d\n", r);

    /* from deep recursion */
    r = setjmp(outer);
    if (r == 0)
        recurse(0, 500);
    printf("returned from recursion depth %d via longjmp (depth_reached=%d)\n", r, depth_reached);

    /* nested buffers: inner jump lands in the inner context, outer jump unwinds both */
    volatile int stage = 0;
    if ((r = setjmp(outer)) == 0) {
        stage = 1;
        int ri = setjmp(inner);
        if (ri == 0) {
            stage = 2;
            jump_inner(7);
        }
        printf("inner setjmp returned %d at stage %d\n", ri, stage);
        stage = 3;
        longjmp(outer, 9);
    }
    printf("outer setjmp returned %d at stage %d\n", r, stage);

    /* loop driven by longjmp */
    volatile int loops = 0;
    r = setjmp(outer);
    if (loops < 1000) {
        loops++;
        total += loops;
        longjmp(outer, loops);
    }
    printf("longjmp loop: loops=%d last r=%d total=%ld\n", loops, r, total);

    printf("floating point local across longjmp: %g\n", fp_after_jump());

    /* sigsetjmp saving the signal mask: a mask change after sigsetjmp is undone */
    sigset_t set, cur;
    sigemptyset(&set);
    sigprocmask(SIG_SETMASK, &set, NULL);
    volatile int sr_count = 0;
    r = sigsetjmp(sj, 1);
    sr_count++;
    if (r == 0) {
        sigaddset(&set, SIGUSR1);
        sigprocmask(SIG_BLOCK, &set, NULL);
        siglongjmp(sj, 42);
    }
    sigprocmask(SIG_SETMASK, NULL, &cur);
    printf("sigsetjmp(savemask=1) returned %d after %d passes, SIGUSR1 blocked after jump: %s\n", r, sr_count,
           sigismember(&cur, SIGUSR1) ? "yes" : "no");

    /* sigsetjmp without saving the mask keeps the change */
    r = sigsetjmp(sj, 0);
    if (r == 0) {
        sigemptyset(&set);
        sigaddset(&set, SIGUSR2);
        sigprocmask(SIG_BLOCK, &set, NULL);
        siglongjmp(sj, 43);
    }
    sigprocmask(SIG_SETMASK, NULL, &cur);
    printf("sigsetjmp(savemask=0) returned %d, SIGUSR2 blocked after jump: %s\n", r,
           sigismember(&cur, SIGUSR2) ? "yes" : "no");
    sigemptyset(&set);
    sigprocmask(SIG_SETMASK, &set, NULL);

    /* _setjmp/_longjmp variants */
    r = _setjmp(outer);
    if (r == 0)
        _longjmp(outer, 77);
    printf("_setjmp/_longjmp returned %d\n", r);
    return 0;
}
