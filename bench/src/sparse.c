/* sparse: conjugate gradients on a sparse matrix in CSR form (a 2-D Poisson stencil with a
 * coupling to the mirrored row, 40,000 rows) in double precision, and the same matrix-vector
 * product in single precision as power iteration (its largest eigenvalue): indexed (gather) loads,
 * dot products, axpys, square roots. */
#include <math.h>
#include "common.h"

enum { SIDE = 200, ROWS = SIDE * SIDE, MAX_NZ = ROWS * 7 };
static int row_start[ROWS + 1], column[MAX_NZ];
static double value[MAX_NZ], x[ROWS], rhs[ROWS], r_[ROWS], p[ROWS], q[ROWS];
static float value_f[MAX_NZ], xf[ROWS], yf[ROWS];

static void build(void)
{
    int nz = 0;
    for (int row = 0; row < ROWS; row++) {
        int j = row % SIDE;
        row_start[row] = nz;
        /* the stencil, and for rows divisible by 3 a coupling with the mirrored row (also divisible by 3,
         * since ROWS - 1 is): the matrix stays symmetric and diagonally dominant */
        int neighbours[6] = { row - SIDE, row - 1, row, row + 1, row + SIDE, row % 3 ? -1 : ROWS - 1 - row };
        for (int k = 0; k < 6; k++) {
            int c = neighbours[k];
            if (c < 0 || c >= ROWS || (k == 1 && j == 0) || (k == 3 && j == SIDE - 1) || (k == 5 && c == row))
                continue;
            column[nz] = c;
            value[nz] = c == row ? 4.5 : k == 5 ? -0.25 : -1.0;
            value_f[nz] = (float)value[nz];
            nz++;
        }
    }
    row_start[ROWS] = nz;
}

static void multiply(const double *in, double *out)
{
    for (int row = 0; row < ROWS; row++) {
        double sum = 0;
        for (int k = row_start[row]; k < row_start[row + 1]; k++)
            sum += value[k] * in[column[k]];
        out[row] = sum;
    }
}

static double dot(const double *a, const double *b)
{
    double sum = 0;
    for (int i = 0; i < ROWS; i++)
        sum += a[i] * b[i];
    return sum;
}

int main(int argc, char **argv)
{
    build();
    long solves = scaled(bench_scale(argc, argv), 2);
    double residual = 0, solution = 0;
    float eigenvalue = 0;
    for (long s = 0; s < solves; s++) {
        for (int i = 0; i < ROWS; i++) {
            rhs[i] = (double)((i * 7 + (int)s) % 11) - 5.0;
            x[i] = 0;
            r_[i] = p[i] = rhs[i];
        }
        double rr = dot(r_, r_);
        for (int iteration = 0; iteration < 60; iteration++) {
            multiply(p, q);
            double alpha = rr / dot(p, q);
            for (int i = 0; i < ROWS; i++) {
                x[i] += alpha * p[i];
                r_[i] -= alpha * q[i];
            }
            double next = dot(r_, r_);
            for (int i = 0; i < ROWS; i++)
                p[i] = r_[i] + next / rr * p[i];
            rr = next;
        }
        residual += sqrt(rr);
        solution += x[ROWS / 2] + x[17];
        for (int i = 0; i < ROWS; i++)
            xf[i] = (float)x[i];
        for (int repeat = 0; repeat < 30; repeat++) {
            for (int row = 0; row < ROWS; row++) {
                float sum = 0;
                for (int k = row_start[row]; k < row_start[row + 1]; k++)
                    sum += value_f[k] * xf[column[k]];
                yf[row] = sum;
            }
            float norm = 0;
            for (int i = 0; i < ROWS; i++)
                norm += yf[i] * yf[i];
            norm = sqrtf(norm);
            for (int i = 0; i < ROWS; i++)
                xf[i] = yf[i] / norm;
            eigenvalue = norm;
        }
    }
    printf("sparse: %d nonzeros, residual %.9e solution %.12f largest eigenvalue %.6e, %ld solves\n", row_start[ROWS],
           residual, solution, (double)eigenvalue, solves);
    return 0;
}
