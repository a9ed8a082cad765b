package io.chainrule.data;

import io.chainrule.Precision;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;

/**
 * Reads a table in CSV text into a {@link Dataset}: one example per record, one column holding the
 * class (classification) or one or more columns holding the target values (regression), the other
 * columns features. Configure with {@link #builder()}:
 *
 * <pre>{@code
 * Dataset iris = CsvReader.builder().labelColumn("species").build().read(new File("iris.csv"));
 * Dataset cars = CsvReader.builder().targetColumns("price").categorical("fuel", "body")
 *         .ignore("id").imputeMissing().build().read(new File("cars.csv"));
 * }</pre>
 *
 * <p>Format: UTF-8 text as RFC 4180 describes it: records end at {@code \n} or {@code \r\n},
 * fields are separated by the delimiter, and a field in double quotes may hold delimiters, line
 * breaks and quotes (written twice). Spaces and tabs around a field are ignored, blank lines are
 * skipped, and by default the first record is a header of column names. Numbers are decimal
 * ({@code -1}, {@code 0.5}, {@code 1e-3}); {@code NaN}, infinities and numbers beyond the range of
 * the precision ({@code 1e39} in float) are errors, so a data set read from text holds finite
 * numbers only.
 *
 * <p>Labels: whole numbers {@code 0 .. K-1} are class indices (as are labels when
 * {@link Builder#classCount(int)} is given). Any other labels (words such as {@code setosa}, or
 * numbers such as {@code 1 2 3} or {@code -1 1}) are class names: the classes are numbered in
 * sorted order of the names (numeric order if they are all numbers), and the names are kept in the
 * data set's {@link Schema}, which a model file saves. {@link Builder#classNames(String...)} fixes
 * the names and their order instead.
 *
 * <p>Feature columns hold numbers, unless named in {@link Builder#categorical(String...)}: such a
 * column holds categories (any text), one-hot encoded as one input per category, in sorted order.
 * A missing value (an empty field, or {@code NA}, {@code N/A} or {@code ?}; see
 * {@link Builder#missingMarkers(String...)}) is an error naming line and column, unless
 * {@link Builder#imputeMissing()} asks to fill it: with the mean of the column's other values (a
 * number) or its most frequent category; the schema records the fill and how many were filled.
 * Labels and targets are never filled.
 *
 * <p>The text is streamed record by record; numbers go straight into growing primitive arrays.
 * Every problem is reported as a {@link MalformedDataException} naming the source, line and
 * column. A reader is immutable and may be reused and shared between threads.
 */
public final class CsvReader {
    /** The default missing-value markers besides the empty field. */
    private static final String[] DEFAULT_MISSING = {"NA", "N/A", "?"};

    final boolean header;
    final char delimiter;
    final Precision precision;
    final boolean regression;
    final int classCount;
    /** Label column (classification) or target columns (regression), by index; null if by name. */
    final int[] columnIndices;
    /** The same by header name; null if by index. */
    final String[] columnNames;
    final String[] categorical;
    final String[] ignored;
    final boolean impute;
    final HashSet<String> missing;
    final String[] classNames;
    /** Non-null for a reader of new rows of a known table ({@link Schema#reader()}). */
    final Schema schema;

    private CsvReader(Builder b) {
        this.header = b.header;
        this.delimiter = b.delimiter;
        this.precision = b.precision;
        this.regression = b.regression;
        this.classCount = b.classCount;
        this.columnIndices = b.columnIndices;
        this.columnNames = b.columnNames;
        this.categorical = b.categorical;
        this.ignored = b.ignored;
        this.impute = b.impute;
        this.missing = new HashSet<String>(Arrays.asList(b.missing));
        this.classNames = b.classNames;
        this.schema = b.schema;
    }

    /** A builder with the defaults: header line, comma, label in the first column, float. */
    public static Builder builder() {
        return new Builder();
    }

    /** The reader of {@link Schema#reader()}: comma, float. */
    static CsvReader forSchema(Schema schema) {
        Builder b = new Builder();
        b.schema = schema;
        return new CsvReader(b);
    }

    /**
     * A reader like this one for another precision; useful with {@link Schema#reader()} for a
     * double model.
     */
    public CsvReader withPrecision(Precision precision) {
        Builder b = new Builder();
        b.header = header;
        b.delimiter = delimiter;
        b.precision(precision);
        b.regression = regression;
        b.classCount = classCount;
        b.columnIndices = columnIndices;
        b.columnNames = columnNames;
        b.categorical = categorical;
        b.ignored = ignored;
        b.impute = impute;
        b.missing = missing.toArray(new String[0]);
        b.classNames = classNames;
        b.schema = schema;
        return new CsvReader(b);
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
        CsvParse parse = schema != null ? new SchemaParse(schema, precision, missing, sourceName)
                : new TableParse(this, sourceName);
        return parse.run(new CsvRecords(reader, delimiter, sourceName));
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
        private String[] categorical = new String[0];
        private String[] ignored = new String[0];
        private boolean impute;
        private String[] missing = DEFAULT_MISSING;
        private String[] classNames;
        private Schema schema;

        private Builder() {
        }

        /** Whether the first non-blank line is a header of column names (default true). */
        public Builder header(boolean hasHeader) {
            this.header = hasHeader;
            return this;
        }

        /** The field separator (default {@code ','}); not a space, tab, quote, digit, sign or point. */
        public Builder delimiter(char delimiter) {
            if (CsvText.isSpace(delimiter) || CsvText.isDigit(delimiter) || "+-.eE\r\n\"".indexOf(delimiter) >= 0) {
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
         * Labels are class indices {@code 0 .. classCount - 1} (whole numbers; any other label is
         * an error). Default: labels are read as described on {@link CsvReader}.
         */
        public Builder classCount(int classCount) {
            if (classCount < 1) {
                throw new IllegalArgumentException("classCount must be at least 1, was " + classCount);
            }
            this.classCount = classCount;
            return this;
        }

        /**
         * The class names, in class-index order: a label must be one of them (default: the labels
         * found, in sorted order). Use it to keep the class indices of a file that lacks a class.
         */
        public Builder classNames(String... names) {
            if (names.length == 0) {
                throw new IllegalArgumentException("give at least one class name");
            }
            if (new HashSet<String>(Arrays.asList(names)).size() != names.length) {
                throw new IllegalArgumentException("class names repeat: " + Arrays.toString(names));
            }
            this.classNames = names.clone();
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

        /**
         * Feature columns (by header name) that hold categories rather than numbers: each becomes
         * one input per category seen (in sorted order), 1 for the row's category and 0 for the
         * others (one-hot encoding).
         */
        public Builder categorical(String... names) {
            this.categorical = distinct(names, "categorical");
            return this;
        }

        /** Columns (by header name) that are not used, such as an identifier. */
        public Builder ignore(String... names) {
            this.ignored = distinct(names, "ignored");
            return this;
        }

        /**
         * Fill missing feature values instead of reporting them: a number with the mean of the
         * column's values present, a category with the column's most frequent one (the first in
         * sorted order on a tie). The data set's {@link Schema} records each column's fill and
         * how many values it filled, and predictions fill new rows the same way. Labels and
         * targets are never filled.
         */
        public Builder imputeMissing() {
            this.impute = true;
            return this;
        }

        /**
         * The texts that mean "missing" besides the empty field (default {@code NA}, {@code N/A},
         * {@code ?}), compared after the field's quotes and surrounding spaces are removed.
         */
        public Builder missingMarkers(String... markers) {
            for (String m : markers) {
                if (m == null) {
                    throw new NullPointerException("missing marker");
                }
            }
            this.missing = markers.clone();
            return this;
        }

        /** The reader; throws {@link IllegalStateException} if the options contradict each other. */
        public CsvReader build() {
            if (regression && (labelChosen || classCount > 0 || classNames != null)) {
                throw new IllegalStateException(
                        "choose either a label column, class count or names (classification) or target columns (regression)");
            }
            if (classCount > 0 && classNames != null) {
                throw new IllegalStateException("give either the class count (labels are indices) or the class names");
            }
            if ((columnNames != null || categorical.length > 0 || ignored.length > 0) && !header) {
                throw new IllegalStateException("columns chosen by name need a header line; choose the label or"
                        + " targets by index or set header(true)");
            }
            return new CsvReader(this);
        }

        private static String[] distinct(String[] names, String what) {
            if (new HashSet<String>(Arrays.asList(names)).size() != names.length) {
                throw new IllegalArgumentException(what + " columns repeat: " + Arrays.toString(names));
            }
            for (String name : names) {
                if (name == null) {
                    throw new NullPointerException(what + " column name");
                }
            }
            return names.clone();
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
