/* fmt: printf formats, strtod/strtol edge cases and libm results (double and float).
 * Inputs go through volatile variables so the compiler cannot fold them away. */
#include <errno.h>
#include <fenv.h>
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static volatile double vzero = 0.0;
static volatile double vone = 1.0;

static uint64_t bits(double d)
{
    uint64_t u;
    memcpy(&u, &d, sizeof u);
    return u;
}

static uint32_t fbits(float f)
{
    uint32_t u;
    memcpy(&u, &f, sizeof u);
    return u;
}

static void ints(void)
{
    printf("-- integers\n");
    volatile int i = -42;
    volatile unsigned u = 3735928559u;
    volatile long l = LONG_MIN;
    volatile unsigned long ul = ULONG_MAX;
    volatile long long ll = -1234567890123456789LL;
    printf("[%d] [%5d] [%-5d] [%05d] [%+d] [% d]\n", i, i, i, i, -i, -i);
    printf("[%u] [%x] [%X] [%#x] [%o] [%#o]\n", u, u, u, u, u, u);
    printf("[%ld] [%lu] [%lx] [%lld]\n", l, ul, ul, ll);
    printf("[%hhd] [%hd] [%hhu] [%hu]\n", (signed char)200, (short)70000, (unsigned char)300, (unsigned short)-1);
    printf("[%.3d] [%8.3d] [%-8.3x|] [%.0d]\n", 7, 7, 255, 0);
    printf("[%zu] [%zd] [%jd] [%td]\n", sizeof(long double), (ssize_t)-5, (intmax_t)INT64_MIN, (ptrdiff_t)-9);
    printf("[%c] [%3c] [%-3c|] [%%]\n", 'A', 'B', 'C');
    printf("[%s] [%10s] [%-10s|] [%.3s] [%*d] [%-*d|] [%.*f]\n", "str", "right", "left", "truncate", 6, 42, 6, 42, 2, 3.14159);
    int n1 = 0, n2 = 0;
    printf("count%n me%n\n", &n1, &n2);
    printf("%%n gave %d and %d\n", n1, n2);
    char small[8];
    const char *volatile ten = "0123456789";
    int want = snprintf(small, sizeof small, "%s", ten);
    printf("snprintf truncated to \"%s\" wanted %d\n", small, want);
}

static void floats(void)
{
    printf("-- floating point formats\n");
    double vals[] = {0.0, -0.0, 1.0, -1.5, 0.1, 1.0 / 3.0, 2.5, 3.5, 1e-5, 123456789.0, 1e21, 6.02214076e23,
                     DBL_MAX, DBL_MIN, 4.9406564584124654e-324, 0.000123456789, 1e100, M_PI};
    for (size_t k = 0; k < sizeof vals / sizeof vals[0]; k++) {
        volatile double d = vals[k];
        printf("%%e=%e %%f=%f %%g=%g %%a=%a %%.17g=%.17g\n", d, d, d, d, d);
    }
    volatile double d = M_E;
    printf("[%10.3f] [%-10.3f|] [%+.2e] [%010.4f] [%#.0f] [%.0f] [%.0f] [%.0f]\n", d, d, d, -d, d, 0.5, 1.5, 2.5);
    printf("[%G] [%E] [%A] [%#g] [%.3g] [%.10g] [%g] [%g]\n", 1e-10, 12345.678, 1.0, 1.0, 1234567.0, 1.0 / 7, 100000.0, 1000000.0);
    double inf = vone / vzero;
    double nan0 = vzero / vzero;
    printf("inf: [%f] [%e] [%g] [%a] [%5.1f] [%-6f|] [%+f] [%F]\n", inf, inf, inf, inf, inf, -inf, inf, -inf);
    printf("nan: [%f] [%e] [%g] [%F] isnan=%d\n", nan0, nan0, nan0, nan0, isnan(nan0));
    printf("0/0 bits=%016llx (PowerPC default NaN)\n", (unsigned long long)bits(nan0));
    printf("-0.0: [%f] [%g] [%e] [%a] signbit=%d bits=%016llx\n", -vzero, -vzero, -vzero, -vzero,
           signbit(-vzero) != 0, (unsigned long long)bits(-vzero));
    volatile float f = 0.1f;
    printf("float 0.1f: %.9g %a bits=%08x\n", (double)f, (double)f, fbits(f));
    f = FLT_MAX;
    printf("FLT_MAX: %.9g FLT_MIN: %.9g FLT_EPSILON: %.9g DBL_EPSILON: %.17g\n", (double)f, (double)FLT_MIN,
           (double)FLT_EPSILON, DBL_EPSILON);
}

static void str_to_num(void)
{
    printf("-- strtod\n");
    const char *in[] = {"0", "-0", "1e-400", "1e400", "-1e400", "4.9e-324", "2.4703282292062328e-324",
                        "2.4703282292062327e-324", "1.7976931348623157e308", "1.7976931348623159e308",
                        "2.2250738585072011e-308", "0x1p-1074", "0x1.fffffffffffffp1023", "0X1.8P1",
                        "  +1.5xyz", "inf", "-Infinity", "nan", "-nan", "nan(123)", ".5", "5.", "1_000",
                        "0.1000000000000000055511151231257827", "123456789012345678901234567890",
                        "9007199254740993", "1e-320", "", "abc", "3.14159265358979323846264338327950288"};
    for (size_t k = 0; k < sizeof in / sizeof in[0]; k++) {
        char *end;
        errno = 0;
        double d = strtod(in[k], &end);
        int e = errno;
        printf("strtod(\"%s\") = %.17g [%a] used=%d erange=%s\n", in[k], d, d, (int)(end - in[k]),
               e == ERANGE ? "yes" : "no");
    }
    const char *fin[] = {"0.1", "16777217", "3.4028235e38", "3.4028236e38", "1e-46", "1.4e-45", "0x1p-149"};
    for (size_t k = 0; k < sizeof fin / sizeof fin[0]; k++) {
        errno = 0;
        float f = strtof(fin[k], NULL);
        printf("strtof(\"%s\") = %.9g [%08x] erange=%s\n", fin[k], (double)f, fbits(f), errno == ERANGE ? "yes" : "no");
    }

    printf("-- strtol\n");
    struct {
        const char *s;
        int base;
    } li[] = {{"0", 10},      {"-0", 10},    {"2147483648", 10},          {"9223372036854775807", 10},
              {"9223372036854775808", 10},  {"-9223372036854775808", 10}, {"-9223372036854775809", 10},
              {"0x7fffffffffffffff", 0},    {"  -0x10", 0}, {"0777", 0},  {"0777", 10},
              {"z", 36},      {"ZZ", 36},    {"12abc", 10}, {"", 10},      {"   +42  ", 10},
              {"0x", 16},     {"101101", 2}, {"-1", 10}};
    for (size_t k = 0; k < sizeof li / sizeof li[0]; k++) {
        char *end;
        errno = 0;
        long v = strtol(li[k].s, &end, li[k].base);
        int e = errno;
        errno = 0;
        unsigned long uv = strtoul(li[k].s, NULL, li[k].base);
        printf("strtol(\"%s\",%d) = %ld used=%d erange=%s strtoul=%lu erange=%s\n", li[k].s, li[k].base, v,
               (int)(end - li[k].s), e == ERANGE ? "yes" : "no", uv, errno == ERANGE ? "yes" : "no");
    }
    printf("atoi(\" -17x\")=%d atol(\"123456789012\")=%ld strtoll=%lld strtoull=%llu\n", atoi(" -17x"),
           atol("123456789012"), strtoll("-123456789012345", NULL, 10), strtoull("18446744073709551615", NULL, 10));
}

static void libm_double(void)
{
    printf("-- libm double\n");
    volatile double a[] = {0.5, 1.0, 2.0, 10.0, 0.1, 3.75, 100.0, 1e-3, 1e22, 710.0};
    for (size_t k = 0; k < sizeof a / sizeof a[0]; k++) {
        double x = a[k];
        printf("x=%.17g sqrt=%.17g sin=%.17g cos=%.17g tan=%.17g\n", x, sqrt(x), sin(x), cos(x), tan(x));
        printf("  exp=%.17g log=%.17g log10=%.17g log2=%.17g cbrt=%.17g\n", exp(x), log(x), log10(x), log2(x), cbrt(x));
        printf("  atan=%.17g sinh=%.17g tanh=%.17g expm1=%.17g log1p=%.17g\n", atan(x), sinh(x), tanh(x), expm1(x), log1p(x));
    }
    printf("asin(0.5)=%.17g acos(0.5)=%.17g atan2(1,-1)=%.17g hypot(3,4)=%.17g\n", asin(a[0]), acos(a[0]),
           atan2(a[1], -a[1]), hypot(3 * a[1], 4 * a[1]));
    printf("pow(2,0.5)=%.17g pow(10,-3)=%.17g pow(-8,1/3.)=%.17g pow(-2,3)=%.17g pow(0,0)=%.17g pow(2,1024)=%g\n",
           pow(a[2], a[0]), pow(a[3], -3 * a[1]), pow(-8 * a[1], a[1] / 3), pow(-a[2], 3 * a[1]), pow(vzero, vzero),
           pow(a[2], 1024 * a[1]));
    printf("fmod(10,3)=%.17g fmod(-10,3)=%.17g fmod(5.5,1.25)=%.17g remainder(10,3)=%.17g\n", fmod(a[3], 3 * a[1]),
           fmod(-a[3], 3 * a[1]), fmod(5.5 * a[1], 1.25 * a[1]), remainder(a[3], 3 * a[1]));
    volatile double r[] = {2.5, -2.5, 3.5, -3.5, 2.4999999999999996, 0.5, -0.5, 1e300, -0.0, 4503599627370497.0};
    for (size_t k = 0; k < sizeof r / sizeof r[0]; k++) {
        double x = r[k];
        printf("x=%.17g floor=%.17g ceil=%.17g round=%.17g trunc=%.17g rint=%.17g nearbyint=%.17g lrint=%ld lround=%ld\n",
               x, floor(x), ceil(x), round(x), trunc(x), rint(x), nearbyint(x), fabs(x) < 1e18 ? lrint(x) : 0L,
               fabs(x) < 1e18 ? lround(x) : 0L);
    }
    int modes[] = {FE_TONEAREST, FE_UPWARD, FE_DOWNWARD, FE_TOWARDZERO};
    const char *names[] = {"nearest", "upward", "downward", "towardzero"};
    for (int m = 0; m < 4; m++) {
        fesetround(modes[m]);
        printf("round %s: rint(2.5)=%g rint(-2.5)=%g lrint(-1.5)=%ld 1/3=%.17g (float)1/3=%.9g\n", names[m],
               rint(r[0]), rint(r[1]), lrint(-1.5 * vone), vone / 3, (double)((float)vone / 3.0f));
    }
    fesetround(FE_TONEAREST);
    printf("fma(0.1,10,-1)=%.17g plain=%.17g fma(2,3,4)=%.17g\n", fma(a[4], a[3], -a[1]), a[4] * a[3] - a[1],
           fma(a[2], 3 * a[1], 4 * a[1]));
    int ex;
    double m = frexp(a[6], &ex);
    printf("frexp(100)=%.17g,%d ldexp(1,-1074)=%a modf(3.75)=", m, ex, ldexp(a[1], -1074));
    double ip;
    double fp = modf(a[5], &ip);
    printf("%.17g+%.17g copysign=%g nextafter(1,2)=%.17g ilogb(100)=%d\n", ip, fp, copysign(a[1], -vzero),
           nextafter(a[1], a[2]), ilogb(a[6]));
    errno = 0;
    double l0 = log(vzero);
    printf("log(0)=%g erange=%s sqrt(-1) isnan=%d\n", l0, errno == ERANGE ? "yes" : "no", isnan(sqrt(-a[1])));
}

static void libm_float(void)
{
    printf("-- libm float\n");
    volatile float a[] = {0.5f, 1.0f, 2.0f, 10.0f, 0.1f, 3.75f, 100.0f};
    for (size_t k = 0; k < sizeof a / sizeof a[0]; k++) {
        float x = a[k];
        printf("x=%.9g sqrtf=%.9g sinf=%.9g cosf=%.9g expf=%.9g logf=%.9g powf(x,1.5)=%.9g\n", (double)x,
               (double)sqrtf(x), (double)sinf(x), (double)cosf(x), (double)expf(x), (double)logf(x),
               (double)powf(x, 1.5f));
    }
    printf("fmaf(0.1,10,-1)=%.9g fmodf(10,3)=%.9g floorf(-2.5)=%.9g ceilf(-2.5)=%.9g roundf(2.5)=%.9g lrintf(2.5)=%ld\n",
           (double)fmaf(a[4], a[3], -a[1]), (double)fmodf(a[3], 3.0f * a[1]), (double)floorf(-2.5f * a[1]),
           (double)ceilf(-2.5f * a[1]), (double)roundf(2.5f * a[1]), lrintf(2.5f * a[1]));
    float s = 0.0f;
    for (int i = 1; i <= 1000; i++)
        s += a[1] / (float)i;
    double sd = 0.0;
    for (int i = 1; i <= 1000; i++)
        sd += (double)a[1] / i;
    printf("harmonic(1000) float=%.9g double=%.17g\n", (double)s, sd);
    volatile double big = 3e9, neg = -1.9;
    printf("conversions: (int)-1.9=%d (long)3e9=%ld (unsigned)3e9=%u (float)1e40 is inf=%d (double)(float)0.1=%.17g\n",
           (int)neg, (long)big, (unsigned)big, isinf((float)(big * 1e31)), (double)(float)(a[4]));
}

int main(void)
{
    ints();
    floats();
    str_to_num();
    libm_double();
    libm_float();
    return 0;
}
