/* altivec: explicit SIMD through <altivec.h> on every element type: arithmetic (modular,
 * saturating, widening even/odd multiplies, multiply-sum, multiply-add), permutes, selects,
 * splats, merges, packs and unpacks, compares and the all/any predicates, shifts and rotates,
 * min/max/abs/avg, sums across, aligned and unaligned loads and stores, float<->int conversions
 * with scale, rounding, double vectors, population count and leading zeros; POWER9 and POWER10
 * intrinsics where the flavour's CPU has them, with a scalar computation of the same values
 * elsewhere (so every flavour prints the same lines).
 *
 * gcc numbers vector elements in array order on both byte orders (vec_perm, vec_mergeh, vec_pack,
 * vec_mule ... are adjusted for little-endian), so results are printed element by element from
 * memory.  Operations whose result position is defined per byte order (vec_sums, vec_sum2s) are
 * printed through sums that do not depend on it.  Estimates (vec_re, vec_rsqrte, vec_expte,
 * vec_loge) are implementation-defined in their low bits: printed rounded.
 *
 * The default big-endian flavour targets a CPU without AltiVec: the file asks for POWER8 then. */
#if !defined(_ARCH_PWR8)
#pragma GCC target("cpu=power8")
#endif
#include <altivec.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

typedef vector signed char vsc;
typedef vector unsigned char vuc;
typedef vector signed short vss;
typedef vector unsigned short vus;
typedef vector signed int vsi;
typedef vector unsigned int vui;
typedef vector signed long long vsl;
typedef vector unsigned long long vul;
typedef vector float vf;
typedef vector double vd;
typedef vector bool char vbc;
typedef vector bool short vbs;
typedef vector bool int vbi;
typedef vector bool long long vbl;

static int failures;
static uint64_t hash = 1469598103934665603ULL;

static void hmix(uint64_t v)
{
    for (int k = 0; k < 64; k += 8) {
        hash ^= (v >> k) & 0xff;
        hash *= 1099511628211ULL;
    }
}

#define PRINT_INT_VEC(fn, VT, ET, n, fmt, cast)                                                        \
    static void fn(const char *name, VT v)                                                             \
    {                                                                                                  \
        ET e[n];                                                                                       \
        memcpy(e, &v, sizeof e);                                                                       \
        printf("%-22s", name);                                                                         \
        for (int i = 0; i < n; i++) {                                                                  \
            printf(" " fmt, (cast)e[i]);                                                               \
            hmix((uint64_t)(cast)e[i]);                                                                \
        }                                                                                              \
        printf("\n");                                                                                  \
    }
PRINT_INT_VEC(p_sc, vsc, signed char, 16, "%d", int)
PRINT_INT_VEC(p_uc, vuc, unsigned char, 16, "%u", unsigned)
PRINT_INT_VEC(p_ss, vss, short, 8, "%d", int)
PRINT_INT_VEC(p_us, vus, unsigned short, 8, "%u", unsigned)
PRINT_INT_VEC(p_si, vsi, int, 4, "%d", int)
PRINT_INT_VEC(p_ui, vui, unsigned, 4, "%u", unsigned)
PRINT_INT_VEC(p_sl, vsl, long long, 2, "%lld", long long)
PRINT_INT_VEC(p_ul, vul, unsigned long long, 2, "%llu", unsigned long long)
PRINT_INT_VEC(p_bc, vbc, unsigned char, 16, "%x", unsigned)
PRINT_INT_VEC(p_bs, vbs, unsigned short, 8, "%x", unsigned)
PRINT_INT_VEC(p_bi, vbi, unsigned, 4, "%x", unsigned)
PRINT_INT_VEC(p_bl, vbl, unsigned long long, 2, "%llx", unsigned long long)

static void p_f(const char *name, vf v)
{
    float e[4];
    memcpy(e, &v, sizeof e);
    printf("%-22s", name);
    for (int i = 0; i < 4; i++) {
        printf(" %a", e[i]);
        uint32_t u;
        memcpy(&u, &e[i], 4);
        hmix(u);
    }
    printf("\n");
}
static void p_d(const char *name, vd v)
{
    double e[2];
    memcpy(e, &v, sizeof e);
    printf("%-22s", name);
    for (int i = 0; i < 2; i++) {
        printf(" %a", e[i]);
        uint64_t u;
        memcpy(&u, &e[i], 8);
        hmix(u);
    }
    printf("\n");
}

#define P(name, v)                                                                                     \
    _Generic((v), vsc: p_sc, vuc: p_uc, vss: p_ss, vus: p_us, vsi: p_si, vui: p_ui, vsl: p_sl,          \
             vul: p_ul, vbc: p_bc, vbs: p_bs, vbi: p_bi, vbl: p_bl, vf: p_f, vd: p_d)(name, v)

static void p_int(const char *name, long long v)
{
    printf("%-22s %lld\n", name, v);
    hmix((uint64_t)v);
}

/* inputs through memory the compiler cannot see into */
static volatile int opaque = 0;
#define OPAQUE(v) ((v) = opaque ? (v) + (v) : (v))

static signed char sc_a[32] = {1, -2, 3, -4, 5, -6, 7, -8, 100, -100, 127, -128, 0, 64, -64, 33,
                               9, 10, -11, 12, -13, 14, -15, 16, 50, 60, 70, 80, -90, -100, -110, -120};
static unsigned char uc_a[32] = {0, 1, 2, 3, 250, 251, 252, 253, 128, 127, 64, 200, 17, 34, 51, 68,
                                 255, 254, 99, 98, 7, 6, 5, 4, 40, 41, 42, 43, 200, 201, 202, 203};
static short ss_a[16] = {1000, -2000, 3000, -4000, 32767, -32768, 12345, -1,
                         77, -88, 99, -110, 16384, -16384, 255, 256};
static unsigned short us_a[16] = {1, 65535, 40000, 300, 2, 60000, 5, 32768, 9, 8, 7, 6, 5000, 50000, 12, 13};
static int si_a[8] = {100000, -7, 2147483647, -2147483647 - 1, 65536, -65536, 3, 12345678};
static unsigned ui_a[8] = {1, 0xffffffffu, 0x80000000u, 12345, 0x0f0f0f0fu, 2, 3, 0xdeadbeefu};
static long long sl_a[4] = {0x123456789abcdefLL, -5, -0x7fffffffffffffffLL - 1, 77};
static unsigned long long ul_a[4] = {0xffffffffffffffffULL, 3, 0x8000000000000001ULL, 0x0123456789abcdefULL};
static float f_a[8] = {1.5f, -2.25f, 3.0f, 0.5f, -0.0f, 100.75f, -7.5f, 2.5f};
static double d_a[4] = {1.5, -2.75, 1e100, -0.5};

static void arithmetic(void)
{
    printf("-- arithmetic\n");
    vsc sa = vec_xl(0, sc_a), sb = vec_xl(16, sc_a);
    vuc ua = vec_xl(0, uc_a), ub = vec_xl(16, uc_a);
    vss ha = vec_xl(0, ss_a), hb = vec_xl(16, ss_a);
    vus hua = vec_xl(0, us_a), hub = vec_xl(16, us_a);
    vsi ia = vec_xl(0, si_a), ib = vec_xl(16, si_a);
    vui iua = vec_xl(0, ui_a), iub = vec_xl(16, ui_a);
    vsl la = vec_xl(0, sl_a), lb = vec_xl(16, sl_a);
    vul lua = vec_xl(0, ul_a), lub = vec_xl(16, ul_a);
    OPAQUE(sa), OPAQUE(ua), OPAQUE(ha), OPAQUE(ia), OPAQUE(la);
    P("add sc", vec_add(sa, sb));
    P("add uc", vec_add(ua, ub));
    P("adds sc", vec_adds(sa, sb));
    P("adds uc", vec_adds(ua, ub));
    P("sub ss", vec_sub(ha, hb));
    P("subs ss", vec_subs(ha, hb));
    P("subs us", vec_subs(hua, hub));
    P("adds us", vec_adds(hua, hub));
    P("add si", vec_add(ia, ib));
    P("sub ui", vec_sub(iua, iub));
    P("adds si", vec_adds(ia, ib));
    P("addc ui", vec_addc(iua, iub));
    P("add sl", vec_add(la, lb));
    P("sub ul", vec_sub(lua, lub));
    P("mul ss", vec_mul(ha, hb));
    P("mul si", vec_mul(ia, ib));
    P("mul ul", vec_mul(lua, lub));
    P("mule sc", vec_mule(sa, sb));
    P("mulo uc", vec_mulo(ua, ub));
    P("mule ss", vec_mule(ha, hb));
    P("mulo us", vec_mulo(hua, hub));
    P("mule si", vec_mule(ia, ib));
    P("mulo ui", vec_mulo(iua, iub));
    P("mladd ss", vec_mladd(ha, hb, vec_splats((short)7)));
    P("madds ss", vec_madds(ha, hb, vec_splats((short)7)));
    P("mradds ss", vec_mradds(ha, hb, vec_splats((short)-3)));
    P("msum uc", vec_msum(ua, ub, vec_splats(1u)));
    P("msum sc*uc", vec_msum(sa, ub, vec_splats(-1)));
    P("msum ss", vec_msum(ha, hb, vec_splats(5)));
    P("msums us", vec_msums(hua, hub, vec_splats(0xfffff000u)));
    P("sum4s uc", vec_sum4s(ua, vec_splats(1000u)));
    P("sum4s sc", vec_sum4s(sa, vec_splats(-1000)));
    P("sum4s ss", vec_sum4s(ha, vec_splats(0)));
    /* vec_sums puts the sum in the last element in big-endian order, vec_sum2s in each half's:
     * printed as the sum of the elements (the others are zero) */
    vsi s = vec_sums(ia, vec_splats(10)), s2 = vec_sum2s(vec_sra(ia, vec_splats(4u)), vec_splats(1));
    int se[4], s2e[4];
    vec_xst(s, 0, se);
    vec_xst(s2, 0, s2e);
    p_int("sums si", (long long)se[0] + se[1] + se[2] + se[3]);
    p_int("sum2s si lo", (long long)s2e[0] + s2e[1]);
    p_int("sum2s si hi", (long long)s2e[2] + s2e[3]);
    P("avg uc", vec_avg(ua, ub));
    P("avg ss", vec_avg(ha, hb));
    P("avg ui", vec_avg(iua, iub));
    P("max sc", vec_max(sa, sb));
    P("min uc", vec_min(ua, ub));
    P("max us", vec_max(hua, hub));
    P("min si", vec_min(ia, ib));
    P("max sl", vec_max(la, lb));
    P("min ul", vec_min(lua, lub));
    P("abs sc", vec_abs(sa));
    P("abss sc", vec_abss(sa));
    P("abs si", vec_abs(ia));
    P("abs sl", vec_abs(la));
    P("neg si", vec_neg(ia));
    P("and uc", vec_and(ua, ub));
    P("or ui", vec_or(iua, iub));
    P("xor ss", vec_xor(ha, hb));
    P("andc ul", vec_andc(lua, lub));
    P("nor uc", vec_nor(ua, ub));
    P("orc ui", vec_orc(iua, iub));
    P("nand us", vec_nand(hua, hub));
    P("eqv si", vec_eqv(ia, ib));
}

static void shifts(void)
{
    printf("-- shifts, rotates, counts\n");
    vuc ua = vec_xl(0, uc_a), ub = vec_xl(16, uc_a);
    vsc sa = vec_xl(0, sc_a);
    vss ha = vec_xl(0, ss_a);
    vus hub = vec_xl(16, us_a);
    vsi ia = vec_xl(0, si_a);
    vui iua = vec_xl(0, ui_a), iub = vec_xl(16, ui_a);
    vsl la = vec_xl(0, sl_a);
    vul lua = vec_xl(0, ul_a), lub = vec_xl(16, ul_a);
    OPAQUE(ua), OPAQUE(ha), OPAQUE(ia), OPAQUE(lua);
    P("sl uc", vec_sl(ua, ub));
    P("sr uc", vec_sr(ua, ub));
    P("sra sc", vec_sra(sa, ub));
    P("rl uc", vec_rl(ua, ub));
    P("sl ss", vec_sl(ha, hub));
    P("sra ss", vec_sra(ha, hub));
    P("rl us", vec_rl((vus)ha, hub));
    P("sl ui", vec_sl(iua, iub));
    P("sr ui", vec_sr(iua, iub));
    P("sra si", vec_sra(ia, iub));
    P("rl ui", vec_rl(iua, iub));
    P("sl ul", vec_sl(lua, lub));
    P("sr ul", vec_sr(lua, lub));
    P("sra sl", vec_sra(la, lub));
    P("rl ul", vec_rl(lua, lub));
    P("popcnt uc", vec_popcnt(ua));
    P("popcnt ss", vec_popcnt(ha));
    P("popcnt ui", vec_popcnt(iua));
    P("popcnt ul", vec_popcnt(lua));
    P("cntlz uc", vec_cntlz(ua));
    P("cntlz us", vec_cntlz((vus)ha));
    P("cntlz ui", vec_cntlz(iua));
    P("cntlz ul", vec_cntlz(lua));
    P("revb ui", vec_revb(iua));
    P("revb ul", vec_revb(lua));
    P("reve ss", vec_reve(ha));
    P("reve ui", vec_reve(iua));
    P("reve sl", vec_reve(la));
    P("splat_s8 -5", vec_splat_s8(-5));
    P("splat_u16 12", vec_splat_u16(12));
    P("splat_s32 15", vec_splat_s32(15));
}

static void permutes(void)
{
    printf("-- permutes, merges, packs\n");
    vuc ua = vec_xl(0, uc_a), ub = vec_xl(16, uc_a);
    vsc sa = vec_xl(0, sc_a);
    vss ha = vec_xl(0, ss_a), hb = vec_xl(16, ss_a);
    vus hua = vec_xl(0, us_a);
    vsi ia = vec_xl(0, si_a), ib = vec_xl(16, si_a);
    vui iua = vec_xl(0, ui_a);
    vsl la = vec_xl(0, sl_a), lb = vec_xl(16, sl_a);
    vf fa = vec_xl(0, f_a), fb = vec_xl(16, f_a);
    OPAQUE(ua), OPAQUE(ha), OPAQUE(ia), OPAQUE(la);
    vuc pat = {0, 17, 2, 19, 31, 30, 5, 5, 8, 24, 1, 15, 16, 0, 23, 7};
    OPAQUE(pat);
    P("perm uc", vec_perm(ua, ub, pat));
    /* wider elements: the pattern moves whole elements (bytes within an element are in memory
     * order, which differs between the byte orders) */
    vuc pat2 = {0, 1, 18, 19, 4, 5, 30, 31, 8, 9, 16, 17, 2, 3, 14, 15};
    vuc pat4 = {4, 5, 6, 7, 16, 17, 18, 19, 28, 29, 30, 31, 8, 9, 10, 11};
    OPAQUE(pat2), OPAQUE(pat4);
    P("perm ss", vec_perm(ha, hb, pat2));
    P("perm si", vec_perm(ia, ib, pat4));
    P("perm f", vec_perm(fa, fb, pat4));
    P("sel uc", vec_sel(ua, ub, (vuc)vec_splats((unsigned char)0x0f)));
    P("sel si", vec_sel(ia, ib, vec_cmpgt(ia, ib)));
    P("sel f", vec_sel(fa, fb, vec_cmplt(fa, fb)));
    P("splat uc 3", vec_splat(ua, 3));
    P("splat ss 6", vec_splat(ha, 6));
    P("splat si 2", vec_splat(ia, 2));
    P("splat sl 1", vec_splat(la, 1));
    P("splat f 1", vec_splat(fa, 1));
    P("splats sl", vec_splats((long long)sl_a[0]));
    P("mergeh uc", vec_mergeh(ua, ub));
    P("mergel uc", vec_mergel(ua, ub));
    P("mergeh ss", vec_mergeh(ha, hb));
    P("mergel si", vec_mergel(ia, ib));
    P("mergeh sl", vec_mergeh(la, lb));
    P("mergel sl", vec_mergel(la, lb));
    P("mergee si", vec_mergee(ia, ib));
    P("mergeo si", vec_mergeo(ia, ib));
    P("mergeh f", vec_mergeh(fa, fb));
    P("pack ss", vec_pack(ha, hb));
    P("pack si", vec_pack(ia, ib));
    P("pack sl", vec_pack(la, lb));
    P("packs ss", vec_packs(ha, hb));
    P("packs si", vec_packs(ia, ib));
    P("packsu ss", vec_packsu(ha, hb));
    P("packsu si", vec_packsu(ia, ib));
    P("packs us", vec_packs(hua, hua));
    P("unpackh sc", vec_unpackh(sa));
    P("unpackl sc", vec_unpackl(sa));
    P("unpackh ss", vec_unpackh(ha));
    P("unpackl ss", vec_unpackl(ha));
    P("unpackh si", vec_unpackh(ia));
    P("unpackl si", vec_unpackl(ia));
    P("insert si", vec_insert(-99, ia, 2));
    p_int("extract uc 13", vec_extract(ua, 13));
    p_int("extract ss 5", vec_extract(ha, 5));
    p_int("extract sl 1", vec_extract(la, 1));
    for (int i = opaque; i < 4; i++) /* variable index */
        p_int("extract si [i]", vec_extract(ia, i) + vec_extract(iua, (i + 1) & 3));
    unsigned char buf[48];
    for (int i = 0; i < 48; i++)
        buf[i] = (unsigned char)(i * 7 + 1);
    for (int off = 0; off < 16; off += 5) { /* unaligned loads and stores */
        vuc v = vec_xl(off, buf);
        vsi w = vec_xl(off, (int *)(void *)(buf + 0)); /* element type int, byte offset off */
        P("xl uc", v);
        unsigned char out[48] = {0};
        vec_xst(vec_add(v, vec_splats((unsigned char)1)), off + 3, out);
        vec_xst(w, 20 + off, (int *)(void *)out);
        uint64_t h = 0;
        for (int i = 0; i < 48; i++)
            h = h * 31 + out[i];
        p_int("xst checksum", (long long)(h & 0xffffffffffff));
    }
    static vsi aligned[3] __attribute__((aligned(16)));
    vec_st(ia, 16, aligned);
    vec_st(vec_add(ia, ib), 32, aligned);
    P("ld si", vec_ld(16, aligned));
    P("ld si +32", vec_ld(32, aligned));
    P("ld si &[1]", vec_ld(0, &aligned[1]));
    (void)iua;
}

static void compares(void)
{
    printf("-- compares and predicates\n");
    vuc ua = vec_xl(0, uc_a), ub = vec_xl(16, uc_a);
    vss ha = vec_xl(0, ss_a), hb = vec_xl(16, ss_a);
    vsi ia = vec_xl(0, si_a), ib = vec_xl(16, si_a);
    vsl la = vec_xl(0, sl_a), lb = vec_xl(16, sl_a);
    vf fa = vec_xl(0, f_a), fb = vec_xl(16, f_a);
    vd da = vec_xl(0, d_a), db = vec_xl(16, d_a);
    OPAQUE(ua), OPAQUE(ha), OPAQUE(ia), OPAQUE(la);
    P("cmpeq uc", vec_cmpeq(ua, ua & (vuc)vec_splats((unsigned char)0xf3)));
    P("cmpgt uc", vec_cmpgt(ua, ub));
    P("cmpgt ss", vec_cmpgt(ha, hb));
    P("cmplt si", vec_cmplt(ia, ib));
    P("cmpge si", vec_cmpge(ia, ib));
    P("cmple sl", vec_cmple(la, lb));
    P("cmpeq sl", vec_cmpeq(la, vec_splat(la, 0)));
    P("cmpgt f", vec_cmpgt(fa, fb));
    P("cmpge f", vec_cmpge(fa, fb));
    P("cmpeq f", vec_cmpeq(fa, vec_splats(-0.0f)));
    P("cmpgt d", vec_cmpgt(da, db));
    P("cmpeq d", vec_cmpeq(da, da));
    vf nanv = vec_splats(__builtin_nanf(""));
    OPAQUE(nanv);
    printf("%-22s %d %d %d %d %d %d %d %d\n", "all/any uc", vec_all_eq(ua, ua), vec_any_eq(ua, ub), vec_all_gt(ua, ub),
           vec_any_gt(ua, ub), vec_all_le(ua, vec_splats((unsigned char)255)), vec_any_ne(ua, ua), vec_all_ne(ua, ub),
           vec_any_lt(ua, ub));
    printf("%-22s %d %d %d %d %d %d\n", "all/any si", vec_all_ge(ia, vec_splats(-2147483647 - 1)), vec_any_lt(ia, ib),
           vec_all_lt(ia, ib), vec_any_eq(ia, vec_splats(3)), vec_all_eq(ia, ia),
           vec_any_gt(ia, vec_splats(2147483647)));
    printf("%-22s %d %d %d %d\n", "all/any sl", vec_all_eq(la, la), vec_any_gt(la, lb), vec_all_ne(la, lb),
           vec_any_lt(la, lb));
    printf("%-22s %d %d %d %d %d %d %d\n", "all/any f", vec_all_gt(fa, vec_splats(-10.0f)), vec_any_nan(nanv),
           vec_all_numeric(fa), vec_any_nan(fa), vec_all_nan(nanv), vec_any_ge(fa, fb), vec_all_eq(nanv, nanv));
    printf("%-22s %d %d %d\n", "all/any d", vec_all_gt(da, db), vec_any_gt(da, db), vec_all_eq(da, da));
}

static void floats(void)
{
    printf("-- float and double\n");
    vf fa = vec_xl(0, f_a), fb = vec_xl(16, f_a);
    vd da = vec_xl(0, d_a), db = vec_xl(16, d_a);
    vsi ia = vec_xl(0, si_a);
    vui iua = vec_xl(0, ui_a);
    OPAQUE(fa), OPAQUE(da), OPAQUE(ia);
    P("add f", vec_add(fa, fb));
    P("sub f", vec_sub(fa, fb));
    P("mul f", vec_mul(fa, fb));
    P("div f", vec_div(fa, fb));
    P("madd f", vec_madd(fa, fb, vec_splats(0.25f)));
    P("msub f", vec_msub(fa, fb, vec_splats(0.25f)));
    P("nmsub f", vec_nmsub(fa, fb, vec_splats(0.25f)));
    P("nmadd f", vec_nmadd(fa, fb, vec_splats(0.25f)));
    P("max f", vec_max(fa, fb));
    P("min f", vec_min(fa, fb));
    P("abs f", vec_abs(fa));
    P("nabs f", vec_nabs(fa));
    P("cpsgn f", vec_cpsgn(fb, fa));
    P("sqrt f", vec_sqrt(vec_abs(fa)));
    vf r = vec_mul(fa, vec_splats(1.3f));
    P("round f", vec_round(r));
    P("floor f", vec_floor(r));
    P("ceil f", vec_ceil(r));
    P("trunc f", vec_trunc(r));
    P("rint f", vec_rint(r));
    P("ctf si/4", vec_ctf(ia, 2));
    P("ctf ui*1", vec_ctf(iua, 0));
    P("cts f*8", vec_cts(fa, 3));
    P("ctu f*2", vec_ctu(vec_abs(fa), 1));
    P("float si", vec_float(ia));
    P("signed f", vec_signed(r));
    P("add d", vec_add(da, db));
    P("mul d", vec_mul(da, db));
    P("div d", vec_div(da, vec_splats(3.0)));
    P("madd d", vec_madd(da, db, vec_splats(1.0)));
    P("nmsub d", vec_nmsub(da, db, vec_splats(1.0)));
    P("sqrt d", vec_sqrt(vec_abs(da)));
    P("max d", vec_max(da, db));
    P("min d", vec_min(da, db));
    P("abs d", vec_abs(db));
    P("neg d", vec_neg(da));
    vd rd = vec_mul(db, vec_splats(1.2));
    P("round d", vec_round(rd));
    P("floor d", vec_floor(rd));
    P("ceil d", vec_ceil(rd));
    P("trunc d", vec_trunc(rd));
    P("rint d", vec_rint(vec_splats(2.5)));
    P("signed d", vec_signed(rd));
    P("unsigned d", vec_unsigned(vec_abs(rd)));
    P("double sl", vec_double(vec_xl(0, (long long *)sl_a + 1)));
    P("doubleh f", vec_doubleh(fa));
    P("doublel f", vec_doublel(fa));
    P("doubleh si", vec_doubleh(ia));
    P("floate/o d", vec_mergee((vsi)vec_floate(da), (vsi)vec_floate(db)));
    P("mergeh d", vec_mergeh(da, db));
    P("mergel d", vec_mergel(da, db));
    P("sel d", vec_sel(da, db, vec_cmpgt(da, db)));
    P("splat d 1", vec_splat(da, 1));
    P("xxpermdi d", vec_xxpermdi(da, db, 1));
    /* estimates: compared with the exact value, printed rounded */
    vf x = {4.0f, 0.5f, 10.0f, 64.0f};
    OPAQUE(x);
    float re[4], rs[4], ex[4], lg[4];
    vec_xst(vec_re(x), 0, re);
    vec_xst(vec_rsqrte(x), 0, rs);
    vec_xst(vec_expte(vec_splats(3.0f)), 0, ex);
    vec_xst(vec_loge(x), 0, lg);
    float xe[4] = {4.0f, 0.5f, 10.0f, 64.0f};
    printf("%-22s", "estimates re rsqrte");
    for (int i = 0; i < 4; i++) {
        if (fabsf(re[i] * xe[i] - 1) > 1.0f / 4096 || fabsf(rs[i] * sqrtf(xe[i]) - 1) > 1.0f / 4096 ||
            fabsf(ex[i] - 8) > 0.5f || fabsf(lg[i] - log2f(xe[i])) > 0.125f) {
            printf(" FAIL(%a %a %a %a)", re[i], rs[i], ex[i], lg[i]);
            failures++;
        }
        printf(" %.3g %.3g", re[i], rs[i]);
    }
    printf(" expte(3)~%ld loge~%ld %ld\n", lroundf(log2f(ex[0])), lroundf(lg[0]), lroundf(lg[3]));
}

/* ---- POWER9: the intrinsics under _ARCH_PWR9, the same values computed in scalar code elsewhere */
static void power9(void)
{
    printf("-- POWER9 operations (scalar elsewhere)\n");
    unsigned char a[16], b[16];
    unsigned int w[4];
    memcpy(a, uc_a, 16), memcpy(b, uc_a + 16, 16), memcpy(w, ui_a, 16);
    unsigned char absd[16], cmpne[16], cnttz[16];
    unsigned int cnttzw[4], parity[4];
    int firstm, firstmm, xl_len_sum = 0;
#if defined(_ARCH_PWR9)
    vuc va = vec_xl(0, a), vb = vec_xl(0, b);
    vui vw = vec_xl(0, w);
    OPAQUE(va), OPAQUE(vb), OPAQUE(vw); /* gcc 12 folds vec_parity_lsbb(constant) to each word's parity */
    vec_xst(vec_absd(va, vb), 0, absd);
    vec_xst((vuc)vec_cmpne(va, vb), 0, cmpne);
    vec_xst(vec_cnttz(va), 0, cnttz);
    vec_xst(vec_cnttz(vw), 0, cnttzw);
    vec_xst(vec_parity_lsbb(vw), 0, parity);
    vuc c = va;
    c = vec_insert((unsigned char)99, c, 9);
    firstm = (int)vec_first_match_index(va, c);
    firstmm = (int)vec_first_mismatch_index(va, c);
    for (int len = 0; len <= 16; len += 3) {
        unsigned char t[16];
        vec_xst(vec_xl_len(a, (size_t)len), 0, t);
        for (int i = 0; i < 16; i++)
            xl_len_sum += t[i] * (i + 1);
    }
#else
    for (int i = 0; i < 16; i++) {
        absd[i] = (unsigned char)(a[i] > b[i] ? a[i] - b[i] : b[i] - a[i]);
        cmpne[i] = a[i] != b[i] ? 0xff : 0;
        cnttz[i] = (unsigned char)(a[i] ? __builtin_ctz(a[i]) : 8);
    }
    for (int i = 0; i < 4; i++) {
        cnttzw[i] = w[i] ? (unsigned)__builtin_ctz(w[i]) : 32;
        parity[i] = (w[i] ^ (w[i] >> 8) ^ (w[i] >> 16) ^ (w[i] >> 24)) & 1;
    }
    firstm = 0;      /* a[0] == c[0] */
    firstmm = 9;     /* the inserted element */
    for (int len = 0; len <= 16; len += 3)
        for (int i = 0; i < 16; i++)
            xl_len_sum += (i < len ? a[i] : 0) * (i + 1);
#endif
    P("absd uc", vec_xl(0, absd));
    P("cmpne uc", vec_xl(0, cmpne));
    P("cnttz uc", vec_xl(0, cnttz));
    P("cnttz ui", vec_xl(0, cnttzw));
    P("parity_lsbb ui", vec_xl(0, parity));
    p_int("first_match_index", firstm);
    p_int("first_mismatch_index", firstmm);
    p_int("xl_len checksum", xl_len_sum);
}

/* ---- POWER10 */
#if defined(_ARCH_PWR10) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
static unsigned rev16(unsigned long long m)
{
    unsigned r = 0;
    for (int i = 0; i < 16; i++)
        r |= (unsigned)(m >> i & 1) << (15 - i);
    return r;
}
#endif
static void power10(void)
{
    printf("-- POWER10 operations (scalar elsewhere)\n");
    int a[4], b[4];
    unsigned long long u[2], m[2];
    unsigned char bytes[16];
    memcpy(a, si_a, 16), memcpy(b, si_a + 4, 16), memcpy(u, ul_a, 16), memcpy(bytes, uc_a, 16);
    m[0] = 0x00ff00ff0f0f3333ULL, m[1] = 0xf0f0f0f0aaaaaaaaULL;
    int mulh[4], dv[4], md[4];
    unsigned long long pdep[2], pext[2], cfuge[2], cntm, extractm, clzm[2];
    unsigned char genbm[16];
#if defined(_ARCH_PWR10)
    vsi va = vec_xl(0, a), vb = vec_xl(0, b);
    vul vu = vec_xl(0, u), vm = vec_xl(0, m);
    vuc vbytes = vec_xl(0, bytes);
    OPAQUE(va), OPAQUE(vb), OPAQUE(vu), OPAQUE(vm), OPAQUE(vbytes);
    vec_xst(vec_mulh(va, vb), 0, mulh);
    vsi vbnz = vec_sel(vb, vec_splats(7), vec_cmpeq(vb, vec_splats(0)));
    vec_xst(vec_div(va, vbnz), 0, dv);
    vec_xst(vec_mod(va, vbnz), 0, md);
    vec_xst(vec_pdep(vu, vm), 0, pdep);
    vec_xst(vec_pext(vu, vm), 0, pext);
    vec_xst(vec_cfuge(vu, vm), 0, cfuge);
    vec_xst(vec_cntlzm(vu, vm), 0, clzm);
    cntm = vec_cntm(vbytes, 1);
    /* the mask's bit i is element i's on little-endian, element 15-i's on big-endian */
    volatile unsigned long long gmask = 0xa5c3;
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    extractm = rev16(vec_extractm(vbytes));
    vec_xst(vec_genbm(rev16(gmask)), 0, genbm);
#else
    extractm = vec_extractm(vbytes);
    vec_xst(vec_genbm(gmask), 0, genbm);
#endif
#else
    for (int i = 0; i < 4; i++) {
        int d = b[i] ? b[i] : 7;
        mulh[i] = (int)(((long long)a[i] * b[i]) >> 32);
        dv[i] = (a[i] == INT32_MIN && d == -1) ? INT32_MIN : a[i] / d;
        md[i] = (a[i] == INT32_MIN && d == -1) ? 0 : a[i] % d;
    }
    for (int i = 0; i < 2; i++) {
        unsigned long long s = u[i], mk = m[i], dep = 0, ext = 0, lo = 0, hi = 0;
        int k = 0, nlo = 0;
        for (int bit = 0; bit < 64; bit++) /* pdep: low bits of s to the mask's set bits */
            if (mk >> bit & 1)
                dep |= (s >> k++ & 1) << bit;
        k = 0;
        for (int bit = 0; bit < 64; bit++) /* pext: the bits of s under the mask, packed low */
            if (mk >> bit & 1)
                ext |= (s >> bit & 1) << k++;
        for (int bit = 0; bit < 64; bit++) /* cfuge: bits under the mask to the right, others left */
            if (mk >> bit & 1)
                lo |= (s >> bit & 1) << nlo++;
        k = 0;
        for (int bit = 0; bit < 64; bit++)
            if (!(mk >> bit & 1))
                hi |= (s >> bit & 1) << k++;
        pdep[i] = dep, pext[i] = ext;
        cfuge[i] = nlo == 64 ? lo : (hi << nlo) | lo;
        /* cntlzm: leading zeros of s among the mask's bits, counted from the top */
        int n = 0;
        for (int bit = 63; bit >= 0; bit--)
            if (mk >> bit & 1) {
                if (s >> bit & 1)
                    break;
                n++;
            }
        clzm[i] = (unsigned long long)n;
    }
    cntm = 0, extractm = 0;
    for (int i = 0; i < 16; i++) {
        cntm += bytes[i] >> 7;
        extractm |= (unsigned long long)(bytes[i] >> 7) << i;
        genbm[i] = (0xa5c3 >> i & 1) ? 0xff : 0;
    }
    cntm <<= 56;
#endif
    P("mulh si", vec_xl(0, mulh));
    P("div si", vec_xl(0, dv));
    P("mod si", vec_xl(0, md));
    P("pdep ul", vec_xl(0, pdep));
    P("pext ul", vec_xl(0, pext));
    P("cfuge ul", vec_xl(0, cfuge));
    P("cntlzm ul", vec_xl(0, clzm));
    p_int("cntm uc (bits 56+)", (long long)(cntm >> 56));
    p_int("extractm uc", (long long)extractm);
    P("genbm 0xa5c3", vec_xl(0, genbm));
}

/* ---- a small SIMD kernel: a 16-tap byte FIR with vec_msum over a buffer, vs scalar */
static void kernel(void)
{
    printf("-- kernel\n");
    static unsigned char in[1024 + 32];
    static unsigned int outv[1024], outs[1024];
    for (int i = 0; i < 1024 + 32; i++)
        in[i] = (unsigned char)((i * 37 + (i >> 3)) & 0xff);
    unsigned char taps[16];
    for (int k = 0; k < 16; k++)
        taps[k] = (unsigned char)(k * 5 + 1);
    vuc vt = vec_xl(0, taps);
    for (int i = 0; i < 1024; i++) {
        vui acc = vec_msum(vec_xl(i, in), vt, vec_splats(0u));
        /* the four partial sums, whichever positions they are in */
        unsigned e[4];
        vec_xst(acc, 0, e);
        outv[i] = e[0] + e[1] + e[2] + e[3];
        unsigned s = 0;
        for (int k = 0; k < 16; k++)
            s += (unsigned)in[i + k] * taps[k];
        outs[i] = s;
    }
    uint64_t h = 0;
    for (int i = 0; i < 1024; i++) {
        if (outv[i] != outs[i] && failures++ < 10)
            printf("FAIL fir at %d: %u vs %u\n", i, outv[i], outs[i]);
        h = h * 1000003 + outv[i];
    }
    p_int("fir checksum", (long long)(h >> 1));
}

int main(void)
{
    arithmetic();
    shifts();
    permutes();
    compares();
    floats();
    power9();
    power10();
    kernel();
    printf("hash %016llx\n", (unsigned long long)hash);
    if (failures) {
        printf("FAIL %d checks\n", failures);
        return 1;
    }
    printf("altivec: all checks passed\n");
    return 0;
}
