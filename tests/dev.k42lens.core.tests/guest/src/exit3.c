/* exit3: prints one line, then exits with status 3 through exit(). */
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
    puts("exiting with status 3");
    exit(3);
}
