package io.chainrule.data;

import static io.chainrule.data.CsvText.list;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One read of a new table, as the {@link CsvReader}'s options say: the role of each column (label,
 * targets, features, categories, ignored) from the options and the header, labels numbered as
 * class indices or sorted class names, categories one-hot encoded, missing values filled if asked;
 * the data set's {@link Schema} records all of it.
 */
final class TableParse extends CsvParse {
    private static final byte FEATURE = 0;
    private static final byte LABEL = 1;
    private static final byte TARGET = 2;
    private static final byte CATEGORY = 3;
    private static final byte IGNORED = 4;

    /** What to read: the reader's options. */
    private final CsvReader options;
    /** Per column: FEATURE, LABEL, TARGET, CATEGORY or IGNORED, and its index among those of its kind. */
    private byte[] kind;
    private int[] position;
    private int categoryCount;
    private int[] categories = new int[64];
    /** Per category column: the categories in order of first appearance. */
    private List<Map<String, Integer>> seen;
    private final ClassLabels classLabels;
    private int[] missingCounts;

    TableParse(CsvReader reader, String source) {
        super(source, reader.precision, reader.missing);
        this.options = reader;
        this.classLabels = new ClassLabels(this, reader.classCount, reader.classNames);
    }

    @Override
    boolean layout() throws MalformedDataException {
        columns = in.size();
        int line = in.recordLine();
        if (options.header) {
            names = new String[columns];
            for (int c = 0; c < columns; c++) {
                names[c] = in.field(c);
            }
        }
        int[] chosen = options.columnIndices != null ? options.columnIndices : new int[options.columnNames.length];
        if (options.columnNames != null) {
            for (int i = 0; i < options.columnNames.length; i++) {
                chosen[i] = columnByName(options.columnNames[i], line);
            }
        }
        kind = new byte[columns];
        position = new int[columns];
        Arrays.fill(kind, (byte) -1);
        for (int i = 0; i < chosen.length; i++) {
            int c = chosen[i];
            if (c >= columns) {
                throw error(line, 0, (options.regression ? "target" : "label") + " column " + c
                        + " (0-based) does not exist: the " + (options.header ? "header" : "first row")
                        + " has " + columns + " columns");
            }
            choose(c, options.regression ? TARGET : LABEL, line);
            position[c] = i;
        }
        targetSize = options.regression ? chosen.length : 0;
        hasLabels = !options.regression;
        hasTargets = options.regression;
        for (String name : options.ignored) {
            choose(columnByName(name, line), IGNORED, line);
        }
        for (String name : options.categorical) {
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
                    + (options.regression ? "targets" : "the label")
                    + (options.ignored.length > 0 ? " or ignored" : ""));
        }
        seen = new ArrayList<Map<String, Integer>>();
        for (int k = 0; k < categoryCount; k++) {
            seen.add(new HashMap<String, Integer>());
        }
        missingCounts = new int[columns];
        return options.header;
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

    @Override
    void row() throws MalformedDataException {
        checkColumnCount();
        growLabels();
        if (categoryCount > 0) {
            while ((long) (rows + 1) * categoryCount > categories.length) {
                categories = Arrays.copyOf(categories, GrowingValues.grow(categories.length));
            }
        }
        for (int c = 0; c < columns; c++) {
            String text = in.field(c);
            int line = in.line(c);
            switch (kind[c]) {
                case LABEL:
                    labels[rows] = classLabels.read(text, c, line);
                    break;
                case CATEGORY:
                    categories[rows * categoryCount + position[c]] = category(text, c, line);
                    break;
                case FEATURE:
                    feature((long) rows * numericCount + position[c], text, c, line);
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

    /** A number of a feature column; a missing one becomes NaN (filled in at the end) if filling is on. */
    private void feature(long index, String text, int c, int line) throws MalformedDataException {
        if (options.impute && isMissing(text)) {
            missingCounts[c]++;
            numbers.set(index, Double.NaN);
            return;
        }
        number(numbers, index, text, c, line, true);
    }

    private int category(String text, int c, int line) throws MalformedDataException {
        if (isMissing(text)) {
            if (!options.impute) {
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

    /** The data set once every row is read: labels numbered, missing values filled, categories encoded. */
    @Override
    Dataset dataset() throws MalformedDataException {
        List<String> classes = null;
        boolean indices = false;
        int k = 0;
        int[] y = null;
        if (hasLabels) {
            y = Arrays.copyOf(labels, rows);
            classes = classLabels.number(y);
            indices = classLabels.indices();
            k = classes.size();
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
                if (options.impute) {
                    fills[c] = mostFrequent(p, rank[p]);
                }
            } else if (kind[c] == FEATURE && options.impute) {
                fills[c] = mean(c);
            }
            Schema.Role role = kind[c] == LABEL ? Schema.Role.LABEL : kind[c] == TARGET ? Schema.Role.TARGET
                    : kind[c] == IGNORED ? Schema.Role.IGNORED : Schema.Role.FEATURE;
            schemaColumns.add(new Schema.Column(name, role, kind[c] == CATEGORY ? sorted[position[c]] : null,
                    role == Schema.Role.FEATURE && options.impute ? fills[c] : Double.NaN, missingCounts[c]));
        }
        Schema result = new Schema(schemaColumns, classes, indices);
        boolean plain = categoryCount == 0 && !options.impute;
        GrowingValues features = plain ? numbers : assemble(width, sorted, rank, fills);
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
    GrowingValues assemble(int width, String[][] sorted, int[][] rank, double[] fills) {
        GrowingValues out = new GrowingValues(precision, (long) rows * width);
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
}
