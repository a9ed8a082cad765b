package io.chainrule.io;

/** Names from damaged files, made safe to show in one line of an error message. */
final class Text {
    private static final int SHOWN = 40;

    private Text() {
    }

    /**
     * {@code s} with control and other invisible characters escaped as {@code \\uXXXX}; a long
     * one shortened to its first 40 characters and its length.
     */
    static String shown(String s) {
        return shown(s, SHOWN);
    }

    /** {@code s} escaped as {@link #shown(String)}, shortened past {@code max} characters. */
    static String shown(String s, int max) {
        StringBuilder b = new StringBuilder();
        int n = Math.min(s.length(), max);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || Character.isSurrogate(c)
                    || c == '\u2028' || c == '\u2029' || c == '\ufeff' || c == '\ufffd') {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        if (s.length() > max) {
            b.append("... (").append(s.length()).append(" characters)");
        }
        return b.toString();
    }

    /** A shape as text, {@code [16, 4]}. */
    static String shape(long[] shape) {
        StringBuilder b = new StringBuilder("[");
        int n = Math.min(shape.length, 8);
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        if (shape.length > n) {
            b.append(", ... (").append(shape.length).append(" dimensions)");
        }
        return b.append(']').toString();
    }

    /** Element {@code k} (row-major) of a tensor of {@code shape} as an index, {@code [3, 1]}. */
    static String index(long[] shape, long k) {
        long[] at = new long[shape.length];
        long rest = k;
        for (int d = shape.length - 1; d >= 0; d--) {
            at[d] = shape[d] == 0 ? 0 : rest % shape[d];
            rest = shape[d] == 0 ? 0 : rest / shape[d];
        }
        return shape(at);
    }
}
