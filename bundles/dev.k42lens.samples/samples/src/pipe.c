/* pipe: two processes joined by two pipes. The parent writes lines into the first, the forked
 * child upper-cases whatever it reads and writes it back through the second, then exits with the
 * number of lines it saw; the parent prints the reply and the child's exit status from waitpid.
 * Only the parent prints, so the output does not depend on scheduling. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static int child(int in, int out)
{
    char buf[256];
    ssize_t n;
    int lines = 0;
    while ((n = read(in, buf, sizeof buf)) > 0) {
        for (ssize_t i = 0; i < n; i++) {
            if (buf[i] == '\n')
                lines++;
            buf[i] = (char)toupper((unsigned char)buf[i]);
        }
        if (write(out, buf, (size_t)n) != n)
            return 100;
    }
    return n == 0 ? lines : 101;
}

int main(void)
{
    static const char *const lines[] = { "the parent writes\n", "the child shouts\n",
                                         "k42 serves both\n" };
    int down[2], up[2];
    if (pipe(down) != 0 || pipe(up) != 0) {
        perror("pipe");
        return 1;
    }
    fflush(stdout); /* nothing buffered may be copied into the child */
    pid_t pid = fork();
    if (pid < 0) {
        perror("fork");
        return 1;
    }
    if (pid == 0) {
        close(down[1]);
        close(up[0]);
        _exit(child(down[0], up[1]));
    }
    close(down[0]);
    close(up[1]);

    for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
        printf("parent sends: %s", lines[i]);
        if (write(down[1], lines[i], strlen(lines[i])) < 0)
            perror("write");
    }
    close(down[1]); /* end of input: the child's read returns 0 */

    char reply[256];
    size_t have = 0;
    ssize_t n;
    while (have < sizeof reply - 1 && (n = read(up[0], reply + have, sizeof reply - 1 - have)) > 0)
        have += (size_t)n;
    reply[have] = '\0';
    close(up[0]);
    printf("parent got back:\n%s", reply);

    int status;
    if (waitpid(pid, &status, 0) != pid) {
        perror("waitpid");
        return 1;
    }
    if (WIFEXITED(status))
        printf("child exited with status %d (lines it upper-cased)\n", WEXITSTATUS(status));
    else
        printf("child ended abnormally (wait status %#x)\n", status);
    return 0;
}
