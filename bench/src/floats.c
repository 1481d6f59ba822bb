/* floats: single precision, dense: a 160x160 float matrix product (row-wise multiply-adds), a
 * 5-point Jacobi relaxation on a 256x256 float grid and a float polynomial/division kernel,
 * repeated: fadds, fmuls, fmadds, fdivs and single-precision loads and stores. */
#include "common.h"

enum { N = 160, G = 256 };
static float a[N][N], b[N][N], c[N][N], grid[2][G][G];

int main(int argc, char **argv)
{
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            a[i][j] = (float)((i * 13 + j * 7) % 23) / 11.0f - 1.0f;
            b[i][j] = (float)((i * 3 + j * 17) % 19) / 9.0f - 1.0f;
        }
    for (int i = 0; i < G; i++)
        grid[0][i][0] = grid[1][i][0] = 100.0f; /* a hot left edge */
    long rounds = scaled(bench_scale(argc, argv), 5);
    float trace = 0, heat = 0, poly = 0;
    for (long r = 0; r < rounds; r++) {
        for (int i = 0; i < N; i++) {         /* row by row: c[i] = sum over k of a[i][k] * b[k] */
            for (int j = 0; j < N; j++)
                c[i][j] = 0;
            for (int k = 0; k < N; k++) {
                float aik = a[i][k];
                for (int j = 0; j < N; j++)
                    c[i][j] += aik * b[k][j];
            }
        }
        for (int i = 0; i < N; i++)
            trace += c[i][i];
        a[r % N][(r * 3) % N] += 0.001f * c[r % N][r % N];
        for (int sweep = 0; sweep < 20; sweep++) {
            float (*from)[G] = grid[sweep & 1], (*to)[G] = grid[~sweep & 1];
            for (int i = 1; i < G - 1; i++)
                for (int j = 1; j < G - 1; j++)
                    to[i][j] = 0.25f * (from[i - 1][j] + from[i + 1][j] + from[i][j - 1] + from[i][j + 1]);
        }
        heat += grid[0][G / 2][8];
        for (int i = 1; i <= 200000; i++) {
            float t = (float)i * 1e-5f;
            poly += ((0.5f * t - 1.25f) * t + 2.0f) * t / (1.0f + t * t);
        }
    }
    printf("floats: trace %.6e heat %.6e poly %.6e, %ld rounds\n", (double)trace, (double)heat, (double)poly, rounds);
    return 0;
}
