/* hello: the smallest useful guest program: one puts, exit status 0. */
#include <stdio.h>

int main(void)
{
    puts("Hello from K42 Lens guest!");
    return 0;
}
