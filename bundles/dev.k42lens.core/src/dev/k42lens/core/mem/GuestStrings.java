package dev.k42lens.core.mem;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The guest's strings (file names, arguments, environment) are bytes, the engine's are Java
 * strings: this is the one mapping between them, and it loses nothing. Well-formed UTF-8 becomes
 * its characters; every other byte b (0x80-0xff) becomes the private-use character U+F700 + b, so a
 * name that is not UTF-8 goes back to the guest, and to the host's file calls, as the same bytes. The escape characters themselves, when the guest writes
 * them as UTF-8, are escaped byte by byte, so the mapping is one-to-one both ways. (Java's own path
 * encoding cannot carry bytes that are not UTF-8, and the JVM's sun.jnu.encoding cannot be changed.)
 */
public final class GuestStrings {
    private static final char ESCAPE_FIRST = '\uF780';
    private static final char ESCAPE_LAST = '\uF7FF';
    private static final int ESCAPE_BASE = 0xF700;

    private GuestStrings() {
    }

    public static String decode(byte[] bytes) {
        return decode(bytes, 0, bytes.length);
    }

    /** {@code length} guest bytes from {@code offset} as a string, losslessly. */
    public static String decode(byte[] bytes, int offset, int length) {
        StringBuilder s = new StringBuilder(length);
        int end = offset + length;
        int i = offset;
        while (i < end) {
            int b = bytes[i] & 0xff;
            if (b < 0x80) {
                s.append((char) b);
                i++;
                continue;
            }
            int n = sequenceLength(bytes, i, end);
            int codePoint = n == 0 ? -1 : codePoint(bytes, i, n);
            if (n == 0 || (codePoint >= ESCAPE_FIRST && codePoint <= ESCAPE_LAST)) {
                s.append((char) (ESCAPE_BASE + b));
                i++;
            } else {
                s.appendCodePoint(codePoint);
                i += n;
            }
        }
        return s.toString();
    }

    /** The guest bytes of {@code s} (no terminating NUL): the inverse of {@link #decode}. */
    public static byte[] encode(String s) {
        boolean escaped = false;
        for (int i = 0; i < s.length() && !escaped; i++) {
            escaped = isEscape(s.charAt(i));
        }
        if (!escaped) {
            return s.getBytes(StandardCharsets.UTF_8);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length() + 8);
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            if (isEscape(s.charAt(i))) {
                out.writeBytes(s.substring(start, i).getBytes(StandardCharsets.UTF_8));
                out.write(s.charAt(i) - ESCAPE_BASE);
                start = i + 1;
            }
        }
        out.writeBytes(s.substring(start).getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    /** {@code s} for people: the escaped bytes as \xNN, the rest as it is. */
    public static String display(String s) {
        StringBuilder shown = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (isEscape(c)) {
                shown.append(String.format("\\x%02x", c - ESCAPE_BASE));
            } else {
                shown.append(c);
            }
        }
        return shown.toString();
    }

    private static int codePoint(byte[] bytes, int i, int n) {
        int codePoint = bytes[i] & (0x7f >> n);
        for (int k = 1; k < n; k++) {
            codePoint = codePoint << 6 | (bytes[i + k] & 0x3f);
        }
        return codePoint;
    }

    private static boolean isEscape(char c) {
        return c >= ESCAPE_FIRST && c <= ESCAPE_LAST;
    }

    /**
     * The length of the well-formed UTF-8 sequence at {@code i} (2 to 4), or 0: the shortest form,
     * no surrogates, nothing past U+10FFFF (Unicode's table 3-7).
     */
    private static int sequenceLength(byte[] bytes, int i, int end) {
        int b = bytes[i] & 0xff;
        int n;
        int low = 0x80;
        int high = 0xbf;
        if (b >= 0xc2 && b <= 0xdf) {
            n = 2;
        } else if (b >= 0xe0 && b <= 0xef) {
            n = 3;
            low = b == 0xe0 ? 0xa0 : 0x80;
            high = b == 0xed ? 0x9f : 0xbf;
        } else if (b >= 0xf0 && b <= 0xf4) {
            n = 4;
            low = b == 0xf0 ? 0x90 : 0x80;
            high = b == 0xf4 ? 0x8f : 0xbf;
        } else {
            return 0;
        }
        if (i + n > end) {
            return 0;
        }
        int second = bytes[i + 1] & 0xff;
        if (second < low || second > high) {
            return 0;
        }
        for (int k = 2; k < n; k++) {
            int next = bytes[i + k] & 0xff;
            if (next < 0x80 || next > 0xbf) {
                return 0;
            }
        }
        return n;
    }
}
