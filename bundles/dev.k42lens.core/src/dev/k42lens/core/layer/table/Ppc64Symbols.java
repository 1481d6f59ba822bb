package dev.k42lens.core.layer.table;

/**
 * The C constants that syscall arguments are decoded with, holding the values a 64-bit powerpc
 * guest uses. Where powerpc differs from x86_64 the values are powerpc's: O_DIRECTORY, O_NOFOLLOW,
 * O_LARGEFILE, O_DIRECT; MAP_NORESERVE, MAP_LOCKED; MCL_*; PROT_SAO; the SA_* flags; the _IOC
 * encoding of ioctl requests (3 direction bits on top, 13 size bits). Values were checked against the
 * headers of Debian's powerpc64-linux-gnu cross toolchain (Linux uapi, glibc 2.36).
 */
final class Ppc64Symbols {
    private Ppc64Symbols() {
    }

    static final int AT_FDCWD = -100;

    static final BitFlags OPEN_FLAGS = BitFlags.withField("O_RDONLY", 03,
            NamedValues.parse("O_RDONLY=0 O_WRONLY=1 O_RDWR=2"), false, """
            O_CREAT=0100 O_EXCL=0200 O_NOCTTY=0400 O_TRUNC=01000 O_APPEND=02000 O_NONBLOCK=04000
            O_SYNC=04010000 O_DSYNC=010000 O_ASYNC=020000 O_TMPFILE=020040000 O_DIRECTORY=040000
            O_NOFOLLOW=0100000 O_LARGEFILE=0200000 O_DIRECT=0400000 O_NOATIME=01000000 O_CLOEXEC=02000000
            O_PATH=010000000""");

    /** open's mode argument means something only with these flags. */
    static final int O_CREAT = 0100, O_TMPFILE = 020040000;

    /** The open flags that calls creating descriptors accept (pipe2, dup3, epoll_create1 ...). */
    static final BitFlags FD_FLAGS = BitFlags.parse("0", "O_NONBLOCK=04000 O_DIRECT=0400000 O_CLOEXEC=02000000");

    static final BitFlags FD_CLOEXEC_FLAGS = BitFlags.parse("0", "FD_CLOEXEC=1");

    static final BitFlags AT_FLAGS = BitFlags.parse("0", """
            AT_SYMLINK_NOFOLLOW=0x100 AT_REMOVEDIR=0x200 AT_SYMLINK_FOLLOW=0x400 AT_NO_AUTOMOUNT=0x800
            AT_EMPTY_PATH=0x1000 AT_STATX_FORCE_SYNC=0x2000 AT_STATX_DONT_SYNC=0x4000 AT_RECURSIVE=0x8000""");

    /** faccessat2 reads 0x200 as AT_EACCESS where unlinkat reads AT_REMOVEDIR. */
    static final BitFlags FACCESSAT_FLAGS = BitFlags.parse("0",
            "AT_SYMLINK_NOFOLLOW=0x100 AT_EACCESS=0x200 AT_EMPTY_PATH=0x1000");

    static final BitFlags ACCESS_MODE = BitFlags.parse("F_OK", "R_OK=4 W_OK=2 X_OK=1");

    static final NamedValues FILE_TYPES = NamedValues.parse("""
            S_IFSOCK=0140000 S_IFLNK=0120000 S_IFREG=0100000 S_IFBLK=060000 S_IFDIR=040000 S_IFCHR=020000
            S_IFIFO=010000""");

    static final int S_IFMT = 0170000;

    /** A file mode: {@code S_IFREG|0644}, or just the octal permissions, {@code 0755}. */
    static final Symbolic FILE_MODE = mode -> {
        int type = mode & S_IFMT;
        String permissions = String.format("0%02o", mode & ~S_IFMT);
        return type == 0 ? permissions : FILE_TYPES.format(type) + "|" + permissions;
    };

    static final BitFlags MMAP_PROT = BitFlags.parse("PROT_NONE", """
            PROT_READ=1 PROT_WRITE=2 PROT_EXEC=4 PROT_SEM=8 PROT_SAO=0x10 PROT_GROWSDOWN=0x01000000
            PROT_GROWSUP=0x02000000""");

    static final BitFlags MMAP_FLAGS = BitFlags.withField("0", 0xf,
            NamedValues.parse("MAP_SHARED=1 MAP_PRIVATE=2 MAP_SHARED_VALIDATE=3"), false, """
            MAP_FIXED=0x10 MAP_ANONYMOUS=0x20 MAP_NORESERVE=0x40 MAP_LOCKED=0x80 MAP_GROWSDOWN=0x100
            MAP_DENYWRITE=0x800 MAP_EXECUTABLE=0x1000 MAP_POPULATE=0x8000 MAP_NONBLOCK=0x10000
            MAP_STACK=0x20000 MAP_HUGETLB=0x40000 MAP_SYNC=0x80000 MAP_FIXED_NOREPLACE=0x100000""");

    static final BitFlags MREMAP_FLAGS = BitFlags.parse("0", "MREMAP_MAYMOVE=1 MREMAP_FIXED=2 MREMAP_DONTUNMAP=4");

    static final BitFlags MSYNC_FLAGS = BitFlags.parse("0", "MS_ASYNC=1 MS_INVALIDATE=2 MS_SYNC=4");

    static final BitFlags MLOCKALL_FLAGS = BitFlags.parse("0", "MCL_CURRENT=0x2000 MCL_FUTURE=0x4000 MCL_ONFAULT=0x8000");

    static final NamedValues MADVISE_ADVICE = NamedValues.parse("""
            MADV_NORMAL=0 MADV_RANDOM=1 MADV_SEQUENTIAL=2 MADV_WILLNEED=3 MADV_DONTNEED=4 MADV_FREE=8
            MADV_REMOVE=9 MADV_DONTFORK=10 MADV_DOFORK=11 MADV_MERGEABLE=12 MADV_UNMERGEABLE=13
            MADV_HUGEPAGE=14 MADV_NOHUGEPAGE=15 MADV_DONTDUMP=16 MADV_DODUMP=17 MADV_WIPEONFORK=18
            MADV_KEEPONFORK=19 MADV_COLD=20 MADV_PAGEOUT=21 MADV_POPULATE_READ=22 MADV_POPULATE_WRITE=23
            MADV_DONTNEED_LOCKED=24 MADV_COLLAPSE=25 MADV_HWPOISON=100 MADV_SOFT_OFFLINE=101""");

    static final NamedValues FADVISE_ADVICE = NamedValues.parse("""
            POSIX_FADV_NORMAL=0 POSIX_FADV_RANDOM=1 POSIX_FADV_SEQUENTIAL=2 POSIX_FADV_WILLNEED=3
            POSIX_FADV_DONTNEED=4 POSIX_FADV_NOREUSE=5""");

    static final NamedValues WHENCE = NamedValues.parse("SEEK_SET=0 SEEK_CUR=1 SEEK_END=2 SEEK_DATA=3 SEEK_HOLE=4");

    static final NamedValues CLOCK_ID = NamedValues.parse("""
            CLOCK_REALTIME=0 CLOCK_MONOTONIC=1 CLOCK_PROCESS_CPUTIME_ID=2 CLOCK_THREAD_CPUTIME_ID=3
            CLOCK_MONOTONIC_RAW=4 CLOCK_REALTIME_COARSE=5 CLOCK_MONOTONIC_COARSE=6 CLOCK_BOOTTIME=7
            CLOCK_REALTIME_ALARM=8 CLOCK_BOOTTIME_ALARM=9 CLOCK_TAI=11""");

    static final BitFlags TIMER_FLAGS = BitFlags.parse("0", "TIMER_ABSTIME=1");

    static final Symbolic SIGNAL = Signal::nameOf;

    static final NamedValues SIGPROCMASK_HOW = NamedValues.parse("SIG_BLOCK=0 SIG_UNBLOCK=1 SIG_SETMASK=2");

    static final int SA_RESTORER = 0x04000000;

    static final BitFlags SA_FLAGS = BitFlags.parse("0", """
            SA_NOCLDSTOP=1 SA_NOCLDWAIT=2 SA_SIGINFO=4 SA_UNSUPPORTED=0x400 SA_EXPOSE_TAGBITS=0x800
            SA_RESTORER=0x04000000 SA_ONSTACK=0x08000000 SA_RESTART=0x10000000 SA_NODEFER=0x40000000
            SA_RESETHAND=0x80000000""");

    static final BitFlags SS_FLAGS = BitFlags.parse("0", "SS_ONSTACK=1 SS_DISABLE=2 SS_AUTODISARM=0x80000000");

    /** The low byte of clone flags is the signal sent to the parent when the child exits (CSIGNAL). */
    static final BitFlags CLONE_FLAGS = BitFlags.withField("0", 0xff,
            NamedValues.range(1, Signal.NSIG, Signal::nameOf), true, """
            CLONE_VM=0x100 CLONE_FS=0x200 CLONE_FILES=0x400 CLONE_SIGHAND=0x800 CLONE_PIDFD=0x1000
            CLONE_PTRACE=0x2000 CLONE_VFORK=0x4000 CLONE_PARENT=0x8000 CLONE_THREAD=0x10000
            CLONE_NEWNS=0x20000 CLONE_SYSVSEM=0x40000 CLONE_SETTLS=0x80000 CLONE_PARENT_SETTID=0x100000
            CLONE_CHILD_CLEARTID=0x200000 CLONE_DETACHED=0x400000 CLONE_UNTRACED=0x800000
            CLONE_CHILD_SETTID=0x1000000 CLONE_NEWCGROUP=0x2000000 CLONE_NEWUTS=0x4000000
            CLONE_NEWIPC=0x8000000 CLONE_NEWUSER=0x10000000 CLONE_NEWPID=0x20000000 CLONE_NEWNET=0x40000000
            CLONE_IO=0x80000000""");

    static final int FUTEX_WAIT = 0, FUTEX_REQUEUE = 3, FUTEX_CMP_REQUEUE = 4, FUTEX_WAKE_OP = 5, FUTEX_LOCK_PI = 6,
            FUTEX_WAIT_BITSET = 9, FUTEX_WAKE_BITSET = 10, FUTEX_WAIT_REQUEUE_PI = 11, FUTEX_CMP_REQUEUE_PI = 12,
            FUTEX_LOCK_PI2 = 13;

    private static final NamedValues FUTEX_COMMANDS = NamedValues.parse("""
            FUTEX_WAIT=0 FUTEX_WAKE=1 FUTEX_FD=2 FUTEX_REQUEUE=3 FUTEX_CMP_REQUEUE=4 FUTEX_WAKE_OP=5
            FUTEX_LOCK_PI=6 FUTEX_UNLOCK_PI=7 FUTEX_TRYLOCK_PI=8 FUTEX_WAIT_BITSET=9 FUTEX_WAKE_BITSET=10
            FUTEX_WAIT_REQUEUE_PI=11 FUTEX_CMP_REQUEUE_PI=12 FUTEX_LOCK_PI2=13""");
    private static final int FUTEX_PRIVATE_FLAG = 128;
    private static final int FUTEX_CLOCK_REALTIME = 256;
    static final int FUTEX_COMMAND_MASK = ~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME);

    /** {@code FUTEX_WAIT_BITSET_PRIVATE|FUTEX_CLOCK_REALTIME}: the private flag is a name suffix. */
    static final Symbolic FUTEX_OP = op -> {
        int command = op & FUTEX_COMMAND_MASK;
        String text = FUTEX_COMMANDS.name(command)
                .map(name -> (op & FUTEX_PRIVATE_FLAG) != 0 ? name + "_PRIVATE" : name)
                .orElseGet(() -> "0x" + Integer.toHexString(op & ~FUTEX_CLOCK_REALTIME));
        return (op & FUTEX_CLOCK_REALTIME) != 0 ? text + "|FUTEX_CLOCK_REALTIME" : text;
    };

    static final BitFlags WAIT_OPTIONS = BitFlags.parse("0", """
            WNOHANG=1 WUNTRACED=2 WEXITED=4 WCONTINUED=8 WNOWAIT=0x01000000 __WNOTHREAD=0x20000000
            __WALL=0x40000000 __WCLONE=0x80000000""");

    static final NamedValues IDTYPE = NamedValues.parse("P_ALL=0 P_PID=1 P_PGID=2 P_PIDFD=3");

    static final NamedValues FCNTL_COMMANDS = NamedValues.parse("""
            F_DUPFD=0 F_GETFD=1 F_SETFD=2 F_GETFL=3 F_SETFL=4 F_GETLK=5 F_SETLK=6 F_SETLKW=7 F_SETOWN=8
            F_GETOWN=9 F_SETSIG=10 F_GETSIG=11 F_SETOWN_EX=15 F_GETOWN_EX=16 F_GETOWNER_UIDS=17
            F_OFD_GETLK=36 F_OFD_SETLK=37 F_OFD_SETLKW=38 F_SETLEASE=1024 F_GETLEASE=1025 F_NOTIFY=1026
            F_CANCELLK=1029 F_DUPFD_CLOEXEC=1030 F_SETPIPE_SZ=1031 F_GETPIPE_SZ=1032 F_ADD_SEALS=1033
            F_GET_SEALS=1034 F_GET_RW_HINT=1035 F_SET_RW_HINT=1036 F_GET_FILE_RW_HINT=1037
            F_SET_FILE_RW_HINT=1038""");

    static final int F_DUPFD = 0, F_SETFD = 2, F_SETFL = 4, F_GETLK = 5, F_SETLK = 6, F_SETLKW = 7, F_SETOWN = 8,
            F_SETSIG = 10, F_OFD_GETLK = 36, F_OFD_SETLK = 37, F_OFD_SETLKW = 38, F_SETLEASE = 1024, F_NOTIFY = 1026,
            F_DUPFD_CLOEXEC = 1030, F_SETPIPE_SZ = 1031;

    /**
     * ioctl requests. TCGETS and TCSETS* appear twice: glibc's tcgetattr/tcsetattr pass the kernel's
     * values (44-byte struct termios), while code calling ioctl(fd, TCGETS, ...) itself gets glibc's
     * header values, encoded with glibc's 60-byte struct termios.
     */
    private static final NamedValues IOCTL_NAMES = NamedValues.parse("""
            TCGETS=0x403c7413 TCSETS=0x803c7414 TCSETSW=0x803c7415 TCSETSF=0x803c7416
            TCGETS=0x402c7413 TCSETS=0x802c7414 TCSETSW=0x802c7415 TCSETSF=0x802c7416
            TCGETA=0x40147417 TCSETA=0x80147418 TCSETAW=0x80147419 TCSETAF=0x8014741c TCSBRK=0x2000741d
            TCXONC=0x2000741e TCFLSH=0x2000741f TIOCSWINSZ=0x80087467 TIOCGWINSZ=0x40087468
            TIOCOUTQ=0x40047473 TIOCSPGRP=0x80047476 TIOCGPGRP=0x40047477 TIOCEXCL=0x540c TIOCNXCL=0x540d
            TIOCSCTTY=0x540e TIOCSTI=0x5412 TIOCMGET=0x5415 TIOCMSET=0x5418 TIOCLINUX=0x541c
            TIOCCONS=0x541d TIOCNOTTY=0x5422 TIOCSETD=0x5423 TIOCGETD=0x5424 TIOCGSID=0x5429
            TIOCGPTN=0x40045430 TIOCSPTLCK=0x80045431 TIOCGDEV=0x40045432 TIOCSIG=0x80045436
            TIOCVHANGUP=0x5437 TIOCGPKT=0x40045438 TIOCGPTLCK=0x40045439 TIOCGPTPEER=0x20005441
            FIOCLEX=0x20006601 FIONCLEX=0x20006602 FIOASYNC=0x8004667d FIONBIO=0x8004667e
            FIONREAD=0x4004667f FIOQSIZE=0x40086680""");

    private static final NamedValues IOC_DIRECTIONS = NamedValues.parse("""
            _IOC_NONE=1 _IOC_READ=2 _IOC_WRITE=4 _IOC_READ|_IOC_WRITE=6""");

    /** A known request by name, otherwise its powerpc _IOC fields, otherwise hex. */
    static final Symbolic IOCTL_REQUEST = request -> IOCTL_NAMES.name(request).orElseGet(() -> {
        Integer direction = request >>> 29;
        return IOC_DIRECTIONS.name(direction)
                .map(name -> String.format("_IOC(%s, 0x%x, 0x%x, 0x%x)", name, (request >>> 8) & 0xff, request & 0xff,
                        (request >>> 16) & 0x1fff))
                .orElse("0x" + Integer.toHexString(request));
    });

    static final NamedValues RLIMIT_RESOURCE = NamedValues.parse("""
            RLIMIT_CPU=0 RLIMIT_FSIZE=1 RLIMIT_DATA=2 RLIMIT_STACK=3 RLIMIT_CORE=4 RLIMIT_RSS=5
            RLIMIT_NPROC=6 RLIMIT_NOFILE=7 RLIMIT_MEMLOCK=8 RLIMIT_AS=9 RLIMIT_LOCKS=10 RLIMIT_SIGPENDING=11
            RLIMIT_MSGQUEUE=12 RLIMIT_NICE=13 RLIMIT_RTPRIO=14 RLIMIT_RTTIME=15""");

    static final NamedValues PRCTL_OPTION = NamedValues.parse("""
            PR_SET_PDEATHSIG=1 PR_GET_PDEATHSIG=2 PR_GET_DUMPABLE=3 PR_SET_DUMPABLE=4 PR_GET_UNALIGN=5
            PR_SET_UNALIGN=6 PR_GET_KEEPCAPS=7 PR_SET_KEEPCAPS=8 PR_GET_FPEMU=9 PR_SET_FPEMU=10
            PR_GET_FPEXC=11 PR_SET_FPEXC=12 PR_GET_TIMING=13 PR_SET_TIMING=14 PR_SET_NAME=15 PR_GET_NAME=16
            PR_GET_ENDIAN=19 PR_SET_ENDIAN=20 PR_GET_SECCOMP=21 PR_SET_SECCOMP=22 PR_CAPBSET_READ=23
            PR_CAPBSET_DROP=24 PR_GET_TSC=25 PR_SET_TSC=26 PR_GET_SECUREBITS=27 PR_SET_SECUREBITS=28
            PR_SET_TIMERSLACK=29 PR_GET_TIMERSLACK=30 PR_TASK_PERF_EVENTS_DISABLE=31
            PR_TASK_PERF_EVENTS_ENABLE=32 PR_MCE_KILL=33 PR_MCE_KILL_GET=34 PR_SET_MM=35
            PR_SET_CHILD_SUBREAPER=36 PR_GET_CHILD_SUBREAPER=37 PR_SET_NO_NEW_PRIVS=38
            PR_GET_NO_NEW_PRIVS=39 PR_GET_TID_ADDRESS=40 PR_SET_THP_DISABLE=41 PR_GET_THP_DISABLE=42
            PR_SET_FP_MODE=45 PR_GET_FP_MODE=46 PR_CAP_AMBIENT=47 PR_GET_SPECULATION_CTRL=52
            PR_SET_SPECULATION_CTRL=53 PR_SET_IO_FLUSHER=57 PR_GET_IO_FLUSHER=58
            PR_SET_SYSCALL_USER_DISPATCH=59 PR_SCHED_CORE=62 PR_SET_PTRACER=0x59616d61
            PR_SET_VMA=0x53564d41""");

    static final NamedValues ITIMER_WHICH = NamedValues.parse("ITIMER_REAL=0 ITIMER_VIRTUAL=1 ITIMER_PROF=2");

    static final NamedValues SOCKET_DOMAIN = NamedValues.parse("""
            AF_UNSPEC=0 AF_UNIX=1 AF_INET=2 AF_INET6=10 AF_KEY=15 AF_NETLINK=16 AF_PACKET=17
            AF_BLUETOOTH=31 AF_ALG=38 AF_VSOCK=40""");

    static final int AF_UNIX = 1, AF_INET = 2;

    static final BitFlags SOCKET_TYPE = BitFlags.withField("0", 0xf, NamedValues.parse("""
            SOCK_STREAM=1 SOCK_DGRAM=2 SOCK_RAW=3 SOCK_RDM=4 SOCK_SEQPACKET=5 SOCK_DCCP=6 SOCK_PACKET=10"""),
            false, "SOCK_CLOEXEC=02000000 SOCK_NONBLOCK=04000");

    static final BitFlags MSG_FLAGS = BitFlags.parse("0", """
            MSG_OOB=1 MSG_PEEK=2 MSG_DONTROUTE=4 MSG_CTRUNC=8 MSG_PROXY=0x10 MSG_TRUNC=0x20
            MSG_DONTWAIT=0x40 MSG_EOR=0x80 MSG_WAITALL=0x100 MSG_FIN=0x200 MSG_SYN=0x400 MSG_CONFIRM=0x800
            MSG_RST=0x1000 MSG_ERRQUEUE=0x2000 MSG_NOSIGNAL=0x4000 MSG_MORE=0x8000 MSG_WAITFORONE=0x10000
            MSG_CMSG_CLOEXEC=0x40000000""");

    static final NamedValues SHUTDOWN_HOW = NamedValues.parse("SHUT_RD=0 SHUT_WR=1 SHUT_RDWR=2");

    static final NamedValues EPOLL_OP = NamedValues.parse("EPOLL_CTL_ADD=1 EPOLL_CTL_DEL=2 EPOLL_CTL_MOD=3");

    static final NamedValues SCHED_POLICY = NamedValues.parse("""
            SCHED_OTHER=0 SCHED_FIFO=1 SCHED_RR=2 SCHED_BATCH=3 SCHED_IDLE=5 SCHED_DEADLINE=6""");

    static final NamedValues PRIO_WHICH = NamedValues.parse("PRIO_PROCESS=0 PRIO_PGRP=1 PRIO_USER=2");

    static final NamedValues RUSAGE_WHO = NamedValues.parse("RUSAGE_SELF=0 RUSAGE_CHILDREN=-1 RUSAGE_THREAD=1");

    static final BitFlags FLOCK_OP = BitFlags.parse("0", "LOCK_SH=1 LOCK_EX=2 LOCK_NB=4 LOCK_UN=8");

    static final BitFlags RENAME_FLAGS = BitFlags.parse("0", "RENAME_NOREPLACE=1 RENAME_EXCHANGE=2 RENAME_WHITEOUT=4");

    static final BitFlags GETRANDOM_FLAGS = BitFlags.parse("0", "GRND_NONBLOCK=1 GRND_RANDOM=2 GRND_INSECURE=4");

    static final BitFlags STATX_MASK = BitFlags.parse("0", """
            STATX_BASIC_STATS=0x7ff STATX_TYPE=1 STATX_MODE=2 STATX_NLINK=4 STATX_UID=8 STATX_GID=0x10
            STATX_ATIME=0x20 STATX_MTIME=0x40 STATX_CTIME=0x80 STATX_INO=0x100 STATX_SIZE=0x200
            STATX_BLOCKS=0x400 STATX_BTIME=0x800 STATX_MNT_ID=0x1000 STATX_DIOALIGN=0x2000""");

    static final BitFlags MEMFD_FLAGS = BitFlags.parse("0",
            "MFD_CLOEXEC=1 MFD_ALLOW_SEALING=2 MFD_HUGETLB=4 MFD_NOEXEC_SEAL=8 MFD_EXEC=0x10");

    static final BitFlags POLL_EVENTS = BitFlags.parse("0", """
            POLLIN=1 POLLPRI=2 POLLOUT=4 POLLERR=8 POLLHUP=0x10 POLLNVAL=0x20 POLLRDNORM=0x40
            POLLRDBAND=0x80 POLLWRNORM=0x100 POLLWRBAND=0x200 POLLMSG=0x400 POLLREMOVE=0x1000
            POLLRDHUP=0x2000""");
}
