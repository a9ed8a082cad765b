package io.chainrule.data;

import static io.chainrule.data.CsvText.clip;
import static io.chainrule.data.CsvText.list;

import io.chainrule.Precision;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * One read of new rows of a table a model was trained on ({@link Schema#reader()}): the columns
 * found by the header's names or by position, each row encoded as the model's inputs with the
 * training table's categories and fills; labels and targets are read where the rows hold them.
 */
final class SchemaParse extends CsvParse {
    private final Schema schema;
    /** The schema column of each column of the text (null: not used). */
    private Schema.Column[] schemaColumn;

    SchemaParse(Schema schema, Precision precision, Set<String> missing, String source) {
        super(source, precision, missing);
        this.schema = schema;
    }

    /**
     * The layout of new rows of {@link #schema}: by the header's names if the first record
     * names every feature column (then true), else by position.
     */
    @Override
    boolean layout() throws MalformedDataException {
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
    @Override
    void row() throws MalformedDataException {
        checkColumnCount();
        growLabels();
        int width = numericCount;
        long base = (long) rows * width;
        int targetIndex = 0;
        for (Schema.Column column : schema.columnArray()) {
            int c = indexOf(column);
            if (column.role() == Schema.Role.FEATURE) {
                String text = in.field(c);
                int line = in.line(c);
                if (column.isCategorical()) {
                    int hot = category(column, text, c, line);
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
                labels[rows] = label(in.field(c), c, in.line(c));
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

    private int category(Schema.Column column, String text, int c, int line) throws MalformedDataException {
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

    private int label(String text, int c, int line) throws MalformedDataException {
        String[] known = schema.classNameArray();
        for (int k = 0; k < known.length; k++) {
            if (known[k].equals(text) || (schema.classIndices() && sameNumber(known[k], text))) {
                return k;
            }
        }
        throw error(line, c + 1, "label '" + clip(text) + "' is none of the model's classes " + list(known));
    }

    @Override
    Dataset dataset() {
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
}
