/* args: argc/argv, one environment variable and a few auxiliary-vector entries. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>

static const char *base(const char *p)
{
    const char *s = strrchr(p, '/');
    return s ? s + 1 : p;
}

static const char *yesno(unsigned long v)
{
    return v != 0 ? "yes" : "no";
}

int main(int argc, char **argv)
{
    printf("argc=%d\n", argc);
    printf("argv[0] basename=%s\n", base(argv[0]));
    for (int i = 1; i < argc; i++)
        printf("argv[%d]=\"%s\" len=%zu\n", i, argv[i], strlen(argv[i]));
    printf("argv[argc] is NULL: %s\n", argv[argc] == NULL ? "yes" : "no");

    const char *v = getenv("K42_TEST");
    printf("K42_TEST=%s\n", v ? v : "(unset)");
    v = getenv("K42_SURELY_NOT_SET");
    printf("K42_SURELY_NOT_SET=%s\n", v ? v : "(unset)");

    printf("AT_PAGESZ=%lu\n", getauxval(AT_PAGESZ));
    printf("AT_RANDOM nonzero: %s\n", yesno(getauxval(AT_RANDOM)));
    printf("AT_PHDR nonzero: %s\n", yesno(getauxval(AT_PHDR)));
    printf("AT_ENTRY nonzero: %s\n", yesno(getauxval(AT_ENTRY)));
    unsigned long execfn = getauxval(AT_EXECFN);
    printf("AT_EXECFN basename=%s\n", execfn ? base((const char *)execfn) : "(none)");
    return 0;
}
