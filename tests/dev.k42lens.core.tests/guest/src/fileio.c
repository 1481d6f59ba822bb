/* fileio: files and directories in a fresh mkdtemp directory under /tmp,
 * removed again at the end.  Prints only sizes, contents, flags and yes/no. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int failures;

#define CHECK(cond)                                                        \
    do {                                                                   \
        if (!(cond)) {                                                     \
            printf("FAIL line %d: %s (errno=%d)\n", __LINE__, #cond, errno); \
            failures++;                                                    \
        }                                                                  \
    } while (0)

static char dir[64];

static void path(char *out, const char *name)
{
    snprintf(out, PATH_MAX, "%s/%s", dir, name);
}

static void write_file(const char *name, const char *text)
{
    char p[PATH_MAX];
    path(p, name);
    int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    CHECK(fd >= 0);
    ssize_t n = write(fd, text, strlen(text));
    CHECK(n == (ssize_t)strlen(text));
    CHECK(close(fd) == 0);
}

static off_t size_of(const char *name)
{
    char p[PATH_MAX];
    struct stat st;
    path(p, name);
    if (stat(p, &st) != 0)
        return -1;
    return st.st_size;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void list_dir(const char *title)
{
    DIR *d = opendir(dir);
    CHECK(d != NULL);
    if (!d)
        return;
    char *names[64];
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL && n < 64) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        names[n++] = strdup(e->d_name);
    }
    closedir(d);
    qsort(names, n, sizeof names[0], cmp_str);
    printf("%s (%d entries):", title, n);
    for (int i = 0; i < n; i++) {
        printf(" %s", names[i]);
        free(names[i]);
    }
    printf("\n");
}

int main(void)
{
    char p[PATH_MAX], q[PATH_MAX], buf[256];
    umask(022);

    strcpy(dir, "/tmp/k42lens-fileio-XXXXXX");
    CHECK(mkdtemp(dir) != NULL);
    struct stat st;
    CHECK(stat(dir, &st) == 0 && S_ISDIR(st.st_mode));
    printf("mkdtemp dir mode=%03o\n", (unsigned)(st.st_mode & 0777));

    /* open/write/lseek/read */
    path(p, "data.bin");
    int fd = open(p, O_RDWR | O_CREAT | O_EXCL, 0640);
    CHECK(fd >= 0);
    CHECK(write(fd, "0123456789abcdef", 16) == 16);
    CHECK(lseek(fd, 0, SEEK_CUR) == 16);
    CHECK(lseek(fd, 4, SEEK_SET) == 4);
    memset(buf, 0, sizeof buf);
    CHECK(read(fd, buf, 6) == 6);
    printf("read after lseek(4): %s\n", buf);
    CHECK(lseek(fd, -3, SEEK_END) == 13);
    memset(buf, 0, sizeof buf);
    CHECK(read(fd, buf, 100) == 3);
    printf("read at end-3: %s\n", buf);
    CHECK(read(fd, buf, 100) == 0);
    printf("read at EOF returns 0: yes\n");

    /* pwrite/pread do not move the offset */
    CHECK(pwrite(fd, "XY", 2, 8) == 2);
    memset(buf, 0, sizeof buf);
    CHECK(pread(fd, buf, 16, 0) == 16);
    printf("pread whole: %s\n", buf);
    printf("offset after pread/pwrite: %ld\n", (long)lseek(fd, 0, SEEK_CUR));

    /* sparse extension via lseek past the end, then ftruncate */
    CHECK(lseek(fd, 100, SEEK_SET) == 100);
    CHECK(write(fd, "!", 1) == 1);
    CHECK(fstat(fd, &st) == 0);
    printf("fstat size after write at 100: %ld\n", (long)st.st_size);
    CHECK(pread(fd, buf, 4, 50) == 4);
    printf("hole reads zeros: %s\n", (buf[0] | buf[1] | buf[2] | buf[3]) == 0 ? "yes" : "no");
    CHECK(ftruncate(fd, 10) == 0);
    CHECK(fstat(fd, &st) == 0);
    printf("fstat size after ftruncate(10): %ld mode=%03o regular=%s\n",
           (long)st.st_size, (unsigned)(st.st_mode & 0777), S_ISREG(st.st_mode) ? "yes" : "no");
    CHECK(ftruncate(fd, 20) == 0);
    memset(buf, 'x', sizeof buf);
    CHECK(pread(fd, buf, 20, 0) == 20);
    printf("after ftruncate(20): first10=%.10s tail-zero=%s\n", buf,
           memchr(buf + 10, 'x', 10) == NULL && buf[10] == 0 ? "yes" : "no");

    /* fcntl F_GETFL, dup, dup2 (dups share the file offset) */
    int fl = fcntl(fd, F_GETFL);
    CHECK(fl >= 0);
    printf("F_GETFL accmode is O_RDWR: %s, append: %s\n",
           (fl & O_ACCMODE) == O_RDWR ? "yes" : "no", (fl & O_APPEND) ? "yes" : "no");
    int fd2 = dup(fd);
    CHECK(fd2 > fd);
    CHECK(lseek(fd, 2, SEEK_SET) == 2);
    printf("dup shares offset: %s\n", lseek(fd2, 0, SEEK_CUR) == 2 ? "yes" : "no");
    int fd3 = dup2(fd, 50);
    printf("dup2 to 50 returns 50: %s\n", fd3 == 50 ? "yes" : "no");
    memset(buf, 0, sizeof buf);
    CHECK(read(50, buf, 3) == 3);
    printf("read via dup2 fd: %s\n", buf);
    printf("F_GETFD of dup2 fd has FD_CLOEXEC: %s\n", (fcntl(50, F_GETFD) & FD_CLOEXEC) ? "yes" : "no");
    CHECK(close(50) == 0);
    CHECK(close(fd2) == 0);
    CHECK(close(fd) == 0);
    printf("close of closed fd fails with EBADF: %s\n",
           (close(fd) == -1 && errno == EBADF) ? "yes" : "no");

    /* O_APPEND */
    write_file("log.txt", "line1\n");
    path(p, "log.txt");
    fd = open(p, O_WRONLY | O_APPEND);
    CHECK(fd >= 0);
    fl = fcntl(fd, F_GETFL);
    printf("F_GETFL accmode is O_WRONLY: %s, append: %s\n",
           (fl & O_ACCMODE) == O_WRONLY ? "yes" : "no", (fl & O_APPEND) ? "yes" : "no");
    CHECK(lseek(fd, 0, SEEK_SET) == 0);
    CHECK(write(fd, "line2\n", 6) == 6);
    CHECK(close(fd) == 0);
    fd = open(p, O_RDONLY);
    memset(buf, 0, sizeof buf);
    CHECK(read(fd, buf, sizeof buf - 1) == 12);
    close(fd);
    printf("append result: %s", buf);
    printf("stat size log.txt=%ld\n", (long)size_of("log.txt"));

    /* access */
    printf("access(log.txt, R_OK|W_OK)=%d\n", access(p, R_OK | W_OK));
    path(q, "missing");
    int r = access(q, F_OK);
    printf("access(missing, F_OK)=%d errno is ENOENT: %s\n", r, errno == ENOENT ? "yes" : "no");
    errno = 0;
    fd = open(q, O_RDONLY);
    printf("open(missing)=%d errno is ENOENT: %s\n", fd, errno == ENOENT ? "yes" : "no");

    /* rename, mkdir, nested file */
    write_file("b.txt", "bee");
    write_file("a.txt", "ay");
    write_file("c.txt", "sea!");
    path(p, "c.txt");
    path(q, "renamed.txt");
    CHECK(rename(p, q) == 0);
    printf("after rename: c.txt size=%ld renamed.txt size=%ld\n",
           (long)size_of("c.txt"), (long)size_of("renamed.txt"));
    path(p, "sub");
    CHECK(mkdir(p, 0755) == 0);
    printf("mkdir existing fails with EEXIST: %s\n",
           (mkdir(p, 0755) == -1 && errno == EEXIST) ? "yes" : "no");
    write_file("sub/inner.txt", "inside");
    list_dir("listing");

    /* getcwd/chdir: relative paths resolve inside the directory */
    char oldcwd[PATH_MAX], cwd[PATH_MAX], real[PATH_MAX];
    CHECK(getcwd(oldcwd, sizeof oldcwd) != NULL);
    CHECK(chdir(dir) == 0);
    CHECK(getcwd(cwd, sizeof cwd) != NULL);
    CHECK(realpath(dir, real) != NULL);
    printf("getcwd after chdir matches: %s\n", strcmp(cwd, real) == 0 ? "yes" : "no");
    CHECK(chdir("sub") == 0);
    fd = open("inner.txt", O_RDONLY);
    CHECK(fd >= 0);
    memset(buf, 0, sizeof buf);
    CHECK(read(fd, buf, sizeof buf) == 6);
    close(fd);
    printf("relative read in sub: %s\n", buf);
    CHECK(getcwd(cwd, sizeof cwd) != NULL);
    printf("getcwd ends with /sub: %s\n",
           strlen(cwd) > 4 && strcmp(cwd + strlen(cwd) - 4, "/sub") == 0 ? "yes" : "no");
    CHECK(chdir("..") == 0);
    path(p, "sub");
    printf("rmdir non-empty fails with ENOTEMPTY: %s\n",
           (rmdir(p) == -1 && errno == ENOTEMPTY) ? "yes" : "no");
    CHECK(unlink("sub/inner.txt") == 0);
    CHECK(rmdir("sub") == 0);
    CHECK(chdir(oldcwd) == 0);

    /* clean up */
    const char *names[] = {"data.bin", "log.txt", "a.txt", "b.txt", "renamed.txt"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        path(p, names[i]);
        CHECK(unlink(p) == 0);
    }
    list_dir("listing after unlink");
    CHECK(rmdir(dir) == 0);
    printf("directory removed: %s\n", access(dir, F_OK) == -1 && errno == ENOENT ? "yes" : "no");

    printf("failures=%d\n", failures);
    return failures ? 1 : 0;
}
