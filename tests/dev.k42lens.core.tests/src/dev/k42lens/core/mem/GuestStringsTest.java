package dev.k42lens.core.mem;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GuestStringsTest {
    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    @Test
    void utf8IsReadAsText() {
        byte[] cafe = "café ☕ 𝄞".getBytes(StandardCharsets.UTF_8);
        assertEquals("café ☕ 𝄞", GuestStrings.decode(cafe));
        assertArrayEquals(cafe, GuestStrings.encode("café ☕ 𝄞"));
    }

    @Test
    void bytesThatAreNotUtf8ComeBackUnchanged() {
        byte[][] names = { bytes(0xff, 0xfe), bytes('c', 'a', 'f', 0xe9), bytes(0xc3, 0x28), bytes(0xc0, 0xaf), // overlong '/'
            bytes(0xed, 0xa0, 0x80), // a surrogate
            bytes(0xf4, 0x90, 0x80, 0x80), // past U+10FFFF
            bytes(0xe2, 0x82), // cut short
            "\uF7E9".getBytes(StandardCharsets.UTF_8), // an escape character written by the guest
        };
        for (byte[] name : names) {
            String decoded = GuestStrings.decode(name);
            assertArrayEquals(name, GuestStrings.encode(decoded), decoded);
        }
        assertEquals("caf\\xe9", GuestStrings.display(GuestStrings.decode(bytes('c', 'a', 'f', 0xe9))));
        assertEquals("\\xef\\x9f\\xa9", GuestStrings.display(GuestStrings.decode("\uF7E9".getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void randomBytesRoundTrip() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 20_000; i++) {
            byte[] name = new byte[random.nextInt(0, 12)];
            for (int k = 0; k < name.length; k++) {
                // mostly high bytes, where the escapes and the multi-byte forms are
                name[k] = (byte) (random.nextInt(4) == 0 ? random.nextInt(0x20, 0x80) : random.nextInt(0x80, 0x100));
            }
            assertArrayEquals(name, GuestStrings.encode(GuestStrings.decode(name)));
        }
    }

    /** A decoded name is a host file name Java can create, list and open again. */
    @Test
    void everyDecodedNameIsAHostFileName(@TempDir Path dir) throws Exception {
        String name = GuestStrings.decode(bytes(0xff, 'x', 0xc3, 0x28, 0xe9));
        Files.writeString(dir.resolve(name), "data");
        try (var listing = Files.list(dir)) {
            String listed = listing.findFirst().orElseThrow().getFileName().toString();
            assertArrayEquals(bytes(0xff, 'x', 0xc3, 0x28, 0xe9), GuestStrings.encode(listed));
        }
    }
}
