package dev.k42lens.core.kernel.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The ppc64 encodings of struct stat, struct statx and linux_dirent64. */
class Ppc64FsStructsTest {
    @TempDir
    Path temp;

    private static ByteOrder order(boolean bigEndian) {
        return bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    }

    /** A 1234-byte file with mode 0640 and an mtime of 1 700 000 000.123456789, stat-ed through the guest file system. */
    private FileStat knownFile() throws IOException {
        Path dir = temp.toRealPath();
        Path file = Files.write(dir.resolve("known"), new byte[1234]);
        Files.setAttribute(file, "unix:mode", 0640);
        Files.setLastModifiedTime(file, FileTime.from(Instant.ofEpochSecond(1_700_000_000L, 123_456_789)));
        try (GuestFileSystem fs = new GuestFileSystem(FsConfig.builder().hostCwd(dir).tmpParent(dir).build())) {
            return fs.stat(fs.resolve(PathBase.of("/"), file.toString(), true).value()).value();
        }
    }

    @ParameterizedTest(name = "bigEndian={0}")
    @ValueSource(booleans = { true, false })
    void statOfAKnownFileFieldByField(boolean bigEndian) throws IOException {
        FileStat stat = knownFile();
        Path file = temp.toRealPath().resolve("known");
        assertEquals(1234, stat.size());
        assertEquals(FileStat.S_IFREG | 0640, stat.mode());
        assertEquals(1_700_000_000L, stat.mtimeSeconds());
        assertEquals(123_456_789, stat.mtimeNanos());
        assertEquals(((Number) Files.getAttribute(file, "unix:ino")).longValue(), stat.ino());
        assertEquals(((Number) Files.getAttribute(file, "unix:dev")).longValue(), stat.dev());
        assertEquals(((Number) Files.getAttribute(file, "unix:uid")).intValue(), stat.uid());
        assertEquals(1, stat.nlink());

        byte[] bytes = Ppc64FsStructs.stat(stat, order(bigEndian));
        assertEquals(144, bytes.length);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(order(bigEndian));
        assertEquals(stat.dev(), b.getLong(0));
        assertEquals(stat.ino(), b.getLong(8));
        assertEquals(1L, b.getLong(16));   // st_nlink: 8 bytes, before st_mode on ppc64
        assertEquals(FileStat.S_IFREG | 0640, b.getInt(24));
        assertEquals(stat.uid(), b.getInt(28));
        assertEquals(stat.gid(), b.getInt(32));
        assertEquals(0, b.getInt(36));   // hole before st_rdev
        assertEquals(0L, b.getLong(40));
        assertEquals(1234L, b.getLong(48));
        assertEquals(4096L, b.getLong(56));
        assertEquals(8L, b.getLong(64));
        assertEquals(stat.atimeSeconds(), b.getLong(72));
        assertEquals(stat.atimeNanos(), b.getLong(80));
        assertEquals(1_700_000_000L, b.getLong(88));
        assertEquals(123_456_789L, b.getLong(96));
        assertEquals(stat.ctimeSeconds(), b.getLong(104));
        assertEquals(stat.ctimeNanos(), b.getLong(112));
        for (int unused = 120; unused < 144; unused += 8) {
            assertEquals(0L, b.getLong(unused));
        }
    }

    @Test
    void statBytesAreExactInBothOrders() {
        FileStat stat = new FileStat(0x0102030405060708L, 0x1112131415161718L, 0x000081a4, 2, 1000, 1001, FileStat.encodeDev(1, 3),
                0x2122232425262728L, 4096, 16, 1, 2, 3, 4, 5, 6);
        String be = HexFormat.of().formatHex(Ppc64FsStructs.stat(stat, ByteOrder.BIG_ENDIAN));
        assertEquals("0102030405060708" + "1112131415161718" + "0000000000000002" + "000081a4" + "000003e8" + "000003e9" + "00000000"
                + "0000000000000103" + "2122232425262728" + "0000000000001000" + "0000000000000010" + "0000000000000001"
                + "0000000000000002" + "0000000000000003" + "0000000000000004" + "0000000000000005" + "0000000000000006"
                + "00".repeat(24), be);
        String le = HexFormat.of().formatHex(Ppc64FsStructs.stat(stat, ByteOrder.LITTLE_ENDIAN));
        assertEquals("0807060504030201" + "1817161514131211" + "0200000000000000" + "a4810000" + "e8030000" + "e9030000" + "00000000"
                + "0301000000000000", le.substring(0, 96));
    }

    @ParameterizedTest(name = "bigEndian={0}")
    @ValueSource(booleans = { true, false })
    void statxCarriesTheSameFacts(boolean bigEndian) throws IOException {
        FileStat stat = knownFile();
        ByteBuffer b = ByteBuffer.wrap(Ppc64FsStructs.statx(stat, order(bigEndian))).order(order(bigEndian));
        assertEquals(256, b.capacity());
        assertEquals(Ppc64FsStructs.STATX_BASIC_STATS, b.getInt(0));
        assertEquals(4096, b.getInt(4));
        assertEquals(1, b.getInt(16));
        assertEquals(stat.uid(), b.getInt(20));
        assertEquals(stat.gid(), b.getInt(24));
        assertEquals((short) (FileStat.S_IFREG | 0640), b.getShort(28));
        assertEquals(stat.ino(), b.getLong(32));
        assertEquals(1234L, b.getLong(40));
        assertEquals(8L, b.getLong(48));
        assertEquals(stat.atimeSeconds(), b.getLong(64));
        assertEquals(0L, b.getLong(80));   // no birth time
        assertEquals(stat.ctimeSeconds(), b.getLong(96));
        assertEquals(1_700_000_000L, b.getLong(112));
        assertEquals(123_456_789, b.getInt(120));
        assertEquals(FileStat.major(stat.dev()), b.getInt(136));
        assertEquals(FileStat.minor(stat.dev()), b.getInt(140));
        assertEquals(stat.dev(), FileStat.encodeDev(b.getInt(136), b.getInt(140)));
    }

    @Test
    void deviceNumbersRoundTrip() {
        assertEquals(0x103L, FileStat.encodeDev(1, 3));
        assertEquals(0x0000_1000_1020_0003L, FileStat.encodeDev(0x1000, 0x10203));   // glibc's wide encoding
        for (int[] pair : new int[][] { { 0, 0 }, { 8, 1 }, { 259, 65536 }, { 4095, 255 }, { 4096, 1 << 20 } }) {
            long dev = FileStat.encodeDev(pair[0], pair[1]);
            assertEquals(pair[0], FileStat.major(dev));
            assertEquals(pair[1], FileStat.minor(dev));
        }
    }

    @ParameterizedTest(name = "bigEndian={0}")
    @ValueSource(booleans = { true, false })
    void direntsPackAlignedAndContinue(boolean bigEndian) {
        List<DirEntry> entries = List.of(new DirEntry(".", 10, DirEntry.DT_DIR), new DirEntry("..", 2, DirEntry.DT_DIR),
                new DirEntry("a", 11, DirEntry.DT_REG), new DirEntry("exactly-five", 12, DirEntry.DT_LNK),
                new DirEntry("é", 13, DirEntry.DT_REG));
        // record sizes: 19 + name + NUL, rounded up to 8: ".", "..", "a" → 24; "exactly-five" → 32; "é" (2 bytes) → 24
        Ppc64FsStructs.DirentBatch first = Ppc64FsStructs.dirents64(entries, 0, 80, order(bigEndian));
        assertEquals(3, first.count());
        assertEquals(72, first.bytes().length);
        assertEquals(3, first.nextIndex());
        Ppc64FsStructs.DirentBatch rest = Ppc64FsStructs.dirents64(entries, first.nextIndex(), 4096, order(bigEndian));
        assertEquals(2, rest.count());
        assertEquals(5, rest.nextIndex());
        assertEquals(0, Ppc64FsStructs.dirents64(entries, 3, 31, order(bigEndian)).count());   // too small for the next one
        assertEquals(0, Ppc64FsStructs.dirents64(entries, 5, 4096, order(bigEndian)).bytes().length);   // end of directory

        List<DirEntry> decoded = new ArrayList<>();
        for (byte[] bytes : List.of(first.bytes(), rest.bytes())) {
            ByteBuffer b = ByteBuffer.wrap(bytes).order(order(bigEndian));
            while (b.hasRemaining()) {
                int start = b.position();
                long ino = b.getLong();
                long offset = b.getLong();
                int length = b.getShort() & 0xffff;
                int type = b.get() & 0xff;
                assertEquals(0, length % 8);
                int end = start + 19;
                while (bytes[end] != 0) {
                    end++;
                }
                assertTrue(end < start + length);
                decoded.add(new DirEntry(new String(bytes, start + 19, end - start - 19, StandardCharsets.UTF_8), ino, type));
                assertEquals(decoded.size(), offset);   // d_off: where to continue after this record
                b.position(start + length);
            }
        }
        assertEquals(entries, decoded);
    }
}
