package io.chainrule.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

/**
 * Seeded mutations of a file's bytes or of a CSV text, recording what it did so that a failing
 * case can be read and replayed: bit flips, overwrites with interesting byte values, truncations
 * (anywhere and at the boundaries between a format's parts), insertions, deletions, duplicated
 * chunks, int32 header fields set to huge, negative and off-by-one sizes, and for CSV the
 * text-level damage a hand-edited or half-written file shows (separators, quotes, non-finite and
 * overflowing numbers, blank lines, very long fields, broken line ends).
 */
public final class Mutator {
    private static final int[] INTERESTING_BYTES = {0x00, 0xFF, 0x7F, 0x80, 0x01, 0xFE};
    private static final String[] CSV_VALUES = {
        "NaN", "nan", "-NaN", "Infinity", "-Infinity", "+Infinity", "inf", "1e999", "-1e999", "1e39",
        "3.5e38", "2e308", "1e-999", "-0", "0", "", " ", "\t", "\"1.5\"", "\"\"", "abc", "0x10", "1,5", "1e", "+",
        ".", "-", "1.2.3", "1e+", "\u22121", "\u0663", "\uFF11", "1\u00A0", "\u0000", "\uFFFD", "99", "-1", "1.5",
        "2147483647", "2147483648", "1e10", "3.0", "9", "10", "\uFEFF1"};

    private final Random random;
    private final StringBuilder log = new StringBuilder();

    public Mutator(long seed) {
        this.random = new Random(seed);
    }

    /** What was done, in order; for failure messages. */
    public String description() {
        return log.toString();
    }

    /** The generator, for choices a test makes about its case (which file, which API). */
    public Random random() {
        return random;
    }

    private void note(String what) {
        if (log.length() > 0) {
            log.append("; ");
        }
        log.append(what);
    }

    /** How many mutations to stack: mostly one, sometimes two to four. */
    private int stack() {
        int r = random.nextInt(20);
        return r < 12 ? 1 : r < 17 ? 2 : 3 + random.nextInt(2);
    }

    /**
     * One to four binary mutations of {@code data}. {@code intFields} are offsets of big-endian
     * int32 header fields (sizes, counts, versions); {@code boundaries} are offsets where one part
     * of the format ends and the next begins (truncations and insertions favour them).
     */
    public byte[] mutateBytes(byte[] data, int[] intFields, int[] boundaries) {
        byte[] out = data;
        for (int n = stack(); n > 0; n--) {
            out = mutateOnce(out, intFields, boundaries);
        }
        return out;
    }

    private byte[] mutateOnce(byte[] data, int[] intFields, int[] boundaries) {
        int kind = random.nextInt(11);
        if (data.length == 0 && kind != 4 && kind != 10) {
            kind = 4;
        }
        switch (kind) {
            case 0: { // flip 1 to 8 bits
                byte[] out = data.clone();
                int flips = 1 + random.nextInt(8);
                StringBuilder where = new StringBuilder();
                for (int i = 0; i < flips; i++) {
                    int at = random.nextInt(out.length);
                    int bit = random.nextInt(8);
                    out[at] ^= (byte) (1 << bit);
                    where.append(i == 0 ? "" : ",").append(at).append('.').append(bit);
                }
                note("flip bits " + where);
                return out;
            }
            case 1: { // overwrite 1 to 4 bytes with interesting values
                byte[] out = data.clone();
                int count = 1 + random.nextInt(4);
                int at = nearBoundary(out.length, boundaries);
                for (int i = 0; i < count && at + i < out.length; i++) {
                    out[at + i] = (byte) INTERESTING_BYTES[random.nextInt(INTERESTING_BYTES.length)];
                }
                note("overwrite " + count + " bytes at " + at + " with interesting values");
                return out;
            }
            case 2:
            case 3: { // truncate
                int length;
                int r = random.nextInt(6);
                if (r == 0) {
                    length = random.nextInt(Math.min(data.length, 24) + 1);
                } else if (r == 1) {
                    length = Math.max(0, data.length - 1 - random.nextInt(Math.min(data.length, 8)));
                } else if (r < 4) {
                    length = nearBoundary(data.length, boundaries);
                } else {
                    length = random.nextInt(data.length);
                }
                note("truncate to " + length + " of " + data.length + " bytes");
                return Arrays.copyOf(data, length);
            }
            case 4: { // insert 1 to 64 bytes
                int at = random.nextBoolean() ? nearBoundary(data.length + 1, boundaries) : random.nextInt(data.length + 1);
                byte[] insert = randomBytes(1 + random.nextInt(64));
                note("insert " + insert.length + " bytes at " + at);
                return splice(data, at, 0, insert);
            }
            case 5: { // delete 1 to 64 bytes
                int at = random.nextBoolean() ? nearBoundary(data.length, boundaries) : random.nextInt(data.length);
                int count = Math.min(data.length - at, 1 + random.nextInt(random.nextBoolean() ? 4 : 64));
                note("delete " + count + " bytes at " + at);
                return splice(data, at, count, new byte[0]);
            }
            case 6: { // duplicate a chunk, right after itself or elsewhere
                int from = random.nextInt(data.length);
                int count = Math.min(data.length - from, 1 + random.nextInt(random.nextBoolean() ? 16 : 512));
                int to = random.nextBoolean() ? from + count : random.nextInt(data.length + 1);
                note("duplicate " + count + " bytes from " + from + " at " + to);
                return splice(data, to, 0, Arrays.copyOfRange(data, from, from + count));
            }
            case 7:
            case 8: { // an int32 header field set to an interesting size
                if (intFields.length == 0) {
                    return mutateOnce(data, intFields, boundaries);
                }
                int at = intFields[random.nextInt(intFields.length)];
                if (at + 4 > data.length) {
                    return mutateOnce(data, intFields, boundaries);
                }
                byte[] out = data.clone();
                int old = ((out[at] & 0xff) << 24) | ((out[at + 1] & 0xff) << 16) | ((out[at + 2] & 0xff) << 8)
                        | (out[at + 3] & 0xff);
                int value = interestingInt(old);
                out[at] = (byte) (value >>> 24);
                out[at + 1] = (byte) (value >>> 16);
                out[at + 2] = (byte) (value >>> 8);
                out[at + 3] = (byte) value;
                note("int field at " + at + ": " + old + " -> " + value);
                return out;
            }
            case 9: { // overwrite a run with random bytes
                byte[] out = data.clone();
                int at = random.nextInt(out.length);
                int count = Math.min(out.length - at, 1 + random.nextInt(32));
                byte[] noise = randomBytes(count);
                System.arraycopy(noise, 0, out, at, count);
                note("overwrite " + count + " bytes at " + at + " with random bytes");
                return out;
            }
            default: { // append bytes
                byte[] tail = random.nextBoolean() ? randomBytes(1 + random.nextInt(16))
                        : Arrays.copyOfRange(data, 0, Math.min(data.length, 1 + random.nextInt(64)));
                note("append " + tail.length + " bytes");
                return splice(data, data.length, 0, tail);
            }
        }
    }

    /** An offset in {@code 0 .. limit - 1}: a boundary, or one to three bytes either side. */
    private int nearBoundary(int limit, int[] boundaries) {
        if (boundaries.length == 0 || random.nextInt(4) == 0) {
            return random.nextInt(Math.max(1, limit));
        }
        int at = boundaries[random.nextInt(boundaries.length)] + random.nextInt(7) - 3;
        return Math.max(0, Math.min(limit - 1, at));
    }

    private int interestingInt(int old) {
        switch (random.nextInt(18)) {
            case 0: return 0;
            case 1: return -1;
            case 2: return 1;
            case 3: return Integer.MIN_VALUE;
            case 4: return Integer.MAX_VALUE;
            case 5: return Integer.MAX_VALUE - 8;
            case 6: return 46340;
            case 7: return 65535;
            case 8: return 65536;
            case 9: return 1 << 24;
            case 10: return 1 << 30;
            case 11: return old + 1;
            case 12: return old - 1;
            case 13: return old * 2;
            case 14: return old << 8;
            case 15: return old | 0x00020000;
            case 16: return -old;
            default: return random.nextInt();
        }
    }

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        if (random.nextBoolean()) {
            random.nextBytes(b);
        } else {
            for (int i = 0; i < n; i++) {
                b[i] = (byte) INTERESTING_BYTES[random.nextInt(INTERESTING_BYTES.length)];
            }
        }
        return b;
    }

    private static byte[] splice(byte[] data, int at, int remove, byte[] insert) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length + insert.length);
        out.write(data, 0, at);
        out.write(insert, 0, insert.length);
        out.write(data, at + remove, data.length - at - remove);
        return out.toByteArray();
    }

    /**
     * One to four mutations of a CSV text, mostly text-level, sometimes of its UTF-8 bytes; the
     * result is the bytes of the damaged file.
     */
    public byte[] mutateCsv(String text) {
        String s = text;
        int n = stack();
        byte[] bytes = null;
        for (int i = 0; i < n; i++) {
            if (random.nextInt(5) == 0) {
                byte[] b = bytes != null ? bytes : s.getBytes(StandardCharsets.UTF_8);
                bytes = mutateBytes(b, new int[0], lineStarts(b));
                s = null;
            } else {
                if (s == null) {
                    s = new String(bytes, StandardCharsets.UTF_8);
                    bytes = null;
                }
                s = mutateText(s);
            }
        }
        return bytes != null ? bytes : s.getBytes(StandardCharsets.UTF_8);
    }

    /** Offsets of the first 16 line starts after the first: where truncations and insertions hurt most. */
    private static int[] lineStarts(byte[] b) {
        int[] starts = new int[16];
        int count = 0;
        for (int i = 0; i < b.length && count < starts.length; i++) {
            if (b[i] == '\n') {
                starts[count++] = i + 1;
            }
        }
        return Arrays.copyOf(starts, count);
    }

    private String mutateText(String s) {
        if (s.isEmpty()) {
            note("text: insert a row");
            return "1,2\n";
        }
        switch (random.nextInt(16)) {
            case 0: { // delete a separator
                int at = indexOfRandom(s, ',');
                if (at < 0) {
                    break;
                }
                note("delete the comma at " + at);
                return s.substring(0, at) + s.substring(at + 1);
            }
            case 1: { // insert a separator
                int at = random.nextInt(s.length() + 1);
                note("insert a comma at " + at);
                return s.substring(0, at) + "," + s.substring(at);
            }
            case 2:
            case 3:
            case 4: { // replace one field with an interesting value
                int[] field = randomField(s);
                String value = CSV_VALUES[random.nextInt(CSV_VALUES.length)];
                note("field at " + field[0] + ".." + field[1] + " -> '" + printable(value) + "'");
                return s.substring(0, field[0]) + value + s.substring(field[1]);
            }
            case 5: { // insert quotes
                int at = random.nextInt(s.length() + 1);
                String quote = random.nextBoolean() ? "\"" : "\"\"";
                note("insert " + quote + " at " + at);
                return s.substring(0, at) + quote + s.substring(at);
            }
            case 6: { // blank or broken lines
                int at = lineStart(s);
                String[] inserts = {"\n", "  \n", "\t\n", "\r\n", "\r", "\n\n\n", ",\n", ",,,\n", "\uFEFF\n"};
                String insert = inserts[random.nextInt(inserts.length)];
                note("insert '" + printable(insert) + "' at line start " + at);
                return s.substring(0, at) + insert + s.substring(at);
            }
            case 7: { // delete a line
                int at = lineStart(s);
                int end = s.indexOf('\n', at);
                end = end < 0 ? s.length() : end + 1;
                note("delete the line at " + at);
                return s.substring(0, at) + s.substring(end);
            }
            case 8: { // duplicate a line, or a chunk of text
                int at = lineStart(s);
                int end = s.indexOf('\n', at);
                end = end < 0 ? s.length() : end + 1;
                if (random.nextBoolean()) {
                    int count = Math.min(s.length() - at, 1 + random.nextInt(200));
                    end = at + count;
                }
                int to = random.nextBoolean() ? end : random.nextInt(s.length() + 1);
                note("duplicate " + at + ".." + end + " at " + to);
                return s.substring(0, to) + s.substring(at, end) + s.substring(to);
            }
            case 9: { // a very long field
                int[] field = randomField(s);
                int length = 1000 + random.nextInt(100_000);
                String value;
                switch (random.nextInt(4)) {
                    case 0: value = repeat('9', length); break;                    // overflows
                    case 1: value = "0." + repeat('3', length); break;             // long but finite
                    case 2: value = "1e" + repeat('9', Math.min(length, 5000)); break; // huge exponent
                    default: value = repeat('x', length); break;
                }
                note("field at " + field[0] + " -> " + value.length() + " chars '" + value.substring(0, 3) + "...'");
                return s.substring(0, field[0]) + value + s.substring(field[1]);
            }
            case 10: { // a very long line of many columns
                int at = lineStart(s);
                int columns = 100 + random.nextInt(20_000);
                StringBuilder line = new StringBuilder();
                for (int c = 0; c < columns; c++) {
                    line.append(c == 0 ? "" : ",").append(c % 10);
                }
                note("insert a line of " + columns + " columns at " + at);
                return s.substring(0, at) + line + "\n" + s.substring(at);
            }
            case 11: { // line ends
                String[] from = {"\n", "\n", "\r\n"};
                String[] to = {"\r\n", "\r", "\n"};
                int k = random.nextInt(from.length);
                note("line ends '" + printable(from[k]) + "' -> '" + printable(to[k]) + "'");
                return s.replace(from[k], to[k]);
            }
            case 12: { // truncate the text
                int at = random.nextInt(s.length() + 1);
                note("truncate text to " + at + " chars");
                return s.substring(0, at);
            }
            case 13: { // the header: removed, or a column renamed or duplicated
                int end = s.indexOf('\n');
                if (end < 0) {
                    break;
                }
                int r = random.nextInt(3);
                if (r == 0) {
                    note("delete the header");
                    return s.substring(end + 1);
                }
                String header = s.substring(0, end);
                String changed = r == 1 ? header.replaceFirst("label", random.nextBoolean() ? "Label" : "x")
                        : header + ",label";
                note("header -> '" + printable(changed.length() > 40 ? changed.substring(0, 40) + "..." : changed) + "'");
                return changed + s.substring(end);
            }
            case 14: { // spaces and tabs, and other invisible characters, around or inside a field
                int at = random.nextInt(s.length() + 1);
                String[] inserts = {" ", "\t", "  \t ", "\u00A0", "\u000B", "\u0000", "\uFEFF", "\u2028"};
                String insert = inserts[random.nextInt(inserts.length)];
                note("insert '" + printable(insert) + "' at " + at);
                return s.substring(0, at) + insert + s.substring(at);
            }
            default: { // swap two lines
                int a = lineStart(s);
                int b = lineStart(s);
                if (a == b) {
                    break;
                }
                int first = Math.min(a, b);
                int second = Math.max(a, b);
                int firstEnd = s.indexOf('\n', first) + 1;
                int secondEnd = s.indexOf('\n', second);
                secondEnd = secondEnd < 0 ? s.length() : secondEnd + 1;
                if (firstEnd <= 0 || firstEnd > second) {
                    break;
                }
                note("swap the lines at " + first + " and " + second);
                return s.substring(0, first) + s.substring(second, secondEnd) + s.substring(firstEnd, second)
                        + s.substring(first, firstEnd) + s.substring(secondEnd);
            }
        }
        note("text: swap two characters");
        int i = random.nextInt(s.length());
        int j = random.nextInt(s.length());
        char[] chars = s.toCharArray();
        char t = chars[i];
        chars[i] = chars[j];
        chars[j] = t;
        return new String(chars);
    }

    /** The start of a random line (the header less often than the data lines). */
    private int lineStart(String s) {
        int at = random.nextInt(s.length());
        int start = s.lastIndexOf('\n', at - 1) + 1;
        return start;
    }

    private int indexOfRandom(String s, char ch) {
        int from = random.nextInt(s.length());
        int at = s.indexOf(ch, from);
        return at >= 0 ? at : s.indexOf(ch);
    }

    /** {start, end} of a random field: the text between two separators or line ends. */
    private int[] randomField(String s) {
        int at = random.nextInt(s.length());
        int start = at;
        while (start > 0 && ",\n\r".indexOf(s.charAt(start - 1)) < 0) {
            start--;
        }
        int end = at;
        while (end < s.length() && ",\n\r".indexOf(s.charAt(end)) < 0) {
            end++;
        }
        return new int[] {start, end};
    }

    private static String repeat(char ch, int n) {
        char[] chars = new char[n];
        Arrays.fill(chars, ch);
        return new String(chars);
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch >= 0x20 && ch < 0x7f) {
                b.append(ch);
            } else {
                b.append(String.format("\\u%04x", (int) ch));
            }
        }
        return b.toString();
    }
}
