package io.chainrule.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * How the columns of a table became a {@link Dataset}: which column holds the label (and the
 * names of its classes) or the targets, which columns are features and how each became model
 * inputs (a number as it is, a category one-hot encoded), which were ignored, and what a missing
 * value of a column is filled with. {@link CsvReader} records it in the data set it reads
 * ({@link Dataset#schema()}); {@code io.chainrule.io.ModelFile} saves it with the model, and
 * {@link #reader()} reads new rows of the same table, raw as they are, into the same inputs.
 *
 * <p>Immutable.
 */
public final class Schema {
    /** What a column of the table is for. */
    public enum Role {
        /** One or more model inputs. */
        FEATURE,
        /** The class of the example. */
        LABEL,
        /** A target value of the example (regression). */
        TARGET,
        /** Not used. */
        IGNORED
    }

    /** One column of the table. Immutable. */
    public static final class Column {
        private final String name;
        private final Role role;
        private final String[] categories;
        private final double fill;
        private final int filled;

        /**
         * @param name the header name (for a file without header: {@code column N}, from 1)
         * @param categories the categories of a one-hot encoded feature column, in input order, or
         *     null for a numeric column
         * @param fill what a missing value becomes: a number (numeric column) or the index of a
         *     category; NaN if missing values are errors
         * @param filled how many missing values were filled when the data were read
         */
        public Column(String name, Role role, String[] categories, double fill, int filled) {
            if (name == null || role == null) {
                throw new NullPointerException(name == null ? "name" : "role");
            }
            if (categories != null && (role != Role.FEATURE || categories.length == 0)) {
                throw new IllegalArgumentException("column '" + name + "': only a feature column has categories, at least one");
            }
            if (categories != null && !Double.isNaN(fill) && (fill != Math.rint(fill) || fill < 0 || fill >= categories.length)) {
                throw new IllegalArgumentException("column '" + name + "': fill " + fill + " is no category index");
            }
            if (Double.isInfinite(fill) || filled < 0 || (role != Role.FEATURE && !Double.isNaN(fill))) {
                throw new IllegalArgumentException("column '" + name + "': fill " + fill + ", filled " + filled);
            }
            this.name = name;
            this.role = role;
            this.categories = categories == null ? null : categories.clone();
            this.fill = fill;
            this.filled = filled;
        }

        /** The header name. */
        public String name() {
            return name;
        }

        /** What the column is for. */
        public Role role() {
            return role;
        }

        /** True for a feature column one-hot encoded over {@link #categories()}. */
        public boolean isCategorical() {
            return categories != null;
        }

        /** The categories in input order (sorted when read); empty for a numeric column. */
        public List<String> categories() {
            return categories == null ? Collections.<String>emptyList()
                    : Collections.unmodifiableList(Arrays.asList(categories));
        }

        /** Number of model inputs of this column: 1 for a number, one per category, 0 unless a feature. */
        public int width() {
            return role != Role.FEATURE ? 0 : categories == null ? 1 : categories.length;
        }

        /** True if a missing value is filled (with {@link #fill()}) rather than an error. */
        public boolean fillsMissing() {
            return !Double.isNaN(fill);
        }

        /** The value a missing number becomes, or the index of the category a missing category becomes; NaN if none. */
        public double fill() {
            return fill;
        }

        /** How many missing values were filled when the data were read. */
        public int filled() {
            return filled;
        }

        int categoryIndex(String text) {
            for (int k = 0; k < categories.length; k++) {
                if (categories[k].equals(text)) {
                    return k;
                }
            }
            return -1;
        }

        String[] categoryArray() {
            return categories;
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Column)) {
                return false;
            }
            Column c = (Column) o;
            return name.equals(c.name) && role == c.role && Arrays.equals(categories, c.categories)
                    && Double.doubleToLongBits(fill) == Double.doubleToLongBits(c.fill) && filled == c.filled;
        }

        @Override
        public int hashCode() {
            return (name.hashCode() * 31 + role.hashCode()) * 31 + Arrays.hashCode(categories);
        }

        @Override
        public String toString() {
            return name + " (" + role.name().toLowerCase(java.util.Locale.ROOT)
                    + (categories != null ? ", " + categories.length + " categories" : "")
                    + (fillsMissing() ? ", missing filled" : "") + ")";
        }
    }

    private final Column[] columns;
    private final String[] classNames;
    private final boolean classIndices;

    /**
     * @param columns the table's columns in order
     * @param classNames the class names in class-index order (classification), or null (regression)
     * @param classIndices true if the label column holds class indices ({@code 0 .. K-1}, named by
     *     their decimal digits), false if it holds the class names
     */
    public Schema(List<Column> columns, List<String> classNames, boolean classIndices) {
        this.columns = columns.toArray(new Column[0]);
        this.classNames = classNames == null ? null : classNames.toArray(new String[0]);
        this.classIndices = classIndices;
        int labels = 0;
        int features = 0;
        for (Column c : this.columns) {
            labels += c.role == Role.LABEL ? 1 : 0;
            features += c.width();
        }
        if (features == 0) {
            throw new IllegalArgumentException("a schema needs at least one feature column");
        }
        if ((this.classNames != null) != (labels == 1) || labels > 1) {
            throw new IllegalArgumentException("a schema has class names exactly when it has one label column");
        }
        if (this.classNames != null) {
            for (int c = 0; c < this.classNames.length; c++) {
                if (this.classNames[c] == null) {
                    throw new NullPointerException("class name " + c);
                }
            }
        }
    }

    /** The table's columns in order. */
    public List<Column> columns() {
        return Collections.unmodifiableList(Arrays.asList(columns));
    }

    /** The column named {@code name}, or null. */
    public Column column(String name) {
        for (Column c : columns) {
            if (c.name.equals(name)) {
                return c;
            }
        }
        return null;
    }

    /** Number of model inputs: the widths of the feature columns. */
    public int featureCount() {
        int n = 0;
        for (Column c : columns) {
            n += c.width();
        }
        return n;
    }

    /**
     * The name of each model input, in input order: a numeric column's name, or
     * {@code column=category} for each category of a one-hot encoded column.
     */
    public List<String> featureNames() {
        List<String> names = new ArrayList<String>();
        for (Column c : columns) {
            if (c.role != Role.FEATURE) {
                continue;
            }
            if (c.categories == null) {
                names.add(c.name);
            } else {
                for (String category : c.categories) {
                    names.add(c.name + "=" + category);
                }
            }
        }
        return names;
    }

    /** True for classification data (a label column). */
    public boolean hasLabels() {
        return classNames != null;
    }

    /** True if the label column holds class indices rather than class names. */
    public boolean classIndices() {
        return classIndices;
    }

    /** The class names in class-index order; empty for regression. */
    public List<String> classNames() {
        return classNames == null ? Collections.<String>emptyList()
                : Collections.unmodifiableList(Arrays.asList(classNames));
    }

    /** The name of class {@code c}: its name in the label column, or its index as text. */
    public String className(int c) {
        return classNames != null && c >= 0 && c < classNames.length ? classNames[c] : Integer.toString(c);
    }

    /** The label column's name, or null for regression. */
    public String labelColumn() {
        for (Column c : columns) {
            if (c.role == Role.LABEL) {
                return c.name;
            }
        }
        return null;
    }

    /** The target columns' names in target order (as chosen when read); empty for classification. */
    public List<String> targetColumns() {
        List<String> names = new ArrayList<String>();
        for (Column c : columns) {
            if (c.role == Role.TARGET) {
                names.add(c.name);
            }
        }
        return names;
    }

    /**
     * A reader of new rows of this table into the same model inputs (the same categories and fills;
     * an unknown category or a missing value without a fill is an error naming line and column).
     * It finds the columns by the header's names, in any order (other columns are ignored); the
     * label or target columns may be left out, and then the data set holds features only
     * ({@link Dataset#ofFeatures}). Without a header (the first row is not the names), a row holds
     * either the feature columns in order or all the table's columns in order.
     */
    public CsvReader reader() {
        return CsvReader.forSchema(this);
    }

    Column[] columnArray() {
        return columns;
    }

    String[] classNameArray() {
        return classNames;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Schema)) {
            return false;
        }
        Schema s = (Schema) o;
        return Arrays.equals(columns, s.columns) && Arrays.equals(classNames, s.classNames)
                && classIndices == s.classIndices;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(columns) * 31 + Arrays.hashCode(classNames);
    }

    @Override
    public String toString() {
        return "Schema" + Arrays.toString(columns) + (classNames != null ? " classes " + Arrays.toString(classNames) : "");
    }
}
