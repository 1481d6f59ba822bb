/* Freestanding test program for the K42 Lens ELF loader tests: exits with counter + tls_seed. */
long counter = 7;
__thread long tls_seed = 5;
char scratch[3000];

static void sys_exit(long code) {
    register long r0 __asm__("r0") = 1;
    register long r3 __asm__("r3") = code;
    __asm__ volatile("sc" : "+r"(r0), "+r"(r3) : : "memory", "cr0");
}

void _start(void) {
    scratch[2999] = 1;
    sys_exit(counter);
}
