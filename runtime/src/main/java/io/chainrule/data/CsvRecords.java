package io.chainrule.data;

import java.io.IOException;
import java.io.Reader;
import java.util.Arrays;

/**
 * Splits CSV text into records and fields as RFC 4180 describes it: a field may be enclosed in
 * double quotes, and then holds delimiters, line breaks and quotes (written twice, {@code ""})
 * as text; records end at {@code \n}, {@code \r\n} or {@code \r}. Beyond the RFC, spaces and tabs
 * around a field (outside its quotes) are dropped, and a byte order mark before the first record
 * is skipped. A quote inside an unquoted field, text after a closing quote and a quote that is
 * never closed are errors naming the line. One instance reads one text; the fields of the current
 * record are reused by the next.
 */
final class CsvRecords {
    /** The longest field accepted: a quote left open would otherwise take in the rest of a file. */
    static final int MAX_FIELD_CHARS = 1 << 20;

    private static final int END = -1;

    private final Reader in;
    private final char delimiter;
    private final String source;
    private final char[] buffer = new char[1 << 14];
    private int position;
    private int limit;
    private int line = 1;
    private boolean started;
    /** True once a character was read and the last one was not a line break. */
    private boolean midLine;

    private String[] fields = new String[16];
    private boolean[] quoted = new boolean[16];
    private int[] lines = new int[16];
    private int size;
    private int recordLine;
    private final StringBuilder text = new StringBuilder();

    CsvRecords(Reader in, char delimiter, String source) {
        this.in = in;
        this.delimiter = delimiter;
        this.source = source;
    }

    /** Reads the next record; false at the end of the text. */
    boolean next() throws IOException {
        if (!started) {
            started = true;
            if (peek() == '\uFEFF') {
                read();
            }
        }
        if (peek() == END) {
            return false;
        }
        size = 0;
        recordLine = line;
        while (true) {
            int fieldLine = line;
            text.setLength(0);
            int c = read();
            while (c == ' ' || c == '\t') {
                c = read();
            }
            boolean isQuoted = c == '"';
            if (isQuoted) {
                while (true) {
                    c = read();
                    if (c == END) {
                        throw new MalformedDataException(source, fieldLine, size + 1,
                                "a quoted field is never closed (its opening quote is on line " + fieldLine + ")");
                    }
                    if (c == '"') {
                        if (peek() != '"') {
                            break;
                        }
                        read();
                    }
                    append(c, fieldLine);
                }
                c = read();
                while (c == ' ' || c == '\t') {
                    c = read();
                }
                if (c != delimiter && c != '\n' && c != END) {
                    throw new MalformedDataException(source, line, size + 1,
                            "text after the closing quote of a quoted field; write a quote inside a quoted field as \"\"");
                }
            } else {
                while (c != delimiter && c != '\n' && c != END) {
                    if (c == '"') {
                        throw new MalformedDataException(source, line, size + 1,
                                "a quote inside an unquoted field; quote the whole field and write the quote as \"\"");
                    }
                    append(c, fieldLine);
                    c = read();
                }
                int end = text.length();
                while (end > 0 && (text.charAt(end - 1) == ' ' || text.charAt(end - 1) == '\t')) {
                    end--;
                }
                text.setLength(end);
            }
            add(text.toString(), isQuoted, fieldLine);
            if (c != delimiter) {
                return true;
            }
        }
    }

    /** Number of fields of the current record. */
    int size() {
        return size;
    }

    /** Field {@code i} (from 0) of the current record, without its quotes and surrounding spaces. */
    String field(int i) {
        return fields[i];
    }

    /** True if field {@code i} was quoted. */
    boolean quoted(int i) {
        return quoted[i];
    }

    /** The line (from 1) on which field {@code i} starts. */
    int line(int i) {
        return lines[i];
    }

    /** The line (from 1) on which the current record starts. */
    int recordLine() {
        return recordLine;
    }

    /** The line after the last one read (an unended last line counted): where "no rows" errors point. */
    int lineAfterEnd() {
        return midLine ? line + 1 : line;
    }

    /** True if the current record is a blank line (nothing but spaces, unquoted). */
    boolean isBlank() {
        return size == 1 && !quoted[0] && fields[0].isEmpty();
    }

    private void add(String field, boolean isQuoted, int fieldLine) {
        if (size == fields.length) {
            int n = GrowingValues.grow(size);
            fields = Arrays.copyOf(fields, n);
            quoted = Arrays.copyOf(quoted, n);
            lines = Arrays.copyOf(lines, n);
        }
        fields[size] = field;
        quoted[size] = isQuoted;
        lines[size] = fieldLine;
        size++;
    }

    private void append(int c, int fieldLine) throws MalformedDataException {
        if (text.length() >= MAX_FIELD_CHARS) {
            throw new MalformedDataException(source, fieldLine, size + 1, "a field of more than " + MAX_FIELD_CHARS
                    + " characters (a quote that is never closed?)");
        }
        text.append((char) c);
    }

    /** The next character, a line break of any kind as {@code \n}, or {@link #END}. */
    private int read() throws IOException {
        if (position == limit && !fill()) {
            return END;
        }
        char c = buffer[position++];
        midLine = c != '\r' && c != '\n';
        if (c == '\r') {
            if (peek() == '\n') {
                position++;
            }
            line++;
            return '\n';
        }
        if (c == '\n') {
            line++;
        }
        return c;
    }

    private int peek() throws IOException {
        if (position == limit && !fill()) {
            return END;
        }
        return buffer[position];
    }

    private boolean fill() throws IOException {
        int n;
        do {
            n = in.read(buffer, 0, buffer.length);
        } while (n == 0);
        if (n < 0) {
            return false;
        }
        position = 0;
        limit = n;
        return true;
    }
}
