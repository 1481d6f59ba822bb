/* Runs every instruction form of the inventory once under qemu-user and prints the mnemonics of the
 * forms that end in SIGILL: the instructions qemu does not execute. Each form runs in a child of its
 * own, from a fresh executable page, as a function: r0 = -1 (so that sc/scv ask for no system call),
 * then the instruction (with its operand fields zero, then with random operand fields), then blr.
 * Any end but SIGILL (a return, SIGSEGV from an address of 0, a branch looping until the alarm)
 * counts as executed. The forms come from probe-forms.h, which releng/isa/probe-qemu.sh writes. */
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

struct form {
    const char *mnemonic;
    uint64_t opcode;
    uint64_t mask;
    int prefixed;
};

#include "probe-forms.h"

static uint32_t *page;

static int ends_in_sigill(uint64_t word, int prefixed) {
    uint32_t *p = page;
    *p++ = 0x3800ffff; /* li r0,-1 */
    if (prefixed) {
        /* a prefixed instruction may not cross a 64-byte boundary: start it at one */
        while (((uintptr_t) p & 63) != 0) {
            *p++ = 0x60000000; /* nop */
        }
        *p++ = (uint32_t) (word >> 32);
    }
    *p++ = (uint32_t) word;
    *p++ = 0x4e800020; /* blr */
    __builtin___clear_cache((char *) page, (char *) p);
    fflush(stdout);
    pid_t child = fork();
    if (child == 0) {
        struct rlimit no_core = { 0, 0 };
        setrlimit(RLIMIT_CORE, &no_core);
        alarm(1);
#if _CALL_ELF == 2
        ((void (*)(void)) page)();
#else
        /* ELFv1: a function pointer is a descriptor (entry, TOC, environment) */
        static uint64_t descriptor[3];
        descriptor[0] = (uint64_t) page;
        ((void (*)(void)) descriptor)();
#endif
        _exit(0);
    }
    int status;
    waitpid(child, &status, 0);
    return WIFSIGNALED(status) && WTERMSIG(status) == SIGILL;
}

int main(void) {
    page = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (page == MAP_FAILED) {
        perror("mmap");
        return 1;
    }
    srand(20261206);
    for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
        const struct form *f = &forms[i];
        int refused = ends_in_sigill(f->opcode, f->prefixed);
        for (int attempt = 0; refused && attempt < 3; attempt++) {
            uint64_t random = ((uint64_t) rand() << 48) ^ ((uint64_t) rand() << 24) ^ (uint64_t) rand();
            refused = ends_in_sigill(f->opcode | (random & ~f->mask), f->prefixed);
        }
        if (refused) {
            printf("%s\n", f->mnemonic);
        }
    }
    return 0;
}
