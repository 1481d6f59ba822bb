/* escape: tries to reach a host directory outside every mount, one way per run.
 *
 *   escape list                  prints every case name
 *   escape CASE OUTSIDE          runs one case; OUTSIDE is the host path of the directory to reach
 *   escape race-OP OUTSIDE       repeats OP on names below ./d until the file ./stop appears, while a
 *                                host-side swapper turns ./d into a symlink to OUTSIDE and back
 *   escape swap OUTSIDE          the swapper itself, run as a second guest sharing the working directory
 *
 * The working directory (mounted read-write) holds inside/secret.txt ("inside"), inside/prog (a
 * program that exits 0) and d/ (a copy of inside/); OUTSIDE holds secret.txt (starting "SECRET"),
 * prog (a program that exits 3), link (a symlink to "OUTSIDE-LINK"), subdir/, OUTSIDE_MARKER and
 * srv.sock (a listening socket); /ro is a read-only mount holding file. Every case prints one line
 * per attempt with its result; reading, listing, running or connecting to anything of OUTSIDE
 * prints "ESCAPE" and exits 1. Changes to OUTSIDE are looked for by the test on the host. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/time.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *outside;
static int escaped;

static char *cat(const char *a, const char *b) {
    static char buffers[8][8192];
    static int next;
    char joined[sizeof buffers[0]];
    snprintf(joined, sizeof joined, "%s%s", a, b);   /* a or b may be an earlier result */
    char *s = buffers[next++ % 8];
    memcpy(s, joined, sizeof joined);
    return s;
}

static void result(const char *what, long r) {
    if (r < 0) {
        printf("%s: %s\n", what, strerrorname_np(errno));
    } else {
        printf("%s: %ld\n", what, r);
    }
}

static void escape(const char *what) {
    printf("ESCAPE: %s\n", what);
    escaped = 1;
}

/* 1 when the descriptor reads outside's secret */
static int secret_fd(int fd) {
    char buffer[16] = {0};
    ssize_t n = read(fd, buffer, sizeof buffer - 1);
    close(fd);
    return n >= 6 && memcmp(buffer, "SECRET", 6) == 0;
}

static void try_read_fd(const char *what, int fd) {
    if (fd < 0) {
        result(what, -1);
    } else if (secret_fd(fd)) {
        escape(what);
    } else {
        printf("%s: read a file of the guest\n", what);
    }
}

static void try_read(const char *path) {
    try_read_fd(cat("open ", path), open(path, O_RDONLY));
}

static void try_stat(const char *path) {
    struct stat st;
    int r = stat(path, &st);
    if (r == 0 && st.st_size == 4321) {   /* outside's secret has that size */
        escape(cat("stat ", path));
    } else {
        result(cat("stat ", path), r);
    }
}

static void try_readlink(const char *path) {
    char target[256] = {0};
    ssize_t n = readlink(path, target, sizeof target - 1);
    if (n > 0 && strcmp(target, "OUTSIDE-LINK") == 0) {
        escape(cat("readlink ", path));
    } else {
        result(cat("readlink ", path), n);
    }
}

static void try_list(const char *path) {
    DIR *d = opendir(path);
    if (!d) {
        result(cat("opendir ", path), -1);
        return;
    }
    struct dirent *e;
    int found = 0;
    while ((e = readdir(d))) {
        found |= strcmp(e->d_name, "OUTSIDE_MARKER") == 0;
    }
    closedir(d);
    if (found) {
        escape(cat("opendir ", path));
    } else {
        printf("opendir %s: a directory of the guest\n", path);
    }
}

/* runs path; outside's prog exits 3 */
static void try_exec(const char *path) {
    pid_t pid = fork();
    if (pid == 0) {
        char *argv[] = {(char *) path, NULL};
        execv(path, argv);
        _exit(100 + errno);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    if (code == 3) {
        escape(cat("exec ", path));
    } else if (code >= 100) {
        errno = code - 100;
        result(cat("exec ", path), -1);
    } else {
        printf("exec %s: a program of the guest exited %d\n", path, code);
    }
}

static void try_connect(const char *path) {
    int s = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un a = {.sun_family = AF_UNIX};
    strncpy(a.sun_path, path, sizeof a.sun_path - 1);
    int r = connect(s, (struct sockaddr *) &a, sizeof a);
    close(s);
    if (r == 0) {
        escape(cat("connect ", path));
    } else {
        result(cat("connect ", path), r);
    }
}

static void try_bind(const char *path) {
    int s = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un a = {.sun_family = AF_UNIX};
    strncpy(a.sun_path, path, sizeof a.sun_path - 1);
    result(cat("bind ", path), bind(s, (struct sockaddr *) &a, sizeof a));
    close(s);
}

static void try_creat(const char *path) {
    int fd = open(path, O_WRONLY | O_CREAT, 0644);
    if (fd >= 0) {
        write(fd, "guest\n", 6);
        close(fd);
    }
    result(cat("creat ", path), fd < 0 ? -1 : 0);
}

static void try_chdir_read(const char *path) {
    char here[4096];
    getcwd(here, sizeof here);
    int r = chdir(path);
    if (r < 0) {
        result(cat("chdir ", path), r);
        return;
    }
    try_read("secret.txt");
    chdir(here);
}

/* the symlink l -> target, replacing an old one */
static void link_to(const char *target) {
    unlink("l");
    if (symlink(target, "l") < 0) {
        printf("symlink l: %s\n", strerrorname_np(errno));
    }
}

static void make_file(const char *path) {
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    write(fd, "guest\n", 6);
    close(fd);
}

/* ---- the cases ------------------------------------------------------------------------------ */

static void dotdot_cwd(void) { try_read("../outside/secret.txt"); try_stat("../outside/secret.txt"); }
static void dotdot_deep(void) { try_read(cat("../../../../../../../../../../../../../..", cat(outside, "/secret.txt"))); }
static void dotdot_root(void) { try_read(cat("/../../../../..", cat(outside, "/secret.txt"))); }
static void dotdot_chdir(void) {
    for (int i = 0; i < 30; i++) {
        chdir("..");
    }
    char here[4096];
    printf("cwd after 30 chdir(\"..\"): %s\n", getcwd(here, sizeof here));
    try_read(cat(outside, "/secret.txt"));
    try_read(cat(outside + 1, "/secret.txt"));
}
static void dotdot_openat(void) {
    int dfd = open(".", O_DIRECTORY | O_RDONLY);
    try_read_fd("openat(., ../outside/secret.txt)", openat(dfd, "../outside/secret.txt", O_RDONLY));
    try_read_fd("openat(., ../../../..OUTSIDE)", openat(dfd, cat("../../../../../../..", cat(outside, "/secret.txt")), O_RDONLY));
}
static void dotdot_fchdir(void) {
    int fd = open("/", O_DIRECTORY | O_RDONLY);
    fchdir(fd);
    try_read(cat("../../..", cat(outside, "/secret.txt")));
}
static void abs_symlink_dir(void) { link_to(outside); try_read("l/secret.txt"); try_stat("l/secret.txt"); }
static void abs_symlink_file(void) { link_to(cat(outside, "/secret.txt")); try_read("l"); try_stat("l"); }
static void rel_symlink_dir(void) { link_to("../outside"); try_read("l/secret.txt"); }
static void rel_symlink_deep(void) { link_to(cat("../../../../../../../../../../..", outside)); try_read("l/secret.txt"); }
static void symlink_chain(void) {
    char name[32], target[32];
    for (int i = 0; i < 40; i++) {
        snprintf(name, sizeof name, "c%d", i);
        snprintf(target, sizeof target, "c%d", i + 1);
        unlink(name);
        symlink(target, name);
    }
    unlink("c40");
    symlink(outside, "c40");
    try_read("c0/secret.txt");
    try_read("c30/secret.txt");
}
static void symlink_loop(void) {
    unlink("loop1");
    unlink("loop2");
    symlink("loop2", "loop1");
    symlink("loop1", "loop2");
    try_read("loop1");
}
static void symlink_creat(void) { link_to(cat(outside, "/created")); try_creat("l"); }
static void symlink_creat_rel(void) { link_to("../outside/created"); try_creat("l"); }
static void symlink_mkdir(void) { link_to(outside); result("mkdir l/newdir", mkdir("l/newdir", 0755)); }
static void symlink_rename_into(void) {
    link_to(outside);
    make_file("moving");
    result("rename moving l/moved", rename("moving", "l/moved"));
}
static void symlink_rename_from(void) { link_to(outside); result("rename l/secret.txt stolen", rename("l/secret.txt", "stolen")); try_read("stolen"); }
static void symlink_link_into(void) { link_to(outside); result("link inside/secret.txt l/hard", link("inside/secret.txt", "l/hard")); }
static void symlink_link_from(void) { link_to(outside); result("link l/secret.txt hard", link("l/secret.txt", "hard")); try_read("hard"); }
static void symlink_unlink(void) { link_to(outside); result("unlink l/secret.txt", unlink("l/secret.txt")); }
static void symlink_rmdir(void) { link_to(outside); result("rmdir l/subdir", rmdir("l/subdir")); }
static void symlink_chmod(void) { link_to(outside); result("chmod l/secret.txt", chmod("l/secret.txt", 0777)); }
static void symlink_chown(void) { link_to(outside); result("chown l/secret.txt", chown("l/secret.txt", 0, 0)); }
static void symlink_utimes(void) {
    link_to(outside);
    struct timeval zero[2] = {{0, 0}, {0, 0}};
    result("utimes l/secret.txt", utimes("l/secret.txt", zero));
}
static void symlink_truncate(void) { link_to(outside); result("truncate l/secret.txt", truncate("l/secret.txt", 0)); }
static void symlink_stat(void) { link_to(outside); try_stat("l/secret.txt"); try_stat("l/subdir/../secret.txt"); }
static void symlink_readlink(void) { link_to(outside); try_readlink("l/link"); }
static void symlink_opendir(void) { link_to(outside); try_list("l"); try_list("l/"); try_list("l/."); }
static void symlink_chdir(void) { link_to(outside); try_chdir_read("l"); }
static void symlink_exec(void) { link_to(outside); try_exec("l/prog"); link_to(cat(outside, "/prog")); try_exec("l"); }
static void symlink_bind(void) { link_to(outside); try_bind("l/guest.sock"); }
static void symlink_connect(void) { link_to(outside); try_connect("l/srv.sock"); try_connect(cat(outside, "/srv.sock")); }
static void symlink_symlinkat(void) { link_to(outside); result("symlink x l/newlink", symlink("x", "l/newlink")); }
static void symlink_mkfifo(void) { link_to(outside); result("mkfifo l/fifo", mkfifo("l/fifo", 0644)); }
static void symlink_access(void) {
    link_to(outside);
    int r = access("l/secret.txt", F_OK);
    if (r == 0) {
        escape("access l/secret.txt");
    } else {
        result("access l/secret.txt", r);
    }
}
static void symlink_xattr(void) {
    link_to(outside);
    result("setxattr l/secret.txt", syscall(SYS_setxattr, "l/secret.txt", "user.k42", "x", 1, 0));
}
static void proc_root(void) { try_read(cat("/proc/self/root/../../../..", cat(outside, "/secret.txt"))); }
static void proc_root_abs(void) { try_read(cat("/proc/self/root", cat(outside, "/secret.txt"))); }
static void proc_cwd(void) { try_read("/proc/self/cwd/../outside/secret.txt"); try_read(cat("/proc/self/cwd/../../../..", cat(outside, "/secret.txt"))); }
/* ../../outside from a directory held open, named through a descriptor link of fds (/proc/self/fd or /dev/fd) */
static void read_beside_held_directory(const char *fds) {
    int fd = open("inside", O_DIRECTORY | O_RDONLY);
    char path[64];
    snprintf(path, sizeof path, "%s/%d/../../outside/secret.txt", fds, fd);
    try_read(path);
}
static void proc_fd_dir(void) { read_beside_held_directory("/proc/self/fd"); }
static void proc_fd_link(void) {
    int fd = open("inside/secret.txt", O_RDONLY);
    char path[64], target[4096] = {0};
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    readlink(path, target, sizeof target - 1);
    printf("readlink %s: %s\n", path, strstr(target, outside) ? "names OUTSIDE" : "a guest path");
    try_read(cat(path, "/../../outside/secret.txt"));
}
static void proc_exe(void) {
    char exe[4096] = {0};
    readlink("/proc/self/exe", exe, sizeof exe - 1);
    try_read(cat(exe, "/../../../outside/secret.txt"));
    char *slash = strrchr(exe, '/');
    if (slash) {
        *slash = 0;
    }
    try_read(cat(exe, "/../../outside/secret.txt"));
}
static void proc_root_chdir(void) {
    chdir("/proc/self/root");
    chdir("..");
    chdir("..");
    try_read(cat(outside, "/secret.txt"));
}
static void dev_fd(void) { read_beside_held_directory("/dev/fd"); }
static void openat_moved_dir(void) {
    mkdir("m", 0755);
    mkdir("m/sub", 0755);
    int dfd = open("m/sub", O_DIRECTORY | O_RDONLY);
    result("rename m/sub moved", rename("m/sub", "moved"));
    try_read_fd("openat(moved, ../../outside/secret.txt)", openat(dfd, "../../outside/secret.txt", O_RDONLY));
    try_read_fd("openat(moved, ../../../../..OUTSIDE)", openat(dfd, cat("../../../../../../..", cat(outside, "/secret.txt")), O_RDONLY));
}
static void openat_swapped(void) {
    int dfd = open("d", O_DIRECTORY | O_RDONLY);
    result("rename d d2", rename("d", "d2"));
    result("symlink OUTSIDE d", symlink(outside, "d"));
    try_read_fd("openat(held d, secret.txt)", openat(dfd, "secret.txt", O_RDONLY));
    try_read("d/secret.txt");
}
static void openat_abs(void) {
    int dfd = open("inside", O_DIRECTORY | O_RDONLY);
    try_read_fd("openat(inside, OUTSIDE/secret.txt)", openat(dfd, cat(outside, "/secret.txt"), O_RDONLY));
}
static void o_path_fd(void) {
    link_to(outside);
    int fd = open("l", O_PATH | O_NOFOLLOW);
    try_read_fd("openat(O_PATH l, secret.txt)", openat(fd, "secret.txt", O_RDONLY));
    int dfd = open("l", O_PATH);
    try_read_fd("openat(O_PATH following l, secret.txt)", openat(dfd, "secret.txt", O_RDONLY));
}
static void rename_out_abs(void) { make_file("a"); result("rename a OUTSIDE/moved", rename("a", cat(outside, "/moved"))); }
static void rename_out_dotdot(void) { make_file("a"); result("rename a ../outside/moved", rename("a", "../outside/moved")); }
static void link_out(void) { make_file("a"); result("link a OUTSIDE/hl", link("a", cat(outside, "/hl"))); }
static void link_in_abs(void) { result("link OUTSIDE/secret.txt got", link(cat(outside, "/secret.txt"), "got")); try_read("got"); }
static void mknod_chr(void) {
    int r = mknod("null2", S_IFCHR | 0666, makedev(1, 3));
    result("mknod null2 c 1 3", r);
    if (r == 0) {
        result("open null2", open("null2", O_RDONLY));
    }
}
static void mknod_blk(void) { result("mknod sda b 8 0", mknod("sda", S_IFBLK | 0600, makedev(8, 0))); }
static void host_fifo(void) { result("open hostfifo", open("hostfifo", O_RDONLY | O_NONBLOCK)); result("open hostfifo blocking", open("hostfifo", O_WRONLY)); }
static void host_devlink(void) { try_read("devlink"); result("open devlink", open("devlink", O_RDONLY)); }
static void ro_root_write(void) { try_creat("/new-at-root"); result("mkdir /newdir", mkdir("/newdir", 0755)); }
static void ro_mount_write(void) { result("open /ro/file O_WRONLY", open("/ro/file", O_WRONLY)); result("open /ro/file O_TRUNC", open("/ro/file", O_RDONLY | O_TRUNC)); }
static void ro_mount_unlink(void) { result("unlink /ro/file", unlink("/ro/file")); }
static void ro_mount_rename(void) { result("rename /ro/file /ro/moved", rename("/ro/file", "/ro/moved")); result("rename /ro/file moved", rename("/ro/file", "moved")); }
static void ro_mount_chmod(void) { result("chmod /ro/file", chmod("/ro/file", 0777)); }
static void ro_mount_utimes(void) { struct timeval zero[2] = {{0, 0}, {0, 0}}; result("utimes /ro/file", utimes("/ro/file", zero)); }
static void ro_mount_truncate(void) { result("truncate /ro/file", truncate("/ro/file", 0)); }
static void ro_mount_mkdir(void) { result("mkdir /ro/newdir", mkdir("/ro/newdir", 0755)); result("symlink x /ro/l", symlink("x", "/ro/l")); }
static void ro_mount_link(void) { result("link /ro/file here", link("/ro/file", "here")); }
static void ro_mmap_shared(void) {
    int fd = open("/ro/file", O_RDONLY);
    void *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    result("mmap /ro/file PROT_WRITE MAP_SHARED", p == MAP_FAILED ? -1 : 0);
}
static void ro_program(void) { result("open /proc/self/exe O_WRONLY", open("/proc/self/exe", O_WRONLY)); }
static void setuid_chmod(void) {
    make_file("suid");
    chmod("suid", 04755);
    result("chmod suid 04755", 0);
}
static void setgid_mkdir(void) { result("mkdir sgid 02755", mkdir("sgid", 02755)); chmod("sgid", 02755); }
static void tmp_escape(void) { try_read(cat("/tmp/../../../..", cat(outside, "/secret.txt"))); }
static void tmp_symlink(void) {
    unlink("/tmp/l");
    symlink(outside, "/tmp/l");
    try_read("/tmp/l/secret.txt");
    unlink("/tmp/r");
    symlink("../outside", "/tmp/r");
    try_read("/tmp/r/secret.txt");
}
static void long_path(void) {
    static char path[9000];
    path[0] = 0;
    for (int i = 0; i < 1500; i++) {
        strcat(path, "../");
    }
    strcat(path, outside + 1);
    strcat(path, "/secret.txt");
    try_read_fd("open (4500 bytes of ../)OUTSIDE", open(path, O_RDONLY));
}
static void chroot_out(void) { result("chroot OUTSIDE", chroot(outside)); result("chroot .", chroot(".")); try_read(cat("../..", cat(outside, "/secret.txt"))); }
static void mount_bind(void) {
    mkdir("mnt", 0755);
    result("mount --bind OUTSIDE mnt", mount(outside, "mnt", NULL, MS_BIND, NULL));
    try_read("mnt/secret.txt");
}
static void unshare_ns(void) { result("unshare(CLONE_NEWUSER|CLONE_NEWNS)", unshare(CLONE_NEWUSER | CLONE_NEWNS)); try_read("/../../secret.txt"); }
static void open_by_handle(void) {
    struct {
        unsigned int bytes;
        int type;
        unsigned char handle[8];
    } h = {8, 1, {2, 0, 0, 0, 0, 0, 0, 0}};   /* inode 2, the root of a file system: the "shocker" attack */
    int dfd = open(".", O_DIRECTORY | O_RDONLY);
    long fd = syscall(SYS_open_by_handle_at, dfd, &h, O_RDONLY);
    result("open_by_handle_at(inode 2)", fd);
    if (fd >= 0) {
        try_list(cat("/proc/self/fd/", "0"));
        escape("open_by_handle_at gave a descriptor");
    }
}
static void name_to_handle(void) {
    struct {
        unsigned int bytes;
        int type;
        unsigned char handle[128];
    } h = {128, 0, {0}};
    int mount_id;
    link_to(outside);
    result("name_to_handle_at l/secret.txt", syscall(SYS_name_to_handle_at, AT_FDCWD, "l/secret.txt", &h, &mount_id, 0));
}
static void execveat_fd(void) {
    link_to(outside);
    int fd = open("l/prog", O_PATH);
    result("open l/prog O_PATH", fd);
    pid_t pid = fork();
    if (pid == 0) {
        char *argv[] = {"prog", NULL};
        syscall(SYS_execveat, fd, "", argv, environ, AT_EMPTY_PATH);
        _exit(100 + errno);
    }
    int status;
    waitpid(pid, &status, 0);
    if (WIFEXITED(status) && WEXITSTATUS(status) == 3) {
        escape("execveat l/prog");
    } else {
        printf("execveat l/prog: %d\n", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    }
}
static void rename_swap_dir(void) {
    /* a directory renamed while a child's cwd is inside it: the child stays inside the guest's tree */
    mkdir("w", 0755);
    mkdir("w/in", 0755);
    chdir("w/in");
    rename("../../w", "../../w2");
    try_read("../../../outside/secret.txt");
    try_read(cat("../../../../../../..", cat(outside, "/secret.txt")));
}
static void trailing_slash(void) { link_to(outside); try_read("l/secret.txt/"); try_list("l//"); try_read("l/./secret.txt"); }
static void non_utf8_link(void) {
    unlink("l\xff");
    result("symlink OUTSIDE l\\xff", symlink(outside, "l\xff"));
    try_read("l\xff/secret.txt");
}
static void cwd_mount_root_dotdot(void) {
    char here[4096];
    getcwd(here, sizeof here);
    try_read(cat(here, "/../outside/secret.txt"));
    try_list(cat(here, "/.."));
}

/* ---- races: the host swaps ./d while one operation repeats ---------------------------------- */

static volatile long rounds;
static char stop_path[4096] = "stop";

/* ./stop by its absolute path: the chdir race may leave the cwd anywhere in the guest's tree */
static int stopped(void) {
    return rounds % 64 == 0 && access(stop_path, F_OK) == 0;
}

static void race(const char *op) {
    char name[64];
    long tries = 0;
    int pid = getpid();
    for (rounds = 1; !stopped(); rounds++) {
        tries++;
        snprintf(name, sizeof name, "d/n%d-%ld", pid, rounds % 16);
        if (strcmp(op, "open") == 0) {
            int fd = open("d/secret.txt", O_RDONLY);
            if (fd >= 0 && secret_fd(fd)) {
                escape("open d/secret.txt");
            }
        } else if (strcmp(op, "stat") == 0) {
            struct stat st;
            if (stat("d/secret.txt", &st) == 0 && st.st_size == 4321) {
                escape("stat d/secret.txt");
            }
        } else if (strcmp(op, "readlink") == 0) {
            char target[64] = {0};
            if (readlink("d/link", target, sizeof target - 1) > 0 && strcmp(target, "OUTSIDE-LINK") == 0) {
                escape("readlink d/link");
            }
        } else if (strcmp(op, "opendir") == 0) {
            DIR *dir = opendir("d");
            struct dirent *e;
            while (dir && (e = readdir(dir))) {
                if (strcmp(e->d_name, "OUTSIDE_MARKER") == 0) {
                    escape("opendir d");
                }
            }
            if (dir) {
                closedir(dir);
            }
        } else if (strcmp(op, "chdir") == 0) {
            if (chdir("d") == 0) {
                int fd = open("secret.txt", O_RDONLY);
                if (fd >= 0 && secret_fd(fd)) {
                    escape("chdir d, open secret.txt");
                }
                if (chdir("..") != 0 || access("inside", F_OK) != 0) {   /* d was swapped meanwhile: back to the start */
                    chdir(getenv("PWD"));
                }
            }
        } else if (strcmp(op, "exec") == 0) {
            if (rounds % 8 == 0) {
                pid_t child = fork();
                if (child == 0) {
                    char *argv[] = {"prog", NULL};
                    execv("d/prog", argv);
                    _exit(100);
                }
                int status;
                waitpid(child, &status, 0);
                if (WIFEXITED(status) && WEXITSTATUS(status) == 3) {
                    escape("exec d/prog");
                }
            }
        } else if (strcmp(op, "creat") == 0) {
            int fd = open(name, O_WRONLY | O_CREAT, 0644);
            if (fd >= 0) {
                close(fd);
                unlink(name);
            }
        } else if (strcmp(op, "mkdir") == 0) {
            if (mkdir(name, 0755) == 0) {
                rmdir(name);
            }
        } else if (strcmp(op, "unlink") == 0) {
            unlink("d/secret.txt");
            rmdir("d/subdir");
        } else if (strcmp(op, "rename") == 0) {
            rename("d/secret.txt", "stolen");
            rename("inside/secret.txt", "d/secret.txt");
            rename("d/secret.txt", "inside/secret.txt");
        } else if (strcmp(op, "link") == 0) {
            if (link("d/secret.txt", name + 2) == 0) {
                int fd = open(name + 2, O_RDONLY);
                if (fd >= 0 && secret_fd(fd)) {
                    escape("link d/secret.txt");
                }
                unlink(name + 2);
            }
            if (link("inside/secret.txt", name) == 0) {
                unlink(name);
            }
        } else if (strcmp(op, "symlink") == 0) {
            if (symlink("x", name) == 0) {
                unlink(name);
            }
        } else if (strcmp(op, "chmod") == 0) {
            chmod("d/secret.txt", 0600 | (rounds & 1 ? 0044 : 0));
        } else if (strcmp(op, "utimes") == 0) {
            struct timeval zero[2] = {{0, 0}, {0, 0}};
            utimes("d/secret.txt", zero);
        } else if (strcmp(op, "truncate") == 0) {
            truncate("d/secret.txt", 3);
        } else if (strcmp(op, "bind") == 0) {
            int s = socket(AF_UNIX, SOCK_STREAM, 0);
            struct sockaddr_un a = {.sun_family = AF_UNIX};
            snprintf(a.sun_path, sizeof a.sun_path, "%s", name);
            if (bind(s, (struct sockaddr *) &a, sizeof a) == 0) {
                unlink(name);
            }
            close(s);
        } else {
            printf("unknown race %s\n", op);
            exit(2);
        }
    }
    printf("race %s: %ld tries\n", op, tries);
}

/* the guest-side swapper: d becomes a symlink to OUTSIDE and back, until ./stop appears */
static void swap(void) {
    long swaps = 0;
    for (rounds = 1; !stopped(); rounds++) {
        if (rename("d", "d.real") == 0) {
            symlink(rounds & 1 ? outside : "../outside", "d");
            unlink("d");
            rename("d.real", "d");
            swaps++;
        }
    }
    printf("swap: %ld swaps\n", swaps);
}

struct escape_case {
    const char *name;
    void (*run)(void);
};

static const struct escape_case cases[] = {
    {"dotdot_cwd", dotdot_cwd}, {"dotdot_deep", dotdot_deep}, {"dotdot_root", dotdot_root}, {"dotdot_chdir", dotdot_chdir},
    {"dotdot_openat", dotdot_openat}, {"dotdot_fchdir", dotdot_fchdir}, {"abs_symlink_dir", abs_symlink_dir},
    {"abs_symlink_file", abs_symlink_file}, {"rel_symlink_dir", rel_symlink_dir}, {"rel_symlink_deep", rel_symlink_deep},
    {"symlink_chain", symlink_chain}, {"symlink_loop", symlink_loop}, {"symlink_creat", symlink_creat},
    {"symlink_creat_rel", symlink_creat_rel}, {"symlink_mkdir", symlink_mkdir}, {"symlink_rename_into", symlink_rename_into},
    {"symlink_rename_from", symlink_rename_from}, {"symlink_link_into", symlink_link_into}, {"symlink_link_from", symlink_link_from},
    {"symlink_unlink", symlink_unlink}, {"symlink_rmdir", symlink_rmdir}, {"symlink_chmod", symlink_chmod},
    {"symlink_chown", symlink_chown}, {"symlink_utimes", symlink_utimes}, {"symlink_truncate", symlink_truncate},
    {"symlink_stat", symlink_stat}, {"symlink_readlink", symlink_readlink}, {"symlink_opendir", symlink_opendir},
    {"symlink_chdir", symlink_chdir}, {"symlink_exec", symlink_exec}, {"symlink_bind", symlink_bind},
    {"symlink_connect", symlink_connect}, {"symlink_symlinkat", symlink_symlinkat}, {"symlink_mkfifo", symlink_mkfifo},
    {"symlink_access", symlink_access}, {"symlink_xattr", symlink_xattr}, {"proc_root", proc_root}, {"proc_root_abs", proc_root_abs},
    {"proc_cwd", proc_cwd}, {"proc_fd_dir", proc_fd_dir}, {"proc_fd_link", proc_fd_link}, {"proc_exe", proc_exe},
    {"proc_root_chdir", proc_root_chdir}, {"dev_fd", dev_fd}, {"openat_moved_dir", openat_moved_dir},
    {"openat_swapped", openat_swapped}, {"openat_abs", openat_abs}, {"o_path_fd", o_path_fd}, {"rename_out_abs", rename_out_abs},
    {"rename_out_dotdot", rename_out_dotdot}, {"link_out", link_out}, {"link_in_abs", link_in_abs}, {"mknod_chr", mknod_chr},
    {"mknod_blk", mknod_blk}, {"host_fifo", host_fifo}, {"host_devlink", host_devlink}, {"ro_root_write", ro_root_write},
    {"ro_mount_write", ro_mount_write}, {"ro_mount_unlink", ro_mount_unlink}, {"ro_mount_rename", ro_mount_rename},
    {"ro_mount_chmod", ro_mount_chmod}, {"ro_mount_utimes", ro_mount_utimes}, {"ro_mount_truncate", ro_mount_truncate},
    {"ro_mount_mkdir", ro_mount_mkdir}, {"ro_mount_link", ro_mount_link}, {"ro_mmap_shared", ro_mmap_shared},
    {"ro_program", ro_program}, {"setuid_chmod", setuid_chmod}, {"setgid_mkdir", setgid_mkdir}, {"tmp_escape", tmp_escape},
    {"tmp_symlink", tmp_symlink}, {"long_path", long_path}, {"chroot_out", chroot_out}, {"mount_bind", mount_bind},
    {"unshare_ns", unshare_ns}, {"open_by_handle", open_by_handle}, {"name_to_handle", name_to_handle},
    {"execveat_fd", execveat_fd}, {"rename_swap_dir", rename_swap_dir}, {"trailing_slash", trailing_slash},
    {"non_utf8_link", non_utf8_link}, {"cwd_mount_root_dotdot", cwd_mount_root_dotdot},
};

int main(int argc, char **argv) {
    setvbuf(stdout, NULL, _IONBF, 0);
    if (argc == 2 && strcmp(argv[1], "list") == 0) {
        for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
            puts(cases[i].name);
        }
        return 0;
    }
    if (argc != 3) {
        fprintf(stderr, "usage: escape list | escape CASE OUTSIDE | escape race-OP OUTSIDE | escape swap OUTSIDE\n");
        return 2;
    }
    outside = argv[2];
    if (getenv("PWD")) {
        snprintf(stop_path, sizeof stop_path, "%s/stop", getenv("PWD"));
    }
    if (strncmp(argv[1], "race-", 5) == 0) {
        race(argv[1] + 5);
        return escaped;
    }
    if (strcmp(argv[1], "swap") == 0) {
        swap();
        return 0;
    }
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        if (strcmp(argv[1], cases[i].name) == 0) {
            cases[i].run();
            return escaped;
        }
    }
    fprintf(stderr, "escape: no case %s\n", argv[1]);
    return 2;
}
