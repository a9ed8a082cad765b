package io.chainrule.data;

import io.chainrule.Precision;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

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
    private static final byte FEATURE = 0;
    private static final byte LABEL = 1;
    private static final byte TARGET = 2;
    private static final byte CATEGORY = 3;
    private static final byte IGNORED = 4;

    /** The default missing-value markers besides the empty field. */
    private static final String[] DEFAULT_MISSING = {"NA", "N/A", "?"};

    private final boolean header;
    private final char delimiter;
    private final Precision precision;
    private final boolean regression;
    private final int classCount;
    /** Label column (classification) or target columns (regression), by index; null if by name. */
    private final int[] columnIndices;
    /** The same by header name; null if by index. */
    private final String[] columnNames;
    private final String[] categorical;
    private final String[] ignored;
    private final boolean impute;
    private final HashSet<String> missing;
    private final String[] classNames;
    /** Non-null for a reader of new rows of a known table ({@link Schema#reader()}). */
    private final Schema schema;

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
        return new Parse(sourceName).run(new CsvRecords(reader, delimiter, sourceName));
    }

    /** The state of one {@code read} call. */
    private final class Parse {
        private final String source;
        private CsvRecords in;
        private String[] names;
        private int columns;
        /** Per column: FEATURE, LABEL, TARGET, CATEGORY or IGNORED, and its index among those of its kind. */
        private byte[] kind;
        private int[] position;
        /** For a schema reader: the schema column of each column of the text (-1: not used). */
        private Schema.Column[] schemaColumn;
        private int numericCount;
        private int categoryCount;
        private int targetSize;
        private final Values numbers = new Values(precision);
        private final Values targets = new Values(precision);
        private int[] categories = new int[64];
        private int[] labels = new int[64];
        private int rows;
        private boolean hasLabels;
        private boolean hasTargets;
        /** Per category column: the categories in order of first appearance. */
        private List<Map<String, Integer>> seen;
        /** Label texts in order of first appearance (labels without class count or names). */
        private final Map<String, Integer> labelTexts = new HashMap<String, Integer>();
        private final List<String> labelOrder = new ArrayList<String>();
        private int[] missingCounts;
        private int maxLabel = -1;

        Parse(String source) {
            this.source = source;
        }

        Dataset run(CsvRecords records) throws IOException {
            this.in = records;
            boolean first = true;
            while (in.next()) {
                if (in.isBlank()) {
                    continue;
                }
                if (first) {
                    first = false;
                    if (schema != null ? schemaLayout() : layout()) {
                        continue;
                    }
                }
                if (schema != null) {
                    schemaRow();
                } else {
                    row();
                }
            }
            if (rows == 0) {
                throw error(in.lineAfterEnd(), 0, first
                        ? "no data rows: the input is empty"
                        : "no data rows after the header");
            }
            return schema != null ? schemaDataset() : dataset();
        }

        /** Decides the role of each column from the first record; true if it is a header. */
        private boolean layout() throws MalformedDataException {
            columns = in.size();
            int line = in.recordLine();
            if (header) {
                names = new String[columns];
                for (int c = 0; c < columns; c++) {
                    names[c] = in.field(c);
                }
            }
            int[] chosen = columnIndices != null ? columnIndices : new int[columnNames.length];
            if (columnNames != null) {
                for (int i = 0; i < columnNames.length; i++) {
                    chosen[i] = columnByName(columnNames[i], line);
                }
            }
            kind = new byte[columns];
            position = new int[columns];
            Arrays.fill(kind, (byte) -1);
            for (int i = 0; i < chosen.length; i++) {
                int c = chosen[i];
                if (c >= columns) {
                    throw error(line, 0, (regression ? "target" : "label") + " column " + c
                            + " (0-based) does not exist: the " + (header ? "header" : "first row")
                            + " has " + columns + " columns");
                }
                choose(c, regression ? TARGET : LABEL, line);
                position[c] = i;
            }
            targetSize = regression ? chosen.length : 0;
            hasLabels = !regression;
            hasTargets = regression;
            for (String name : ignored) {
                choose(columnByName(name, line), IGNORED, line);
            }
            for (String name : categorical) {
                int c = columnByName(name, line);
                choose(c, CATEGORY, line);
                position[c] = categoryCount++;
            }
            int featureColumns = categoryCount;
            for (int c = 0; c < columns; c++) {
                if (kind[c] == -1) {
                    kind[c] = FEATURE;
                    position[c] = numericCount++;
                    featureColumns++;
                }
            }
            if (featureColumns == 0) {
                throw error(line, 0, "no feature columns: all " + columns + " columns are "
                        + (regression ? "targets" : "the label") + (ignored.length > 0 ? " or ignored" : ""));
            }
            seen = new ArrayList<Map<String, Integer>>();
            for (int k = 0; k < categoryCount; k++) {
                seen.add(new HashMap<String, Integer>());
            }
            missingCounts = new int[columns];
            return header;
        }

        private void choose(int c, byte role, int line) throws MalformedDataException {
            if (kind[c] != -1) {
                throw error(line, c + 1, "column " + (c + 1) + " is chosen twice");
            }
            kind[c] = role;
        }

        private int columnByName(String name, int line) throws MalformedDataException {
            int found = -1;
            for (int c = 0; c < columns; c++) {
                if (names[c].equals(name)) {
                    if (found >= 0) {
                        throw error(line, c + 1, "the header names two columns '" + name
                                + "' (columns " + (found + 1) + " and " + (c + 1) + ")");
                    }
                    found = c;
                }
            }
            if (found < 0) {
                throw error(line, 0, "the header has no column named '" + name
                        + "'; its columns are " + list(names));
            }
            return found;
        }

        private void checkColumnCount() throws MalformedDataException {
            int count = in.size();
            if (count != columns) {
                throw error(in.recordLine(), Math.min(count, columns) + 1, count + " columns, expected "
                        + columns + " as in the " + (names != null ? "header" : "first row"));
            }
        }

        private void row() throws MalformedDataException {
            checkColumnCount();
            if (rows == labels.length && hasLabels) {
                labels = Arrays.copyOf(labels, grow(labels.length));
            }
            if (categoryCount > 0) {
                while ((long) (rows + 1) * categoryCount > categories.length) {
                    categories = Arrays.copyOf(categories, grow(categories.length));
                }
            }
            for (int c = 0; c < columns; c++) {
                String text = in.field(c);
                int line = in.line(c);
                switch (kind[c]) {
                    case LABEL:
                        labels[rows] = label(text, c, line);
                        break;
                    case CATEGORY:
                        categories[rows * categoryCount + position[c]] = category(text, c, line);
                        break;
                    case FEATURE:
                        number(numbers, (long) rows * numericCount + position[c], text, c, line, true);
                        break;
                    case TARGET:
                        number(targets, (long) rows * targetSize + position[c], text, c, line, false);
                        break;
                    default:
                        break;
                }
            }
            rows++;
        }

        private boolean isMissing(String text) {
            return text.isEmpty() || missing.contains(text);
        }

        private String missingText(String text) {
            return text.isEmpty() ? "missing value (empty field)" : "missing value '" + clip(text) + "'";
        }

        /** Parses a number into {@code into[index]}; a missing feature becomes NaN if filling is on. */
        private void number(Values into, long index, String text, int c, int line, boolean feature)
                throws MalformedDataException {
            if (feature && impute && isMissing(text)) {
                missingCounts[c]++;
                into.set(index, Double.NaN);
                return;
            }
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

        private String imputeHint() {
            return "; fill it in, or read with imputeMissing() (the column's mean or most frequent category)";
        }

        private int category(String text, int c, int line) throws MalformedDataException {
            if (isMissing(text)) {
                if (!impute) {
                    throw error(line, c + 1, missingText(text) + " where a category is expected" + imputeHint());
                }
                missingCounts[c]++;
                return -1;
            }
            Map<String, Integer> ids = seen.get(position[c]);
            Integer id = ids.get(text);
            if (id == null) {
                id = ids.size();
                ids.put(text, id);
            }
            return id;
        }

        private int label(String text, int c, int line) throws MalformedDataException {
            if (isMissing(text) && classNames == null) {
                throw error(line, c + 1, text.isEmpty() ? "missing label (empty field); every row needs its class"
                        : missingText(text) + " as label; every row needs its class");
            }
            if (classNames != null) {
                for (int k = 0; k < classNames.length; k++) {
                    if (classNames[k].equals(text)) {
                        return k;
                    }
                }
                throw error(line, c + 1, "label '" + clip(text) + "' is none of the class names " + list(classNames));
            }
            if (isNonFiniteWord(text)) {
                throw error(line, c + 1, "value '" + text + "' is not a finite number; NaN and infinities are not data");
            }
            if (classCount > 0) {
                return classIndex(text, c, line);
            }
            if (isDecimal(text) && Double.isInfinite(Double.parseDouble(text))) {
                throw error(line, c + 1, "label " + clip(text) + " is outside the range of double");
            }
            Integer id = labelTexts.get(text);
            if (id == null) {
                id = labelOrder.size();
                labelTexts.put(text, id);
                labelOrder.add(text);
            }
            return id;
        }

        private int classIndex(String text, int c, int line) throws MalformedDataException {
            if (!isDecimal(text)) {
                throw error(line, c + 1, text.isEmpty() ? "empty value where a class index is expected"
                        : "label '" + clip(text) + "' is not a class index (a whole number 0.." + (classCount - 1) + ")");
            }
            double v = Double.parseDouble(text);
            if (v != Math.rint(v)) {
                throw error(line, c + 1, "label '" + clip(text) + "' is not a whole number (a class index)");
            }
            if (v < 0) {
                throw error(line, c + 1, "label " + clip(text) + " is out of range: class indices start at 0");
            }
            if (v >= classCount) {
                throw error(line, c + 1, "label " + clip(text) + " is out of range 0.." + (classCount - 1)
                        + " (classCount " + classCount + ")");
            }
            int y = (int) v;
            maxLabel = Math.max(maxLabel, y);
            return y;
        }

        private void checkFinite(boolean infinite, String text, int c, int line) throws MalformedDataException {
            if (infinite) {
                throw error(line, c + 1, "value '" + clip(text) + "' is outside the range of "
                        + (precision == Precision.FLOAT ? "float" : "double"));
            }
        }

        /** The data set once every row is read: labels numbered, missing values filled, categories encoded. */
        private Dataset dataset() throws MalformedDataException {
            List<String> classes = null;
            boolean indices = false;
            int k = 0;
            int[] y = null;
            if (hasLabels) {
                y = Arrays.copyOf(labels, rows);
                if (classNames != null) {
                    classes = Arrays.asList(classNames);
                    k = classNames.length;
                } else if (classCount > 0) {
                    indices = true;
                    k = classCount;
                } else {
                    int[] order = labelOrder();
                    indices = order == null;
                    if (indices) {
                        k = 0;
                        for (int i = 0; i < rows; i++) {
                            y[i] = (int) Double.parseDouble(labelOrder.get(y[i]));
                            k = Math.max(k, y[i] + 1);
                        }
                    } else {
                        classes = new ArrayList<String>();
                        int[] rank = new int[order.length];
                        for (int r = 0; r < order.length; r++) {
                            String name = labelOrder.get(order[r]);
                            if (!classes.isEmpty() && sameNumber(classes.get(classes.size() - 1), name)) {
                                rank[order[r]] = classes.size() - 1;
                            } else {
                                rank[order[r]] = classes.size();
                                classes.add(name);
                            }
                        }
                        for (int i = 0; i < rows; i++) {
                            y[i] = rank[y[i]];
                        }
                        k = classes.size();
                    }
                }
                if (indices) {
                    classes = new ArrayList<String>();
                    for (int c = 0; c < k; c++) {
                        classes.add(Integer.toString(c));
                    }
                }
            }
            List<Schema.Column> schemaColumns = new ArrayList<Schema.Column>();
            String[][] sorted = new String[categoryCount][];
            int[][] rank = new int[categoryCount][];
            double[] fills = new double[columns];
            Arrays.fill(fills, Double.NaN);
            int width = numericCount;
            for (int c = 0; c < columns; c++) {
                String name = names != null ? names[c] : "column " + (c + 1);
                if (kind[c] == CATEGORY) {
                    int p = position[c];
                    sorted[p] = sortedCategories(seen.get(p), c);
                    rank[p] = new int[sorted[p].length];
                    for (int r = 0; r < sorted[p].length; r++) {
                        rank[p][seen.get(p).get(sorted[p][r])] = r;
                    }
                    width += sorted[p].length;
                    if (impute) {
                        fills[c] = mostFrequent(p, rank[p]);
                    }
                } else if (kind[c] == FEATURE && impute) {
                    fills[c] = mean(c);
                }
                Schema.Role role = kind[c] == LABEL ? Schema.Role.LABEL : kind[c] == TARGET ? Schema.Role.TARGET
                        : kind[c] == IGNORED ? Schema.Role.IGNORED : Schema.Role.FEATURE;
                schemaColumns.add(new Schema.Column(name, role, kind[c] == CATEGORY ? sorted[position[c]] : null,
                        role == Schema.Role.FEATURE && impute ? fills[c] : Double.NaN, missingCounts[c]));
            }
            Schema result = new Schema(schemaColumns, classes, indices);
            boolean plain = categoryCount == 0 && !impute;
            Values features = plain ? numbers : assemble(width, sorted, rank, fills);
            Dataset data;
            if (hasTargets) {
                data = features.isFloat()
                        ? Dataset.ofTargets(features.floats(), width, targets.floats(), targetSize)
                        : Dataset.ofTargets(features.doubles(), width, targets.doubles(), targetSize);
            } else {
                data = features.isFloat()
                        ? Dataset.ofLabels(features.floats(), width, y, k)
                        : Dataset.ofLabels(features.doubles(), width, y, k);
            }
            return data.withSchema(result);
        }

        /**
         * The label texts' order of first appearance sorted as class names (numerically if all are
         * numbers), or null if they are class indices: whole numbers {@code 0 .. K-1} (some may be
         * absent) that start at 0.
         */
        private int[] labelOrder() {
            int n = labelOrder.size();
            boolean numeric = true;
            boolean whole = true;
            double min = Double.POSITIVE_INFINITY;
            for (String text : labelOrder) {
                if (!isDecimal(text)) {
                    numeric = false;
                    whole = false;
                    break;
                }
                double v = Double.parseDouble(text);
                whole &= v == Math.rint(v) && v >= 0 && v < Integer.MAX_VALUE - 8;
                min = Math.min(min, v);
            }
            if (whole && min == 0) {
                return null;
            }
            Integer[] order = new Integer[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            final boolean byValue = numeric;
            Arrays.sort(order, new Comparator<Integer>() {
                @Override
                public int compare(Integer a, Integer b) {
                    String x = labelOrder.get(a);
                    String z = labelOrder.get(b);
                    if (byValue) {
                        int cmp = Double.compare(Double.parseDouble(x), Double.parseDouble(z));
                        if (cmp != 0) {
                            return cmp;
                        }
                        return a.compareTo(b);
                    }
                    return x.compareTo(z);
                }
            });
            int[] result = new int[n];
            for (int i = 0; i < n; i++) {
                result[i] = order[i];
            }
            return result;
        }

        private boolean sameNumber(String a, String b) {
            return isDecimal(a) && isDecimal(b) && Double.parseDouble(a) == Double.parseDouble(b);
        }

        private String[] sortedCategories(Map<String, Integer> ids, int c) throws MalformedDataException {
            if (ids.isEmpty()) {
                throw error(0, c + 1, "the category column has no values, only missing ones");
            }
            String[] sorted = ids.keySet().toArray(new String[0]);
            Arrays.sort(sorted);
            return sorted;
        }

        /** The index (in sorted order) of the most frequent category of category column {@code p}; ties to the first. */
        private double mostFrequent(int p, int[] rank) {
            int[] counts = new int[rank.length];
            for (int i = 0; i < rows; i++) {
                int id = categories[i * categoryCount + p];
                if (id >= 0) {
                    counts[rank[id]]++;
                }
            }
            int best = 0;
            for (int r = 1; r < counts.length; r++) {
                if (counts[r] > counts[best]) {
                    best = r;
                }
            }
            return best;
        }

        /** The mean of the values present in numeric column {@code c}, in the precision. */
        private double mean(int c) throws MalformedDataException {
            double sum = 0;
            int count = 0;
            for (int i = 0; i < rows; i++) {
                double v = numbers.get((long) i * numericCount + position[c]);
                if (!Double.isNaN(v)) {
                    sum += v;
                    count++;
                }
            }
            if (count == 0) {
                throw error(0, c + 1, "the column has no values, only missing ones; nothing to fill them with");
            }
            double mean = sum / count;
            return numbers.isFloat() ? (double) (float) mean : mean;
        }

        /** The final features: numbers in place (missing ones filled), categories one-hot, in column order. */
        private Values assemble(int width, String[][] sorted, int[][] rank, double[] fills) {
            Values out = new Values(precision, (long) rows * width);
            for (int i = 0; i < rows; i++) {
                long at = (long) i * width;
                for (int c = 0; c < columns; c++) {
                    if (kind[c] == FEATURE) {
                        double v = numbers.get((long) i * numericCount + position[c]);
                        out.set(at++, Double.isNaN(v) ? fills[c] : v);
                    } else if (kind[c] == CATEGORY) {
                        int p = position[c];
                        int id = categories[i * categoryCount + p];
                        int hot = id >= 0 ? rank[p][id] : (int) fills[c];
                        for (int r = 0; r < sorted[p].length; r++) {
                            out.set(at++, r == hot ? 1.0 : 0.0);
                        }
                    }
                }
            }
            return out;
        }

        /**
         * The layout of new rows of {@link #schema}: by the header's names if the first record
         * names every feature column (then true), else by position.
         */
        private boolean schemaLayout() throws MalformedDataException {
            columns = in.size();
            int line = in.recordLine();
            Schema.Column[] all = schema.columnArray();
            List<String> fields = new ArrayList<String>();
            for (int c = 0; c < columns; c++) {
                fields.add(in.field(c));
            }
            boolean named = true;
            for (Schema.Column column : all) {
                if (column.role() == Schema.Role.FEATURE && !fields.contains(column.name())) {
                    named = false;
                }
            }
            schemaColumn = new Schema.Column[columns];
            if (named) {
                names = fields.toArray(new String[0]);
                for (Schema.Column column : all) {
                    int c = fields.indexOf(column.name());
                    if (c >= 0 && fields.lastIndexOf(column.name()) != c) {
                        throw error(line, fields.lastIndexOf(column.name()) + 1, "the header names two columns '"
                                + clip(column.name()) + "'");
                    }
                    if (c >= 0 && column.role() != Schema.Role.IGNORED) {
                        schemaColumn[c] = column;
                    }
                }
            } else {
                List<Schema.Column> features = new ArrayList<Schema.Column>();
                for (Schema.Column column : all) {
                    if (column.role() == Schema.Role.FEATURE) {
                        features.add(column);
                    }
                }
                if (columns == features.size()) {
                    schemaColumn = features.toArray(new Schema.Column[0]);
                } else if (columns == all.length) {
                    for (int c = 0; c < columns; c++) {
                        schemaColumn[c] = all[c].role() == Schema.Role.IGNORED ? null : all[c];
                    }
                } else {
                    throw error(line, 0, columns + " columns, and no header naming the model's feature columns "
                            + list(featureNames(features)) + "; without a header a row holds the " + features.size()
                            + " feature columns or all " + all.length + " columns of the training table");
                }
            }
            int labelColumns = 0;
            for (Schema.Column column : schemaColumn) {
                if (column != null && column.role() == Schema.Role.LABEL) {
                    labelColumns++;
                }
                if (column != null && column.role() == Schema.Role.TARGET) {
                    targetSize++;
                }
            }
            hasLabels = labelColumns > 0;
            if (targetSize > 0 && targetSize != schema.targetColumns().size()) {
                throw error(line, 0, "the rows hold " + targetSize + " of the " + schema.targetColumns().size()
                        + " target columns " + list(schema.targetColumns().toArray(new String[0])) + "; give all or none");
            }
            hasTargets = targetSize > 0;
            numericCount = schema.featureCount();
            return named;
        }

        private String[] featureNames(List<Schema.Column> features) {
            String[] result = new String[features.size()];
            for (int i = 0; i < result.length; i++) {
                result[i] = features.get(i).name();
            }
            return result;
        }

        /** One new row of the schema's table, encoded as the model's inputs. */
        private void schemaRow() throws MalformedDataException {
            checkColumnCount();
            if (rows == labels.length && hasLabels) {
                labels = Arrays.copyOf(labels, grow(labels.length));
            }
            int width = numericCount;
            long base = (long) rows * width;
            int targetIndex = 0;
            for (Schema.Column column : schema.columnArray()) {
                int c = indexOf(column);
                if (column.role() == Schema.Role.FEATURE) {
                    String text = in.field(c);
                    int line = in.line(c);
                    if (column.isCategorical()) {
                        int hot = schemaCategory(column, text, c, line);
                        for (int r = 0; r < column.width(); r++) {
                            numbers.set(base++, r == hot ? 1.0 : 0.0);
                        }
                    } else if (isMissing(text) && column.fillsMissing()) {
                        numbers.set(base++, column.fill());
                    } else if (isMissing(text)) {
                        throw error(line, c + 1, missingText(text) + " where a number is expected; the model"
                                + " was trained without filling missing values in this column");
                    } else {
                        number(numbers, base++, text, c, line, false);
                    }
                } else if (column.role() == Schema.Role.LABEL && c >= 0) {
                    labels[rows] = schemaLabel(in.field(c), c, in.line(c));
                } else if (column.role() == Schema.Role.TARGET && c >= 0) {
                    number(targets, (long) rows * targetSize + targetIndex++, in.field(c), c, in.line(c), false);
                }
            }
            rows++;
        }

        private int indexOf(Schema.Column column) {
            for (int c = 0; c < schemaColumn.length; c++) {
                if (schemaColumn[c] == column) {
                    return c;
                }
            }
            return -1;
        }

        private int schemaCategory(Schema.Column column, String text, int c, int line) throws MalformedDataException {
            if (isMissing(text)) {
                if (column.fillsMissing()) {
                    return (int) column.fill();
                }
                throw error(line, c + 1, missingText(text) + " where a category is expected; the model was trained"
                        + " without filling missing values in this column");
            }
            int hot = column.categoryIndex(text);
            if (hot < 0) {
                throw error(line, c + 1, "unknown category '" + clip(text) + "'; the model knows "
                        + list(column.categoryArray()));
            }
            return hot;
        }

        private int schemaLabel(String text, int c, int line) throws MalformedDataException {
            String[] known = schema.classNameArray();
            for (int k = 0; k < known.length; k++) {
                if (known[k].equals(text) || (schema.classIndices() && sameNumber(known[k], text))) {
                    return k;
                }
            }
            throw error(line, c + 1, "label '" + clip(text) + "' is none of the model's classes " + list(known));
        }

        private Dataset schemaDataset() {
            int width = numericCount;
            Dataset data;
            if (hasTargets) {
                data = numbers.isFloat()
                        ? Dataset.ofTargets(numbers.floats(), width, targets.floats(), targetSize)
                        : Dataset.ofTargets(numbers.doubles(), width, targets.doubles(), targetSize);
            } else if (hasLabels) {
                int[] y = Arrays.copyOf(labels, rows);
                int k = schema.classNames().size();
                data = numbers.isFloat() ? Dataset.ofLabels(numbers.floats(), width, y, k)
                        : Dataset.ofLabels(numbers.doubles(), width, y, k);
            } else {
                data = numbers.isFloat() ? Dataset.ofFeatures(numbers.floats(), width)
                        : Dataset.ofFeatures(numbers.doubles(), width);
            }
            return data.withSchema(schema);
        }

        private MalformedDataException error(int line, int column, String detail) {
            if (column > 0 && names != null && column <= names.length) {
                detail = detail + " [column '" + clip(names[column - 1]) + "']";
            }
            return new MalformedDataException(source, line, column, detail);
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

    private static boolean startsWithLetter(String s) {
        return !s.isEmpty() && Character.isLetter(s.charAt(0));
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
            this(precision, 256);
        }

        Values(Precision precision, long capacity) {
            int n = (int) Math.max(16, Math.min(capacity, Integer.MAX_VALUE - 8));
            if (precision == Precision.FLOAT) {
                floats = new float[n];
            } else {
                doubles = new double[n];
            }
        }

        boolean isFloat() {
            return floats != null;
        }

        /** Sets value {@code index} (in the current row or the next), growing the array as needed. */
        void set(long index, float v) {
            if (floats == null) {
                set(index, (double) v);
                return;
            }
            while (index >= floats.length) {
                floats = Arrays.copyOf(floats, grow(floats.length));
            }
            floats[(int) index] = v;
            size = Math.max(size, (int) index + 1);
        }

        /** Sets value {@code index} (rounded to float in a float array), growing the array as needed. */
        void set(long index, double v) {
            if (floats != null) {
                set(index, (float) v);
                return;
            }
            while (index >= doubles.length) {
                doubles = Arrays.copyOf(doubles, grow(doubles.length));
            }
            doubles[(int) index] = v;
            size = Math.max(size, (int) index + 1);
        }

        double get(long index) {
            return floats != null ? floats[(int) index] : doubles[(int) index];
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
            if (isSpace(delimiter) || isDigit(delimiter) || "+-.eE\r\n\"".indexOf(delimiter) >= 0) {
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
