/* Driver of the per-instruction differential test: runs the generated cases (isa-cases.S),
 * writes every output record to stdout and exits. Freestanding: no libc, so the very same
 * instructions run under qemu-user and in K42 Lens. */
extern unsigned char isa_outputs[];
extern long isa_case_count;

static long sys3(long nr, long a, long b, long c) {
    register long r0 __asm__("r0") = nr;
    register long r3 __asm__("r3") = a;
    register long r4 __asm__("r4") = b;
    register long r5 __asm__("r5") = c;
    __asm__ volatile("sc" : "+r"(r0), "+r"(r3), "+r"(r4), "+r"(r5) : : "memory", "cr0", "r6", "r7", "r8", "r9", "r10",
                     "r11", "r12", "ctr", "xer");
    return r3;
}

void _start(void) {
    __asm__ volatile("bl isa_cases" : : : "r0", "r3", "r4", "r5", "r6", "r7", "r8", "r9", "r10", "r11", "r12", "lr", "ctr",
                     "xer", "cr0", "cr1", "cr5", "cr6", "cr7", "memory");
    long left = isa_case_count * 272;
    unsigned char *p = isa_outputs;
    while (left > 0) {
        long n = sys3(4, 1, (long) p, left);
        if (n <= 0) {
            break;
        }
        p += n;
        left -= n;
    }
    sys3(1, 0, 0, 0);
}
