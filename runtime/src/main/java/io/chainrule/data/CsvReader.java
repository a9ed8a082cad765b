package io.chainrule.data;

import io.chainrule.Precision;

import java.io.BufferedReader;
import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads a comma-separated file of numbers into a {@link Dataset}: one example per line, one
 * column holding the class index (classification) or one or more columns holding the target
 * values (regression), all other columns features. Configure with {@link #builder()}:
 *
 * <pre>{@code
 * Dataset iris = CsvReader.builder().labelColumn("label").build().read(new File("iris.csv"));
 * Dataset wine = CsvReader.builder().targetColumns("quality").precision(Precision.DOUBLE)
 *         .build().read(new File("wine.csv"));
 * }</pre>
 *
 * <p>Format: UTF-8 text, one record per line ({@code \n} or {@code \r\n}), fields separated by the
 * delimiter, no quoting; spaces and tabs around a field are ignored; blank lines are skipped.
 * Values are decimal numbers ({@code -1}, {@code 0.5}, {@code 1e-3}); {@code NaN}, infinities, numbers
 * beyond the range of the precision ({@code 1e39} in float, {@code 1e999} in either: they would be
 * infinite) and empty fields are errors, so a data set read from text holds finite numbers only.
 * A label must be a whole number ({@code 3} or {@code 3.0}).
 *
 * <p>The file is streamed line by line; values go straight into growing primitive arrays, so
 * memory is proportional to the numbers read, never to the text. Every problem is reported as a
 * {@link MalformedDataException} naming the source, line and column. A reader is immutable and
 * may be reused and shared between threads.
 */
public final class CsvReader {
    private static final byte FEATURE = 0;
    private static final byte LABEL = 1;
    private static final byte TARGET = 2;

    private final boolean header;
    private final char delimiter;
    private final Precision precision;
    private final boolean regression;
    private final int classCount;
    /** Label column (classification) or target columns (regression), by index; null if by name. */
    private final int[] columnIndices;
    /** The same by header name; null if by index. */
    private final String[] columnNames;

    private CsvReader(Builder b) {
        this.header = b.header;
        this.delimiter = b.delimiter;
        this.precision = b.precision;
        this.regression = b.regression;
        this.classCount = b.classCount;
        this.columnIndices = b.columnIndices;
        this.columnNames = b.columnNames;
    }

    /** A builder with the defaults: header line, comma, label in the first column, float. */
    public static Builder builder() {
        return new Builder();
    }

    /** Reads {@code file} (UTF-8); messages name it by {@link File#getPath()}. */
    public Dataset read(File file) throws IOException {
        InputStream in = new FileInputStream(file);
        try {
            return read(in, file.getPath());
        } finally {
            in.close();
        }
    }

    /**
     * Reads UTF-8 text from {@code in}, which is read to its end but not closed;
     * {@code sourceName} names it in error messages.
     */
    public Dataset read(InputStream in, String sourceName) throws IOException {
        return read(new InputStreamReader(in, StandardCharsets.UTF_8), sourceName);
    }

    /**
     * Reads text from {@code reader}, which is read to its end but not closed;
     * {@code sourceName} names it in error messages.
     */
    public Dataset read(Reader reader, String sourceName) throws IOException {
        return new Parse(sourceName).run(new BufferedReader(reader, 1 << 16));
    }

    /** The state of one {@code read} call. */
    private final class Parse {
        private final String source;
        private int lineNumber;
        private String[] names;
        private int columns;
        /** Per column: FEATURE, LABEL or TARGET, and its index among the features or targets. */
        private byte[] kind;
        private int[] position;
        private int featureCount;
        private int targetSize;
        private final Values features = new Values(precision);
        private final Values targets = new Values(precision);
        private int[] labels = new int[64];
        private int rows;
        private int maxLabel = -1;

        Parse(String source) {
            this.source = source;
        }

        Dataset run(BufferedReader in) throws IOException {
            String line;
            while ((line = in.readLine()) != null) {
                lineNumber++;
                if (lineNumber == 1 && line.length() > 0 && line.charAt(0) == '\uFEFF') {
                    line = line.substring(1);
                }
                if (isBlank(line)) {
                    continue;
                }
                if (kind == null) {
                    layout(line);
                    if (header) {
                        continue;
                    }
                }
                row(line);
            }
            if (rows == 0) {
                throw error(lineNumber + 1, 0, kind == null
                        ? "no data rows: the input is empty"
                        : "no data rows after the header");
            }
            if (regression) {
                return features.isFloat()
                        ? Dataset.ofTargets(features.floats(), featureCount, targets.floats(), targetSize)
                        : Dataset.ofTargets(features.doubles(), featureCount, targets.doubles(), targetSize);
            }
            int[] y = Arrays.copyOf(labels, rows);
            int k = classCount > 0 ? classCount : maxLabel + 1;
            return features.isFloat()
                    ? Dataset.ofLabels(features.floats(), featureCount, y, k)
                    : Dataset.ofLabels(features.doubles(), featureCount, y, k);
        }

        /** Decides the role of each column from the first non-blank line. */
        private void layout(String line) throws MalformedDataException {
            columns = fieldCount(line);
            if (header) {
                names = new String[columns];
                int start = 0;
                for (int c = 0; c < columns; c++) {
                    int end = fieldEnd(line, start);
                    names[c] = line.substring(start, end).trim();
                    start = end + 1;
                }
            }
            int[] chosen = columnIndices != null ? columnIndices : new int[columnNames.length];
            if (columnNames != null) {
                for (int i = 0; i < columnNames.length; i++) {
                    chosen[i] = columnByName(columnNames[i]);
                }
            }
            kind = new byte[columns];
            position = new int[columns];
            for (int i = 0; i < chosen.length; i++) {
                int c = chosen[i];
                if (c >= columns) {
                    throw error(lineNumber, 0, (regression ? "target" : "label") + " column " + c
                            + " (0-based) does not exist: the " + (header ? "header" : "first row")
                            + " has " + columns + " columns");
                }
                if (kind[c] != FEATURE) {
                    throw error(lineNumber, c + 1, "column " + (c + 1) + " is chosen twice");
                }
                kind[c] = regression ? TARGET : LABEL;
                position[c] = i;
            }
            targetSize = regression ? chosen.length : 0;
            for (int c = 0; c < columns; c++) {
                if (kind[c] == FEATURE) {
                    position[c] = featureCount++;
                }
            }
            if (featureCount == 0) {
                throw error(lineNumber, 0, "no feature columns: all " + columns + " columns are "
                        + (regression ? "targets" : "the label"));
            }
        }

        private int columnByName(String name) throws MalformedDataException {
            int found = -1;
            for (int c = 0; c < columns; c++) {
                if (names[c].equals(name)) {
                    if (found >= 0) {
                        throw error(lineNumber, c + 1, "the header names two columns '" + name
                                + "' (columns " + (found + 1) + " and " + (c + 1) + ")");
                    }
                    found = c;
                }
            }
            if (found < 0) {
                throw error(lineNumber, 0, "the header has no column named '" + name
                        + "'; its columns are " + list(names));
            }
            return found;
        }

        private void row(String line) throws MalformedDataException {
            int count = fieldCount(line);
            if (count != columns) {
                throw error(lineNumber, Math.min(count, columns) + 1, count + " columns, expected "
                        + columns + " as in the " + (header ? "header" : "first row"));
            }
            if (rows == labels.length && !regression) {
                labels = Arrays.copyOf(labels, grow(labels.length));
            }
            int start = 0;
            for (int c = 0; c < columns; c++) {
                int end = fieldEnd(line, start);
                int s = start;
                int e = end;
                while (s < e && isSpace(line.charAt(s))) {
                    s++;
                }
                while (e > s && isSpace(line.charAt(e - 1))) {
                    e--;
                }
                String text = line.substring(s, e);
                if (!isDecimal(text)) {
                    throw error(lineNumber, c + 1, text.isEmpty()
                            ? "empty value where a number is expected"
                            : isNonFiniteWord(text)
                            ? "value '" + text + "' is not a finite number; NaN and infinities are not data"
                            : "value '" + clip(text) + "' is not a number");
                }
                if (kind[c] == LABEL) {
                    labels[rows] = label(text, c);
                } else {
                    // Features are in column order; targets in the order they were chosen.
                    Values into = kind[c] == FEATURE ? features : targets;
                    long index = kind[c] == FEATURE ? (long) rows * featureCount + position[c]
                            : (long) rows * targetSize + position[c];
                    if (into.isFloat()) {
                        float v = Float.parseFloat(text);
                        checkFinite(Float.isInfinite(v), text, c);
                        into.set(index, v);
                    } else {
                        double v = Double.parseDouble(text);
                        checkFinite(Double.isInfinite(v), text, c);
                        into.set(index, v);
                    }
                }
                start = end + 1;
            }
            rows++;
        }

        private int label(String text, int c) throws MalformedDataException {
            double v = Double.parseDouble(text);
            if (v != Math.rint(v)) {
                throw error(lineNumber, c + 1, "label '" + clip(text) + "' is not a whole number (a class index)");
            }
            if (v < 0) {
                throw error(lineNumber, c + 1, "label " + clip(text) + " is out of range: class indices start at 0");
            }
            if (classCount > 0 && v >= classCount) {
                throw error(lineNumber, c + 1, "label " + clip(text) + " is out of range 0.." + (classCount - 1)
                        + " (classCount " + classCount + ")");
            }
            if (v >= Integer.MAX_VALUE) {
                throw error(lineNumber, c + 1, "label " + clip(text) + " is too large for a class index");
            }
            int y = (int) v;
            maxLabel = Math.max(maxLabel, y);
            return y;
        }

        private void checkFinite(boolean infinite, String text, int c) throws MalformedDataException {
            if (infinite) {
                throw error(lineNumber, c + 1, "value '" + clip(text) + "' is outside the range of "
                        + (precision == Precision.FLOAT ? "float" : "double"));
            }
        }

        private MalformedDataException error(int line, int column, String detail) {
            if (column > 0 && names != null && column <= names.length) {
                detail = detail + " [column '" + clip(names[column - 1]) + "']";
            }
            return new MalformedDataException(source, line, column, detail);
        }

        private int fieldEnd(String line, int start) {
            int end = line.indexOf(delimiter, start);
            return end < 0 ? line.length() : end;
        }

        private int fieldCount(String line) {
            int count = 1;
            for (int i = 0; i < line.length(); i++) {
                if (line.charAt(i) == delimiter) {
                    count++;
                }
            }
            return count;
        }
    }

    /** The longest text quoted whole in a message. */
    private static final int QUOTED_CHARS = 40;
    /** The most header names listed in a message. */
    private static final int LISTED_NAMES = 20;

    /**
     * {@code text}, or for a long one its start and its length, so that a message about a damaged
     * field of 100,000 characters stays one readable line.
     */
    static String clip(String text) {
        return text.length() <= QUOTED_CHARS ? text
                : text.substring(0, QUOTED_CHARS) + "... (" + text.length() + " characters)";
    }

    /** {@code [a, b, c]}, each name clipped, at most {@value #LISTED_NAMES} of them. */
    private static String list(String[] names) {
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < Math.min(names.length, LISTED_NAMES); i++) {
            s.append(i == 0 ? "" : ", ").append(clip(names[i]));
        }
        if (names.length > LISTED_NAMES) {
            s.append(", ... (").append(names.length).append(" columns)");
        }
        return s.append(']').toString();
    }

    private static boolean isSpace(char ch) {
        return ch == ' ' || ch == '\t';
    }

    private static boolean isBlank(String line) {
        for (int i = 0; i < line.length(); i++) {
            if (!isSpace(line.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** True for {@code NaN}, {@code Inf} and {@code Infinity}, signed or not, in any case. */
    static boolean isNonFiniteWord(String s) {
        String word = s.startsWith("+") || s.startsWith("-") ? s.substring(1) : s;
        return word.equalsIgnoreCase("nan") || word.equalsIgnoreCase("inf") || word.equalsIgnoreCase("infinity");
    }

    /** True for {@code [+-]? (d+ (. d*)? | . d+) ([eE] [+-]? d+)?}: what this reader accepts. */
    static boolean isDecimal(String s) {
        int i = 0;
        int n = s.length();
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            i++;
        }
        int digits = 0;
        while (i < n && isDigit(s.charAt(i))) {
            i++;
            digits++;
        }
        if (i < n && s.charAt(i) == '.') {
            i++;
            while (i < n && isDigit(s.charAt(i))) {
                i++;
                digits++;
            }
        }
        if (digits == 0) {
            return false;
        }
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            int exponentDigits = 0;
            while (i < n && isDigit(s.charAt(i))) {
                i++;
                exponentDigits++;
            }
            if (exponentDigits == 0) {
                return false;
            }
        }
        return i == n;
    }

    private static boolean isDigit(char ch) {
        return ch >= '0' && ch <= '9';
    }

    /** The next capacity of a growing array: 1.5 times, at most the largest array size. */
    static int grow(int capacity) {
        long next = capacity + (capacity >> 1) + 16L;
        int max = Integer.MAX_VALUE - 8;
        if (capacity >= max) {
            throw new OutOfMemoryError("more than " + max + " values do not fit in one array");
        }
        return (int) Math.min(next, max);
    }

    /** Values of one precision in a growing array, filled row by row, trimmed when taken. */
    private static final class Values {
        private float[] floats;
        private double[] doubles;
        private int size;

        Values(Precision precision) {
            if (precision == Precision.FLOAT) {
                floats = new float[256];
            } else {
                doubles = new double[256];
            }
        }

        boolean isFloat() {
            return floats != null;
        }

        /** Sets value {@code index} (in the current row or the next), growing the array as needed. */
        void set(long index, float v) {
            while (index >= floats.length) {
                floats = Arrays.copyOf(floats, grow(floats.length));
            }
            floats[(int) index] = v;
            size = Math.max(size, (int) index + 1);
        }

        /** Sets value {@code index} (in the current row or the next), growing the array as needed. */
        void set(long index, double v) {
            while (index >= doubles.length) {
                doubles = Arrays.copyOf(doubles, grow(doubles.length));
            }
            doubles[(int) index] = v;
            size = Math.max(size, (int) index + 1);
        }

        float[] floats() {
            return Arrays.copyOf(floats, size);
        }

        double[] doubles() {
            return Arrays.copyOf(doubles, size);
        }
    }

    /**
     * Options of a {@link CsvReader}. Choose either a label column (classification, the default
     * with the first column) or target columns (regression), by 0-based index or by header name.
     */
    public static final class Builder {
        private boolean header = true;
        private char delimiter = ',';
        private Precision precision = Precision.FLOAT;
        private boolean regression;
        private boolean labelChosen;
        private int classCount;
        private int[] columnIndices = {0};
        private String[] columnNames;

        private Builder() {
        }

        /** Whether the first non-blank line is a header of column names (default true). */
        public Builder header(boolean hasHeader) {
            this.header = hasHeader;
            return this;
        }

        /** The field separator (default {@code ','}); not a space, tab, digit, sign or point. */
        public Builder delimiter(char delimiter) {
            if (isSpace(delimiter) || isDigit(delimiter) || "+-.eE\r\n".indexOf(delimiter) >= 0) {
                throw new IllegalArgumentException("'" + delimiter + "' cannot separate numbers");
            }
            this.delimiter = delimiter;
            return this;
        }

        /** Precision of the features and targets of the data set (default FLOAT). */
        public Builder precision(Precision precision) {
            if (precision == null) {
                throw new NullPointerException("precision");
            }
            this.precision = precision;
            return this;
        }

        /** Classification with the label in column {@code index} (0-based; default 0). */
        public Builder labelColumn(int index) {
            checkIndices(new int[] {index});
            labelChosen = true;
            columnIndices = new int[] {index};
            columnNames = null;
            return this;
        }

        /** Classification with the label in the column the header names {@code name}. */
        public Builder labelColumn(String name) {
            labelChosen = true;
            columnIndices = null;
            columnNames = new String[] {name};
            return this;
        }

        /**
         * Number of classes; labels must be {@code 0 .. classCount - 1}. Default 0: inferred as the
         * largest label read plus one.
         */
        public Builder classCount(int classCount) {
            if (classCount < 1) {
                throw new IllegalArgumentException("classCount must be at least 1, was " + classCount);
            }
            this.classCount = classCount;
            return this;
        }

        /** Regression with these target columns (0-based), in this order. */
        public Builder targetColumns(int... indices) {
            if (indices.length == 0) {
                throw new IllegalArgumentException("give at least one target column");
            }
            checkIndices(indices);
            regression = true;
            columnIndices = indices.clone();
            columnNames = null;
            return this;
        }

        /** Regression with the target columns the header names so, in this order. */
        public Builder targetColumns(String... names) {
            if (names.length == 0) {
                throw new IllegalArgumentException("give at least one target column");
            }
            regression = true;
            columnIndices = null;
            columnNames = names.clone();
            return this;
        }

        /** The reader; throws {@link IllegalStateException} if the options contradict each other. */
        public CsvReader build() {
            if (regression && (labelChosen || classCount > 0)) {
                throw new IllegalStateException(
                        "choose either a label column and class count (classification) or target columns (regression)");
            }
            if (columnNames != null && !header) {
                throw new IllegalStateException("columns chosen by name " + Arrays.toString(columnNames)
                        + " need a header line; choose them by index or set header(true)");
            }
            return new CsvReader(this);
        }

        private static void checkIndices(int[] indices) {
            for (int index : indices) {
                if (index < 0) {
                    throw new IllegalArgumentException("column index must be at least 0, was " + index);
                }
            }
        }
    }
}
