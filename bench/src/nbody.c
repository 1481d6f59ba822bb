/* nbody: double-precision gravitational N-body steps of 64 bodies (all pairs: sqrt, division,
 * multiply-adds) with the energy computed at the end: dense scalar double arithmetic. */
#include <math.h>
#include "common.h"

enum { BODIES = 64 };
static double x[BODIES][3], v[BODIES][3], mass[BODIES];

static double energy(void)
{
    double e = 0;
    for (int i = 0; i < BODIES; i++) {
        e += 0.5 * mass[i] * (v[i][0] * v[i][0] + v[i][1] * v[i][1] + v[i][2] * v[i][2]);
        for (int j = i + 1; j < BODIES; j++) {
            double dx = x[i][0] - x[j][0], dy = x[i][1] - x[j][1], dz = x[i][2] - x[j][2];
            e -= mass[i] * mass[j] / sqrt(dx * dx + dy * dy + dz * dz);
        }
    }
    return e;
}

int main(int argc, char **argv)
{
    unsigned s = 2024;
    for (int i = 0; i < BODIES; i++) {
        for (int k = 0; k < 3; k++) {
            s = s * 1103515245u + 12345u;
            x[i][k] = (double)(s >> 8) / 16777216.0 * 20.0 - 10.0;
            s = s * 1103515245u + 12345u;
            v[i][k] = (double)(s >> 8) / 16777216.0 - 0.5;
        }
        mass[i] = 1.0 + i % 5;
    }
    long steps = scaled(bench_scale(argc, argv), 2000);
    const double dt = 0.001, soften = 0.01;
    double before = energy();
    for (long step = 0; step < steps; step++) {
        for (int i = 0; i < BODIES; i++)
            for (int j = i + 1; j < BODIES; j++) {
                double dx = x[i][0] - x[j][0], dy = x[i][1] - x[j][1], dz = x[i][2] - x[j][2];
                double d2 = dx * dx + dy * dy + dz * dz + soften;
                double magnitude = dt / (d2 * sqrt(d2));
                double mi = mass[i] * magnitude, mj = mass[j] * magnitude;
                v[i][0] -= dx * mj; v[i][1] -= dy * mj; v[i][2] -= dz * mj;
                v[j][0] += dx * mi; v[j][1] += dy * mi; v[j][2] += dz * mi;
            }
        for (int i = 0; i < BODIES; i++)
            for (int k = 0; k < 3; k++)
                x[i][k] += dt * v[i][k];
    }
    printf("nbody: energy %.12f before, %.12f after %ld steps; body 0 at %.9f %.9f %.9f\n", before, energy(), steps,
           x[0][0], x[0][1], x[0][2]);
    return 0;
}
