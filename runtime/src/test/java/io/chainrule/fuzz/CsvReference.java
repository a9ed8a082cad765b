package io.chainrule.fuzz;

import io.chainrule.Precision;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A second, deliberately plain reading of the CSV format {@link io.chainrule.data.CsvReader}
 * documents (header line, comma, no quoting, spaces and tabs around fields ignored, blank lines
 * skipped, decimal numbers only, finite values, whole non-negative labels), written from the
 * documentation with strings, a regular expression and lists rather than the reader's streaming
 * code. The fuzz test compares the two: the same data, or an error on the same line.
 */
final class CsvReference {
    private static final Pattern DECIMAL = Pattern.compile("[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?");

    /** The reading the reader was configured for. */
    static final class Config {
        final String[] chosen;
        final boolean regression;
        final int classCount;
        final Precision precision;

        Config(String[] chosen, boolean regression, int classCount, Precision precision) {
            this.chosen = chosen;
            this.regression = regression;
            this.classCount = classCount;
            this.precision = precision;
        }

        @Override
        public String toString() {
            return (regression ? "targets " : "label ") + String.join("+", chosen)
                    + (classCount > 0 ? ", " + classCount + " classes" : "") + ", " + precision;
        }
    }

    /** The data, or the line of the first error (then the arrays are null). */
    static final class Result {
        int errorLine;
        String error;
        List<Double> features = new ArrayList<>();
        List<Double> targets = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        int featureCount;
        int classCount;

        boolean ok() {
            return error == null;
        }
    }

    private CsvReference() {
    }

    static Result parse(byte[] bytes, Config config) {
        Result r = new Result();
        String text = new String(bytes, StandardCharsets.UTF_8);
        List<String> lines = lines(text);
        String[] names = null;
        int[] role = null; // -1 feature, else index into chosen
        int maxLabel = -1;
        int rows = 0;
        int lineNumber = 0;
        for (String raw : lines) {
            lineNumber++;
            String line = lineNumber == 1 && raw.startsWith("\uFEFF") ? raw.substring(1) : raw;
            if (stripSpaces(line).isEmpty()) {
                continue;
            }
            String[] fields = line.split(",", -1);
            if (names == null) {
                names = new String[fields.length];
                role = new int[fields.length];
                for (int c = 0; c < fields.length; c++) {
                    names[c] = fields[c].trim();
                    role[c] = -1;
                }
                for (int k = 0; k < config.chosen.length; k++) {
                    int found = -1;
                    for (int c = 0; c < names.length; c++) {
                        if (names[c].equals(config.chosen[k])) {
                            if (found >= 0) {
                                return error(r, lineNumber, "two columns named " + config.chosen[k]);
                            }
                            found = c;
                        }
                    }
                    if (found < 0) {
                        return error(r, lineNumber, "no column " + config.chosen[k]);
                    }
                    role[found] = k;
                }
                r.featureCount = names.length - config.chosen.length;
                if (r.featureCount == 0) {
                    return error(r, lineNumber, "no features");
                }
                continue;
            }
            if (fields.length != names.length) {
                return error(r, lineNumber, fields.length + " fields");
            }
            double[] targets = new double[config.chosen.length];
            for (int c = 0; c < fields.length; c++) {
                String value = stripSpaces(fields[c]);
                if (!DECIMAL.matcher(value).matches()) {
                    return error(r, lineNumber, "not a decimal: " + value);
                }
                if (role[c] >= 0 && !config.regression) {
                    double v = Double.parseDouble(value);
                    if (v != Math.rint(v) || v < 0 || (config.classCount > 0 && v >= config.classCount)
                            || v >= Integer.MAX_VALUE) {
                        return error(r, lineNumber, "bad label " + value);
                    }
                    r.labels.add((int) v);
                    maxLabel = Math.max(maxLabel, (int) v);
                    continue;
                }
                double v = config.precision == Precision.FLOAT ? Float.parseFloat(value) : Double.parseDouble(value);
                if (Double.isInfinite(v)) {
                    return error(r, lineNumber, "infinite " + value);
                }
                if (role[c] >= 0) {
                    targets[role[c]] = v;
                } else {
                    r.features.add(v);
                }
            }
            if (config.regression) {
                for (double t : targets) {
                    r.targets.add(t);
                }
            }
            rows++;
        }
        if (rows == 0) {
            return error(r, lineNumber + 1, "no rows");
        }
        r.classCount = config.regression ? 0 : config.classCount > 0 ? config.classCount : maxLabel + 1;
        return r;
    }

    private static Result error(Result r, int line, String what) {
        r.errorLine = line;
        r.error = what;
        return r;
    }

    /** Lines as {@code BufferedReader.readLine} sees them: ended by \n, \r or \r\n. */
    static List<String> lines(String text) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        int i = 0;
        while (i < text.length()) {
            char ch = text.charAt(i);
            if (ch == '\n' || ch == '\r') {
                lines.add(text.substring(start, i));
                if (ch == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                start = i + 1;
            }
            i++;
        }
        if (start < text.length()) {
            lines.add(text.substring(start));
        }
        return lines;
    }

    /** Without leading and trailing spaces and tabs (only those). */
    private static String stripSpaces(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && (s.charAt(start) == ' ' || s.charAt(start) == '\t')) {
            start++;
        }
        while (end > start && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\t')) {
            end--;
        }
        return s.substring(start, end);
    }
}
