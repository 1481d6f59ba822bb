/* fastmath: functions compiled with -ffast-math (#pragma GCC optimize / the optimize attribute):
 * vectorised float and double reductions (reassociation), fma contraction, fmin/fmax, sqrt and
 * 1/sqrt through the reciprocal square root estimate and Newton steps (xvrsqrtesp, frsqrtes),
 * division through the reciprocal estimate (gcc's __builtin_recipdiv(f), which vectorises to
 * xvresp/xvredp and Newton steps), division by a constant as a multiplication, pow(x, 0.5) as
 * sqrt, limited-range complex multiplication and division.
 *
 * The estimates' precision is implementation-defined (a POWER9 and qemu-user differ) and the
 * evaluation order differs between -O0, -O2 and -O3, so the inputs are chosen so that every exact
 * result is a small multiple of 1/8 (or a small integer), every partial sum is exact, and what is
 * printed is the result rounded to that grid (llround) -- the computed values are within a few
 * ulp of the grid points, far from a rounding boundary.  Internal checks bound the error. */
#include <complex.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define N 1000
#define NOIPA __attribute__((noipa))

static int failures;

static void check(const char *what, int i, double got, double want, double rel)
{
    if (!(fabs(got - want) <= rel * fabs(want)) && failures++ < 20)
        printf("FAIL %s at %d: %.17g want %.17g\n", what, i, got, want);
}

static float num[N], den[N], quo[N], sq[N], root[N], a[N], b[N], out[N];
static double dnum[N], dden[N], dquo[N], dsq[N], droot[N], dout[N];
static int kk[N];

/* ---------------------------------------------------------------- the fast-math functions */
#pragma GCC push_options
#pragma GCC optimize("fast-math")

NOIPA static float sum_f(const float *x, int n)
{
    float s = 0;
    for (int i = 0; i < n; i++)
        s += x[i];
    return s;
}
NOIPA static double sum_d(const double *x, int n)
{
    double s = 0;
    for (int i = 0; i < n; i++)
        s += x[i];
    return s;
}
NOIPA static float dot_f(const float *x, const float *y, int n)
{
    float s = 0;
    for (int i = 0; i < n; i++)
        s += x[i] * y[i];
    return s;
}
NOIPA static double dot_d(const double *x, const double *y, int n)
{
    double s = 0;
    for (int i = 0; i < n; i++)
        s += x[i] * y[i];
    return s;
}
NOIPA static void minmax_f(const float *x, int n, float *mn, float *mx)
{
    float lo = x[0], hi = x[0];
    for (int i = 0; i < n; i++) {
        lo = fminf(lo, x[i]);
        hi = fmaxf(hi, x[i]);
    }
    *mn = lo, *mx = hi;
}
NOIPA static void minmax_d(const double *x, int n, double *mn, double *mx)
{
    double lo = x[0], hi = x[0];
    for (int i = 0; i < n; i++) {
        lo = x[i] < lo ? x[i] : lo;
        hi = x[i] > hi ? x[i] : hi;
    }
    *mn = lo, *mx = hi;
}
NOIPA static void div_f(float *restrict o, const float *restrict x, const float *restrict y, int n)
{
    for (int i = 0; i < n; i++)
        o[i] = x[i] / y[i];
}
NOIPA static void div_d(double *restrict o, const double *restrict x, const double *restrict y, int n)
{
    for (int i = 0; i < n; i++)
        o[i] = x[i] / y[i];
}
NOIPA static void div_by_10_f(float *restrict o, const float *restrict x, int n)
{
    for (int i = 0; i < n; i++)
        o[i] = x[i] / 10.0f;
}
NOIPA static void div_by_k_d(double *restrict o, const double *restrict x, double k, int n)
{
    for (int i = 0; i < n; i++)
        o[i] = x[i] / k;
}
NOIPA static void sqrt_f(float *restrict o, const float *restrict x, int n)
{
    for (int i = 0; i < n; i++)
        o[i] = sqrtf(x[i]);
}
NOIPA static void rsqrt_f(float *restrict o, const float *restrict x, int n)
{
    for (int i = 0; i < n; i++)
        o[i] = 1.0f / sqrtf(x[i]);
}
NOIPA static void sqrt_d(double *restrict o, const double *restrict x, int n)
{
    for (int i = 0; i < n; i++)
        o[i] = sqrt(x[i]);
}
NOIPA static void rsqrt_d(double *restrict o, const double *restrict x, int n)
{
    for (int i = 0; i < n; i++)
        o[i] = 1.0 / sqrt(x[i]);
}
NOIPA static void pow_f(float *restrict o, const float *restrict x, const float *restrict y, int n)
{
    for (int i = 0; i < n; i++)
        o[i] = powf(x[i], 0.5f) + powf(y[i], 2.0f);
}
NOIPA static float scalar_f(float x, float y)
{
    return x / y + sqrtf(x * y) + 1.0f / sqrtf(y);
}
NOIPA static double horner_d(const double *restrict x, double *restrict o, int n)
{
    double s = 0;
    for (int i = 0; i < n; i++) {
        double v = ((0.5 * x[i] - 3) * x[i] + 0.25) * x[i] + 7;
        o[i] = v;
        s += v;
    }
    return s;
}
NOIPA static void cdiv_f(float complex *restrict o, const float complex *restrict x, const float complex *restrict y,
                         int n)
{
    for (int i = 0; i < n; i++)
        o[i] = x[i] / y[i];
}
NOIPA static void cmul_f(float complex *restrict o, const float complex *restrict x, const float complex *restrict y,
                         int n)
{
    for (int i = 0; i < n; i++)
        o[i] = x[i] * y[i];
}
/* __builtin_recipdiv(f) / __builtin_rsqrt(f): the reciprocal (square root) estimate refined by
 * Newton steps, from POWER5 on (the default big-endian CPU is older: plain division there) */
#if defined(_ARCH_PWR5)
#define RECIPDIVF __builtin_recipdivf
#define RECIPDIV __builtin_recipdiv
#define RSQRTF __builtin_rsqrtf
#define RSQRT __builtin_rsqrt
#else
#define RECIPDIVF(x, y) ((x) / (y))
#define RECIPDIV(x, y) ((x) / (y))
#define RSQRTF(x) (1.0f / sqrtf(x))
#define RSQRT(x) (1.0 / sqrt(x))
#endif
NOIPA static void recipdiv_f(float *restrict o, const float *restrict x, const float *restrict y, int n)
{
    for (int i = 0; i < n; i++)
        o[i] = RECIPDIVF(x[i], y[i]);
}
NOIPA static void recipdiv_d(double *restrict o, const double *restrict x, const double *restrict y, int n)
{
    for (int i = 0; i < n; i++)
        o[i] = RECIPDIV(x[i], y[i]);
}
NOIPA static void builtin_rsqrt_f(float *restrict o, const float *restrict x, int n)
{
    for (int i = 0; i < n; i++)
        o[i] = RSQRTF(x[i]);
}
NOIPA static void builtin_rsqrt_d(double *restrict o, const double *restrict x, int n)
{
    for (int i = 0; i < n; i++)
        o[i] = RSQRT(x[i]);
}

#pragma GCC pop_options

/* the same single function with the attribute instead of the pragma */
__attribute__((optimize("fast-math"), noipa)) static float norm_f(const float *x, int n)
{
    float s = 0;
    for (int i = 0; i < n; i++)
        s += x[i] * x[i];
    return sqrtf(s);
}

/* ---------------------------------------------------------------- driver (strict IEEE) */

static uint64_t xs = 0x2545F4914F6CDD1DULL;
static int rnd(int n)
{
    xs ^= xs << 13;
    xs ^= xs >> 7;
    xs ^= xs << 17;
    return (int)(xs % (uint64_t)n);
}

/* sum of llround(v[i] * scale): the values on the 1/scale grid, as an integer */
static long long grid_f(const float *v, int n, double scale)
{
    long long s = 0;
    for (int i = 0; i < n; i++)
        s += llround(v[i] * scale);
    return s;
}
static long long grid_d(const double *v, int n, double scale)
{
    long long s = 0;
    for (int i = 0; i < n; i++)
        s += llround(v[i] * scale);
    return s;
}

int main(void)
{
    for (int i = 0; i < N; i++) {
        int k = 1 + rnd(400), d = 1 + rnd(60), m = rnd(200) - 100;
        kk[i] = k;
        quo[i] = (float)k / 8, dquo[i] = (double)k / 8;          /* the exact quotients */
        den[i] = (float)d, dden[i] = d;
        num[i] = (float)(k * d) / 8, dnum[i] = (double)(k * d) / 8; /* exact: k*d < 2^15 */
        root[i] = (float)k / 8, droot[i] = (double)k / 8;
        sq[i] = (float)(k * k) / 64, dsq[i] = (double)(k * k) / 64; /* exact: k*k < 2^18 */
        a[i] = (float)m / 4, b[i] = (float)(rnd(64) - 32) / 8;
    }

    /* reductions: every partial sum is exact, so any order gives the same value */
    float fs = sum_f(a, N), fd = dot_f(a, b, N), fmn, fmx;
    double ds = sum_d(dnum, N), dd = dot_d(dnum, dden, N), dmn, dmx;
    minmax_f(a, N, &fmn, &fmx);
    minmax_d(dnum, N, &dmn, &dmx);
    /* 289 triples (x, y, z)/8 with x^2+y^2+z^2 = 9: the norm is exactly sqrt(9*289)/8 = 51/8 */
    static const float pyth[6][3] = {{1, 2, 2}, {2, 1, 2}, {2, 2, 1}, {3, 0, 0}, {0, 3, 0}, {0, 0, 3}};
    for (int t = 0; t < 289; t++) {
        int r = rnd(6);
        for (int c = 0; c < 3; c++)
            out[3 * t + c] = pyth[r][c] / 8 * (rnd(2) ? -1 : 1);
    }
    float nrm = norm_f(out, 3 * 289);
    double want_s = 0, want_d = 0, want_ds = 0, want_dd = 0, want_n = 51.0 / 8;
    for (int i = 0; i < N; i++)
        want_s += a[i], want_d += a[i] * b[i], want_ds += dnum[i], want_dd += dnum[i] * dden[i];
    check("sum_f", 0, fs, want_s, 0), check("dot_f", 0, fd, want_d, 0);
    check("sum_d", 0, ds, want_ds, 0), check("dot_d", 0, dd, want_dd, 0);
    check("norm_f", 0, nrm, want_n, 1e-6);
    printf("float sum=%.17g dot=%.17g min=%g max=%g norm*8=%lld\n", fs, fd, fmn, fmx, llround(nrm * 8.0));
    printf("double sum=%.17g dot=%.17g min=%g max=%g\n", ds, dd, dmn, dmx);

    /* divisions: exact quotients k/8, computed to within a few ulp */
    div_f(out, num, den, N);
    for (int i = 0; i < N; i++)
        check("div_f", i, out[i], quo[i], 1e-6);
    long long g1 = grid_f(out, N, 8);
    recipdiv_f(out, num, den, N);
    for (int i = 0; i < N; i++)
        check("recipdiv_f", i, out[i], quo[i], 1e-6);
    long long g2 = grid_f(out, N, 8);
    div_by_10_f(out, num, N);
    for (int i = 0; i < N; i++)
        check("div_by_10_f", i, out[i], num[i] / 10.0, 1e-6);
    long long g3 = grid_f(out, N, 80);
    printf("float div=%lld recipdiv=%lld div10=%lld\n", g1, g2, g3);
    div_d(dout, dnum, dden, N);
    for (int i = 0; i < N; i++)
        check("div_d", i, dout[i], dquo[i], 1e-14);
    g1 = grid_d(dout, N, 8);
    recipdiv_d(dout, dnum, dden, N);
    for (int i = 0; i < N; i++)
        check("recipdiv_d", i, dout[i], dquo[i], 1e-14);
    g2 = grid_d(dout, N, 8);
    div_by_k_d(dout, dnum, 0.1, N);
    for (int i = 0; i < N; i++)
        check("div_by_k_d", i, dout[i], dnum[i] * 10, 1e-14);
    g3 = grid_d(dout, N, 8);
    printf("double div=%lld recipdiv=%lld div0.1=%lld\n", g1, g2, g3);

    /* square roots of exact squares, reciprocal square roots */
    sqrt_f(out, sq, N);
    for (int i = 0; i < N; i++)
        check("sqrt_f", i, out[i], root[i], 1e-6);
    g1 = grid_f(out, N, 8);
    rsqrt_f(out, sq, N);
    for (int i = 0; i < N; i++) {
        check("rsqrt_f", i, out[i], 8.0 / kk[i], 1e-6);
        out[i] *= (float)kk[i] * 8; /* = 64 */
    }
    g2 = grid_f(out, N, 1);
    builtin_rsqrt_f(out, sq, N);
    for (int i = 0; i < N; i++) {
        check("builtin_rsqrt_f", i, out[i], 8.0 / kk[i], 1e-6);
        out[i] *= (float)kk[i] * 8;
    }
    g3 = grid_f(out, N, 1);
    pow_f(out, sq, root, N);
    for (int i = 0; i < N; i++)
        check("pow_f", i, out[i], root[i] + sq[i], 1e-6);
    long long g4 = grid_f(out, N, 64);
    printf("float sqrt=%lld rsqrt=%lld builtin_rsqrt=%lld pow=%lld\n", g1, g2, g3, g4);
    sqrt_d(dout, dsq, N);
    for (int i = 0; i < N; i++)
        check("sqrt_d", i, dout[i], droot[i], 1e-14);
    g1 = grid_d(dout, N, 8);
    rsqrt_d(dout, dsq, N);
    for (int i = 0; i < N; i++) {
        check("rsqrt_d", i, dout[i], 8.0 / kk[i], 1e-14);
        dout[i] *= kk[i] * 8.0;
    }
    g2 = grid_d(dout, N, 1);
    builtin_rsqrt_d(dout, dsq, N);
    for (int i = 0; i < N; i++) {
        check("builtin_rsqrt_d", i, dout[i], 8.0 / kk[i], 1e-14);
        dout[i] *= kk[i] * 8.0;
    }
    g3 = grid_d(dout, N, 1);
    printf("double sqrt=%lld rsqrt=%lld builtin_rsqrt=%lld\n", g1, g2, g3);

    /* Horner with fma: x = k/8, every intermediate exact in double */
    double hs = horner_d(droot, dout, N), want_h = 0;
    for (int i = 0; i < N; i++) {
        double x = droot[i], v = ((0.5 * x - 3) * x + 0.25) * x + 7;
        check("horner_d", i, dout[i], v, 0);
        want_h += v;
    }
    check("horner_d sum", 0, hs, want_h, 0);
    printf("horner sum=%.17g\n", hs);

    /* limited-range complex arithmetic: (w*v)/v = w for small Gaussian integers */
    static float complex cw[N], cv[N], cp[N], cq[N];
    for (int i = 0; i < N; i++) {
        cw[i] = CMPLXF((float)(rnd(41) - 20), (float)(rnd(41) - 20));
        cv[i] = CMPLXF((float)(rnd(20) + 1), (float)(rnd(41) - 20));
    }
    cmul_f(cp, cw, cv, N);
    cdiv_f(cq, cp, cv, N);
    long long cre = 0, cim = 0;
    for (int i = 0; i < N; i++) {
        float complex p = cw[i] * cv[i]; /* exact */
        check("cmul_f.re", i, crealf(cp[i]), crealf(p), 0), check("cmul_f.im", i, cimagf(cp[i]), cimagf(p), 0);
        if ((fabsf(crealf(cq[i]) - crealf(cw[i])) > 1e-4f || fabsf(cimagf(cq[i]) - cimagf(cw[i])) > 1e-4f) &&
            failures++ < 20)
            printf("FAIL cdiv_f at %d: (%.9g,%.9g)\n", i, crealf(cq[i]), cimagf(cq[i]));
        cre += llroundf(crealf(cq[i])), cim += llroundf(cimagf(cq[i]));
    }
    printf("complex float div sum=(%lld,%lld)\n", cre, cim);

    volatile float x = 12.5f, y = 0.5f; /* 25 + 2.5 + 1.41421... */
    float sc = scalar_f(x, y);
    check("scalar_f", 0, sc, 27.5 + sqrt(2.0), 1e-6);
    printf("scalar x/y+sqrt(x*y)+1/sqrt(y) ~ %.4f\n", sc);

    if (failures) {
        printf("FAIL %d checks\n", failures);
        return 1;
    }
    printf("fastmath: all checks passed\n");
    return 0;
}
