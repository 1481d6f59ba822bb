/* interp: a stack-machine bytecode interpreter with switch dispatch running three programs
 * (Collatz chain lengths, a prime sieve in the machine's memory, nested loops calling a
 * subroutine): an indirect jump per bytecode, unpredictable branches, an operand stack in memory. */
#include <stdint.h>
#include "common.h"

enum op { PUSH, LOAD, STORE, ADD, SUB, MUL, MOD, AND, SHR, LT, EQ, JMP, JZ, JNZ, DUP, DROP, CALL, RET, PEEK, POKE,
          INC, HALT };

struct vm {
    int64_t stack[256], mem[1 << 16], local[32];
    int calls[64];
};

static int64_t run(struct vm *vm, const int32_t *code)
{
    int64_t *sp = vm->stack;
    int pc = 0, depth = 0;
    for (;;) {
        switch (code[pc++]) {
        case PUSH: *sp++ = code[pc++]; break;
        case LOAD: *sp++ = vm->local[code[pc++]]; break;
        case STORE: vm->local[code[pc++]] = *--sp; break;
        case ADD: sp--; sp[-1] += sp[0]; break;
        case SUB: sp--; sp[-1] -= sp[0]; break;
        case MUL: sp--; sp[-1] *= sp[0]; break;
        case MOD: sp--; sp[-1] = sp[0] ? sp[-1] % sp[0] : 0; break;
        case AND: sp--; sp[-1] &= sp[0]; break;
        case SHR: sp--; sp[-1] >>= sp[0]; break;
        case LT: sp--; sp[-1] = sp[-1] < sp[0]; break;
        case EQ: sp--; sp[-1] = sp[-1] == sp[0]; break;
        case JMP: pc = code[pc]; break;
        case JZ: pc = *--sp ? pc + 1 : code[pc]; break;
        case JNZ: pc = *--sp ? code[pc] : pc + 1; break;
        case DUP: sp[0] = sp[-1]; sp++; break;
        case DROP: sp--; break;
        case CALL: vm->calls[depth++] = pc + 1; pc = code[pc]; break;
        case RET: pc = vm->calls[--depth]; break;
        case PEEK: sp[-1] = vm->mem[sp[-1] & 0xffff]; break;
        case POKE: sp -= 2; vm->mem[sp[0] & 0xffff] = sp[1]; break; /* address, then value */
        case INC: vm->local[code[pc++]]++; break;
        case HALT: return sp > vm->stack ? sp[-1] : 0;
        default: return -1;
        }
    }
}

/* A tiny assembler: L(n) marks label n here, a jump's operand -1 - n refers to label n. */
struct program {
    int32_t code[256];
    int size, label[16];
};

static void emit(struct program *p, int count, const int32_t *words)
{
    for (int i = 0; i < count; i++)
        p->code[p->size++] = words[i];
}
#define ASM(p, ...) emit(p, sizeof((int32_t[]){ __VA_ARGS__ }) / sizeof(int32_t), (int32_t[]){ __VA_ARGS__ })
#define L(p, n) ((p)->label[n] = (p)->size)
#define TO(n) (-1 - (n))

static void resolve(struct program *p)
{
    for (int i = 0; i < p->size; i++) {
        int32_t op = p->code[i];
        if (op == PUSH || op == LOAD || op == STORE || op == INC) {
            i++;
        } else if (op == JMP || op == JZ || op == JNZ || op == CALL) {
            i++;
            p->code[i] = p->label[-1 - p->code[i]];
        }
    }
}

/* Sum over 1 <= n < limit of the Collatz chain length of n. Locals: 0 n, 1 x, 2 total. */
static void collatz(struct program *p, int32_t limit)
{
    ASM(p, PUSH, 1, STORE, 0, PUSH, 0, STORE, 2);
    L(p, 0); ASM(p, LOAD, 0, STORE, 1);
    L(p, 1); ASM(p, LOAD, 1, PUSH, 1, EQ, JNZ, TO(3), LOAD, 1, PUSH, 1, AND, JZ, TO(2));
    ASM(p, LOAD, 1, PUSH, 3, MUL, PUSH, 1, ADD, STORE, 1, INC, 2, JMP, TO(1));
    L(p, 2); ASM(p, LOAD, 1, PUSH, 1, SHR, STORE, 1, INC, 2, JMP, TO(1));
    L(p, 3); ASM(p, INC, 0, LOAD, 0, PUSH, limit, LT, JNZ, TO(0), LOAD, 2, HALT);
    resolve(p);
}

/* The number of primes below limit by a sieve in vm->mem, which it clears again. Locals: 0 i, 1 j, 2 count. */
static void sieve(struct program *p, int32_t limit)
{
    ASM(p, PUSH, 2, STORE, 0, PUSH, 0, STORE, 2);
    L(p, 0); ASM(p, LOAD, 0, PUSH, limit, LT, JZ, TO(3), LOAD, 0, PEEK, JNZ, TO(2));
    ASM(p, INC, 2, LOAD, 0, LOAD, 0, MUL, STORE, 1);
    L(p, 1); ASM(p, LOAD, 1, PUSH, limit, LT, JZ, TO(2), LOAD, 1, PUSH, 1, POKE, LOAD, 1, LOAD, 0, ADD, STORE, 1, JMP, TO(1));
    L(p, 2); ASM(p, INC, 0, JMP, TO(0));
    L(p, 3); ASM(p, PUSH, 0, STORE, 0);
    L(p, 4); ASM(p, LOAD, 0, PUSH, limit, LT, JZ, TO(5), LOAD, 0, PUSH, 0, POKE, INC, 0, JMP, TO(4));
    L(p, 5); ASM(p, LOAD, 2, HALT);
    resolve(p);
}

/* acc = (acc * 31 + i * j) mod 1000003 for i < outer, j < 300, the update a subroutine. Locals: 0 i, 1 j, 2 acc. */
static void nested(struct program *p, int32_t outer)
{
    ASM(p, PUSH, 0, STORE, 0, PUSH, 7, STORE, 2);
    L(p, 0); ASM(p, LOAD, 0, PUSH, outer, LT, JZ, TO(3), PUSH, 0, STORE, 1);
    L(p, 1); ASM(p, LOAD, 1, PUSH, 300, LT, JZ, TO(2), CALL, TO(4), INC, 1, JMP, TO(1));
    L(p, 2); ASM(p, INC, 0, JMP, TO(0));
    L(p, 3); ASM(p, LOAD, 2, HALT);
    L(p, 4); ASM(p, LOAD, 2, PUSH, 31, MUL, LOAD, 0, LOAD, 1, MUL, ADD, PUSH, 1000003, MOD, STORE, 2, RET);
    resolve(p);
}

int main(int argc, char **argv)
{
    static struct vm vm;
    long rounds = scaled(bench_scale(argc, argv), 4);
    int64_t check = 0;
    for (long r = 0; r < rounds; r++) {
        struct program a = { .size = 0 }, b = { .size = 0 }, c = { .size = 0 };
        collatz(&a, 30000 + (int32_t)r);
        sieve(&b, 60000 - (int32_t)r);
        nested(&c, 700 + (int32_t)r);
        int64_t x = run(&vm, a.code), y = run(&vm, b.code), z = run(&vm, c.code);
        if (r == 0)
            printf("interp: collatz steps below 30000 %lld, primes below 60000 %lld, nested %lld\n", (long long)x,
                   (long long)y, (long long)z);
        check = (check * 1000003 + x) ^ y << 20 ^ z << 40;
    }
    printf("interp: check %016llx, %ld rounds\n", (unsigned long long)check, rounds);
    return 0;
}
