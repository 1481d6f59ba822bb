/* Shared by the benchmark programs: the work scale from argv[1] (default 1.0), so that the bench
 * can size every program to the machine, and a checksum line so engine and qemu runs are compared. */
#include <stdio.h>
#include <stdlib.h>

static double bench_scale(int argc, char **argv)
{
    return argc > 1 ? atof(argv[1]) : 1.0;
}

static long scaled(double scale, long base)
{
    long n = (long)(base * scale);
    return n < 1 ? 1 : n;
}
