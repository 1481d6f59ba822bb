/*
 * A pseudo-terminal pair and job control on it. Part 1, the pair and its line discipline:
 * posix_openpt/grantpt/unlockpt/ptsname, the lock, EIO before the slave is opened, the default
 * termios and window size, canonical input with echo, erase, word erase, kill, end of file, control
 * characters echoed as ^X, output processing (ONLCR), non-canonical reads (VMIN/VTIME), FIONREAD
 * and tcflush. Part 2, a small shell: a child makes a session, takes the slave as its controlling
 * terminal and runs a job in its own process group; the parent types at the master: ^Z stops the
 * job (SIGTSTP), a job continued in the background stops on reading (SIGTTIN) and, with TOSTOP, on
 * writing (SIGTTOU), ^C kills it (SIGINT). Part 3, hang-up: closing the master sends the session
 * leader SIGHUP, and its terminal then reads end of file and writes EIO. The parent prints what the
 * master shows; the children speak through the terminal or a pipe. No pids or pty numbers are
 * printed. With the argument "extras" it also checks TIOCGPTLCK and TIOCGSID, which qemu-user does
 * not pass on: that case is recorded on the host's Linux.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

/* "extras": also what qemu-user 7.2 does not pass on (TIOCGPTLCK, TIOCGSID); checked against the host's Linux. */
static int extras;

static const char *err(long result) {
    return result >= 0 ? "ok" : strerrorname_np(errno);
}

/* Prints bytes with control characters as \r, \n or \xNN. */
static void show(const char *label, const char *bytes, long n) {
    printf("%s (%ld): \"", label, n);
    for (long i = 0; i < n; i++) {
        unsigned char ch = bytes[i];
        if (ch == '\r') printf("\\r");
        else if (ch == '\n') printf("\\n");
        else if (ch == '\b') printf("\\b");
        else if (ch < 32 || ch >= 127) printf("\\x%02x", ch);
        else putchar(ch);
    }
    printf("\"\n");
}

/* Everything the master has to read now: waits up to 300 ms for each next chunk. */
static long drain(int master, char *buffer, long size) {
    long total = 0;
    struct pollfd p = { .fd = master, .events = POLLIN };
    while (total < size && poll(&p, 1, 300) == 1 && (p.revents & POLLIN)) {
        long n = read(master, buffer + total, size - total);
        if (n <= 0) break;
        total += n;
    }
    return total;
}

/* Types {@code input} at the master, then shows the echo and what one read of the slave gets. */
static void type_line(int master, int slave, const char *label, const char *input, long length) {
    char echo[256], line[256];
    long w = write(master, input, length);
    long e = drain(master, echo, sizeof echo);
    long r = read(slave, line, sizeof line);
    printf("%s: write %ld\n", label, w);
    show("  echo", echo, e);
    if (r < 0) printf("  read: %s\n", err(r));
    else show("  read", line, r);
}

static int open_pair(int *master, char *name, size_t size) {
    *master = posix_openpt(O_RDWR | O_NOCTTY);
    if (*master < 0 || grantpt(*master) != 0 || unlockpt(*master) != 0 || ptsname_r(*master, name, size) != 0) {
        printf("FAIL open a pair: %s\n", strerror(errno));
        return -1;
    }
    return 0;
}

static void pair_and_line_discipline(void) {
    int m = posix_openpt(O_RDWR | O_NOCTTY);
    printf("posix_openpt: %s, isatty %d\n", err(m), isatty(m));
    char name[64];
    long r = -ptsname_r(m, name, sizeof name);
    printf("ptsname_r: %s, under /dev/pts/: %d\n", err(r), strncmp(name, "/dev/pts/", 9) == 0);
    unsigned number = 0;
    int locked = -1;
    r = ioctl(m, TIOCGPTN, &number);
    printf("TIOCGPTN: %s, matches the name: %d\n", err(r), atoi(name + 9) == (int) number);
    if (extras) {
        r = ioctl(m, TIOCGPTLCK, &locked);
        printf("TIOCGPTLCK before unlockpt: %s, locked %d\n", err(r), locked);
    }
    printf("open the slave while locked: %s\n", err(open(name, O_RDWR | O_NOCTTY)));
    r = grantpt(m);
    printf("grantpt: %s, unlockpt: %s\n", err(r), err(unlockpt(m)));
    if (extras) {
        r = ioctl(m, TIOCGPTLCK, &locked);
        printf("TIOCGPTLCK after unlockpt: %s, locked %d\n", err(r), locked);
    }
    printf("write to the master before the slave is open: %s\n", err(write(m, "x", 1)));
    int s = open(name, O_RDWR | O_NOCTTY);
    printf("open the slave: %s, isatty %d\n", err(s), isatty(s));
    char tty[64] = "";
    r = -ttyname_r(s, tty, sizeof tty);
    printf("ttyname_r: %s, same name: %d\n", err(r), strcmp(tty, name) == 0);
    struct stat st;
    r = fstat(s, &st);
    printf("fstat: %s, character device %d, major %u, minor is the number %d, mode %o\n", err(r),
           S_ISCHR(st.st_mode), major(st.st_rdev), minor(st.st_rdev) == number, st.st_mode & 0777);
    int s2 = open("/dev/ptmx", O_RDWR | O_NOCTTY);
    unsigned number2 = 0;
    ioctl(s2, TIOCGPTN, &number2);
    printf("a second /dev/ptmx: %s, another number %d\n", err(s2), number2 != number);
    int peer = ioctl(s2, TIOCGPTPEER, O_RDWR | O_NOCTTY);
    printf("TIOCGPTPEER while locked: %s\n", err(peer));
    close(s2);

    struct termios t;
    printf("tcgetattr: %s\n", err(tcgetattr(s, &t)));
    printf("  iflag ICRNL %d IXON %d INLCR %d IGNCR %d ISTRIP %d IUTF8 %d\n", !!(t.c_iflag & ICRNL), !!(t.c_iflag & IXON),
           !!(t.c_iflag & INLCR), !!(t.c_iflag & IGNCR), !!(t.c_iflag & ISTRIP), !!(t.c_iflag & IUTF8));
    printf("  oflag OPOST %d ONLCR %d OCRNL %d\n", !!(t.c_oflag & OPOST), !!(t.c_oflag & ONLCR), !!(t.c_oflag & OCRNL));
    printf("  cflag CS8 %d CREAD %d speed B38400 %d\n", (t.c_cflag & CSIZE) == CS8, !!(t.c_cflag & CREAD),
           cfgetospeed(&t) == B38400);
    printf("  lflag ISIG %d ICANON %d ECHO %d ECHOE %d ECHOK %d ECHONL %d ECHOCTL %d ECHOKE %d IEXTEN %d TOSTOP %d NOFLSH %d\n",
           !!(t.c_lflag & ISIG), !!(t.c_lflag & ICANON), !!(t.c_lflag & ECHO), !!(t.c_lflag & ECHOE),
           !!(t.c_lflag & ECHOK), !!(t.c_lflag & ECHONL), !!(t.c_lflag & ECHOCTL), !!(t.c_lflag & ECHOKE),
           !!(t.c_lflag & IEXTEN), !!(t.c_lflag & TOSTOP), !!(t.c_lflag & NOFLSH));
    printf("  cc INTR %d QUIT %d ERASE %d KILL %d EOF %d TIME %d MIN %d START %d STOP %d SUSP %d WERASE %d LNEXT %d\n",
           t.c_cc[VINTR], t.c_cc[VQUIT], t.c_cc[VERASE], t.c_cc[VKILL], t.c_cc[VEOF], t.c_cc[VTIME], t.c_cc[VMIN],
           t.c_cc[VSTART], t.c_cc[VSTOP], t.c_cc[VSUSP], t.c_cc[VWERASE], t.c_cc[VLNEXT]);
    struct termios mt;
    r = tcgetattr(m, &mt);
    printf("tcgetattr on the master: %s, ICANON %d ECHO %d OPOST %d\n", err(r), !!(mt.c_lflag & ICANON),
           !!(mt.c_lflag & ECHO), !!(mt.c_oflag & OPOST));

    struct winsize ws = { 0 };
    r = ioctl(s, TIOCGWINSZ, &ws);
    printf("TIOCGWINSZ: %s, %dx%d\n", err(r), ws.ws_row, ws.ws_col);
    ws.ws_row = 24;
    ws.ws_col = 80;
    printf("TIOCSWINSZ on the master: %s\n", err(ioctl(m, TIOCSWINSZ, &ws)));
    memset(&ws, 0, sizeof ws);
    r = ioctl(s, TIOCGWINSZ, &ws);
    printf("TIOCGWINSZ on the slave: %s, %dx%d\n", err(r), ws.ws_row, ws.ws_col);
    printf("TIOCGPGRP of a terminal that is nobody's: %s\n", err(tcgetpgrp(s)));
    printf("TCGETS on stdin, not a terminal: %s\n", err(ioctl(0, TCGETS, &t)));

    type_line(m, s, "a line", "hello\n", 6);
    type_line(m, s, "two lines, one read each", "one\ntwo\n", 8);
    char rest[64];
    show("  the second read", rest, read(s, rest, sizeof rest));
    type_line(m, s, "erase", "abx\x7f" "c\n", 6);
    type_line(m, s, "erase a control character", "x\x01\x7f\n", 4);
    type_line(m, s, "word erase", "one two\x17three\n", 14);
    type_line(m, s, "kill", "junk\x15ok\n", 8);
    type_line(m, s, "end of file after text", "part\x04", 5);
    type_line(m, s, "end of file alone", "\x04", 1);
    type_line(m, s, "carriage return", "cr\r", 3);
    type_line(m, s, "literal next", "a\x16\x03z\n", 5);
    type_line(m, s, "a control character", "a\x01" "b\n", 4);

    char out[64];
    printf("write to the slave: %ld\n", (long) write(s, "out\nput\n", 8));
    show("  master reads", out, drain(m, out, sizeof out));
    t.c_oflag &= ~OPOST;
    tcsetattr(s, TCSANOW, &t);
    printf("without OPOST: %ld\n", (long) write(s, "raw\n", 4));
    show("  master reads", out, drain(m, out, sizeof out));
    t.c_oflag |= OPOST;
    t.c_lflag |= ECHONL;
    t.c_lflag &= ~ECHO;
    tcsetattr(s, TCSANOW, &t);
    type_line(m, s, "ECHONL without ECHO", "quiet\n", 6);

    t.c_lflag |= ECHO;
    t.c_lflag &= ~ECHONL;
    tcsetattr(s, TCSANOW, &t);
    type_line(m, s, "erase a tab", "ab\tc\x7f\x7f\n", 7);
    type_line(m, s, "reprint", "re\x12x\n", 5);
    t.c_cc[VEOL] = ';';
    tcsetattr(s, TCSANOW, &t);
    type_line(m, s, "VEOL", "end;", 4);
    t.c_cc[VEOL] = 0;
    t.c_iflag |= INLCR | IGNCR;
    tcsetattr(s, TCSANOW, &t);
    type_line(m, s, "INLCR and IGNCR", "a\rb\n\x04", 5);
    t.c_iflag &= ~(INLCR | IGNCR);
    t.c_lflag |= NOFLSH;
    tcsetattr(s, TCSANOW, &t);
    type_line(m, s, "^C with NOFLSH", "abc\x03\n", 5);
    t.c_lflag &= ~NOFLSH;
    tcsetattr(s, TCSANOW, &t);
    type_line(m, s, "^C without NOFLSH", "abc\x03\n", 5);
    t.c_oflag |= XTABS | OCRNL;
    tcsetattr(s, TCSANOW, &t);
    printf("XTABS and OCRNL: %ld\n", (long) write(s, "a\tb\rc\n", 6));
    show("  master reads", out, drain(m, out, sizeof out));
    t.c_oflag &= ~(XTABS | OCRNL);
    t.c_oflag |= ONOCR;
    tcsetattr(s, TCSANOW, &t);
    printf("ONOCR: %ld\n", (long) write(s, "\rx\r\n", 4));
    show("  master reads", out, drain(m, out, sizeof out));
    t.c_oflag &= ~ONOCR;
    tcsetattr(s, TCSANOW, &t);
    write(m, "\x13", 1); /* ^S: IXON stops the slave's output */
    drain(m, out, sizeof out);
    int flags = fcntl(s, F_GETFL);
    fcntl(s, F_SETFL, flags | O_NONBLOCK);
    printf("write while ^S holds the output: %s\n", err(write(s, "held\n", 5)));
    write(m, "\x11", 1); /* ^Q */
    drain(m, out, sizeof out);
    printf("write after ^Q: %s\n", err(write(s, "go\n", 3)));
    show("  master reads", out, drain(m, out, sizeof out));
    fcntl(s, F_SETFL, flags);
    write(m, "partial", 7);
    drain(m, out, sizeof out);
    t.c_lflag &= ~ICANON;
    tcsetattr(s, TCSANOW, &t);
    long n = read(s, out, sizeof out);
    show("leaving canonical mode, the line being edited is readable", out, n);
    t.c_lflag |= ICANON;
    tcsetattr(s, TCSANOW, &t);

    t.c_lflag &= ~(ICANON | ECHO | ECHONL);
    t.c_cc[VMIN] = 1;
    t.c_cc[VTIME] = 0;
    printf("non-canonical: tcsetattr %s\n", err(tcsetattr(s, TCSANOW, &t)));
    write(m, "abc", 3);
    char got[16];
    long total = 0;
    while (total < 3) {
        long n = read(s, got + total, sizeof got - total);
        if (n <= 0) break;
        total += n;
    }
    show("  read with VMIN 1", got, total);
    write(m, "\rz", 2);
    struct pollfd p = { .fd = s, .events = POLLIN };
    poll(&p, 1, 1000);
    int queued = -1;
    r = ioctl(s, FIONREAD, &queued);
    printf("  FIONREAD: %s, %d\n", err(r), queued);
    total = 0;
    while (total < 2) {
        long n = read(s, got + total, sizeof got - total);
        if (n <= 0) break;
        total += n;
    }
    show("  ICRNL", got, total);
    t.c_cc[VMIN] = 0;
    tcsetattr(s, TCSANOW, &t);
    printf("  read with VMIN 0 and nothing there: %ld\n", (long) read(s, got, sizeof got));
    t.c_cc[VTIME] = 2;
    tcsetattr(s, TCSANOW, &t);
    printf("  read with VMIN 0, VTIME 2 and nothing there: %ld\n", (long) read(s, got, sizeof got));
    write(m, "flushed", 7);
    poll(&p, 1, 1000);
    printf("  tcflush(TCIFLUSH): %s\n", err(tcflush(s, TCIFLUSH)));
    r = ioctl(s, FIONREAD, &queued);
    printf("  FIONREAD after it: %s, %d\n", err(r), queued);
    t.c_lflag |= ISIG;
    tcsetattr(s, TCSANOW, &t);
    write(m, "\x03", 1);
    ioctl(s, FIONREAD, &queued);
    printf("  ^C with no foreground group: FIONREAD %d\n", queued);

    close(s);
    char none[8];
    printf("master read after the slave closed: %s\n", err(read(m, none, sizeof none)));
    printf("master write after the slave closed: %s\n", err(write(m, "x", 1)));
    close(m);
}

static const char *stop_name(int status) {
    static char text[64];
    if (WIFSTOPPED(status)) snprintf(text, sizeof text, "stopped by %s", sigabbrev_np(WSTOPSIG(status)));
    else if (WIFSIGNALED(status)) snprintf(text, sizeof text, "killed by %s", sigabbrev_np(WTERMSIG(status)));
    else if (WIFEXITED(status)) snprintf(text, sizeof text, "exited %d", WEXITSTATUS(status));
    else snprintf(text, sizeof text, "status %#x", status);
    return text;
}

/* The job: reads two lines, then writes one when the shell says so, then reads until ^C kills it. */
static void job(int tty, int go, int done) {
    char line[64], token;
    read(go, &token, 1); /* in the foreground now */
    for (int i = 0; i < 2; i++) {
        long n = read(tty, line, sizeof line);
        dprintf(tty, "job: read %s %.*s", err(n), (int) (n > 0 ? n : 0), line);
    }
    write(done, "r", 1);
    read(go, &token, 1); /* in the background now */
    dprintf(tty, "job: the write that stopped\n");
    long n = read(tty, line, sizeof line);
    dprintf(tty, "job: read after ^C? %s\n", err(n));
    _exit(3);
}

/* The shell: a session leader with the slave as its controlling terminal, and one job. */
static void shell(const char *name, pid_t parent) {
    setsid();
    int tty = open(name, O_RDWR);
    dprintf(tty, "shell: controlling terminal, foreground is the shell %d\n", tcgetpgrp(tty) == getpid());
    if (extras) dprintf(tty, "shell: TIOCGSID: the session is the shell's %d\n", tcgetsid(tty) == getpid());
    int again = open(name, O_RDWR | O_NOCTTY);
    dprintf(tty, "shell: TIOCSCTTY of its own terminal: %s\n", err(ioctl(again, TIOCSCTTY, 0)));
    close(again);
    int dev_tty = open("/dev/tty", O_RDWR);
    dprintf(tty, "shell: /dev/tty %s, isatty %d\n", err(dev_tty), isatty(dev_tty));
    close(dev_tty);
    dprintf(tty, "shell: TIOCSPGRP to the parent's group: %s\n", err(tcsetpgrp(tty, getpgid(parent))));
    signal(SIGTTOU, SIG_IGN);
    int go[2], done[2];
    pipe(go);
    pipe(done);
    pid_t job_pid = fork();
    if (job_pid == 0) {
        signal(SIGTTOU, SIG_DFL);
        setpgid(0, 0);
        job(tty, go[0], done[1]);
    }
    setpgid(job_pid, job_pid);
    tcsetpgrp(tty, job_pid);
    write(go[1], "f", 1);
    dprintf(tty, "shell: the job is in the foreground %d\n", tcgetpgrp(tty) == job_pid);
    int status;
    waitpid(job_pid, &status, WUNTRACED);
    dprintf(tty, "shell: the job %s\n", stop_name(status));
    tcsetpgrp(tty, getpgrp());
    kill(job_pid, SIGCONT);
    waitpid(job_pid, &status, WUNTRACED);
    dprintf(tty, "shell: continued in the background, the job %s\n", stop_name(status));
    struct termios t;
    tcgetattr(tty, &t);
    t.c_lflag |= TOSTOP;
    tcsetattr(tty, TCSANOW, &t);
    tcsetpgrp(tty, job_pid);
    kill(job_pid, SIGCONT);
    /* the shell is in the background with TOSTOP set: it may write because it ignores SIGTTOU */
    dprintf(tty, "shell: TOSTOP set, the job is in the foreground again\n");
    char token;
    read(done[0], &token, 1);
    tcsetpgrp(tty, getpgrp());
    write(go[1], "w", 1);
    waitpid(job_pid, &status, WUNTRACED);
    dprintf(tty, "shell: writing in the background, the job %s\n", stop_name(status));
    tcsetpgrp(tty, job_pid);
    kill(job_pid, SIGCONT);
    waitpid(job_pid, &status, 0);
    dprintf(tty, "shell: the job %s\n", stop_name(status));
    signal(SIGTTIN, SIG_IGN);
    char line[8];
    dprintf(tty, "shell: read in the background with SIGTTIN ignored: %s\n", err(read(tty, line, sizeof line)));
    signal(SIGTTIN, SIG_DFL);
    long r = ioctl(tty, TIOCNOTTY);
    dprintf(tty, "shell: TIOCNOTTY: %s, then TIOCGPGRP: %s\n", err(r), err(tcgetpgrp(tty)));
    dprintf(tty, "shell: done\n");
    _exit(0);
}

/* Reads the master until {@code marker} has been seen; appends everything to the transcript. */
static void expect(int master, char *transcript, long *length, long size, const char *marker) {
    while (!memmem(transcript, *length, marker, strlen(marker))) {
        long n = read(master, transcript + *length, size - *length);
        if (n <= 0) {
            printf("FAIL waiting for \"%s\": %s\n", marker, err(n));
            return;
        }
        *length += n;
    }
}

static void job_control(void) {
    int m;
    char name[64];
    if (open_pair(&m, name, sizeof name) != 0) return;
    printf("the parent's /dev/tty: %s\n", err(open("/dev/tty", O_RDWR)));
    fflush(stdout);
    pid_t shell_pid = fork();
    if (shell_pid == 0) shell(name, getppid());
    static char transcript[8192];
    long length = 0;
    expect(m, transcript, &length, sizeof transcript, "the job is in the foreground");
    printf("TIOCGPGRP on the master: a group that is not the shell's %d\n", tcgetpgrp(m) != shell_pid);
    write(m, "first\n", 6);
    expect(m, transcript, &length, sizeof transcript, "job: read ok first");
    write(m, "\x1a", 1);
    expect(m, transcript, &length, sizeof transcript, "the job is in the foreground again");
    write(m, "second\n", 7);
    expect(m, transcript, &length, sizeof transcript, "job: the write that stopped");
    write(m, "\x03", 1);
    expect(m, transcript, &length, sizeof transcript, "shell: done");
    for (;;) {
        long n = read(m, transcript + length, sizeof transcript - length);
        if (n <= 0) {
            printf("master read at the end: %s\n", err(n));
            break;
        }
        length += n;
    }
    int status;
    waitpid(shell_pid, &status, 0);
    printf("the shell %s\n", stop_name(status));
    printf("what the master showed:\n");
    for (char *line = transcript; line < transcript + length;) {
        char *end = memmem(line, transcript + length - line, "\r\n", 2);
        long n = end ? end - line : transcript + length - line;
        show(" ", line, n);
        line += n + (end ? 2 : 0);
    }
    close(m);
}

static int report;
static volatile sig_atomic_t hangups, continues;

static void on_hangup(int signo) {
    dprintf(report, "leader: %s\n", sigabbrev_np(signo));
    if (signo == SIGHUP) hangups++;
    else continues++;
}

static void hang_up(void) {
    int m;
    char name[64];
    if (open_pair(&m, name, sizeof name) != 0) return;
    int pipe_fds[2];
    pipe(pipe_fds);
    fflush(stdout);
    pid_t leader = fork();
    if (leader == 0) {
        report = pipe_fds[1];
        close(m);
        setsid();
        signal(SIGHUP, on_hangup);
        signal(SIGCONT, on_hangup);
        int tty = open(name, O_RDWR);
        sigset_t all, old;
        sigfillset(&all);
        sigprocmask(SIG_BLOCK, &all, &old);
        dprintf(report, "leader: ready\n");
        while (!hangups || !continues) sigsuspend(&old);
        char c;
        dprintf(report, "leader: read %ld\n", (long) read(tty, &c, 1));
        dprintf(report, "leader: write %s\n", err(write(tty, "x", 1)));
        dprintf(report, "leader: TIOCGPGRP %s\n", err(tcgetpgrp(tty)));
        _exit(0);
    }
    close(pipe_fds[1]);
    char text[512];
    long length = 0, n;
    while (!memmem(text, length, "ready", 5) && (n = read(pipe_fds[0], text + length, sizeof text - length)) > 0) length += n;
    close(m);
    while ((n = read(pipe_fds[0], text + length, sizeof text - length)) > 0) length += n;
    int status;
    waitpid(leader, &status, 0);
    printf("hang-up: the session leader %s, it reported:\n%.*s", stop_name(status), (int) length, text);
}

int main(int argc, char **argv) {
    extras = argc > 1 && strcmp(argv[1], "extras") == 0;
    setvbuf(stdout, NULL, _IOLBF, 0);
    pair_and_line_discipline();
    job_control();
    hang_up();
    return 0;
}
