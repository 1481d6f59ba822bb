package dev.k42lens.core.layer.table;

/** Bytes as a double-quoted C literal, the way strace prints strings and buffers. */
final class CQuoting {
    private CQuoting() {
    }

    /**
     * {@code "hello\n"}, with {@code ...} after the closing quote when {@code truncated}. Printable
     * ASCII stays, the usual escapes are used, other bytes become octal escapes: as short as possible
     * unless the next character is an octal digit, which would otherwise run into the escape.
     */
    static String quote(byte[] bytes, boolean truncated) {
        int length = bytes.length;
        StringBuilder out = new StringBuilder(length + 2).append('"');
        for (int i = 0; i < length; i++) {
            int b = bytes[i] & 0xff;
            switch (b) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case 0x0b -> out.append("\\v");
                case '\f' -> out.append("\\f");
                case '\r' -> out.append("\\r");
                default -> {
                    if (b >= 0x20 && b < 0x7f) {
                        out.append((char) b);
                    } else {
                        boolean digitFollows = i + 1 < length && bytes[i + 1] >= '0' && bytes[i + 1] <= '7';
                        out.append('\\').append(digitFollows ? String.format("%03o", b) : Integer.toOctalString(b));
                    }
                }
            }
        }
        out.append('"');
        return truncated ? out.append("...").toString() : out.toString();
    }
}
