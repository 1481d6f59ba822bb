/* Floating-point environment: exception flags as fetestexcept sees them after ordinary operations,
 * the four rounding modes, fegetenv/fesetenv, feraiseexcept, and SIGFPE (with its si_code) for the
 * exceptions feenableexcept turns on. Arguments: none. */
#define _GNU_SOURCE
#include <fenv.h>
#include <math.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

static volatile double zero = 0.0, one = 1.0, three = 3.0, huge = 1e308, tiny = 1e-308, minus_one = -1.0;
static volatile float fone = 1.0f, fthree = 3.0f, fhuge = 3e38f, ftiny = 1e-38f;

static void print_flags(const char *what) {
    int f = fetestexcept(FE_ALL_EXCEPT);
    printf("%-28s%s%s%s%s%s%s\n", what, f ? "" : " none", f & FE_INVALID ? " invalid" : "", f & FE_DIVBYZERO ? " divbyzero" : "",
           f & FE_OVERFLOW ? " overflow" : "", f & FE_UNDERFLOW ? " underflow" : "", f & FE_INEXACT ? " inexact" : "");
}

#define FLAGS_AFTER(what, expression)   \
    do {                                \
        feclearexcept(FE_ALL_EXCEPT);   \
        volatile double r = (expression); \
        (void) r;                       \
        print_flags(what);              \
    } while (0)

static sigjmp_buf recover;
static volatile sig_atomic_t last_code;

static void on_fpe(int sig, siginfo_t *info, void *context) {
    (void) sig;
    (void) context;
    last_code = info->si_code;
    siglongjmp(recover, 1);
}

static const char *code_name(int code) {
    switch (code) {
    case FPE_FLTDIV: return "FPE_FLTDIV";
    case FPE_FLTOVF: return "FPE_FLTOVF";
    case FPE_FLTUND: return "FPE_FLTUND";
    case FPE_FLTRES: return "FPE_FLTRES";
    case FPE_FLTINV: return "FPE_FLTINV";
    default: return "other";
    }
}

/* Runs the expression with `except` enabled: it either traps (SIGFPE, reported) or completes. */
#define TRAPS(what, except, expression)                                             \
    do {                                                                            \
        feclearexcept(FE_ALL_EXCEPT);                                               \
        if (sigsetjmp(recover, 1) == 0) {                                           \
            feenableexcept(except);                                                 \
            volatile double r = (expression);                                       \
            fedisableexcept(FE_ALL_EXCEPT);                                         \
            printf("%-28s completed: %g\n", what, (double) r);                      \
        } else {                                                                    \
            fedisableexcept(FE_ALL_EXCEPT);                                         \
            printf("%-28s SIGFPE %s\n", what, code_name(last_code));                \
        }                                                                           \
        feclearexcept(FE_ALL_EXCEPT);                                               \
    } while (0)

int main(void) {
    FLAGS_AFTER("1/0", one / zero);
    FLAGS_AFTER("0/0", zero / zero);
    FLAGS_AFTER("1/3", one / three);
    FLAGS_AFTER("1e308*10", huge * 10);
    FLAGS_AFTER("1e-308/1e10", tiny / 1e10);
    FLAGS_AFTER("sqrt(-1)", sqrt(minus_one));
    FLAGS_AFTER("inf-inf", (one / zero) - (one / zero));
    FLAGS_AFTER("3*1 (exact)", three * one);
    FLAGS_AFTER("(int) 1e20", (double) (long) (huge / 1e288));
    FLAGS_AFTER("float 1/3", fone / fthree);
    FLAGS_AFTER("float 3e38*10", fhuge * 10.0f);
    FLAGS_AFTER("float 1e-38/1e5", ftiny / 1e5f);
    FLAGS_AFTER("fma(1e308,10,-1e309)", fma(huge, 10, -huge * 10));

    static const struct { int mode; const char *name; } modes[] = {
        { FE_TONEAREST, "nearest" }, { FE_TOWARDZERO, "toward zero" }, { FE_UPWARD, "upward" }, { FE_DOWNWARD, "downward" } };
    for (unsigned i = 0; i < sizeof modes / sizeof modes[0]; i++) {
        fesetround(modes[i].mode);
        volatile double third = one / three, neg = -one / three, big = huge * 10;
        volatile float fthird = fone / fthree;
        printf("%-12s round=%d 1/3=%a -1/3=%a 1e308*10=%a float 1/3=%a rint(2.5)=%g\n", modes[i].name, fegetround() == modes[i].mode,
               third, neg, big, (double) fthird, rint(2.5));
    }
    fesetround(FE_TONEAREST);

    fenv_t saved;
    feclearexcept(FE_ALL_EXCEPT);
    fegetenv(&saved);
    fesetround(FE_UPWARD);
    feraiseexcept(FE_OVERFLOW | FE_INEXACT);
    print_flags("feraiseexcept overflow");
    fesetenv(&saved);
    print_flags("after fesetenv");
    printf("rounding restored: %d\n", fegetround() == FE_TONEAREST);

    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_sigaction = on_fpe;
    action.sa_flags = SA_SIGINFO;
    sigaction(SIGFPE, &action, NULL);
    TRAPS("enabled divbyzero: 1/0", FE_DIVBYZERO, one / zero);
    TRAPS("enabled invalid: 0/0", FE_INVALID, zero / zero);
    TRAPS("enabled overflow: 1e308*10", FE_OVERFLOW, huge * 10);
    TRAPS("enabled inexact: 1/3", FE_INEXACT, one / three);
    TRAPS("enabled divbyzero: 1/3", FE_DIVBYZERO, one / three);
    TRAPS("enabled underflow: tiny", FE_UNDERFLOW, tiny / 1e10);
    print_flags("at the end");
    return 0;
}
