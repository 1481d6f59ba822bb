/* hello: one line on stdout. stdio ends in a single write(1, ...) system call, the first call a
 * stepping user sees go through the K42 transfer table (or be trap-reflected, when static). */
#include <stdio.h>

int main(void)
{
    printf("Hello from ppc64 via the K42 transfer table\n");
    return 0;
}
