/*
 * AF_UNIX sockets: socketpair (stream, datagram, seqpacket) across fork with message boundaries,
 * end of file, shutdown, EPIPE/SIGPIPE and MSG_NOSIGNAL, MSG_PEEK, MSG_DONTWAIT, a full buffer and
 * poll; a stream server bound in a mkdtemp() directory under /tmp with a child that connects
 * (accept, echo, names, SO_PEERCRED, a pipe passed with SCM_RIGHTS, SCM_CREDENTIALS), a datagram
 * socket bound to a path (sendto/recvfrom addresses), abstract names and autobind, the usual
 * errors and unlink of the socket file. Only the parent prints; children report through the
 * socket or their exit status. No pids, addresses or descriptor numbers are printed.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

static int failures;
static volatile sig_atomic_t sigpipes;

#define CHECK(cond, what)                                                                          \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            printf("FAIL %s (line %d, errno %s)\n", what, __LINE__, strerrorname_np(errno));      \
            failures++;                                                                            \
        }                                                                                          \
    } while (0)

static const char *err(long result) {
    return result >= 0 ? "ok" : strerrorname_np(errno);
}

static void on_sigpipe(int signo) {
    (void) signo;
    sigpipes++;
}

/* Runs child(socket) in a child process that exits with its result; stdout is flushed first so that the child repeats nothing. */
static pid_t in_child(int (*child)(int), int socket) {
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) _exit(child(socket));
    if (pid < 0) {
        printf("FAIL fork: %s\n", strerror(errno));
        exit(1);
    }
    return pid;
}

static int write_hello_world(int s) {
    return write(s, "hello ", 6) == 6 && write(s, "world", 5) == 5 ? 0 : 10;
}

static int send_late(int s) {
    usleep(20000);
    return send(s, "late", 4, 0) == 4 ? 0 : 11;
}

static int send_datagrams(int s) {
    const char *messages[] = { "one", "two!", "three", "truncated", "abcdef" };
    for (int i = 0; i < 5; i++) {
        if (send(s, messages[i], strlen(messages[i]), 0) != (ssize_t) strlen(messages[i])) return 12;
    }
    return send(s, "", 0, 0) == 0 ? 0 : 13;
}

static int write_late(int s) {
    usleep(20000);
    return write(s, "!", 1) == 1 ? 0 : 14;
}

static int wait_status(pid_t child) {
    int status = 0;
    if (waitpid(child, &status, 0) != child) {
        printf("FAIL waitpid: %s\n", strerror(errno));
        failures++;
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static void pair(int type, int sv[2]) {
    if (socketpair(AF_UNIX, type, 0, sv) != 0) {
        printf("FAIL socketpair type %d: %s\n", type, strerror(errno));
        exit(1);
    }
}

static void stream_pair(void) {
    int sv[2];
    pair(SOCK_STREAM | SOCK_CLOEXEC, sv);
    printf("stream pair close-on-exec: %s\n", (fcntl(sv[0], F_GETFD) & FD_CLOEXEC) ? "yes" : "no");
    struct stat st;
    CHECK(fstat(sv[0], &st) == 0, "fstat");
    printf("fstat of a socket: S_ISSOCK %s\n", S_ISSOCK(st.st_mode) ? "yes" : "no");
    pid_t child = in_child(write_hello_world, sv[1]);
    close(sv[1]);
    printf("writer status: %d\n", wait_status(child));
    char buffer[64];
    ssize_t n = read(sv[0], buffer, sizeof buffer);
    printf("stream read after the writer ended: '%.*s' (%zd bytes)\n", (int) (n > 0 ? n : 0), buffer, n);
    printf("then read: %zd (end of file)\n", read(sv[0], buffer, sizeof buffer));
    close(sv[0]);

    // a read that waits for a child that writes later
    pair(SOCK_STREAM, sv);
    child = in_child(send_late, sv[1]);
    n = recv(sv[0], buffer, sizeof buffer, 0);
    printf("blocking recv got: '%.*s'\n", (int) (n > 0 ? n : 0), buffer);
    printf("sender status: %d\n", wait_status(child));

    // writev and readv through the pair
    struct iovec out[2] = { { "abc", 3 }, { "defgh", 5 } };
    CHECK(writev(sv[1], out, 2) == 8, "writev");
    char first[3], rest[16];
    struct iovec in[2] = { { first, sizeof first }, { rest, sizeof rest } };
    n = readv(sv[0], in, 2);
    printf("readv: %zd bytes, '%.3s' + '%.*s'\n", n, first, (int) (n > 3 ? n - 3 : 0), rest);
    close(sv[0]);
    close(sv[1]);
}

static void datagram_pairs(void) {
    int sv[2];
    pair(SOCK_DGRAM, sv);
    pid_t child = in_child(send_datagrams, sv[1]);
    printf("datagram sender status: %d\n", wait_status(child));
    char buffer[64];
    for (int i = 0; i < 3; i++) {
        ssize_t n = recv(sv[0], buffer, sizeof buffer, 0);
        printf("datagram %d: '%.*s' (%zd bytes)\n", i + 1, (int) (n > 0 ? n : 0), buffer, n);
    }
    ssize_t n = recv(sv[0], buffer, 2, 0);
    printf("datagram into 2 bytes: '%.*s' (%zd)\n", (int) (n > 0 ? n : 0), buffer, n);
    struct iovec iov = { buffer, 3 };
    struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };
    n = recvmsg(sv[0], &msg, MSG_TRUNC);
    printf("recvmsg MSG_TRUNC into 3 bytes: %zd, '%.3s', msg_flags MSG_TRUNC %s\n", n, buffer,
           (msg.msg_flags & MSG_TRUNC) ? "yes" : "no");
    n = recv(sv[0], buffer, sizeof buffer, MSG_DONTWAIT);
    printf("empty datagram: %zd\n", n);
    n = recv(sv[0], buffer, sizeof buffer, MSG_DONTWAIT);
    printf("nothing left: %zd %s\n", n, err(n));
    close(sv[0]);
    close(sv[1]);

    pair(SOCK_SEQPACKET, sv);
    CHECK(send(sv[1], "ab", 2, 0) == 2 && send(sv[1], "cd", 2, 0) == 2, "seqpacket send");
    n = recv(sv[0], buffer, sizeof buffer, 0);
    printf("seqpacket keeps boundaries: '%.*s'\n", (int) (n > 0 ? n : 0), buffer);
    n = recv(sv[0], buffer, sizeof buffer, 0);
    printf("seqpacket second: '%.*s'\n", (int) (n > 0 ? n : 0), buffer);
    close(sv[1]);
    printf("seqpacket after the peer closed: %zd\n", recv(sv[0], buffer, sizeof buffer, 0));
    close(sv[0]);
}

static void shutdown_and_pipe_errors(void) {
    struct sigaction sa = { .sa_handler = on_sigpipe };
    sigaction(SIGPIPE, &sa, NULL);
    int sv[2];
    char buffer[16];
    pair(SOCK_STREAM, sv);
    CHECK(write(sv[0], "before", 6) == 6, "write before shutdown");
    CHECK(shutdown(sv[0], SHUT_WR) == 0, "shutdown SHUT_WR");
    ssize_t n = read(sv[1], buffer, sizeof buffer);
    printf("peer reads what came before SHUT_WR: %zd, then %zd (end of file)\n", n, read(sv[1], buffer, sizeof buffer));
    n = write(sv[0], "x", 1);
    printf("write after SHUT_WR: %zd %s, SIGPIPE count %d\n", n, err(n), (int) sigpipes);
    n = send(sv[0], "x", 1, MSG_NOSIGNAL);
    printf("send MSG_NOSIGNAL after SHUT_WR: %zd %s, SIGPIPE count %d\n", n, err(n), (int) sigpipes);
    n = write(sv[1], "back", 4);
    printf("the other direction still works: %zd, ", n);
    n = read(sv[0], buffer, sizeof buffer);
    printf("read %zd\n", n);
    CHECK(shutdown(sv[1], SHUT_RD) == 0, "shutdown SHUT_RD");
    n = send(sv[0], "y", 1, MSG_NOSIGNAL);
    printf("send to a peer that shut reading: %zd %s\n", n, err(n));
    n = shutdown(sv[0], 7);
    printf("shutdown(7): %s\n", err(n));
    close(sv[0]);
    close(sv[1]);

    pair(SOCK_STREAM, sv);
    close(sv[1]);
    n = write(sv[0], "z", 1);
    printf("write to a closed peer: %zd %s, SIGPIPE count %d\n", n, err(n), (int) sigpipes);
    struct pollfd p = { sv[0], POLLIN | POLLOUT, 0 };
    n = poll(&p, 1, 0);
    printf("poll after the peer closed: %zd, POLLIN %s POLLHUP %s\n", n, (p.revents & POLLIN) ? "yes" : "no",
           (p.revents & POLLHUP) ? "yes" : "no");
    close(sv[0]);

    // Linux raises SIGPIPE for stream sockets only; a datagram peer that closed refuses once, then is forgotten
    pair(SOCK_SEQPACKET, sv);
    CHECK(shutdown(sv[0], SHUT_WR) == 0, "seqpacket shutdown");
    n = write(sv[0], "s", 1);
    printf("seqpacket write after SHUT_WR: %zd %s, SIGPIPE count %d\n", n, err(n), (int) sigpipes);
    close(sv[0]);
    close(sv[1]);
    pair(SOCK_DGRAM, sv);
    close(sv[1]);
    n = write(sv[0], "d", 1);
    printf("datagram write to a closed peer: %s, ", err(n));
    n = write(sv[0], "d", 1);
    printf("then %s, SIGPIPE count %d\n", err(n), (int) sigpipes);
    n = recv(sv[0], buffer, sizeof buffer, MSG_DONTWAIT);
    printf("datagram recv after the peer closed: %s\n", err(n));
    close(sv[0]);
    sa.sa_handler = SIG_DFL;
    sigaction(SIGPIPE, &sa, NULL);
}

/* A peer that closes with data unread resets the connection: after the data on a stream, before it on seqpacket. */
static void resets(void) {
    int types[] = { SOCK_STREAM, SOCK_SEQPACKET };
    const char *names[] = { "stream", "seqpacket" };
    char buffer[8];
    for (int i = 0; i < 2; i++) {
        int sv[2];
        pair(types[i], sv);
        CHECK(write(sv[0], "x", 1) == 1 && write(sv[1], "y", 1) == 1, "write both ways");
        close(sv[1]);
        printf("%s reads after the peer closed with data unread:", names[i]);
        for (int j = 0; j < 3; j++) {
            ssize_t n = read(sv[0], buffer, sizeof buffer);
            printf(" %s", n >= 0 ? (n > 0 ? "data" : "eof") : err(n));
        }
        printf("\n");
        close(sv[0]);
        pair(types[i], sv);
        CHECK(write(sv[0], "x", 1) == 1, "write");
        close(sv[1]);
        int error = 0;
        socklen_t length = sizeof error;
        CHECK(getsockopt(sv[0], SOL_SOCKET, SO_ERROR, &error, &length) == 0, "SO_ERROR");
        ssize_t n = read(sv[0], buffer, sizeof buffer);
        printf("%s SO_ERROR: %s, then read %zd\n", names[i], error ? strerrorname_np(error) : "0", n);
        close(sv[0]);
    }
}

static void peek_dontwait_poll(void) {
    int sv[2];
    char buffer[32];
    pair(SOCK_STREAM, sv);
    ssize_t n = recv(sv[0], buffer, sizeof buffer, MSG_DONTWAIT);
    printf("MSG_DONTWAIT on an empty socket: %zd %s\n", n, err(n));
    struct pollfd p = { sv[0], POLLIN, 0 };
    printf("poll POLLIN before data: %d\n", poll(&p, 1, 0));
    CHECK(send(sv[1], "peekaboo", 8, 0) == 8, "send");
    printf("poll POLLIN with data: %d, revents POLLIN %s\n", poll(&p, 1, 0), (p.revents & POLLIN) ? "yes" : "no");
    n = recv(sv[0], buffer, 4, MSG_PEEK);
    printf("MSG_PEEK: '%.*s'\n", (int) (n > 0 ? n : 0), buffer);
    n = recv(sv[0], buffer, sizeof buffer, 0);
    printf("then recv: '%.*s'\n", (int) (n > 0 ? n : 0), buffer);

    // poll that waits for a child's write
    pid_t child = in_child(write_late, sv[1]);
    p.revents = 0;
    printf("poll waiting for the child: %d, POLLIN %s\n", poll(&p, 1, 5000), (p.revents & POLLIN) ? "yes" : "no");
    printf("child status: %d\n", wait_status(child));
    close(sv[0]);
    close(sv[1]);

    pair(SOCK_STREAM | SOCK_NONBLOCK, sv);
    printf("SOCK_NONBLOCK sets O_NONBLOCK: %s\n", (fcntl(sv[0], F_GETFL) & O_NONBLOCK) ? "yes" : "no");
    n = read(sv[0], buffer, sizeof buffer);
    printf("read of an empty non-blocking socket: %zd %s\n", n, err(n));
    static char chunk[4096];
    long total = 0;
    while ((n = write(sv[1], chunk, sizeof chunk)) > 0) {
        total += n;
    }
    printf("writes until the buffer is full end with: %s, after more than 64 KiB: %s\n", err(n), total > 65536 ? "yes" : "no");
    struct pollfd w = { sv[1], POLLOUT, 0 };
    printf("poll POLLOUT when full: %d\n", poll(&w, 1, 0));
    long drained = 0;
    while ((n = read(sv[0], chunk, sizeof chunk)) > 0) {
        drained += n;
    }
    printf("drained all of it: %s\n", drained == total ? "yes" : "no");
    printf("poll POLLOUT after draining: %d\n", poll(&w, 1, 0));
    close(sv[0]);
    close(sv[1]);
}

static socklen_t unix_address(struct sockaddr_un *sun, const char *path) {
    memset(sun, 0, sizeof *sun);
    sun->sun_family = AF_UNIX;
    strncpy(sun->sun_path, path, sizeof sun->sun_path - 1);
    return offsetof(struct sockaddr_un, sun_path) + strlen(path) + 1;
}

static const char *base_name(const struct sockaddr_un *sun, socklen_t length) {
    if (length <= offsetof(struct sockaddr_un, sun_path)) return "(unnamed)";
    const char *slash = strrchr(sun->sun_path, '/');
    return slash ? slash + 1 : sun->sun_path;
}

/*
 * The child of the stream server: connects to the name of the listener it inherited, checks its
 * names, echoes, receives a pipe. Exit status: 0 or the failed step.
 */
static int stream_client(int listener) {
    struct sockaddr_un sun, got;
    socklen_t length = sizeof sun;
    if (getsockname(listener, (struct sockaddr *) &sun, &length) != 0) return 19;
    int s = socket(AF_UNIX, SOCK_STREAM, 0);
    if (connect(s, (struct sockaddr *) &sun, length) != 0) return 20;
    socklen_t got_length = sizeof got;
    if (getpeername(s, (struct sockaddr *) &got, &got_length) != 0 || got_length != length || strcmp(got.sun_path, sun.sun_path) != 0) return 21;
    got_length = sizeof got;
    if (getsockname(s, (struct sockaddr *) &got, &got_length) != 0 || got_length != offsetof(struct sockaddr_un, sun_path)) return 22;
    struct ucred cred;
    socklen_t cred_length = sizeof cred;
    if (getsockopt(s, SOL_SOCKET, SO_PEERCRED, &cred, &cred_length) != 0 || cred.pid != getppid()) return 23;
    if (write(s, "echo me", 7) != 7) return 24;
    char buffer[64];
    // exactly the reply: a longer read could take the message after it, and close the descriptor it passes
    ssize_t n = read(s, buffer, 13);
    if (n != 13 || memcmp(buffer, "ECHO: echo me", 13) != 0) return 25;
    // a descriptor passed with SCM_RIGHTS: read the pipe to its end, send back what came through it
    char byte;
    struct iovec iov = { &byte, 1 };
    union {
        struct cmsghdr align;
        char space[CMSG_SPACE(sizeof(int))];
    } control;
    struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = control.space, .msg_controllen = sizeof control.space };
    if (recvmsg(s, &msg, 0) != 1 || byte != 'R') return 26;
    struct cmsghdr *cmsg = CMSG_FIRSTHDR(&msg);
    if (cmsg == NULL || cmsg->cmsg_level != SOL_SOCKET || cmsg->cmsg_type != SCM_RIGHTS || cmsg->cmsg_len != CMSG_LEN(sizeof(int))) return 27;
    int passed;
    memcpy(&passed, CMSG_DATA(cmsg), sizeof passed);
    size_t total = 0;
    while ((n = read(passed, buffer + total, sizeof buffer - total)) > 0) total += n;
    if (write(s, buffer, total) != (ssize_t) total) return 28;
    close(passed);
    // credentials, which the server asked for with SO_PASSCRED
    if (sendmsg(s, &(struct msghdr) { .msg_iov = &(struct iovec) { "C", 1 }, .msg_iovlen = 1 }, 0) != 1) return 29;
    close(s);
    return 0;
}

static void stream_server(const char *dir) {
    char path[200];
    snprintf(path, sizeof path, "%s/server.sock", dir);
    int listener = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un sun, got;
    socklen_t length = unix_address(&sun, path);
    CHECK(bind(listener, (struct sockaddr *) &sun, length) == 0, "bind");
    struct stat st;
    CHECK(stat(path, &st) == 0, "stat socket");
    printf("bound path is a socket: %s\n", S_ISSOCK(st.st_mode) ? "yes" : "no");
    DIR *d = opendir(dir);
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL) {
        if (e->d_name[0] != '.') printf("listed: %s DT_SOCK %s\n", e->d_name, e->d_type == DT_SOCK ? "yes" : "no");
    }
    if (d) closedir(d);
    int other = socket(AF_UNIX, SOCK_STREAM, 0);
    long r = bind(other, (struct sockaddr *) &sun, length);
    printf("bind to a taken path: %s\n", err(r));
    r = connect(other, (struct sockaddr *) &sun, length);
    printf("connect before listen: %s\n", err(r));
    CHECK(listen(listener, 4) == 0, "listen");
    r = bind(listener, (struct sockaddr *) &sun, length);
    printf("bind of a bound socket: %s\n", err(r));
    int value;
    socklen_t value_length = sizeof value;
    CHECK(getsockopt(listener, SOL_SOCKET, SO_ACCEPTCONN, &value, &value_length) == 0, "SO_ACCEPTCONN");
    printf("SO_ACCEPTCONN: %d\n", value);
    value_length = sizeof value;
    CHECK(getsockopt(listener, SOL_SOCKET, SO_TYPE, &value, &value_length) == 0, "SO_TYPE");
    printf("SO_TYPE is SOCK_STREAM: %s, length %u\n", value == SOCK_STREAM ? "yes" : "no", value_length);
    CHECK(getsockopt(listener, SOL_SOCKET, SO_ERROR, &value, &value_length) == 0 && value == 0, "SO_ERROR");
    CHECK(getsockopt(listener, SOL_SOCKET, SO_RCVBUF, &value, &value_length) == 0 && value > 0, "SO_RCVBUF");
    CHECK(getsockopt(listener, SOL_SOCKET, SO_SNDBUF, &value, &value_length) == 0 && value > 0, "SO_SNDBUF");
    value = 1;
    CHECK(setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &value, sizeof value) == 0, "SO_REUSEADDR");
    r = getsockopt(listener, SOL_SOCKET, 12345, &value, &value_length);
    printf("getsockopt of an unknown option: %s\n", err(r));

    pid_t child = in_child(stream_client, listener);
    socklen_t got_length = sizeof got;
    int conn = accept(listener, (struct sockaddr *) &got, &got_length);
    CHECK(conn >= 0, "accept");
    value = 1; // before the client can send what the credentials check reads
    CHECK(setsockopt(conn, SOL_SOCKET, SO_PASSCRED, &value, sizeof value) == 0, "SO_PASSCRED");
    printf("accepted; client address length %u\n", got_length);
    got_length = sizeof got;
    CHECK(getsockname(conn, (struct sockaddr *) &got, &got_length) == 0, "getsockname");
    printf("accepted socket's name: %s, full path %s\n", base_name(&got, got_length),
           got_length == length && strcmp(got.sun_path, path) == 0 ? "yes" : "no");
    got_length = sizeof got;
    CHECK(getpeername(conn, (struct sockaddr *) &got, &got_length) == 0, "getpeername");
    printf("its peer: %s\n", base_name(&got, got_length));
    struct ucred cred;
    socklen_t cred_length = sizeof cred;
    CHECK(getsockopt(conn, SOL_SOCKET, SO_PEERCRED, &cred, &cred_length) == 0, "SO_PEERCRED");
    printf("SO_PEERCRED: pid is the child %s, uid is ours %s, length %u\n", cred.pid == child ? "yes" : "no",
           cred.uid == getuid() ? "yes" : "no", cred_length);
    char buffer[64];
    ssize_t n = read(conn, buffer, sizeof buffer);
    printf("server read: '%.*s'\n", (int) (n > 0 ? n : 0), buffer);
    char reply[80];
    int reply_length = snprintf(reply, sizeof reply, "ECHO: %.*s", (int) (n > 0 ? n : 0), buffer);
    CHECK(write(conn, reply, reply_length) == reply_length, "echo");

    int fds[2];
    CHECK(pipe(fds) == 0, "pipe");
    struct iovec iov = { "R", 1 };
    union {
        struct cmsghdr align;
        char space[CMSG_SPACE(sizeof(int))];
    } control;
    memset(&control, 0, sizeof control);
    struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = control.space, .msg_controllen = sizeof control.space };
    struct cmsghdr *cmsg = CMSG_FIRSTHDR(&msg);
    cmsg->cmsg_level = SOL_SOCKET;
    cmsg->cmsg_type = SCM_RIGHTS;
    cmsg->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(cmsg), &fds[0], sizeof(int));
    n = sendmsg(conn, &msg, 0);
    printf("sendmsg with SCM_RIGHTS: %zd\n", n);
    close(fds[0]);
    CHECK(write(fds[1], "through the pipe", 16) == 16, "pipe write");
    close(fds[1]);
    size_t total = 0;
    while (total < 16 && (n = read(conn, buffer + total, 16 - total)) > 0) total += n;
    printf("child read from the passed pipe: '%.*s'\n", (int) total, buffer);

    char byte;
    struct iovec in = { &byte, 1 };
    union {
        struct cmsghdr align;
        char space[CMSG_SPACE(sizeof(struct ucred))];
    } creds;
    struct msghdr cmsg_in = { .msg_iov = &in, .msg_iovlen = 1, .msg_control = creds.space, .msg_controllen = sizeof creds.space };
    n = recvmsg(conn, &cmsg_in, 0);
    cmsg = n == 1 ? CMSG_FIRSTHDR(&cmsg_in) : NULL;
    int is_cred = cmsg && cmsg->cmsg_level == SOL_SOCKET && cmsg->cmsg_type == SCM_CREDENTIALS;
    struct ucred sent = { 0 };
    if (is_cred) memcpy(&sent, CMSG_DATA(cmsg), sizeof sent);
    printf("SCM_CREDENTIALS: %s, pid is the child %s\n", is_cred ? "yes" : "no", sent.pid == child ? "yes" : "no");
    printf("client status: %d\n", wait_status(child));
    printf("read after the client closed: %zd\n", read(conn, buffer, sizeof buffer));
    close(conn);
    close(listener);
    r = connect(other, (struct sockaddr *) &sun, length);
    printf("connect after the listener closed: %s\n", err(r));
    close(other);
    CHECK(unlink(path) == 0, "unlink");
    r = stat(path, &st);
    printf("stat after unlink: %s\n", err(r));
    int again = socket(AF_UNIX, SOCK_STREAM, 0);
    r = connect(again, (struct sockaddr *) &sun, length);
    printf("connect to a missing path: %s\n", err(r));
    int file = open(path, O_CREAT | O_WRONLY, 0600);
    close(file);
    r = connect(again, (struct sockaddr *) &sun, length);
    printf("connect to a regular file: %s\n", err(r));
    unlink(path);
    close(again);
}

static void datagram_server(const char *dir) {
    char server_path[200], client_path[200];
    snprintf(server_path, sizeof server_path, "%s/dgram.sock", dir);
    snprintf(client_path, sizeof client_path, "%s/client.sock", dir);
    struct sockaddr_un server_address, client_address, from;
    socklen_t server_length = unix_address(&server_address, server_path);
    socklen_t client_length = unix_address(&client_address, client_path);
    int server = socket(AF_UNIX, SOCK_DGRAM, 0);
    int client = socket(AF_UNIX, SOCK_DGRAM, 0);
    CHECK(bind(server, (struct sockaddr *) &server_address, server_length) == 0, "bind datagram server");
    CHECK(bind(client, (struct sockaddr *) &client_address, client_length) == 0, "bind datagram client");
    ssize_t n = sendto(client, "to the server", 13, 0, (struct sockaddr *) &server_address, server_length);
    printf("sendto a path: %zd\n", n);
    char buffer[64];
    socklen_t from_length = sizeof from;
    n = recvfrom(server, buffer, sizeof buffer, 0, (struct sockaddr *) &from, &from_length);
    printf("recvfrom: '%.*s' from %s\n", (int) (n > 0 ? n : 0), buffer, base_name(&from, from_length));
    n = sendto(server, "reply", 5, 0, (struct sockaddr *) &from, from_length);
    from_length = sizeof from;
    n = recvfrom(client, buffer, sizeof buffer, 0, (struct sockaddr *) &from, &from_length);
    printf("reply: '%.*s' from %s\n", (int) (n > 0 ? n : 0), buffer, base_name(&from, from_length));

    int unnamed = socket(AF_UNIX, SOCK_DGRAM, 0);
    CHECK(sendto(unnamed, "anonymous", 9, 0, (struct sockaddr *) &server_address, server_length) == 9, "sendto unnamed");
    from_length = sizeof from;
    n = recvfrom(server, buffer, sizeof buffer, 0, (struct sockaddr *) &from, &from_length);
    printf("from an unnamed socket: '%.*s', address length %u\n", (int) (n > 0 ? n : 0), buffer, from_length);
    CHECK(connect(unnamed, (struct sockaddr *) &server_address, server_length) == 0, "connect datagram");
    CHECK(send(unnamed, "connected", 9, 0) == 9, "send connected");
    n = recv(server, buffer, sizeof buffer, 0);
    printf("connected datagram: '%.*s'\n", (int) (n > 0 ? n : 0), buffer);
    n = send(client, "x", 1, 0);
    printf("send without a peer: %s\n", err(n));
    int stream = socket(AF_UNIX, SOCK_STREAM, 0);
    n = connect(stream, (struct sockaddr *) &server_address, server_length);
    printf("stream connect to a datagram socket: %s\n", err(n));
    n = listen(server, 1);
    printf("listen on a datagram socket: %s\n", err(n));
    close(stream);
    close(unnamed);
    close(client);
    close(server);
    unlink(server_path);
    unlink(client_path);
}

/* A path near sun_path's limit: the emulator's host path for it is longer than the guest's. */
static void long_path(const char *dir) {
    char subdir[200], path[200];
    snprintf(subdir, sizeof subdir, "%.20s/%070d", dir, 7);
    snprintf(path, sizeof path, "%.20s/%070d/long.sock", dir, 7);
    CHECK(mkdir(subdir, 0700) == 0, "mkdir");
    struct sockaddr_un sun;
    socklen_t length = unix_address(&sun, path);
    int receiver = socket(AF_UNIX, SOCK_DGRAM, 0);
    long r = bind(receiver, (struct sockaddr *) &sun, length);
    struct stat st;
    printf("bind to a %zu-byte path: %s, a socket %s\n", strlen(path), err(r), stat(path, &st) == 0 && S_ISSOCK(st.st_mode) ? "yes" : "no");
    int sender = socket(AF_UNIX, SOCK_DGRAM, 0);
    CHECK(sendto(sender, "far", 3, 0, (struct sockaddr *) &sun, length) == 3, "sendto long path");
    char buffer[8];
    ssize_t n = recv(receiver, buffer, sizeof buffer, 0);
    printf("through it: '%.*s'\n", (int) (n > 0 ? n : 0), buffer);
    close(sender);
    close(receiver);
    CHECK(unlink(path) == 0 && rmdir(subdir) == 0, "remove long path");
}

static void abstract_names(void) {
    struct sockaddr_un sun, got;
    memset(&sun, 0, sizeof sun);
    sun.sun_family = AF_UNIX;
    int name_length = snprintf(sun.sun_path + 1, sizeof sun.sun_path - 1, "k42lens-sockets-%d", (int) getpid());
    socklen_t length = offsetof(struct sockaddr_un, sun_path) + 1 + name_length;
    int listener = socket(AF_UNIX, SOCK_STREAM, 0);
    CHECK(bind(listener, (struct sockaddr *) &sun, length) == 0, "bind abstract");
    socklen_t got_length = sizeof got;
    CHECK(getsockname(listener, (struct sockaddr *) &got, &got_length) == 0, "getsockname abstract");
    printf("abstract getsockname matches: %s\n", got_length == length && memcmp(&got, &sun, length) == 0 ? "yes" : "no");
    int taken = socket(AF_UNIX, SOCK_STREAM, 0);
    long r = bind(taken, (struct sockaddr *) &sun, length);
    printf("bind to a taken abstract name: %s\n", err(r));
    CHECK(listen(listener, 1) == 0, "listen abstract");
    int client = socket(AF_UNIX, SOCK_STREAM, 0);
    r = connect(client, (struct sockaddr *) &sun, length);
    printf("connect to an abstract name without waiting for accept: %s\n", err(r));
    int conn = accept4(listener, NULL, NULL, SOCK_CLOEXEC);
    printf("accept4 SOCK_CLOEXEC: %s\n", conn >= 0 && (fcntl(conn, F_GETFD) & FD_CLOEXEC) ? "yes" : "no");
    CHECK(send(client, "abs", 3, 0) == 3, "send abstract");
    char buffer[8];
    ssize_t n = recv(conn, buffer, sizeof buffer, 0);
    printf("through the abstract connection: '%.*s'\n", (int) (n > 0 ? n : 0), buffer);
    fcntl(listener, F_SETFL, O_NONBLOCK);
    n = accept(listener, NULL, NULL);
    printf("accept with nobody waiting (non-blocking): %s\n", err(n));
    struct pollfd p = { listener, POLLIN | POLLOUT, 0 };
    printf("poll of a listener with nobody waiting: %d\n", poll(&p, 1, 0));
    n = send(listener, "x", 1, MSG_NOSIGNAL);
    printf("send on a listener: %s\n", err(n));
    int pending = socket(AF_UNIX, SOCK_STREAM, 0);
    CHECK(connect(pending, (struct sockaddr *) &sun, length) == 0, "connect pending");
    close(conn);
    close(client);
    close(listener);
    n = read(pending, buffer, sizeof buffer);
    printf("a connection never accepted when the listener closed: %s, ", err(n));
    n = read(pending, buffer, sizeof buffer);
    printf("then %zd\n", n);
    close(pending);
    r = connect(taken, (struct sockaddr *) &sun, length);
    printf("connect after the abstract listener closed: %s\n", err(r));
    close(taken);

    int autobound = socket(AF_UNIX, SOCK_DGRAM, 0);
    struct sockaddr_un family_only = { .sun_family = AF_UNIX };
    CHECK(bind(autobound, (struct sockaddr *) &family_only, offsetof(struct sockaddr_un, sun_path)) == 0, "autobind");
    got_length = sizeof got;
    CHECK(getsockname(autobound, (struct sockaddr *) &got, &got_length) == 0, "getsockname autobind");
    printf("autobind: length %u, abstract %s\n", got_length, got.sun_path[0] == 0 ? "yes" : "no");
    close(autobound);
}

static void errors(void) {
    long r = socket(AF_UNIX, SOCK_RDM, 0);
    printf("socket SOCK_RDM: %s\n", err(r));
    r = socket(AF_UNIX, 12, 0);
    printf("socket type 12: %s\n", err(r));
    r = socket(AF_UNIX, SOCK_STREAM, 7);
    printf("socket protocol 7: %s\n", err(r));
    r = socketpair(AF_UNIX, SOCK_STREAM, 0, NULL);
    printf("socketpair to a null array: %s\n", err(r));
    int fds[2];
    CHECK(pipe(fds) == 0, "pipe");
    struct sockaddr_un sun;
    socklen_t length = sizeof sun;
    r = getsockname(fds[0], (struct sockaddr *) &sun, &length);
    printf("getsockname of a pipe: %s\n", err(r));
    r = shutdown(fds[0], SHUT_RDWR);
    printf("shutdown of a pipe: %s\n", err(r));
    close(fds[0]);
    close(fds[1]);
    r = getsockname(1000, (struct sockaddr *) &sun, &length);
    printf("getsockname of a closed descriptor: %s\n", err(r));
    int s = socket(AF_UNIX, SOCK_STREAM, 0);
    r = getpeername(s, (struct sockaddr *) &sun, &length);
    printf("getpeername unconnected: %s\n", err(r));
    r = send(s, "x", 1, MSG_NOSIGNAL);
    printf("send unconnected: %s\n", err(r));
    r = accept(s, NULL, NULL);
    printf("accept without listen: %s\n", err(r));
    char byte;
    r = recv(s, &byte, 1, MSG_DONTWAIT);
    printf("recv unconnected: %s\n", err(r));
    struct pollfd p = { s, POLLIN | POLLOUT, 0 };
    poll(&p, 1, 0);
    printf("poll unconnected: POLLIN %s POLLOUT %s POLLHUP %s\n", (p.revents & POLLIN) ? "yes" : "no",
           (p.revents & POLLOUT) ? "yes" : "no", (p.revents & POLLHUP) ? "yes" : "no");
    int q = socket(AF_UNIX, SOCK_SEQPACKET, 0);
    r = recv(q, &byte, 1, MSG_DONTWAIT);
    printf("seqpacket recv unconnected: %s\n", err(r));
    r = send(q, &byte, 1, MSG_DONTWAIT);
    printf("seqpacket send unconnected: %s\n", err(r));
    close(q);
    r = listen(s, 1);
    printf("listen unbound: %s\n", err(r));
    r = bind(s, (struct sockaddr *) &sun, 1);
    printf("bind with length 1: %s\n", err(r));
    r = bind(s, (struct sockaddr *) &sun, sizeof sun + 1);
    printf("bind with a length beyond sockaddr_un: %s\n", err(r));
    unix_address(&sun, "/nonexistent-dir/s.sock");
    r = bind(s, (struct sockaddr *) &sun, sizeof sun);
    printf("bind in a missing directory: %s\n", err(r));
    r = connect(s, (struct sockaddr *) 8, sizeof sun);
    printf("connect with a bad address pointer: %s\n", err(r));
    struct ucred cred;
    socklen_t cred_length = sizeof cred;
    r = getsockopt(s, SOL_SOCKET, SO_PEERCRED, &cred, &cred_length);
    printf("SO_PEERCRED unconnected: %s, pid %d\n", err(r), r == 0 ? (int) cred.pid : -1);
    close(s);
}

int main(void) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    stream_pair();
    datagram_pairs();
    shutdown_and_pipe_errors();
    resets();
    peek_dontwait_poll();
    char dir[] = "/tmp/sockets.XXXXXX";
    if (mkdtemp(dir) == NULL) {
        printf("FAIL mkdtemp: %s\n", strerror(errno));
        return 1;
    }
    stream_server(dir);
    datagram_server(dir);
    long_path(dir);
    printf("rmdir of the emptied directory: %s\n", err(rmdir(dir)));
    abstract_names();
    errors();
    printf("%s\n", failures == 0 ? "all checks passed" : "some checks failed");
    return failures == 0 ? 0 : 1;
}
