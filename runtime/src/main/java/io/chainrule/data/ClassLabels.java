package io.chainrule.data;

import static io.chainrule.data.CsvText.clip;
import static io.chainrule.data.CsvText.isDecimal;
import static io.chainrule.data.CsvText.isNonFiniteWord;
import static io.chainrule.data.CsvText.list;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The label column of a new table ({@link TableParse}): each label read as one of the given class
 * names, a class index below the given class count, or else a text numbered in order of first
 * appearance; once every row is read, {@link #number} turns those numbers into classes: whole
 * numbers {@code 0 .. K-1} as class indices, any other labels as class names in sorted order
 * (numeric order if they are all numbers).
 */
final class ClassLabels {
    private final CsvParse parse;
    private final int classCount;
    private final String[] classNames;
    /** Label texts in order of first appearance (labels without class count or names), and their ids. */
    private final List<String> seen = new ArrayList<String>();
    private final Map<String, Integer> texts = new HashMap<String, Integer>();
    private boolean indices;

    ClassLabels(CsvParse parse, int classCount, String[] classNames) {
        this.parse = parse;
        this.classCount = classCount;
        this.classNames = classNames;
    }

    /** The class (or, before {@link #number}, the label text's id) of label {@code text} in column {@code c}. */
    int read(String text, int c, int line) throws MalformedDataException {
        if (parse.isMissing(text) && classNames == null) {
            throw parse.error(line, c + 1, text.isEmpty() ? "missing label (empty field); every row needs its class"
                    : parse.missingText(text) + " as label; every row needs its class");
        }
        if (classNames != null) {
            for (int k = 0; k < classNames.length; k++) {
                if (classNames[k].equals(text)) {
                    return k;
                }
            }
            throw parse.error(line, c + 1, "label '" + clip(text) + "' is none of the class names " + list(classNames));
        }
        if (isNonFiniteWord(text)) {
            throw parse.error(line, c + 1, "value '" + text + "' is not a finite number; NaN and infinities are not data");
        }
        if (classCount > 0) {
            return classIndex(text, c, line);
        }
        if (isDecimal(text) && Double.isInfinite(Double.parseDouble(text))) {
            throw parse.error(line, c + 1, "label " + clip(text) + " is outside the range of double");
        }
        Integer id = texts.get(text);
        if (id == null) {
            id = seen.size();
            texts.put(text, id);
            seen.add(text);
        }
        return id;
    }

    private int classIndex(String text, int c, int line) throws MalformedDataException {
        if (!isDecimal(text)) {
            throw parse.error(line, c + 1, text.isEmpty() ? "empty value where a class index is expected"
                    : "label '" + clip(text) + "' is not a class index (a whole number 0.." + (classCount - 1) + ")");
        }
        double v = Double.parseDouble(text);
        if (v != Math.rint(v)) {
            throw parse.error(line, c + 1, "label '" + clip(text) + "' is not a whole number (a class index)");
        }
        if (v < 0) {
            throw parse.error(line, c + 1, "label " + clip(text) + " is out of range: class indices start at 0");
        }
        if (v >= classCount) {
            throw parse.error(line, c + 1, "label " + clip(text) + " is out of range 0.." + (classCount - 1)
                    + " (classCount " + classCount + ")");
        }
        return (int) v;
    }

    /**
     * Numbers the classes once every label is read: {@code y}, the values {@link #read} returned,
     * becomes class indices in place; returns the class names in class order.
     */
    List<String> number(int[] y) {
        List<String> classes = null;
        int k;
        if (classNames != null) {
            classes = Arrays.asList(classNames);
            k = classNames.length;
        } else if (classCount > 0) {
            indices = true;
            k = classCount;
        } else {
            int[] order = sortedOrder();
            indices = order == null;
            if (indices) {
                k = 0;
                for (int i = 0; i < y.length; i++) {
                    y[i] = (int) Double.parseDouble(seen.get(y[i]));
                    k = Math.max(k, y[i] + 1);
                }
            } else {
                classes = new ArrayList<String>();
                int[] rank = new int[order.length];
                for (int r = 0; r < order.length; r++) {
                    String name = seen.get(order[r]);
                    if (!classes.isEmpty() && parse.sameNumber(classes.get(classes.size() - 1), name)) {
                        rank[order[r]] = classes.size() - 1;
                    } else {
                        rank[order[r]] = classes.size();
                        classes.add(name);
                    }
                }
                for (int i = 0; i < y.length; i++) {
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
        return classes;
    }

    /** Whether the classes {@link #number} found are class indices (their names the numbers). */
    boolean indices() {
        return indices;
    }

    /**
     * The label texts' order of first appearance sorted as class names (numerically if all are
     * numbers), or null if they are class indices: whole numbers {@code 0 .. K-1} (some may be
     * absent) that start at 0.
     */
    private int[] sortedOrder() {
        int n = seen.size();
        boolean numeric = true;
        boolean whole = true;
        double min = Double.POSITIVE_INFINITY;
        for (String text : seen) {
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
                String x = seen.get(a);
                String z = seen.get(b);
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
}
