/* matmul: double-precision 200x200 matrix products, repeated: floating-point multiply-add. */
#include "common.h"

enum { N = 200 };
static double a[N][N], b[N][N], c[N][N];

int main(int argc, char **argv)
{
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            a[i][j] = (i * 7 + j * 3) % 17 / 8.0 - 1.0;
            b[i][j] = (i * 5 + j * 11) % 13 / 6.0 - 1.0;
        }
    long rounds = scaled(bench_scale(argc, argv), 10);
    double trace = 0;
    for (long r = 0; r < rounds; r++) {
        for (int i = 0; i < N; i++)
            for (int j = 0; j < N; j++) {
                double sum = 0;
                for (int k = 0; k < N; k++)
                    sum += a[i][k] * b[k][j];
                c[i][j] = sum;
            }
        a[r % N][(r * 7) % N] += c[(r * 3) % N][r % N] * 1e-6; /* each round depends on the last */
        for (int i = 0; i < N; i++)
            trace += c[i][i];
    }
    printf("matmul: trace sum %.6e, %ld rounds of %dx%d\n", trace, rounds, N, N);
    return 0;
}
