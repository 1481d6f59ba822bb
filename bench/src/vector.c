/* vector: loops gcc vectorises at -O3 -mcpu=power9 (VSX): float saxpy, an int32 dot product and
 * multiply-add, int16 multiply-add, byte minimum/maximum and absolute difference, int64 sums and
 * a double stencil, over 64 KiB arrays, repeated. */
#include <stdint.h>
#include "common.h"

enum { N = 16384 };
static float fa[N], fb[N], fc[N];
static int32_t ia[N], ib[N], ic[N];
static int16_t sa[N], sb[N], sc[N];
static uint8_t ba[4 * N], bb[4 * N], bc[4 * N];
static int64_t la[N / 2];
static double da[N / 2], db[N / 2];

int main(int argc, char **argv)
{
    for (int i = 0; i < N; i++) {
        fa[i] = (float)(i % 97) * 0.01f;
        fb[i] = (float)(i % 89) * -0.02f + 1.0f;
        ia[i] = i * 7 - 5000;
        ib[i] = (i % 1000) - 500;
        sa[i] = (int16_t)(i % 300 - 150);
        sb[i] = (int16_t)(i % 77);
    }
    for (int i = 0; i < 4 * N; i++) {
        ba[i] = (uint8_t)(i * 13);
        bb[i] = (uint8_t)(i * 7 + 3);
    }
    for (int i = 0; i < N / 2; i++) {
        la[i] = (int64_t)i * 1000003;
        da[i] = (double)(i % 50) * 0.5;
    }
    long rounds = scaled(bench_scale(argc, argv), 1500);
    float fsum = 0;
    int64_t isum = 0;
    double dsum = 0;
    for (long r = 0; r < rounds; r++) {
        float k = 0.5f + (float)(r % 7) * 0.125f;
        for (int i = 0; i < N; i++)
            fc[i] = k * fa[i] + fb[i];
        fsum += fc[r % N];
        int32_t idot = 0;                /* an integer reduction vectorises; a float one would not without -ffast-math */
        for (int i = 0; i < N; i++)
            idot += ia[i] * ib[i];
        for (int i = 0; i < N; i++)
            ic[i] = ia[i] * ib[i] + ic[i] - (int32_t)r;
        for (int i = 0; i < N; i++)
            sc[i] = (int16_t)(sa[i] * sb[i] + (sc[i] >> 1));
        for (int i = 0; i < 4 * N; i++) {
            uint8_t lo = ba[i] < bb[i] ? ba[i] : bb[i], hi = ba[i] < bb[i] ? bb[i] : ba[i];
            bc[i] = (uint8_t)(hi - lo + bc[i] / 2);
        }
        int64_t s64 = 0;
        for (int i = 0; i < N / 2; i++)
            s64 += la[i] ^ (int64_t)r;
        for (int i = 1; i < N / 2 - 1; i++)
            db[i] = 0.25 * da[i - 1] + 0.5 * da[i] + 0.25 * da[i + 1];
        for (int i = 0; i < N / 2; i++)
            dsum += db[i];
        int32_t s32 = 0;
        unsigned bytes = 0;
        for (int i = 0; i < N; i++) {
            s32 += ic[i] ^ sc[i];
            bytes += bc[i] + bc[i + N] + bc[i + 2 * N] + bc[i + 3 * N];
        }
        isum += s64 + s32 + idot + (int64_t)bytes;
        ba[r % (4 * N)] ^= (uint8_t)s32;
    }
    printf("vector: float %.6e int %lld double %.9e, %ld rounds\n", (double)fsum, (long long)isum, dsum, rounds);
    return 0;
}
