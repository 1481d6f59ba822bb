package dev.k42lens.core.layer.table;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Flag words and enumerations decode with powerpc's values; unknown bits stay visible. */
class BitFlagsTest {
    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "0         ; O_RDONLY",
            "02        ; O_RDWR",
            "04010001  ; O_WRONLY|O_SYNC",
            "010001    ; O_WRONLY|O_DSYNC",
            "020040002 ; O_RDWR|O_TMPFILE",
            "040000    ; O_RDONLY|O_DIRECTORY",
            "0100000   ; O_RDONLY|O_NOFOLLOW",
            "0200000   ; O_RDONLY|O_LARGEFILE",
            "0400000   ; O_RDONLY|O_DIRECT",
            "03        ; 0x3",
            "010000000 ; O_RDONLY|O_PATH",
            "040000000 ; O_RDONLY|0x800000" })
    void openFlags(String octal, String expected) {
        assertEquals(expected, Ppc64Symbols.OPEN_FLAGS.format(Integer.parseInt(octal, 8)));
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "0x22       ; MAP_PRIVATE|MAP_ANONYMOUS",
            "0x32       ; MAP_PRIVATE|MAP_FIXED|MAP_ANONYMOUS",
            "0x40       ; MAP_NORESERVE",
            "0x80       ; MAP_LOCKED",
            "0x20022    ; MAP_PRIVATE|MAP_ANONYMOUS|MAP_STACK",
            "0x101      ; MAP_SHARED|MAP_GROWSDOWN",
            "0x0        ; 0",
            "0x8000000f ; 0xf|0x80000000" })
    void mmapFlags(String hex, String expected) {
        assertEquals(expected, Ppc64Symbols.MMAP_FLAGS.format(Integer.parseUnsignedInt(hex.substring(2), 16)));
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "0x11       ; SIGCHLD",
            "0x0        ; 0",
            "0x100      ; CLONE_VM",
            "0x80004111 ; CLONE_VM|CLONE_VFORK|CLONE_IO|SIGCHLD",
            "0x2d       ; SIGRT_13" })
    void cloneFlagsEndWithTheExitSignal(String hex, String expected) {
        assertEquals(expected, Ppc64Symbols.CLONE_FLAGS.format(Integer.parseUnsignedInt(hex.substring(2), 16)));
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "0   ; FUTEX_WAIT",
            "129 ; FUTEX_WAKE_PRIVATE",
            "393 ; FUTEX_WAIT_BITSET_PRIVATE|FUTEX_CLOCK_REALTIME",
            "13  ; FUTEX_LOCK_PI2",
            "200 ; 0xc8" })
    void futexOperations(int op, String expected) {
        assertEquals(expected, Ppc64Symbols.FUTEX_OP.format(op));
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "0100644 ; S_IFREG|0644",
            "040755  ; S_IFDIR|0755",
            "0120777 ; S_IFLNK|0777",
            "0644    ; 0644",
            "0       ; 000",
            "04755   ; 04755",
            "022     ; 022" })
    void fileModes(String octal, String expected) {
        assertEquals(expected, Ppc64Symbols.FILE_MODE.format(Integer.parseInt(octal, 8)));
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "CLOCK_ID        ; 1         ; CLOCK_MONOTONIC",
            "CLOCK_ID        ; -6        ; -6",
            "RLIMIT_RESOURCE ; 7         ; RLIMIT_NOFILE",
            "PRCTL_OPTION    ; 15        ; PR_SET_NAME",
            "MADVISE_ADVICE  ; 4         ; MADV_DONTNEED",
            "WHENCE          ; 2         ; SEEK_END",
            "RUSAGE_WHO      ; -1        ; RUSAGE_CHILDREN",
            "MLOCKALL_FLAGS  ; 24576     ; MCL_CURRENT|MCL_FUTURE",
            "MMAP_PROT       ; 0         ; PROT_NONE",
            "MMAP_PROT       ; 16        ; PROT_SAO",
            "AT_FLAGS        ; 4352      ; AT_SYMLINK_NOFOLLOW|AT_EMPTY_PATH",
            "ACCESS_MODE     ; 6         ; R_OK|W_OK",
            "SOCKET_TYPE     ; 524288    ; SOCK_CLOEXEC",
            "STATX_MASK      ; 4095      ; STATX_BASIC_STATS|STATX_BTIME",
            "FCNTL_CMD       ; 1030      ; F_DUPFD_CLOEXEC" })
    void namedValues(ArgumentKind kind, int value, String expected) {
        assertEquals(expected, kind.symbols().format(value));
    }
}
