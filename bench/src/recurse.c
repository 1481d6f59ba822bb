/* recurse: deep and frequent calls and returns: naive Fibonacci, the Ackermann function (recursion
 * thousands of frames deep), N-queens backtracking and a recursive descent evaluator of generated
 * arithmetic expressions: prologues, epilogues, stack traffic, bl/blr. */
#include <stdint.h>
#include "common.h"

static long fib(int n)
{
    return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

static long ackermann(long m, long n)
{
    if (m == 0)
        return n + 1;
    if (n == 0)
        return ackermann(m - 1, 1);
    return ackermann(m - 1, ackermann(m, n - 1));
}

static int queens(int n, int row, uint32_t columns, uint32_t left, uint32_t right)
{
    if (row == n)
        return 1;
    int count = 0;
    uint32_t free_ = ~(columns | left | right) & ((1u << n) - 1);
    while (free_) {
        uint32_t bit = free_ & -free_;
        free_ ^= bit;
        count += queens(n, row + 1, columns | bit, (left | bit) << 1, (right | bit) >> 1);
    }
    return count;
}

/* expr := term (('+'|'-') term)*, term := factor (('*'|'%') factor)*, factor := digit | '(' expr ')' */
static const char *at;
static long expr(void);
static long factor(void)
{
    if (*at == '(') {
        at++;
        long v = expr();
        at++;                          /* ')' */
        return v;
    }
    return *at++ - '0';
}
static long term(void)
{
    long v = factor();
    while (*at == '*' || *at == '%') {
        char op = *at++;
        long w = factor();
        v = op == '*' ? v * w % 1000003 : w ? v % w : v;
    }
    return v;
}
static long expr(void)
{
    long v = term();
    while (*at == '+' || *at == '-') {
        char op = *at++;
        long w = term();
        v = op == '+' ? v + w : v - w;
    }
    return v;
}

static char text[1 << 16];
static int length;
static unsigned seed = 99;
static void generate(int depth)
{
    seed = seed * 1103515245u + 12345u;
    if (depth == 0 || (seed >> 16) % 4 == 0 || length > (int)sizeof text - 64) {
        text[length++] = (char)('1' + (seed >> 20) % 9);
        return;
    }
    text[length++] = '(';
    generate(depth - 1);
    text[length++] = "+-*%"[(seed >> 18) % 4];
    generate(depth - 1);
    text[length++] = ')';
}

int main(int argc, char **argv)
{
    long rounds = scaled(bench_scale(argc, argv), 50);
    long check = 0;
    for (long r = 0; r < rounds; r++) {
        check += fib(27 + (int)(r % 2));
        check += ackermann(2, 1500) + ackermann(3, 6);
        check += queens(9 + (int)(r % 2), 0, 0, 0, 0);
        for (int e = 0; e < 200; e++) {
            length = 0;
            generate(14);
            text[length] = '\0';
            at = text;
            check = check * 31 + expr();
        }
    }
    printf("recurse: fib(27) %ld ackermann(3,6) %ld queens(9) %d, check %ld, %ld rounds\n", fib(27), ackermann(3, 6),
           queens(9, 0, 0, 0, 0), check, rounds);
    return 0;
}
