package io.chainrule.data;

import static io.chainrule.data.CsvText.clip;
import static io.chainrule.data.CsvText.isDecimal;
import static io.chainrule.data.CsvText.isNonFiniteWord;
import static io.chainrule.data.CsvText.startsWithLetter;

import io.chainrule.Precision;
import java.io.IOException;
import java.util.Arrays;
import java.util.Set;

/**
 * The state of one {@link CsvReader#read(java.io.Reader, String)} call that both ways of reading a
 * table share: the records, the numbers read so far, and the messages that name source, line and
 * column. {@link TableParse} reads a new table as the reader's options say; {@link SchemaParse}
 * reads new rows of a table a model was trained on ({@link Schema#reader()}).
 */
abstract class CsvParse {
    private final String source;
    final Precision precision;
    private final Set<String> missing;
    CsvRecords in;
    /** The header's column names, or null without a header. */
    String[] names;
    int columns;
    /** Numbers per row of {@link #numbers}. */
    int numericCount;
    int targetSize;
    final GrowingValues numbers;
    final GrowingValues targets;
    int[] labels = new int[64];
    int rows;
    boolean hasLabels;
    boolean hasTargets;

    CsvParse(String source, Precision precision, Set<String> missing) {
        this.source = source;
        this.precision = precision;
        this.missing = missing;
        this.numbers = new GrowingValues(precision);
        this.targets = new GrowingValues(precision);
    }

    /** Reads every record: the first one that is not blank decides the layout (and is skipped if a header). */
    final Dataset run(CsvRecords records) throws IOException {
        this.in = records;
        boolean first = true;
        while (in.next()) {
            if (in.isBlank()) {
                continue;
            }
            if (first) {
                first = false;
                if (layout()) {
                    continue;
                }
            }
            row();
        }
        if (rows == 0) {
            throw error(in.lineAfterEnd(), 0, first
                    ? "no data rows: the input is empty"
                    : "no data rows after the header");
        }
        return dataset();
    }

    /** Decides the role of each column from the first record; true if it is a header. */
    abstract boolean layout() throws MalformedDataException;

    /** Reads the current record as one data row. */
    abstract void row() throws MalformedDataException;

    /** The data set once every row is read. */
    abstract Dataset dataset() throws MalformedDataException;

    void checkColumnCount() throws MalformedDataException {
        int count = in.size();
        if (count != columns) {
            throw error(in.recordLine(), Math.min(count, columns) + 1, count + " columns, expected "
                    + columns + " as in the " + (names != null ? "header" : "first row"));
        }
    }

    /** Makes room for the label of row {@code rows}. */
    void growLabels() {
        if (rows == labels.length && hasLabels) {
            labels = Arrays.copyOf(labels, GrowingValues.grow(labels.length));
        }
    }

    boolean isMissing(String text) {
        return text.isEmpty() || missing.contains(text);
    }

    String missingText(String text) {
        return text.isEmpty() ? "missing value (empty field)" : "missing value '" + clip(text) + "'";
    }

    /** Parses a number into {@code into[index]}; {@code feature} chooses the hints of the messages. */
    void number(GrowingValues into, long index, String text, int c, int line, boolean feature)
            throws MalformedDataException {
        if (!isDecimal(text)) {
            throw error(line, c + 1, text.isEmpty()
                    ? "empty value where a number is expected" + (feature ? imputeHint() : "")
                    : isNonFiniteWord(text)
                    ? "value '" + text + "' is not a finite number; NaN and infinities are not data"
                    : feature && isMissing(text)
                    ? missingText(text) + " where a number is expected" + imputeHint()
                    : "value '" + clip(text) + "' is not a number" + (feature && names != null && startsWithLetter(text)
                            ? "; if the column holds categories, name it in categorical(...)" : ""));
        }
        if (into.isFloat()) {
            float v = Float.parseFloat(text);
            checkFinite(Float.isInfinite(v), text, c, line);
            into.set(index, v);
        } else {
            double v = Double.parseDouble(text);
            checkFinite(Double.isInfinite(v), text, c, line);
            into.set(index, v);
        }
    }

    String imputeHint() {
        return "; fill it in, or read with imputeMissing() (the column's mean or most frequent category)";
    }

    private void checkFinite(boolean infinite, String text, int c, int line) throws MalformedDataException {
        if (infinite) {
            throw error(line, c + 1, "value '" + clip(text) + "' is outside the range of "
                    + (precision == Precision.FLOAT ? "float" : "double"));
        }
    }

    boolean sameNumber(String a, String b) {
        return isDecimal(a) && isDecimal(b) && Double.parseDouble(a) == Double.parseDouble(b);
    }

    MalformedDataException error(int line, int column, String detail) {
        if (column > 0 && names != null && column <= names.length) {
            detail = detail + " [column '" + clip(names[column - 1]) + "']";
        }
        return new MalformedDataException(source, line, column, detail);
    }
}
