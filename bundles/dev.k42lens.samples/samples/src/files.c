/* files: file-system calls served by the file-system server. Creates a private directory under
 * /tmp, writes two files, reads one back, stats them, lists the directory, removes everything.
 * Paths and sizes are the only things printed, so every run prints the same lines. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void die(const char *what)
{
    perror(what);
    exit(1);
}

static void write_file(const char *path, const char *text)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0)
        die(path);
    size_t len = strlen(text);
    if (write(fd, text, len) != (ssize_t)len)
        die("write");
    if (close(fd) != 0)
        die("close");
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(void)
{
    umask(022); /* the printed mode must not depend on the caller's umask */
    char dir[] = "/tmp/k42lens-files-XXXXXX";
    if (!mkdtemp(dir))
        die("mkdtemp");
    /* The directory name is random; working inside it keeps it out of the output. */
    if (chdir(dir) != 0)
        die("chdir");

    const char *poem = "transfer table\ntrap reflection\ndeferred signals\n";
    write_file("notes.txt", poem);
    write_file("empty.txt", "");
    printf("wrote notes.txt (%zu bytes) and empty.txt\n", strlen(poem));

    char buf[128];
    int fd = open("notes.txt", O_RDONLY);
    if (fd < 0)
        die("open notes.txt");
    ssize_t n = read(fd, buf, sizeof buf - 1);
    if (n < 0)
        die("read");
    buf[n] = '\0';
    close(fd);
    printf("read back %zd bytes, %s\n", n, strcmp(buf, poem) == 0 ? "same as written" : "DIFFERENT");

    struct stat st;
    if (stat("notes.txt", &st) != 0)
        die("stat notes.txt");
    printf("stat notes.txt: regular=%d size=%lld mode=%03o\n", S_ISREG(st.st_mode) ? 1 : 0,
           (long long)st.st_size, (unsigned)(st.st_mode & 0777));

    /* readdir's order depends on the file system: sort the names before printing them. */
    DIR *d = opendir(".");
    if (!d)
        die("opendir");
    char *names[8];
    int count = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL && count < 8)
        names[count++] = strdup(e->d_name);
    closedir(d);
    qsort(names, count, sizeof names[0], by_name);
    printf("directory has %d entries:", count);
    for (int i = 0; i < count; i++) {
        printf(" %s", names[i]);
        free(names[i]);
    }
    printf("\n");

    if (unlink("notes.txt") != 0 || unlink("empty.txt") != 0)
        die("unlink");
    if (stat("notes.txt", &st) == 0 || errno != ENOENT)
        die("stat after unlink");
    printf("unlinked both; stat notes.txt now fails with ENOENT\n");

    if (chdir("/") != 0 || rmdir(dir) != 0)
        die("rmdir");
    printf("removed the directory\n");
    return 0;
}
