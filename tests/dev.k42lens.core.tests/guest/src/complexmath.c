/* complexmath: _Complex float/double/long double arithmetic (multiplication and division with
 * their inf/nan cases, cabs carg cexp clog csqrt cpow), long double (IBM double-double on
 * Debian's ppc64 and ppc64el) arithmetic and libm functions, and IEEE binary128 (__float128).
 *
 * Exact results are printed exactly (%a, or both doubles of a long double); results of
 * transcendental functions are printed rounded to 12 (double), 6 (float) or 20 (long double)
 * significant digits, with anything below the last printed digit of 1 printed as 0, so that
 * last-bit differences between libm variants cannot show.
 *
 * binary128: every result is computed by a small integer implementation below (sign, exponent
 * and a 113-bit significand in unsigned __int128, rounded to nearest even) and its bit pattern
 * printed.  Where the compiler has __float128 (VSX: every flavour but the default big-endian
 * one, which targets a CPU without VSX) the same operations are done in __float128 -- POWER9 and
 * POWER10 have the instructions, POWER8 calls libgcc's software routines -- and compared with
 * the integer result, so every flavour prints the same lines. */
#include <complex.h>
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if defined(__FLOAT128__) && defined(__VSX__)
#define HAVE_F128 1
#else
#define HAVE_F128 0
#endif

static int failures;

static void fail(const char *what)
{
    failures++;
    printf("FAIL %s\n", what);
}

/* ---------------------------------------------------------------- printing helpers */

/* a double exactly; infinities and NaNs by name (the sign of a NaN is not printed) */
static void pr_exact(const char *tag, double x)
{
    if (isnan(x))
        printf(" %s=nan", tag);
    else if (isinf(x))
        printf(" %s=%sinf", tag, x < 0 ? "-" : "");
    else
        printf(" %s=%a", tag, x);
}

/* a rounded double: |x| < 0.5e-12 prints 0 (libm noise around zero), else 12 digits */
static void pr_round(const char *tag, double x, double tiny, int digits)
{
    if (isnan(x))
        printf(" %s=nan", tag);
    else if (isinf(x))
        printf(" %s=%sinf", tag, x < 0 ? "-" : "");
    else if (fabs(x) < tiny)
        printf(" %s=0", tag);
    else
        printf(" %s=%.*g", tag, digits, x);
}
#define PRD(tag, x) pr_round(tag, x, 0.5e-12, 12)
#define PRF(tag, x) pr_round(tag, x, 0.5e-5, 6)

static void pr_ld_round(const char *tag, long double x)
{
    if (isnan(x))
        printf(" %s=nan", tag);
    else if (isinf(x))
        printf(" %s=%sinf", tag, x < 0 ? "-" : "");
    else if (fabsl(x) < 0.5e-20L)
        printf(" %s=0", tag);
    else
        printf(" %s=%.20Lg", tag, x);
}

/* IBM long double: the two doubles (high first; the same order in memory on both byte orders,
 * but read through the union's doubles, not bytes) */
union ld2 {
    long double ld;
    double d[2];
};
static void pr_ld_exact(const char *tag, long double x)
{
    union ld2 u = {.ld = x};
    if (isnan(x) || isinf(x)) {
        pr_exact(tag, u.d[0]);
        return;
    }
    printf(" %s=%a%+a", tag, u.d[0], u.d[1]);
}

static volatile double vzero = 0.0, vone = 1.0;

/* ---------------------------------------------------------------- complex double */

static void complex_double(void)
{
    printf("-- complex double\n");
    static const double in[][4] = {
        {1, 2, 3, 4},       {0.5, -1.5, -2, 0.25}, {3, 0, 0, 2},      {-1, -1, 1, -1},
        {0x1p1000, 0x1p1000, 0x1p-1000, 0x1p1000}, {6, 8, 3, 4}, {1, 0, 0, 0},    {0, 0, 0, 0},
    };
    for (size_t k = 0; k < sizeof in / sizeof in[0]; k++) {
        volatile double a = in[k][0], b = in[k][1], c = in[k][2], d = in[k][3];
        double complex x = CMPLX(a, b), y = CMPLX(c, d);
        double complex m = x * y, q = x / y, s = x + y, t = x - y;
        printf("(%a,%a) (%a,%a):", a, b, c, d);
        pr_exact("mul.re", creal(m)), pr_exact("mul.im", cimag(m));
        PRD("div.re", creal(q)), PRD("div.im", cimag(q));
        pr_exact("add.im", cimag(s)), pr_exact("sub.re", creal(t));
        printf("\n");
    }
    /* Annex G: an infinite operand gives an infinite product/quotient even with NaN parts */
    double inf = vone / vzero, nan0 = vzero / vzero;
    volatile double one = 1.0, two = 2.0;
    struct {
        const char *what;
        double complex x, y;
    } edge[] = {
        {"(inf,nan)*(1,1)", CMPLX(inf, nan0), CMPLX(one, one)},
        {"(nan,inf)*(2,0)", CMPLX(nan0, inf), CMPLX(two, 0)},
        {"(inf,0)*(0,0)", CMPLX(inf, 0), CMPLX(0, 0)},
        {"(inf,inf)*(inf,-inf)", CMPLX(inf, inf), CMPLX(inf, -inf)},
        {"(nan,0)*(1,0)", CMPLX(nan0, 0), CMPLX(one, 0)},
        {"(1,1)/(0,0)", CMPLX(one, one), CMPLX(0, 0)},
        {"(1,1)/(inf,inf)", CMPLX(one, one), CMPLX(inf, inf)},
        {"(inf,1)/(2,3)", CMPLX(inf, one), CMPLX(two, 3)},
        {"(0,0)/(0,0)", CMPLX(0, 0), CMPLX(0, 0)},
        {"(2^1000,2^1000)/(2^-1000,2^-1000)", CMPLX(0x1p1000, 0x1p1000), CMPLX(0x1p-1000, 0x1p-1000)},
        {"(2^1000,-2^1000)/(2^-1000,3*2^-1000)", CMPLX(0x1p1000, -0x1p1000), CMPLX(0x1p-1000, 0x3p-1000)},
        {"(1e-310,2e-310)/(3e-310,4e-310)", CMPLX(1e-310, 2e-310), CMPLX(3e-310, 4e-310)},
    };
    for (size_t k = 0; k < sizeof edge / sizeof edge[0]; k++) {
        volatile double complex x = edge[k].x, y = edge[k].y;
        double complex m = x * y, q = x / y;
        printf("%s:", edge[k].what);
        pr_exact("mul.re", creal(m)), pr_exact("mul.im", cimag(m));
        PRD("div.re", creal(q)), PRD("div.im", cimag(q));
        printf(" isinf(mul)=%d isinf(div)=%d\n", isinf(creal(m)) || isinf(cimag(m)),
               isinf(creal(q)) || isinf(cimag(q)));
    }
    static const double fz[][2] = {{3, 4}, {-1, 0}, {0, 1}, {-2, -2}, {0.5, 1.5}, {1e-3, -7}, {-0.0, -1}};
    for (size_t k = 0; k < sizeof fz / sizeof fz[0]; k++) {
        volatile double re = fz[k][0], im = fz[k][1];
        double complex z = CMPLX(re, im);
        printf("z=(%g,%g):", re, im);
        PRD("cabs", cabs(z)), PRD("carg", carg(z));
        double complex e = cexp(z), l = clog(z), r = csqrt(z), p = cpow(z, CMPLX(0.5, -1)), p2 = cpow(z, 2);
        PRD("cexp.re", creal(e)), PRD("cexp.im", cimag(e));
        PRD("clog.re", creal(l)), PRD("clog.im", cimag(l));
        PRD("csqrt.re", creal(r)), PRD("csqrt.im", cimag(r));
        PRD("cpow.re", creal(p)), PRD("cpow.im", cimag(p));
        PRD("z^2.re", creal(p2)), PRD("z^2.im", cimag(p2));
        double complex sn = csin(z), th = ctanh(z), ac = cacos(z);
        PRD("csin.re", creal(sn)), PRD("csin.im", cimag(sn));
        PRD("ctanh.re", creal(th)), PRD("ctanh.im", cimag(th));
        PRD("cacos.re", creal(ac)), PRD("cacos.im", cimag(ac));
        pr_exact("conj.im", cimag(conj(z))), pr_exact("cproj.re", creal(cproj(z)));
        printf("\n");
    }
    /* csqrt of exact squares is exact */
    volatile double sq_re = -7, sq_im = 24;
    double complex r = csqrt(CMPLX(sq_re, sq_im));
    printf("csqrt(-7+24i)=(%a,%a)\n", creal(r), cimag(r));
}

/* ---------------------------------------------------------------- complex float */

static void complex_float(void)
{
    printf("-- complex float\n");
    static const float in[][4] = {
        {1, 2, 3, 4}, {0.5f, -1.5f, -2, 0.25f}, {-3, 5, 0.125f, -8}, {0x1p100f, 0x1p100f, 0x1p-100f, 2}};
    for (size_t k = 0; k < sizeof in / sizeof in[0]; k++) {
        volatile float a = in[k][0], b = in[k][1], c = in[k][2], d = in[k][3];
        float complex x = CMPLXF(a, b), y = CMPLXF(c, d);
        float complex m = x * y, q = x / y;
        printf("(%g,%g) (%g,%g):", a, b, c, d);
        pr_exact("mul.re", crealf(m)), pr_exact("mul.im", cimagf(m));
        PRF("div.re", crealf(q)), PRF("div.im", cimagf(q));
        PRF("cabsf", cabsf(x)), PRF("cargf", cargf(x));
        float complex e = cexpf(y), l = clogf(x), r = csqrtf(x), p = cpowf(x, CMPLXF(2, 0));
        PRF("cexpf.re", crealf(e)), PRF("cexpf.im", cimagf(e));
        PRF("clogf.re", crealf(l)), PRF("clogf.im", cimagf(l));
        PRF("csqrtf.re", crealf(r)), PRF("csqrtf.im", cimagf(r));
        PRF("cpowf.re", crealf(p) / (1 + cabsf(p))), PRF("cpowf.im", cimagf(p) / (1 + cabsf(p)));
        printf("\n");
    }
    float inf = (float)(vone / vzero), nan0 = (float)(vzero / vzero);
    volatile float complex x = CMPLXF(inf, nan0), y = CMPLXF(2, -1), z = CMPLXF(0, 0);
    float complex m = x * y, q = y / z, q2 = y / x;
    printf("(inf,nan)*(2,-1): isinf=%d  (2,-1)/(0,0): isinf=%d  (2,-1)/(inf,nan):",
           isinf(crealf(m)) || isinf(cimagf(m)), isinf(crealf(q)) || isinf(cimagf(q)));
    pr_exact("re", crealf(q2)), pr_exact("im", cimagf(q2));
    printf("\n");
}

/* ---------------------------------------------------------------- long double (IBM double-double) */

static void long_double(void)
{
    printf("-- long double: LDBL_MANT_DIG=%d sizeof=%zu\n", LDBL_MANT_DIG, sizeof(long double));
    volatile long double one = 1, three = 3, ten = 10, big = 0x1p100L, tiny = 0x1p-60L;
    long double third = one / three;
    pr_ld_exact("1/3", third), printf("\n");
    pr_ld_exact("1/3*3", third * three), pr_ld_exact("1+2^-60", one + tiny), printf("\n");
    pr_ld_exact("2^100+1", big + one), pr_ld_exact("(2^100+1)-2^100", (big + one) - big), printf("\n");
    pr_ld_exact("0.1", one / ten), pr_ld_exact("(1+2^-60)^2", (one + tiny) * (one + tiny)), printf("\n");
    long double acc = 0;
    for (int i = 1; i <= 100; i++)
        acc += one / (long double)i;
    pr_ld_exact("H100", acc), printf("\n");
    long double f = 1;
    for (int i = 1; i <= 30; i++)
        f *= i;
    pr_ld_exact("30!", f), printf(" 30!=%.0Lf\n", f);
    printf("printf 1/3: %.30Lf | %.25Le | %La\n", third, third, (long double)0.375L);
    volatile long double p62 = 0x1p62L;
    volatile long long imax = INT64_MAX;
    printf("conversions: (long long)(2^62+0.5)=%lld", (long long)(p62 + 0.5L));
    pr_ld_exact("(long double)INT64_MAX", (long double)imax), printf("\n");
    long double s = strtold("0.1000000000000000000000000000001", NULL);
    pr_ld_exact("strtold", s), printf("\n");
    printf("compare: %d %d %d %d\n", third < one / (three - tiny), third == one / three, one + tiny > one,
           (one + tiny) - one == tiny);

    printf("libm:");
    volatile long double two = 2, x = 0.75L, y = -2.5L;
    pr_ld_round("sqrtl(2)", sqrtl(two));
    pr_ld_round("expl(1)", expl(one));
    pr_ld_round("logl(10)", logl(ten));
    pr_ld_round("powl(2,0.5)", powl(two, 0.5L));
    pr_ld_round("sinl(.75)", sinl(x));
    pr_ld_round("cosl(.75)", cosl(x));
    pr_ld_round("atanl(-2.5)", atanl(y));
    pr_ld_round("cbrtl(10)", cbrtl(ten));
    pr_ld_round("fmal(1/3,3,-1)", fmal(third, three, -one));
    pr_ld_round("log1pl(2^-60)", log1pl(tiny) * 0x1p60L);
    pr_ld_round("expm1l(2^-60)", expm1l(tiny) * 0x1p60L);
    pr_ld_round("tgammal(10)", tgammal(ten));
    pr_ld_round("hypotl(3,4)", hypotl(three, 4));
    printf("\n");
    int e;
    long double m = frexpl(big * three, &e), ip, fr = modfl(-ten / three, &ip);
    printf("exact:");
    pr_ld_exact("frexpl", m), printf(" e=%d", e);
    pr_ld_exact("ldexpl", ldexpl(third, 7));
    pr_ld_exact("modfl.int", ip), pr_ld_exact("modfl.frac", fr);
    pr_ld_exact("floorl", floorl(y)), pr_ld_exact("ceill", ceill(y)), pr_ld_exact("truncl", truncl(y));
    pr_ld_exact("roundl", roundl(y)), pr_ld_exact("fmodl", fmodl(big + one, ten));
    pr_ld_exact("fabsl", fabsl(y)), pr_ld_exact("copysignl", copysignl(three, y));
    printf(" lroundl=%ld llrintl=%lld\n", lroundl(y), llrintl(ten / 4));
}

/* ---------------------------------------------------------------- complex long double */

static void complex_long_double(void)
{
    printf("-- complex long double\n");
    volatile long double a = 1, b = 2, c = 3, d = 4;
    long double complex x = CMPLXL(a, b), y = CMPLXL(c, d);
    long double complex m = x * y, q = x / y;
    printf("(1,2)*(3,4):"), pr_ld_exact("re", creall(m)), pr_ld_exact("im", cimagl(m));
    printf(" (1,2)/(3,4):"), pr_ld_round("re", creall(q)), pr_ld_round("im", cimagl(q));
    printf("\n");
    long double complex e = cexpl(x), l = clogl(y), r = csqrtl(CMPLXL(-c, d)), p = cpowl(x, CMPLXL(2, 0));
    printf("cabsl=%.20Lg cargl=%.20Lg\n", cabsl(y), cargl(x));
    printf("cexpl:"), pr_ld_round("re", creall(e)), pr_ld_round("im", cimagl(e));
    printf(" clogl:"), pr_ld_round("re", creall(l)), pr_ld_round("im", cimagl(l));
    printf(" csqrtl(-3+4i):"), pr_ld_round("re", creall(r)), pr_ld_round("im", cimagl(r));
    printf(" cpowl:"), pr_ld_round("re", creall(p)), pr_ld_round("im", cimagl(p));
    printf("\n");
    long double inf = (long double)(vone / vzero), nan0 = (long double)(vzero / vzero);
    volatile long double complex ix = CMPLXL(inf, nan0), z = CMPLXL(0, 0);
    long double complex im = ix * x, iq = x / z;
    printf("(inf,nan)*(1,2): isinf=%d (1,2)/(0,0): isinf=%d\n", isinf(creall(im)) || isinf(cimagl(im)),
           isinf(creall(iq)) || isinf(cimagl(iq)));
}

/* ---------------------------------------------------------------- binary128 in integers */

typedef unsigned __int128 u128;
typedef struct {
    u128 hi, lo;
} w256;
/* value = (-1)^neg * sig * 2^exp; sig is 0 or in [2^112, 2^113) */
typedef struct {
    int neg, exp;
    u128 sig;
} quad;

#define U128(h, l) (((u128)(h) << 64) | (u128)(l))

static int clz128(u128 x)
{
    uint64_t h = (uint64_t)(x >> 64), l = (uint64_t)x;
    return h ? __builtin_clzll(h) : l ? 64 + __builtin_clzll(l) : 128;
}
static int msb256(w256 x) /* -1 for 0 */
{
    return x.hi ? 255 - clz128(x.hi) : x.lo ? 127 - clz128(x.lo) : -1;
}
static w256 shl256(w256 x, int n)
{
    if (n == 0)
        return x;
    if (n >= 256)
        return (w256){0, 0};
    if (n >= 128)
        return (w256){x.lo << (n - 128), 0};
    return (w256){(x.hi << n) | (x.lo >> (128 - n)), x.lo << n};
}
/* shift right; the bits shifted out are ORed into bit 0 (sticky) */
static w256 shr256_sticky(w256 x, int n)
{
    if (n == 0)
        return x;
    w256 r;
    int lost;
    if (n >= 256) {
        r = (w256){0, 0};
        lost = x.hi || x.lo;
    } else if (n >= 128) {
        r = (w256){0, n == 128 ? x.hi : x.hi >> (n - 128)};
        lost = x.lo || (n > 128 && (x.hi << (256 - n)));
    } else {
        r = (w256){x.hi >> n, (x.lo >> n) | (x.hi << (128 - n))};
        lost = (x.lo << (128 - n)) != 0;
    }
    r.lo |= (u128)lost;
    return r;
}
static int cmp256(w256 a, w256 b)
{
    if (a.hi != b.hi)
        return a.hi < b.hi ? -1 : 1;
    return a.lo < b.lo ? -1 : a.lo > b.lo;
}
static w256 add256(w256 a, w256 b)
{
    w256 r = {a.hi + b.hi, a.lo + b.lo};
    r.hi += r.lo < a.lo;
    return r;
}
static w256 sub256(w256 a, w256 b) /* a >= b */
{
    w256 r = {a.hi - b.hi, a.lo - b.lo};
    r.hi -= a.lo < b.lo;
    return r;
}
static w256 mul128(u128 a, u128 b)
{
    uint64_t a0 = (uint64_t)a, a1 = (uint64_t)(a >> 64), b0 = (uint64_t)b, b1 = (uint64_t)(b >> 64);
    u128 p00 = (u128)a0 * b0, p01 = (u128)a0 * b1, p10 = (u128)a1 * b0, p11 = (u128)a1 * b1;
    w256 r = {p11, p00};
    r = add256(r, (w256){p01 >> 64, p01 << 64});
    r = add256(r, (w256){p10 >> 64, p10 << 64});
    return r;
}

static w256 shr256(w256 x, int n)
{
    if (n == 0)
        return x;
    if (n >= 256)
        return (w256){0, 0};
    if (n >= 128)
        return (w256){0, x.hi >> (n - 128)};
    return (w256){x.hi >> n, (x.lo >> n) | (x.hi << (128 - n))};
}

/* round m * 2^e to prec significant bits (prec <= 113), nearest even */
static quad round_to(int neg, int e, w256 m, int prec)
{
    int p = msb256(m);
    if (p < 0)
        return (quad){neg, 0, 0};
    if (p < prec - 1) {
        m = shl256(m, prec - 1 - p);
        e -= prec - 1 - p;
    } else if (p > prec - 1) {
        int sh = p - (prec - 1);
        w256 below = shl256(m, 256 - sh); /* the bits shifted out, now at the top */
        int half = (int)(below.hi >> 127);
        int rest = (below.hi << 1) != 0 || below.lo != 0;
        m = shr256(m, sh);
        e += sh;
        if (half && (rest || (m.lo & 1))) {
            m.lo++;
            if (m.lo >> prec) {
                m.lo >>= 1;
                e++;
            }
        }
    }
    return (quad){neg, e, m.lo};
}

static quad q_norm(int neg, int e, w256 m)
{
    return round_to(neg, e, m, 113);
}

static quad q_from_double(double d) /* d normal or zero */
{
    uint64_t u;
    memcpy(&u, &d, sizeof u);
    int neg = (int)(u >> 63), be = (int)((u >> 52) & 0x7ff);
    if (be == 0)
        return (quad){neg, 0, 0};
    u128 sig = (u128)((u & ((1ULL << 52) - 1)) | (1ULL << 52)) << 60;
    return (quad){neg, be - 1023 - 112, sig};
}

static quad q_from_i64(int64_t v)
{
    uint64_t m = v < 0 ? -(uint64_t)v : (uint64_t)v;
    return q_norm(v < 0, 0, (w256){0, m});
}

static quad q_neg(quad a)
{
    a.neg ^= 1;
    return a;
}

/* a + b through 256-bit significands with the leading bit at 250 */
static quad q_add_wide(int an, int ae, w256 am, int bn, int be, w256 bm)
{
    int pa = msb256(am), pb = msb256(bm);
    if (pa < 0 && pb < 0)
        return (quad){an && bn, 0, 0};
    if (pa < 0)
        return q_norm(bn, be, bm);
    if (pb < 0)
        return q_norm(an, ae, am);
    am = shl256(am, 250 - pa), ae -= 250 - pa;
    bm = shl256(bm, 250 - pb), be -= 250 - pb;
    if (ae < be || (ae == be && cmp256(am, bm) < 0)) { /* make a the larger magnitude */
        int tn = an, te = ae;
        w256 tm = am;
        an = bn, ae = be, am = bm;
        bn = tn, be = te, bm = tm;
    }
    bm = shr256_sticky(bm, ae - be > 300 ? 300 : ae - be);
    if (an == bn)
        return q_norm(an, ae, add256(am, bm));
    w256 d = sub256(am, bm);
    if (!d.hi && !d.lo)
        return (quad){0, 0, 0};
    return q_norm(an, ae, d);
}

static quad q_add(quad a, quad b)
{
    return q_add_wide(a.neg, a.exp, (w256){0, a.sig}, b.neg, b.exp, (w256){0, b.sig});
}
static quad q_sub(quad a, quad b)
{
    return q_add(a, q_neg(b));
}
static quad q_mul(quad a, quad b)
{
    return q_norm(a.neg ^ b.neg, a.exp + b.exp, mul128(a.sig, b.sig));
}
static quad q_fma(quad a, quad b, quad c) /* a*b + c with one rounding */
{
    return q_add_wide(a.neg ^ b.neg, a.exp + b.exp, mul128(a.sig, b.sig), c.neg, c.exp, (w256){0, c.sig});
}
static quad q_div(quad a, quad b) /* b != 0 */
{
    if (!a.sig)
        return (quad){a.neg ^ b.neg, 0, 0};
    const int k = 116;
    u128 r = a.sig, q = 0;
    for (int i = 0; i <= k; i++) { /* q = floor(a.sig * 2^k / b.sig) */
        q <<= 1;
        if (r >= b.sig) {
            r -= b.sig;
            q |= 1;
        }
        r <<= 1;
    }
    return q_norm(a.neg ^ b.neg, a.exp - b.exp - k - 1, (w256){0, (q << 1) | (r != 0)});
}
static quad q_sqrt(quad a) /* a >= 0 */
{
    if (!a.sig)
        return a;
    const int t = 60;
    int e = a.exp;
    w256 m = {0, a.sig};
    if (e & 1)
        m = shl256(m, 1), e--;
    m = shl256(m, 2 * t);
    u128 rem = 0, root = 0;
    for (int i = 127; i >= 0; i--) {
        u128 two = (i >= 64 ? m.hi >> (2 * (i - 64)) : m.lo >> (2 * i)) & 3;
        rem = (rem << 2) | two;
        u128 trial = (root << 2) | 1;
        root <<= 1;
        if (rem >= trial) {
            rem -= trial;
            root |= 1;
        }
    }
    return q_norm(0, (e - 2 * t) / 2 - 1, (w256){0, (root << 1) | (rem != 0)});
}
static int q_cmp(quad a, quad b) /* -1, 0, 1 */
{
    if (!a.sig && !b.sig)
        return 0;
    quad d = q_sub(a, b);
    return !d.sig ? 0 : d.neg ? -1 : 1;
}
static double q_to_double(quad a)
{
    if (!a.sig)
        return a.neg ? -0.0 : 0.0;
    quad r = round_to(a.neg, a.exp, (w256){0, a.sig}, 53);
    double d = ldexp((double)(uint64_t)r.sig, r.exp);
    return r.neg ? -d : d;
}
static int64_t q_to_i64(quad a) /* truncating; |a| < 2^63 */
{
    uint64_t m = a.exp >= 0 ? (uint64_t)(a.sig << a.exp) : a.exp <= -113 ? 0 : (uint64_t)(a.sig >> -a.exp);
    return a.neg ? -(int64_t)m : (int64_t)m;
}
static u128 q_bits(quad a)
{
    u128 s = (u128)a.neg << 127;
    if (!a.sig)
        return s;
    return s | ((u128)(a.exp + 112 + 16383) << 112) | (a.sig & ((((u128)1) << 112) - 1));
}

#if HAVE_F128
static __float128 f_of(quad a)
{
    u128 b = q_bits(a);
    __float128 f;
    memcpy(&f, &b, sizeof f); /* the same layout as a 128-bit integer on both byte orders */
    return f;
}
static u128 f_bits(__float128 f)
{
    u128 b;
    memcpy(&b, &f, sizeof b);
    return b;
}
#endif

static uint64_t qhash = 1469598103934665603ULL;
static int qchecks;

static void q_check(const char *what, quad soft, u128 hard_bits, int have_hard)
{
    if (soft.sig && (soft.sig >> 112) != 1)
        fail("binary128 not normalised");
    u128 b = q_bits(soft);
    for (int k = 0; k < 128; k += 8) {
        qhash ^= (uint64_t)(b >> k) & 0xff;
        qhash *= 1099511628211ULL;
    }
    if (have_hard) {
        qchecks++;
        if (hard_bits != b) {
            printf("FAIL binary128 %s: integer %016llx%016llx __float128 %016llx%016llx\n", what,
                   (unsigned long long)(b >> 64), (unsigned long long)b, (unsigned long long)(hard_bits >> 64),
                   (unsigned long long)hard_bits);
            failures++;
        }
    }
}

static void q_print(const char *what, quad q)
{
    u128 b = q_bits(q);
    printf("%-22s %016llx %016llx %.17g\n", what, (unsigned long long)(b >> 64), (unsigned long long)b, q_to_double(q));
}

/* HARD(expr): the __float128 result's bits and 1, or 0, 0 where there is no __float128.
 * HARD_LIBM(expr) for sqrt and fma: POWER9 and POWER10 have instructions (xssqrtqp through asm,
 * as gcc calls sqrtf128 without optimisation; xsmaddqp), little-endian POWER8 calls glibc's
 * sqrtf128/fmaf128, big-endian glibc has no _Float128 functions. */
#if HAVE_F128
#define HARD(expr) f_bits(expr), 1
#if defined(__FLOAT128_HARDWARE__)
static __float128 sqrt_f128(__float128 x)
{
    __float128 r;
    __asm__("xssqrtqp %0,%1" : "=v"(r) : "v"(x));
    return r;
}
#define HARD_LIBM(expr) f_bits(expr), 1
#elif __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define sqrt_f128 __builtin_sqrtf128
#define HARD_LIBM(expr) f_bits(expr), 1
#else
#define HARD_LIBM(expr) 0, 0
#endif
#else
#define HARD(expr) 0, 0
#define HARD_LIBM(expr) 0, 0
#endif

static void binary128(void)
{
    printf("-- binary128\n");
    static const double src[] = {1, 3, -2.5, 0.1, 1e10, 3.141592653589793, 7e-5, -123456789, 0x1.fffffffffffffp-1,
                                 1e300};
    enum { NS = sizeof src / sizeof src[0] };
    quad q[NS + 3];
    for (int i = 0; i < NS; i++)
        q[i] = q_from_double(src[i]);
    q[NS] = q_div(q[0], q[1]);                                   /* 1/3 */
    q[NS + 1] = q_add(q[0], q_from_double(0x1p-112));           /* 1 + 2^-112 */
    q[NS + 2] = q_sqrt(q_from_double(2));                        /* sqrt(2) */
    const int nq = NS + 3;
    volatile int sink = 0;
#if HAVE_F128
    volatile __float128 f[NS + 3], fone = 1, fthree = 3, ftwo = 2;
    for (int i = 0; i < nq; i++)
        f[i] = f_of(q[i]);
    (void)ftwo;
#endif
    static const int64_t ints[] = {0, 1, -1, 123456789012345678LL, INT64_MIN, INT64_MAX, -(1LL << 53) - 1};
    for (size_t i = 0; i < sizeof ints / sizeof ints[0]; i++)
        q_check("from int64", q_from_i64(ints[i]), HARD((__float128)(volatile int64_t){ints[i]}));
    q_check("1/3", q[NS], HARD(fone / fthree));
    q_check("1+2^-112", q[NS + 1], HARD(fone + (__float128)0x1p-112));
    q_check("sqrt(2)", q[NS + 2], HARD_LIBM(sqrt_f128(ftwo)));
    for (int i = 0; i < NS; i++)
        q_check("from double", q[i], HARD((__float128)(volatile double){src[i]}));
    q_print("1/3", q[NS]);
    q_print("1+2^-112", q[NS + 1]);
    q_print("sqrt(2)", q[NS + 2]);
    q_print("0.1 (from double)", q[3]);
    q_print("1/3*3", q_mul(q[NS], q[1]));
    q_print("fma(1/3,3,-1)", q_fma(q[NS], q[1], q_neg(q[0])));
    q_print("sqrt(2)^2-2", q_sub(q_mul(q[NS + 2], q[NS + 2]), q_from_double(2)));
    q_print("pi*1e10", q_mul(q[5], q[4]));
    q_print("(1+2^-112)-1", q_sub(q[NS + 1], q[0]));
    q_print("1e300*1e300", q_mul(q[9], q[9]));
    q_print("1/(1-2^-53)", q_div(q[0], q[8]));
    q_print("INT64_MIN-1", q_sub(q_from_i64(INT64_MIN), q[0]));
    /* all pairs: + - * / fma sqrt compare, checked against __float128 */
    int less = 0;
    for (int i = 0; i < nq; i++) {
        for (int j = 0; j < nq; j++) {
            quad s = q_add(q[i], q[j]), d = q_sub(q[i], q[j]), m = q_mul(q[i], q[j]), v = q_div(q[i], q[j]);
            quad fm = q_fma(q[i], q[j], q[(i + j) % nq]);
            less += q_cmp(q[i], q[j]) < 0;
            q_check("add", s, HARD(f[i] + f[j]));
            q_check("sub", d, HARD(f[i] - f[j]));
            q_check("mul", m, HARD(f[i] * f[j]));
            q_check("div", v, HARD(f[i] / f[j]));
            q_check("fma", fm, HARD_LIBM(__builtin_fmaf128(f[i], f[j], f[(i + j) % nq])));
#if HAVE_F128
            if ((q_cmp(q[i], q[j]) < 0) != (f[i] < f[j]) || (q_cmp(q[i], q[j]) == 0) != (f[i] == f[j]))
                fail("binary128 compare");
#endif
        }
        quad r = q_sqrt(q[i].neg ? q_neg(q[i]) : q[i]);
        q_check("sqrt", r, HARD_LIBM(sqrt_f128(f[i] < 0 ? -f[i] : f[i])));
        double dd = q_to_double(q_mul(q[i], q[NS]));
        int small = q[i].exp + 112 < 50; /* |q[i]| < 2^50: q[i]/1e-3 fits in int64 */
        int64_t ii = small ? q_to_i64(q_div(q[i], q_from_double(1e-3))) : 0;
        sink += (int)ii;
        printf("q[%2d]/3 as double %-24.17g q[%2d]/1e-3 as int64 %lld\n", i, dd, i, (long long)ii);
#if HAVE_F128
        if (dd != (double)(f[i] * f[NS]) || (small && ii != (long long)(f[i] / (__float128)1e-3)))
            fail("binary128 conversion");
#endif
    }
    /* Newton's iteration for sqrt(2), from 1.5: converges to the correctly rounded root */
    quad x = q_from_double(1.5), two = q_from_double(2), half = q_from_double(0.5);
#if HAVE_F128
    volatile __float128 fx = 1.5Q;
#endif
    for (int it = 0; it < 7; it++) {
        x = q_mul(half, q_add(x, q_div(two, x)));
#if HAVE_F128
        fx = 0.5Q * (fx + 2 / fx);
#endif
        q_check("newton", x, HARD(fx));
    }
    q_print("newton sqrt(2)", x);
    printf("binary128 pairs less=%d hash=%016llx\n", less, (unsigned long long)qhash);
    (void)sink;
}

int main(void)
{
    complex_double();
    complex_float();
    long_double();
    complex_long_double();
    binary128();
    if (failures) {
        printf("FAIL %d checks\n", failures);
        return 1;
    }
    printf("complexmath: all checks passed\n");
    return 0;
}
