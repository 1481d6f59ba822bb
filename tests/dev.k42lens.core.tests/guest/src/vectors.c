/* vectors: loops gcc's auto-vectoriser turns into VMX/VSX code at -O3 (and partly at -O2) for
 * every element type: element-wise add/sub/mul/shift/min/max/abs/select, reductions (sum, min,
 * max, xor), a dot product, a prefix sum, strided and unaligned accesses, widening and narrowing
 * conversions, int<->float conversions and saturating clamps.  Every vector result is checked
 * against a scalar reference computed element by element through a call (which no vectoriser
 * touches); checksums are printed per type.
 * Floating-point data is small dyadic values, so products and sums are exact and the printed
 * text does not depend on whether gcc fuses a*b+c into an fma (it does when optimising). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* abs of an unsigned type is the identity (the same macro makes every type) */
#pragma GCC diagnostic ignored "-Wtype-limits"

#define N 1001        /* odd, so every vector loop has an epilogue */
#define PAD 16
#define NOIPA __attribute__((noipa))

static int failures;

static void fail(const char *what, const char *type, int i)
{
    if (failures++ < 20)
        printf("FAIL %s %s at %d\n", what, type, i);
}

/* FNV-1a over 64-bit values (not bytes of memory): the same on both byte orders */
static uint64_t mix(uint64_t h, uint64_t v)
{
    for (int k = 0; k < 64; k += 8) {
        h ^= (v >> k) & 0xff;
        h *= 1099511628211ULL;
    }
    return h;
}

static uint64_t xs = 0x9E3779B97F4A7C15ULL;
static uint64_t rnd(void)
{
    xs ^= xs << 13;
    xs ^= xs >> 7;
    xs ^= xs << 17;
    return xs;
}

static uint64_t bits_f(float f)
{
    uint32_t u;
    memcpy(&u, &f, sizeof u);
    return u;
}
static uint64_t bits_d(double d)
{
    uint64_t u;
    memcpy(&u, &d, sizeof u);
    return u;
}
#define KEY_INT(x) ((uint64_t)(x))
#define KEY_F(x) bits_f(x)
#define KEY_D(x) bits_d(x)

/* ---- the integer types: T, its unsigned twin U (wrap-around arithmetic), a suffix, the shift mask
 * and the data range (values in [-R, R) for signed types, [0, 2R) for unsigned ones) ---- */
#define INT_TYPE(T, U, S, SH, LO, HI)                                                                   \
    static T a_##S[N + PAD], b_##S[N + PAD], c_##S[N + PAD], d_##S[N + PAD];                            \
    static void fill_##S(void)                                                                         \
    {                                                                                                  \
        for (int i = 0; i < N + PAD; i++) {                                                            \
            a_##S[i] = (T)((int64_t)(rnd() % (uint64_t)((HI) - (LO))) + (LO));                         \
            b_##S[i] = (T)((int64_t)(rnd() % (uint64_t)((HI) - (LO))) + (LO));                         \
        }                                                                                              \
        a_##S[7] = (T)(LO);                                                                            \
        b_##S[8] = (T)((HI)-1);                                                                        \
        b_##S[9] = a_##S[9];                                                                           \
    }                                                                                                  \
    static NOIPA T s_add_##S(T x, T y) { return (T)((U)x + (U)y); }                                    \
    static NOIPA T s_sub_##S(T x, T y) { return (T)((U)x - (U)y); }                                    \
    static NOIPA T s_mul_##S(T x, T y) { return (T)((U)x * (U)y); }                                    \
    static NOIPA T s_shl_##S(T x, T y) { return (T)((U)x << (y & (SH))); }                             \
    static NOIPA T s_shr_##S(T x, T y) { return (T)(x >> (y & (SH))); }                                \
    static NOIPA T s_shc_##S(T x) { return (T)((x >> 3) ^ (T)((U)x << 2)); }                           \
    static NOIPA T s_min_##S(T x, T y) { return x < y ? x : y; }                                       \
    static NOIPA T s_max_##S(T x, T y) { return x > y ? x : y; }                                       \
    static NOIPA T s_abs_##S(T x) { return x < 0 ? (T)-x : x; }                                        \
    static NOIPA T s_sel_##S(T x, T y) { return x > y ? (T)(x & y) : (T)((U)y - (U)x); }               \
    static NOIPA T s_bit_##S(T x, T y) { return (T)((x & ~y) | (T)(x ^ (T)(y >> 1))); }                \
    static NOIPA T s_div_##S(T x) { return (T)(x / 7); }                                               \
    static NOIPA T s_neg_##S(T x) { return (T)-(U)x; }                                                 \
    static NOIPA T s_adf_##S(T x, T y) { return (T)(x < y ? (U)y - (U)x : (U)x - (U)y); }              \
    NOIPA static void v_elementwise_##S(const T *restrict a, const T *restrict b, uint64_t *restrict h) \
    {                                                                                                  \
        static T t[N];                                                                                 \
        uint64_t hh = *h;                                                                              \
        _Pragma("GCC unroll 1") for (int op = 0; op < 14; op++)                                        \
        {                                                                                              \
            switch (op) {                                                                              \
            case 0: for (int i = 0; i < N; i++) t[i] = (T)((U)a[i] + (U)b[i]); break;                  \
            case 1: for (int i = 0; i < N; i++) t[i] = (T)((U)a[i] - (U)b[i]); break;                  \
            case 2: for (int i = 0; i < N; i++) t[i] = (T)((U)a[i] * (U)b[i]); break;                  \
            case 3: for (int i = 0; i < N; i++) t[i] = (T)((U)a[i] << (b[i] & (SH))); break;           \
            case 4: for (int i = 0; i < N; i++) t[i] = (T)(a[i] >> (b[i] & (SH))); break;              \
            case 5: for (int i = 0; i < N; i++) t[i] = (T)((a[i] >> 3) ^ (T)((U)a[i] << 2)); break;    \
            case 6: for (int i = 0; i < N; i++) t[i] = a[i] < b[i] ? a[i] : b[i]; break;               \
            case 7: for (int i = 0; i < N; i++) t[i] = a[i] > b[i] ? a[i] : b[i]; break;               \
            case 8: for (int i = 0; i < N; i++) t[i] = a[i] < 0 ? (T)-a[i] : a[i]; break;              \
            case 9: for (int i = 0; i < N; i++) t[i] = a[i] > b[i] ? (T)(a[i] & b[i]) : (T)((U)b[i] - (U)a[i]); break; \
            case 10: for (int i = 0; i < N; i++) t[i] = (T)((a[i] & ~b[i]) | (T)(a[i] ^ (T)(b[i] >> 1))); break; \
            case 11: for (int i = 0; i < N; i++) t[i] = (T)(a[i] / 7); break;                          \
            case 12: for (int i = 0; i < N; i++) t[i] = (T)-(U)a[i]; break;                            \
            case 13: for (int i = 0; i < N; i++) t[i] = (T)(a[i] < b[i] ? (U)b[i] - (U)a[i] : (U)a[i] - (U)b[i]); break; \
            }                                                                                          \
            for (int i = 0; i < N; i++) {                                                              \
                T x = a[i], y = b[i], want = 0;                                                        \
                switch (op) {                                                                          \
                case 0: want = s_add_##S(x, y); break;                                                 \
                case 1: want = s_sub_##S(x, y); break;                                                 \
                case 2: want = s_mul_##S(x, y); break;                                                 \
                case 3: want = s_shl_##S(x, y); break;                                                 \
                case 4: want = s_shr_##S(x, y); break;                                                 \
                case 5: want = s_shc_##S(x); break;                                                    \
                case 6: want = s_min_##S(x, y); break;                                                 \
                case 7: want = s_max_##S(x, y); break;                                                 \
                case 8: want = s_abs_##S(x); break;                                                    \
                case 9: want = s_sel_##S(x, y); break;                                                 \
                case 10: want = s_bit_##S(x, y); break;                                                \
                case 11: want = s_div_##S(x); break;                                                   \
                case 12: want = s_neg_##S(x); break;                                                   \
                case 13: want = s_adf_##S(x, y); break;                                                \
                }                                                                                      \
                if (t[i] != want) {                                                                    \
                    fail("elementwise", #T, op * 10000 + i);                                           \
                    break;                                                                             \
                }                                                                                      \
                hh = mix(hh, KEY_INT(t[i]));                                                           \
            }                                                                                          \
        }                                                                                              \
        *h = hh;                                                                                       \
    }                                                                                                  \
    NOIPA static void v_reduce_##S(const T *restrict a, const T *restrict b, int n, U *sum, T *mn,     \
                                   T *mx, U *x, U *dot, U *andor)                                      \
    {                                                                                                  \
        U s = 0, xr = 0, d = 0, an = (U)-1, o = 0;                                                     \
        T lo = a[0], hi = a[0];                                                                        \
        for (int i = 0; i < n; i++)                                                                    \
            s += (U)a[i];                                                                              \
        for (int i = 0; i < n; i++)                                                                    \
            lo = a[i] < lo ? a[i] : lo;                                                                \
        for (int i = 0; i < n; i++)                                                                    \
            hi = a[i] > hi ? a[i] : hi;                                                                \
        for (int i = 0; i < n; i++)                                                                    \
            xr ^= (U)a[i];                                                                             \
        for (int i = 0; i < n; i++)                                                                    \
            d += (U)a[i] * (U)b[i];                                                                    \
        for (int i = 0; i < n; i++)                                                                    \
            an &= (U)a[i] | (U)b[i];                                                                   \
        for (int i = 0; i < n; i++)                                                                    \
            o |= (U)a[i] & (U)b[i];                                                                    \
        *sum = s, *mn = lo, *mx = hi, *x = xr, *dot = d, *andor = an ^ o;                              \
    }                                                                                                  \
    static NOIPA U s_acc_##S(U acc, T v) { return acc + (U)v; }                                        \
    static NOIPA U s_dot_##S(U acc, T v, T w) { return acc + (U)v * (U)w; }                            \
    static void reduce_##S(void)                                                                       \
    {                                                                                                  \
        U sum, x, dot, andor, rs = 0, rx = 0, rd = 0, ran = (U)-1, ro = 0;                             \
        T mn, mx, rmn = a_##S[0], rmx = a_##S[0];                                                      \
        v_reduce_##S(a_##S, b_##S, N, &sum, &mn, &mx, &x, &dot, &andor);                               \
        for (int i = 0; i < N; i++) {                                                                  \
            rs = s_acc_##S(rs, a_##S[i]);                                                              \
            rmn = s_min_##S(rmn, a_##S[i]);                                                            \
            rmx = s_max_##S(rmx, a_##S[i]);                                                            \
            rx ^= (U)s_add_##S(a_##S[i], 0);                                                           \
            rd = s_dot_##S(rd, a_##S[i], b_##S[i]);                                                    \
            ran &= (U)s_add_##S(a_##S[i], 0) | (U)b_##S[i];                                            \
            ro |= (U)s_add_##S(a_##S[i], 0) & (U)b_##S[i];                                             \
        }                                                                                              \
        if (sum != rs || mn != rmn || mx != rmx || x != rx || dot != rd || andor != (U)(ran ^ ro))     \
            fail("reduce", #T, 0);                                                                     \
        printf("%-8s sum=%llu min=%lld max=%lld xor=%llu dot=%llu andor=%llu\n", #T,                   \
               (unsigned long long)sum, (long long)mn, (long long)mx, (unsigned long long)x,           \
               (unsigned long long)dot, (unsigned long long)andor);                                    \
    }                                                                                                  \
    /* prefix sum (a loop-carried dependence), unaligned and strided accesses */                       \
    NOIPA static void v_prefix_##S(T *restrict c, const T *restrict a, int n)                         \
    {                                                                                                  \
        U s = 0;                                                                                       \
        for (int i = 0; i < n; i++) {                                                                  \
            s += (U)a[i];                                                                              \
            c[i] = (T)s;                                                                               \
        }                                                                                              \
    }                                                                                                  \
    NOIPA static void v_unaligned_##S(T *c, const T *a, const T *b, int n)                             \
    {                                                                                                  \
        for (int i = 0; i < n; i++)                                                                    \
            c[i] = (T)((U)a[i] + (U)b[i] * 3u);                                                        \
    }                                                                                                  \
    NOIPA static void v_strided_##S(T *restrict c, T *restrict d, const T *restrict a, int n)          \
    {                                                                                                  \
        for (int i = 0; i < n; i++) {                                                                  \
            c[i] = (T)((U)a[2 * i] - (U)a[2 * i + 1]);                                                 \
            d[2 * i] = (T)(a[3 * i] ^ a[3 * i + 2]);                                                   \
            d[2 * i + 1] = (T)((U)a[3 * i + 1] + 1u);                                                  \
        }                                                                                              \
    }                                                                                                  \
    static void access_##S(uint64_t *h)                                                               \
    {                                                                                                  \
        v_prefix_##S(c_##S, a_##S, N);                                                                 \
        U s = 0;                                                                                       \
        for (int i = 0; i < N; i++) {                                                                  \
            s = s_acc_##S(s, a_##S[i]);                                                                \
            if (c_##S[i] != (T)s)                                                                      \
                fail("prefix", #T, i);                                                                 \
            *h = mix(*h, KEY_INT(c_##S[i]));                                                           \
        }                                                                                              \
        for (int off = 0; off < 4; off++) {                                                            \
            memset(c_##S, 0x5a, sizeof c_##S);                                                         \
            v_unaligned_##S(c_##S + off, a_##S + 1, b_##S + 3 - off, N - 9);                           \
            for (int i = 0; i < N + PAD; i++) {                                                        \
                T want = i >= off && i < off + N - 9                                                   \
                    ? (T)((U)a_##S[i - off + 1] + (U)s_mul_##S(b_##S[i - off + 3 - off], 3))           \
                    : (T)0x5a5a5a5a5a5a5a5aLL;                                                         \
                if (c_##S[i] != want) {                                                                \
                    fail("unaligned", #T, off * 10000 + i);                                            \
                    break;                                                                             \
                }                                                                                      \
                *h = mix(*h, KEY_INT(c_##S[i]));                                                       \
            }                                                                                          \
        }                                                                                              \
        v_strided_##S(c_##S, d_##S, a_##S, N / 3);                                                     \
        for (int i = 0; i < N / 3; i++) {                                                              \
            if (c_##S[i] != s_sub_##S(a_##S[2 * i], a_##S[2 * i + 1]) ||                               \
                d_##S[2 * i] != (T)(a_##S[3 * i] ^ a_##S[3 * i + 2]) ||                                \
                d_##S[2 * i + 1] != s_add_##S(a_##S[3 * i + 1], 1))                                    \
                fail("strided", #T, i);                                                                \
            *h = mix(mix(*h, KEY_INT(c_##S[i])), KEY_INT(d_##S[2 * i]));                               \
        }                                                                                              \
    }                                                                                                  \
    static void test_##S(void)                                                                         \
    {                                                                                                  \
        uint64_t h = 1469598103934665603ULL;                                                           \
        fill_##S();                                                                                    \
        v_elementwise_##S(a_##S, b_##S, &h);                                                           \
        printf("%-8s elementwise %016llx\n", #T, (unsigned long long)h);                               \
        reduce_##S();                                                                                  \
        h = 1469598103934665603ULL;                                                                    \
        access_##S(&h);                                                                                \
        printf("%-8s prefix/unaligned/strided %016llx\n", #T, (unsigned long long)h);                  \
    }

INT_TYPE(int8_t, uint8_t, i8, 7, -128, 128)
INT_TYPE(uint8_t, uint8_t, u8, 7, 0, 256)
INT_TYPE(int16_t, uint16_t, i16, 15, -32768, 32768)
INT_TYPE(uint16_t, uint16_t, u16, 15, 0, 65536)
INT_TYPE(int32_t, uint32_t, i32, 31, -(1LL << 30), 1LL << 30)
INT_TYPE(uint32_t, uint32_t, u32, 31, 0, 1LL << 32)
INT_TYPE(int64_t, uint64_t, i64, 63, -(1LL << 40), 1LL << 40)
INT_TYPE(uint64_t, uint64_t, u64, 63, 0, 1LL << 62)

/* ---- float and double: small dyadic values (k/8, |k| < 512), so every sum and product below is
 * exact in float and double and contraction into fma changes nothing ---- */
#define FP_TYPE(T, S, KEY, SQRT, FLOOR, CEIL, TRUNC, FABS, COPYSIGN)                                   \
    static T a_##S[N + PAD], b_##S[N + PAD], c_##S[N + PAD], d_##S[N + PAD];                            \
    static void fill_##S(void)                                                                         \
    {                                                                                                  \
        for (int i = 0; i < N + PAD; i++) {                                                            \
            a_##S[i] = (T)((int)(rnd() % 1023) - 511) / 8;                                             \
            b_##S[i] = (T)((int)(rnd() % 1023) - 511) / 8;                                             \
            if (b_##S[i] == 0)                                                                         \
                b_##S[i] = (T)0.125;                                                                   \
        }                                                                                              \
        a_##S[5] = -(T)0.0;                                                                            \
        a_##S[6] = (T)0.0;                                                                             \
    }                                                                                                  \
    static NOIPA T s_op_##S(int op, T x, T y)                                                          \
    {                                                                                                  \
        switch (op) {                                                                                  \
        case 0: return x + y;                                                                          \
        case 1: return x - y;                                                                          \
        case 2: return x * y;                                                                          \
        case 3: return x / y;                                                                          \
        case 4: return x < y ? x : y;                                                                  \
        case 5: return x > y ? x : y;                                                                  \
        case 6: return FABS(x);                                                                        \
        case 7: return -x;                                                                             \
        case 8: return SQRT(FABS(x));                                                                  \
        case 9: return FLOOR(x * (T)0.25);                                                             \
        case 10: return CEIL(x * (T)0.25);                                                             \
        case 11: return TRUNC(x * (T)0.25);                                                            \
        case 12: return COPYSIGN(x, y);                                                                \
        case 13: return x > y ? x * 2 : y - x;                                                         \
        case 14: return x * (T)1.5 + y;                                                                \
        default: return x * y - (T)3 * x;                                                              \
        }                                                                                              \
    }                                                                                                  \
    NOIPA static void v_op_##S(int op, T *restrict c, const T *restrict a, const T *restrict b)        \
    {                                                                                                  \
        switch (op) {                                                                                  \
        case 0: for (int i = 0; i < N; i++) c[i] = a[i] + b[i]; break;                                 \
        case 1: for (int i = 0; i < N; i++) c[i] = a[i] - b[i]; break;                                 \
        case 2: for (int i = 0; i < N; i++) c[i] = a[i] * b[i]; break;                                 \
        case 3: for (int i = 0; i < N; i++) c[i] = a[i] / b[i]; break;                                 \
        case 4: for (int i = 0; i < N; i++) c[i] = a[i] < b[i] ? a[i] : b[i]; break;                   \
        case 5: for (int i = 0; i < N; i++) c[i] = a[i] > b[i] ? a[i] : b[i]; break;                   \
        case 6: for (int i = 0; i < N; i++) c[i] = FABS(a[i]); break;                                  \
        case 7: for (int i = 0; i < N; i++) c[i] = -a[i]; break;                                       \
        case 8: for (int i = 0; i < N; i++) c[i] = SQRT(FABS(a[i])); break;                            \
        case 9: for (int i = 0; i < N; i++) c[i] = FLOOR(a[i] * (T)0.25); break;                       \
        case 10: for (int i = 0; i < N; i++) c[i] = CEIL(a[i] * (T)0.25); break;                       \
        case 11: for (int i = 0; i < N; i++) c[i] = TRUNC(a[i] * (T)0.25); break;                      \
        case 12: for (int i = 0; i < N; i++) c[i] = COPYSIGN(a[i], b[i]); break;                       \
        case 13: for (int i = 0; i < N; i++) c[i] = a[i] > b[i] ? a[i] * 2 : b[i] - a[i]; break;       \
        case 14: for (int i = 0; i < N; i++) c[i] = a[i] * (T)1.5 + b[i]; break;                       \
        default: for (int i = 0; i < N; i++) c[i] = a[i] * b[i] - (T)3 * a[i]; break;                  \
        }                                                                                              \
    }                                                                                                  \
    NOIPA static T v_dot_##S(const T *restrict a, const T *restrict b, int n)                          \
    {                                                                                                  \
        T s = 0;                                                                                       \
        for (int i = 0; i < n; i++)                                                                    \
            s += a[i] * b[i];                                                                          \
        return s;                                                                                      \
    }                                                                                                  \
    NOIPA static void v_minmax_##S(const T *restrict a, int n, T *mn, T *mx, T *sum)                   \
    {                                                                                                  \
        T lo = a[0], hi = a[0], s = 0;                                                                 \
        for (int i = 0; i < n; i++) {                                                                  \
            lo = a[i] < lo ? a[i] : lo;                                                                \
            hi = a[i] > hi ? a[i] : hi;                                                                \
            s += a[i];                                                                                 \
        }                                                                                              \
        *mn = lo, *mx = hi, *sum = s;                                                                  \
    }                                                                                                  \
    NOIPA static void v_complex_##S(T *restrict c, const T *restrict a, const T *restrict b, int n)    \
    {                                                                                                  \
        for (int i = 0; i < n; i++) {                                                                  \
            c[2 * i] = a[2 * i] * b[2 * i] - a[2 * i + 1] * b[2 * i + 1];                              \
            c[2 * i + 1] = a[2 * i] * b[2 * i + 1] + a[2 * i + 1] * b[2 * i];                          \
        }                                                                                              \
    }                                                                                                  \
    NOIPA static void v_axpy_##S(T *y, const T *x, T alpha, int n)                                     \
    {                                                                                                  \
        for (int i = 0; i < n; i++)                                                                    \
            y[i] = alpha * x[i] + y[i];                                                                \
    }                                                                                                  \
    static void test_##S(void)                                                                         \
    {                                                                                                  \
        uint64_t h = 1469598103934665603ULL;                                                           \
        fill_##S();                                                                                    \
        for (int op = 0; op < 16; op++) {                                                              \
            v_op_##S(op, c_##S, a_##S, b_##S);                                                         \
            for (int i = 0; i < N; i++) {                                                              \
                T want = s_op_##S(op, a_##S[i], b_##S[i]);                                             \
                if (KEY(c_##S[i]) != KEY(want)) {                                                      \
                    fail("elementwise", #T, op * 10000 + i);                                           \
                    break;                                                                             \
                }                                                                                      \
                h = mix(h, KEY(c_##S[i]));                                                             \
            }                                                                                          \
        }                                                                                              \
        printf("%-8s elementwise %016llx\n", #T, (unsigned long long)h);                               \
        T dot = v_dot_##S(a_##S, b_##S, N), rdot = 0, mn, mx, sum, rmn = a_##S[0], rmx = a_##S[0],     \
          rsum = 0;                                                                                    \
        v_minmax_##S(a_##S, N, &mn, &mx, &sum);                                                        \
        for (int i = 0; i < N; i++) {                                                                  \
            rdot = s_op_##S(0, rdot, s_op_##S(2, a_##S[i], b_##S[i]));                                 \
            rmn = s_op_##S(4, a_##S[i], rmn);                                                          \
            rmx = s_op_##S(5, a_##S[i], rmx);                                                          \
            rsum = s_op_##S(0, rsum, a_##S[i]);                                                        \
        }                                                                                              \
        if (KEY(dot) != KEY(rdot) || KEY(mn) != KEY(rmn) || KEY(mx) != KEY(rmx) || KEY(sum) != KEY(rsum)) \
            fail("reduce", #T, 0);                                                                     \
        printf("%-8s dot=%.17g min=%.17g max=%.17g sum=%.17g\n", #T, (double)dot, (double)mn,          \
               (double)mx, (double)sum);                                                               \
        h = 1469598103934665603ULL;                                                                    \
        v_complex_##S(c_##S, a_##S, b_##S, N / 2);                                                     \
        for (int i = 0; i < N / 2; i++) {                                                              \
            T re = s_op_##S(1, s_op_##S(2, a_##S[2 * i], b_##S[2 * i]),                                \
                            s_op_##S(2, a_##S[2 * i + 1], b_##S[2 * i + 1]));                          \
            T im = s_op_##S(0, s_op_##S(2, a_##S[2 * i], b_##S[2 * i + 1]),                            \
                            s_op_##S(2, a_##S[2 * i + 1], b_##S[2 * i]));                              \
            if (KEY(c_##S[2 * i]) != KEY(re) || KEY(c_##S[2 * i + 1]) != KEY(im))                      \
                fail("complex", #T, i);                                                                \
            h = mix(mix(h, KEY(re)), KEY(im));                                                         \
        }                                                                                              \
        for (int off = 0; off < 3; off++) {                                                            \
            memcpy(d_##S, b_##S, sizeof d_##S);                                                        \
            v_axpy_##S(d_##S + off, a_##S + 2 * off + 1, (T)-2.5, N - 7);                              \
            for (int i = 0; i < N - 7; i++) {                                                          \
                T want = s_op_##S(0, s_op_##S(2, (T)-2.5, a_##S[i + 2 * off + 1]), b_##S[i + off]);     \
                if (KEY(d_##S[i + off]) != KEY(want))                                                  \
                    fail("axpy", #T, off * 10000 + i);                                                 \
                h = mix(h, KEY(d_##S[i + off]));                                                       \
            }                                                                                          \
        }                                                                                              \
        printf("%-8s complex/axpy %016llx\n", #T, (unsigned long long)h);                              \
    }

FP_TYPE(float, f32, KEY_F, __builtin_sqrtf, __builtin_floorf, __builtin_ceilf, __builtin_truncf,
        __builtin_fabsf, __builtin_copysignf)
FP_TYPE(double, f64, KEY_D, __builtin_sqrt, __builtin_floor, __builtin_ceil, __builtin_trunc,
        __builtin_fabs, __builtin_copysign)

/* ---- conversions: widening, narrowing, saturating clamps, int<->float ---- */
static int16_t w16[N + PAD];
static int32_t w32[N + PAD];
static uint32_t wu32[N + PAD];
static int64_t w64[N + PAD];
static uint64_t wu64[N + PAD];
static int8_t n8[N + PAD];
static uint8_t nu8[N + PAD];
static int16_t n16[N + PAD];
static uint16_t nu16[N + PAD];
static float cf[N + PAD];
static double cd[N + PAD];

NOIPA static void v_widen(void)
{
    for (int i = 0; i < N; i++)
        w16[i] = a_i8[i];
    for (int i = 0; i < N; i++)
        w32[i] = a_i16[i] + (int32_t)a_u16[i];
    for (int i = 0; i < N; i++)
        wu32[i] = a_u8[i] * 3u + b_u8[i];
    for (int i = 0; i < N; i++)
        w64[i] = (int64_t)a_i32[i] * b_i16[i];
    for (int i = 0; i < N; i++)
        wu64[i] = (uint64_t)a_u32[i] + b_u32[i];
}
NOIPA static int64_t s_widen(int k, int i)
{
    switch (k) {
    case 0: return a_i8[i];
    case 1: return a_i16[i] + (int32_t)a_u16[i];
    case 2: return a_u8[i] * 3u + b_u8[i];
    case 3: return (int64_t)a_i32[i] * b_i16[i];
    default: return (int64_t)((uint64_t)a_u32[i] + b_u32[i]);
    }
}

NOIPA static void v_narrow(void)
{
    for (int i = 0; i < N; i++)
        n8[i] = (int8_t)a_i32[i];
    for (int i = 0; i < N; i++)
        nu16[i] = (uint16_t)(a_u64[i] >> 7);
    for (int i = 0; i < N; i++) {        /* saturating clamps */
        int32_t v = a_i32[i] >> 20;
        n16[i] = (int16_t)(a_i32[i] < -32768 ? -32768 : a_i32[i] > 32767 ? 32767 : a_i32[i]);
        nu8[i] = (uint8_t)(v < 0 ? 0 : v > 255 ? 255 : v);
    }
}
NOIPA static int64_t s_narrow(int k, int i)
{
    int32_t x = a_i32[i], v = x >> 20;
    switch (k) {
    case 0: return (int8_t)x;
    case 1: return (uint16_t)(a_u64[i] >> 7);
    case 2: return x < -32768 ? -32768 : x > 32767 ? 32767 : x;
    default: return v < 0 ? 0 : v > 255 ? 255 : v;
    }
}

NOIPA static void v_int_float(int k)
{
    switch (k) {
    case 0: for (int i = 0; i < N; i++) cf[i] = (float)a_i32[i]; break;    /* rounds: 2^30 range */
    case 1: for (int i = 0; i < N; i++) cf[i] = (float)a_u32[i]; break;
    case 2: for (int i = 0; i < N; i++) cd[i] = (double)a_i64[i]; break;
    case 3: for (int i = 0; i < N; i++) cd[i] = (double)a_u64[i]; break;   /* rounds: 2^62 range */
    case 4: for (int i = 0; i < N; i++) cd[i] = (double)a_f32[i] * 0.1f; break;
    case 5: for (int i = 0; i < N; i++) cf[i] = (float)(a_f64[i] / 3.0); break;
    case 6: for (int i = 0; i < N; i++) cd[i] = (double)a_i32[i]; break;
    case 7: for (int i = 0; i < N; i++) cf[i] = (float)a_i16[i] * 0.5f; break;
    case 8: for (int i = 0; i < N; i++) cf[i] = (float)a_i64[i]; break;
    default: for (int i = 0; i < N; i++) cd[i] = (double)a_u8[i] - 100; break;
    }
}
NOIPA static uint64_t s_int_float(int k, int i)
{
    switch (k) {
    case 0: return bits_f((float)a_i32[i]);
    case 1: return bits_f((float)a_u32[i]);
    case 2: return bits_d((double)a_i64[i]);
    case 3: return bits_d((double)a_u64[i]);
    case 4: return bits_d((double)a_f32[i] * 0.1f);
    case 5: return bits_f((float)(a_f64[i] / 3.0));
    case 6: return bits_d((double)a_i32[i]);
    case 7: return bits_f((float)a_i16[i] * 0.5f);
    case 8: return bits_f((float)a_i64[i]);
    default: return bits_d((double)a_u8[i] - 100);
    }
}
static int is_double_result(int k)
{
    return k == 2 || k == 3 || k == 4 || k == 6 || k == 9;
}

NOIPA static void v_float_int(void)
{
    for (int i = 0; i < N; i++)
        w32[i] = (int32_t)(a_f32[i] * 1000.0f);
    for (int i = 0; i < N; i++)
        w64[i] = (int64_t)(a_f64[i] * 1e9);
    for (int i = 0; i < N; i++)
        wu32[i] = (uint32_t)__builtin_fabsf(a_f32[i] * 100.0f);
    for (int i = 0; i < N; i++)
        wu64[i] = (uint64_t)__builtin_fabs(a_f64[i] * 3e12);
    for (int i = 0; i < N; i++)
        n16[i] = (int16_t)(int32_t)a_f32[i];
}
NOIPA static int64_t s_float_int(int k, int i)
{
    switch (k) {
    case 0: return (int32_t)(a_f32[i] * 1000.0f);
    case 1: return (int64_t)(a_f64[i] * 1e9);
    case 2: return (uint32_t)__builtin_fabsf(a_f32[i] * 100.0f);
    case 3: return (int64_t)(uint64_t)__builtin_fabs(a_f64[i] * 3e12);
    default: return (int16_t)(int32_t)a_f32[i];
    }
}

static void conversions(void)
{
    uint64_t h = 1469598103934665603ULL;
    v_widen();
    for (int i = 0; i < N; i++) {
        int64_t got[5] = {w16[i], w32[i], wu32[i], w64[i], (int64_t)wu64[i]};
        for (int k = 0; k < 5; k++) {
            if (got[k] != s_widen(k, i))
                fail("widen", "", k * 10000 + i);
            h = mix(h, (uint64_t)got[k]);
        }
    }
    printf("widening %016llx\n", (unsigned long long)h);
    h = 1469598103934665603ULL;
    v_narrow();
    for (int i = 0; i < N; i++) {
        int64_t got[4] = {n8[i], nu16[i], n16[i], nu8[i]};
        for (int k = 0; k < 4; k++) {
            if (got[k] != s_narrow(k, i))
                fail("narrow", "", k * 10000 + i);
            h = mix(h, (uint64_t)got[k]);
        }
    }
    printf("narrowing/saturating %016llx\n", (unsigned long long)h);
    h = 1469598103934665603ULL;
    for (int k = 0; k < 10; k++) {
        v_int_float(k);
        for (int i = 0; i < N; i++) {
            uint64_t got = is_double_result(k) ? bits_d(cd[i]) : bits_f(cf[i]);
            if (got != s_int_float(k, i)) {
                fail("int<->float", "", k * 10000 + i);
                break;
            }
            h = mix(h, got);
        }
    }
    printf("int->float %016llx\n", (unsigned long long)h);
    h = 1469598103934665603ULL;
    v_float_int();
    for (int i = 0; i < N; i++) {
        int64_t got[5] = {w32[i], w64[i], wu32[i], (int64_t)wu64[i], n16[i]};
        for (int k = 0; k < 5; k++) {
            if (got[k] != s_float_int(k, i))
                fail("float->int", "", k * 10000 + i);
            h = mix(h, (uint64_t)got[k]);
        }
    }
    printf("float->int %016llx\n", (unsigned long long)h);
}

/* ---- byte-level kernels: widening dot products, averages, absolute differences, popcount ---- */
NOIPA static void v_bytes(const uint8_t *restrict p, const uint8_t *restrict q, const int8_t *restrict s,
                          const int16_t *restrict x, const int16_t *restrict y, int n, uint32_t *sad,
                          int32_t *dot8, int32_t *dot16, uint32_t *pop, uint8_t *restrict avg)
{
    uint32_t a = 0, pc = 0;
    int32_t d8 = 0, d16 = 0;
    for (int i = 0; i < n; i++)
        a += (uint32_t)(p[i] > q[i] ? p[i] - q[i] : q[i] - p[i]);
    for (int i = 0; i < n; i++)
        d8 += s[i] * p[i];
    for (int i = 0; i < n; i++)
        d16 += x[i] * y[i];
    for (int i = 0; i < n; i++)
        pc += (uint32_t)__builtin_popcount(p[i] ^ q[i]);
    for (int i = 0; i < n; i++)
        avg[i] = (uint8_t)((p[i] + q[i] + 1) >> 1);
    *sad = a, *dot8 = d8, *dot16 = d16, *pop = pc;
}

static void bytes(void)
{
    static int16_t x[N + PAD], y[N + PAD];
    uint32_t sad, pop, rsad = 0, rpop = 0;
    int32_t dot8, dot16, rd8 = 0, rd16 = 0;
    for (int i = 0; i < N + PAD; i++) /* |x*y| < 2^18: the int32 sum cannot overflow */
        x[i] = (int16_t)(a_i16[i] / 64), y[i] = (int16_t)(b_i16[i] / 64);
    v_bytes(a_u8, b_u8, a_i8, x + 1, y, N, &sad, &dot8, &dot16, &pop, nu8);
    uint64_t h = 1469598103934665603ULL;
    for (int i = 0; i < N; i++) {
        rsad += (uint32_t)abs(s_sub_i16(a_u8[i], b_u8[i]));
        rd8 += s_mul_i32(a_i8[i], a_u8[i]);
        rd16 = s_add_i32(rd16, s_mul_i32(x[i + 1], y[i]));
        rpop += (uint32_t)__builtin_popcount(s_add_u32(a_u8[i] ^ b_u8[i], 0));
        if (nu8[i] != (s_add_u32(a_u8[i], b_u8[i]) + 1) >> 1)
            fail("avg", "uint8_t", i);
        h = mix(h, nu8[i]);
    }
    if (sad != rsad || dot8 != rd8 || dot16 != rd16 || pop != rpop)
        fail("bytes", "", 0);
    printf("bytes sad=%u dot8=%d dot16=%d popcount=%u avg=%016llx\n", sad, dot8, dot16, pop,
           (unsigned long long)h);
}

int main(void)
{
    test_i8();
    test_u8();
    test_i16();
    test_u16();
    test_i32();
    test_u32();
    test_i64();
    test_u64();
    test_f32();
    test_f64();
    conversions();
    bytes();
    if (failures) {
        printf("FAIL %d checks\n", failures);
        return 1;
    }
    printf("vectors: all checks passed\n");
    return 0;
}
