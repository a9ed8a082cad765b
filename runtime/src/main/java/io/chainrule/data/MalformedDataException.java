package io.chainrule.data;

import java.io.IOException;

/**
 * A data file that cannot be read as the reader was told to read it: a non-numeric value, a
 * wrong number of columns, a label out of range, a bad magic number, a truncated file. The message
 * names the source and, for text files, the line and column (both 1-based), for example
 * {@code iris.csv, line 12, column 3: value '5,1' is not a number}.
 *
 * <p>(Not named {@code DataFormatException}, so as not to clash with
 * {@code java.util.zip.DataFormatException} in code that imports both packages.)
 */
public class MalformedDataException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final int line;
    private final int column;

    /**
     * A problem at {@code line} and {@code column} (1-based) of a text source; pass 0 for a
     * column (or for both) that does not apply.
     */
    public MalformedDataException(String source, int line, int column, String detail) {
        super(location(source, line, column) + ": " + detail);
        this.source = source;
        this.line = line;
        this.column = column;
    }

    /** A problem with a whole (binary) source. */
    public MalformedDataException(String source, String detail) {
        this(source, 0, 0, detail);
    }

    /** A problem with a whole (binary) source, caused by a lower-level exception. */
    public MalformedDataException(String source, String detail, Throwable cause) {
        this(source, 0, 0, detail);
        initCause(cause);
    }

    private static String location(String source, int line, int column) {
        StringBuilder s = new StringBuilder(source);
        if (line > 0) {
            s.append(", line ").append(line);
        }
        if (column > 0) {
            s.append(", column ").append(column);
        }
        return s.toString();
    }

    /** The file name or other source name given to the reader. */
    public String source() {
        return source;
    }

    /** The 1-based line of the problem, or 0 if it is not about one line. */
    public int line() {
        return line;
    }

    /** The 1-based column of the problem, or 0 if it is not about one column. */
    public int column() {
        return column;
    }
}
