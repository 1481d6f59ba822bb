/*
 * Processes: fork + pipe + waitpid and waitid (exit statuses, death by signal, WNOHANG, WNOWAIT, SIGCHLD, getppid,
 * a two-child pipeline joined with dup2, process groups, stop and continue) and, with the argument "exec", execve of
 * the program itself through /proc/self/exe (argv and envp passed on, close-on-exec honoured,
 * ignored signals stay ignored, handled ones return to the default), vfork and posix_spawn.
 * Only the parent prints, after the children it reports on have ended, so the output does not
 * depend on scheduling.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t sigchld_count;

static void on_sigchld(int signo) {
    (void) signo;
    sigchld_count++;
}

static pid_t fork_flushed(void) {
    fflush(stdout);
    pid_t pid = fork();
    if (pid < 0) {
        printf("FAIL fork: %s\n", strerror(errno));
        exit(1);
    }
    return pid;
}

static void report(const char *what, int status) {
    if (WIFEXITED(status)) {
        printf("%s: exited with %d\n", what, WEXITSTATUS(status));
    } else if (WIFSIGNALED(status)) {
        printf("%s: killed by signal %d\n", what, WTERMSIG(status));
    } else {
        printf("%s: status 0x%x\n", what, status);
    }
}

static void fork_and_pipe(void) {
    int fds[2];
    if (pipe(fds) != 0) {
        printf("FAIL pipe\n");
        exit(1);
    }
    pid_t parent = getpid();
    pid_t child = fork_flushed();
    if (child == 0) {
        close(fds[0]);
        char line[64];
        for (int i = 1; i <= 3; i++) {
            int n = snprintf(line, sizeof line, "line %d from the child\n", i);
            if (write(fds[1], line, n) != n) _exit(90);
        }
        _exit(getppid() == parent ? 7 : 8);
    }
    close(fds[1]);
    char buffer[256];
    size_t total = 0;
    ssize_t n;
    while ((n = read(fds[0], buffer + total, sizeof buffer - 1 - total)) > 0) total += n;
    buffer[total] = 0;
    close(fds[0]);
    printf("parent read %zu bytes:\n%s", total, buffer);
    int status;
    pid_t waited = waitpid(child, &status, 0);
    printf("waitpid returned the child: %s\n", waited == child ? "yes" : "no");
    report("child (7 means getppid was the parent)", status);
}

static void death_by_signal(void) {
    pid_t child = fork_flushed();
    if (child == 0) {
        kill(getpid(), SIGKILL);
        _exit(99);
    }
    int status;
    waitpid(child, &status, 0);
    report("child that sent itself SIGKILL", status);

    child = fork_flushed();
    if (child == 0) {
        raise(SIGTERM);
        _exit(99);
    }
    waitpid(child, &status, 0);
    report("child that raised SIGTERM", status);
}

static void wnohang(void) {
    int gate[2];
    if (pipe(gate) != 0) exit(1);
    pid_t child = fork_flushed();
    if (child == 0) {
        close(gate[1]);
        char c;
        ssize_t n = read(gate[0], &c, 1); /* blocks until the parent closes the write end */
        _exit(n == 0 ? 5 : 6);
    }
    close(gate[0]);
    int status = 0;
    pid_t early = waitpid(child, &status, WNOHANG);
    printf("WNOHANG while the child waits: %d\n", (int) early);
    close(gate[1]);
    pid_t late = waitpid(-1, &status, 0);
    printf("waitpid(-1) after releasing it returned the child: %s\n", late == child ? "yes" : "no");
    report("released child (5 means it saw EOF)", status);
    errno = 0;
    pid_t none = waitpid(-1, &status, WNOHANG);
    printf("waitpid with no children left: %d ECHILD=%d\n", (int) none, errno == ECHILD);
}

static void wait_with_waitid(void) {
    int gate[2];
    if (pipe(gate) != 0) exit(1);
    pid_t child = fork_flushed();
    if (child == 0) {
        close(gate[1]);
        char c;
        _exit(read(gate[0], &c, 1) == 0 ? 9 : 10);
    }
    close(gate[0]);
    siginfo_t info;
    memset(&info, 0xff, sizeof info);
    int r = waitid(P_PID, child, &info, WEXITED | WNOHANG);
    printf("waitid WNOHANG while the child waits: %d si_pid=%d\n", r, (int) info.si_pid);
    close(gate[1]);
    memset(&info, 0, sizeof info);
    r = waitid(P_PID, child, &info, WEXITED | WNOWAIT);
    printf("waitid WNOWAIT: %d si_signo=%d si_code=%d child=%d si_status=%d\n", r, info.si_signo, info.si_code,
           info.si_pid == child, info.si_status);
    memset(&info, 0, sizeof info);
    r = waitid(P_ALL, 0, &info, WEXITED);
    printf("waitid P_ALL still finds it: %d child=%d si_status=%d\n", r, info.si_pid == child, info.si_status);

    child = fork_flushed();
    if (child == 0) {
        kill(getpid(), SIGTERM);
        _exit(1);
    }
    memset(&info, 0, sizeof info);
    r = waitid(P_PGID, 0, &info, WEXITED);
    printf("waitid P_PGID 0: %d si_code=%d (CLD_KILLED=%d) si_status=%d\n", r, info.si_code, CLD_KILLED, info.si_status);
    errno = 0;
    r = waitid(P_ALL, 0, &info, WEXITED | WNOHANG);
    printf("waitid with no children: %d ECHILD=%d\n", r, errno == ECHILD);
    errno = 0;
    r = waitid(P_ALL, 0, &info, 0);
    printf("waitid without WEXITED: %d EINVAL=%d\n", r, errno == EINVAL);
}

/* Job control: a child stopped by SIGSTOP and continued by SIGCONT, as a shell's fg/bg sees it. */
static void stop_and_continue(void) {
    int gate[2];
    if (pipe(gate) != 0) exit(1);
    pid_t child = fork_flushed();
    if (child == 0) {
        close(gate[1]);
        char c;
        _exit(read(gate[0], &c, 1) == 1 ? c : 100);
    }
    close(gate[0]);
    int status;
    kill(child, SIGSTOP);
    pid_t r = waitpid(child, &status, WUNTRACED);
    printf("WUNTRACED: child=%d stopped=%d by %d\n", r == child, WIFSTOPPED(status), WIFSTOPPED(status) ? WSTOPSIG(status) : 0);
    printf("the same stop again with WNOHANG|WUNTRACED: %d\n", (int) waitpid(child, &status, WNOHANG | WUNTRACED));
    kill(child, SIGCONT);
    r = waitpid(child, &status, WCONTINUED);
    printf("WCONTINUED: child=%d continued=%d\n", r == child, WIFCONTINUED(status));
    if (write(gate[1], "\x21", 1) != 1) exit(1);
    close(gate[1]);
    waitpid(child, &status, 0);
    report("continued child", status);

    /* a stopped child still dies of SIGKILL, and waitid reports stops */
    child = fork_flushed();
    if (child == 0) {
        for (;;) pause();
    }
    kill(child, SIGSTOP);
    siginfo_t info;
    memset(&info, 0, sizeof info);
    int w = waitid(P_PID, child, &info, WSTOPPED);
    printf("waitid WSTOPPED: %d si_code=%d (CLD_STOPPED=%d) si_status=%d\n", w, info.si_code, CLD_STOPPED, info.si_status);
    kill(child, SIGKILL);
    waitpid(child, &status, 0);
    report("stopped child sent SIGKILL", status);
}

/* seq 1..100 | sum, with each end of the pipe moved onto stdin/stdout by dup2. */
static void pipeline(void) {
    int fds[2], result[2];
    if (pipe(fds) != 0 || pipe(result) != 0) exit(1);
    pid_t producer = fork_flushed();
    if (producer == 0) {
        dup2(fds[1], STDOUT_FILENO);
        close(fds[0]);
        close(fds[1]);
        close(result[0]);
        close(result[1]);
        for (int i = 1; i <= 100; i++) printf("%d\n", i);
        fflush(stdout);
        _exit(0);
    }
    pid_t consumer = fork_flushed();
    if (consumer == 0) {
        dup2(fds[0], STDIN_FILENO);
        dup2(result[1], STDOUT_FILENO);
        close(fds[0]);
        close(fds[1]);
        close(result[0]);
        close(result[1]);
        long sum = 0, value, count = 0;
        while (scanf("%ld", &value) == 1) {
            sum += value;
            count++;
        }
        printf("%ld numbers, sum %ld\n", count, sum);
        fflush(stdout);
        _exit(count == 100 ? 0 : 1);
    }
    close(fds[0]);
    close(fds[1]);
    close(result[1]);
    char buffer[128];
    ssize_t n = read(result[0], buffer, sizeof buffer - 1);
    buffer[n > 0 ? n : 0] = 0;
    close(result[0]);
    int s1, s2;
    waitpid(producer, &s1, 0);
    waitpid(consumer, &s2, 0);
    printf("pipeline printed: %s", buffer);
    report("producer", s1);
    report("consumer", s2);
}

static void process_groups(void) {
    int ready[2];
    if (pipe(ready) != 0) exit(1);
    pid_t child = fork_flushed();
    if (child == 0) {
        close(ready[0]);
        int ok = setpgid(0, 0) == 0 && getpgrp() == getpid();
        if (write(ready[1], &ok, sizeof ok) != sizeof ok) _exit(90);
        pause(); /* until the parent kills the whole group */
        _exit(0);
    }
    close(ready[1]);
    int ok = 0;
    if (read(ready[0], &ok, sizeof ok) != sizeof ok) ok = 0;
    close(ready[0]);
    printf("child leads its own process group: %s\n", ok ? "yes" : "no");
    printf("getpgid(child) is the child: %s\n", getpgid(child) == child ? "yes" : "no");
    printf("parent still in its own group: %s\n", getpgrp() != child ? "yes" : "no");
    kill(-child, SIGUSR1);
    int status;
    waitpid(child, &status, 0);
    report("group member after kill(-pgid, SIGUSR1)", status);
}

/* ---- execve of the program itself ---- */

static const char *fd_state(int fd) {
    return fcntl(fd, F_GETFD) >= 0 ? "open" : errno == EBADF ? "closed" : "error";
}

static const char *disposition(int signo) {
    struct sigaction sa;
    sigaction(signo, NULL, &sa);
    return sa.sa_handler == SIG_IGN ? "ignored" : sa.sa_handler == SIG_DFL ? "default" : "handled";
}

static void on_usr2(int signo) {
    (void) signo;
}

static int exec_stage(int argc, char **argv) {
    int stage = atoi(argv[2]);
    printf("stage %d: argc=%d", stage, argc);
    for (int i = 3; i < argc; i++) printf(" [%s]", argv[i]);
    const char *k42 = getenv("K42_STAGE");
    printf(" K42_STAGE=%s\n", k42 ? k42 : "(unset)");
    if (argc >= 5) {
        printf("  fd %s (no O_CLOEXEC): %s\n", argv[3], fd_state(atoi(argv[3])));
        printf("  fd %s (O_CLOEXEC): %s\n", argv[4], fd_state(atoi(argv[4])));
        printf("  SIGUSR1 (was ignored): %s, SIGUSR2 (was handled): %s\n", disposition(SIGUSR1), disposition(SIGUSR2));
    }
    if (stage == 0) return 42;
    char next[16], env[32];
    snprintf(next, sizeof next, "%d", stage - 1);
    snprintf(env, sizeof env, "K42_STAGE=after-%d", stage);
    char *child_argv[] = {argv[0], "exec-stage", next, NULL};
    char *child_env[] = {env, NULL};
    fflush(stdout);
    execve("/proc/self/exe", child_argv, child_env);
    printf("FAIL execve: %s\n", strerror(errno));
    return 1;
}

static int exec_self(const char *argv0) {
    int kept = open("/dev/null", O_RDONLY);
    int closed = open("/dev/null", O_RDONLY | O_CLOEXEC);
    signal(SIGUSR1, SIG_IGN);
    signal(SIGUSR2, on_usr2);

    /* A forked child runs the chain, so the parent can report its status. */
    pid_t child = fork_flushed();
    if (child == 0) {
        char kept_text[16], closed_text[16];
        snprintf(kept_text, sizeof kept_text, "%d", kept);
        snprintf(closed_text, sizeof closed_text, "%d", closed);
        char *child_argv[] = {(char *) argv0, "exec-stage", "2", kept_text, closed_text, "with space", NULL};
        char *child_env[] = {"K42_STAGE=first", "OTHER=1", NULL};
        execve("/proc/self/exe", child_argv, child_env);
        printf("FAIL execve: %s\n", strerror(errno));
        _exit(1);
    }
    int status;
    waitpid(child, &status, 0);
    report("exec chain", status);

    errno = 0;
    char *none[] = {"missing", NULL};
    int r = execve("/no/such/program", none, none);
    printf("execve of a missing file: %d ENOENT=%d\n", r, errno == ENOENT);

    /* vfork: the parent goes on only once the child has exec'd or exited */
    fflush(stdout);
    child = vfork();
    if (child == 0) {
        char *stage_argv[] = {(char *) argv0, "exec-stage", "0", NULL};
        char *stage_env[] = {"K42_STAGE=vfork", NULL};
        execve("/proc/self/exe", stage_argv, stage_env);
        _exit(1);
    }
    waitpid(child, &status, 0);
    report("vfork + execve", status);
    fflush(stdout);
    child = vfork();
    if (child == 0) _exit(5);
    waitpid(child, &status, 0);
    report("vfork + _exit(5)", status);

    /* posix_spawn (clone with CLONE_VM|CLONE_VFORK): the child's exec error reaches the parent */
    char *spawn_argv[] = {(char *) argv0, "exec-stage", "0", NULL};
    char *spawn_env[] = {"K42_STAGE=spawned", NULL};
    pid_t spawned;
    fflush(stdout);
    r = posix_spawn(&spawned, "/proc/self/exe", NULL, NULL, spawn_argv, spawn_env);
    printf("posix_spawn of itself: %d\n", r);
    fflush(stdout);
    if (r == 0) {
        waitpid(spawned, &status, 0);
        report("spawned child", status);
    }
    r = posix_spawn(&spawned, "/no/such/program", NULL, NULL, spawn_argv, spawn_env);
    printf("posix_spawn of a missing file: ENOENT=%d\n", r == ENOENT);
    return 0;
}

int main(int argc, char **argv) {
    if (argc >= 3 && strcmp(argv[1], "exec-stage") == 0) return exec_stage(argc, argv);
    if (argc >= 2 && strcmp(argv[1], "exec") == 0) return exec_self(argv[0]);

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sigchld;
    sa.sa_flags = SA_RESTART; /* without it a child's exit interrupts the parent's read or waitpid */
    sigaction(SIGCHLD, &sa, NULL);

    fork_and_pipe();
    death_by_signal();
    wnohang();
    wait_with_waitid();
    stop_and_continue();
    pipeline();
    process_groups();
    printf("SIGCHLD delivered at least once: %s\n", sigchld_count > 0 ? "yes" : "no");
    return 0;
}
