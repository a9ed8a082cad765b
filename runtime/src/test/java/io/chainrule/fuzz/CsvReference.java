package io.chainrule.fuzz;

import io.chainrule.Precision;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A second, deliberately plain reading of the CSV format {@link io.chainrule.data.CsvReader}
 * documents (header line, comma, RFC 4180 quotes, spaces and tabs around fields ignored, blank
 * lines skipped, decimal numbers only, finite values, missing values as errors; labels: whole
 * numbers from 0 as indices, others as names in sorted order), written from the documentation
 * with strings, a regular expression and lists rather than the reader's streaming code. The fuzz
 * test compares the two: the same data, or an error on the same line.
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

    /** One record: its fields (unquoted, outer spaces stripped), whether each was quoted, the line each starts on. */
    static final class Record {
        final List<String> fields = new ArrayList<>();
        final List<Boolean> quoted = new ArrayList<>();
        final List<Integer> lines = new ArrayList<>();
        int line;
        String error;
        int errorLine;
    }

    /** Splits the text into records as RFC 4180 has it (see the class comment); an error ends the list. */
    static List<Record> records(String text) {
        List<Record> records = new ArrayList<>();
        // line breaks of every kind as \n, so that lines are counted once
        String t = text.replace("\r\n", "\n").replace('\r', '\n');
        if (t.startsWith("\uFEFF")) {
            t = t.substring(1);
        }
        int i = 0;
        int line = 1;
        while (i < t.length()) {
            Record r = new Record();
            r.line = line;
            records.add(r);
            while (true) {
                int fieldLine = line;
                while (i < t.length() && (t.charAt(i) == ' ' || t.charAt(i) == '\t')) {
                    i++;
                }
                StringBuilder f = new StringBuilder();
                boolean quoted = i < t.length() && t.charAt(i) == '"';
                if (quoted) {
                    i++;
                    while (true) {
                        if (i >= t.length()) {
                            r.error = "unclosed quote";
                            r.errorLine = fieldLine;
                            return records;
                        }
                        char ch = t.charAt(i++);
                        if (ch == '"' && i < t.length() && t.charAt(i) == '"') {
                            f.append('"');
                            i++;
                        } else if (ch == '"') {
                            break;
                        } else {
                            if (ch == '\n') {
                                line++;
                            }
                            f.append(ch);
                        }
                    }
                    while (i < t.length() && (t.charAt(i) == ' ' || t.charAt(i) == '\t')) {
                        i++;
                    }
                    if (i < t.length() && t.charAt(i) != ',' && t.charAt(i) != '\n') {
                        r.error = "text after quote";
                        r.errorLine = line;
                        return records;
                    }
                } else {
                    while (i < t.length() && t.charAt(i) != ',' && t.charAt(i) != '\n') {
                        if (t.charAt(i) == '"') {
                            r.error = "quote in field";
                            r.errorLine = line;
                            return records;
                        }
                        f.append(t.charAt(i++));
                    }
                }
                r.fields.add(quoted ? f.toString() : stripSpaces(f.toString()));
                r.quoted.add(quoted);
                r.lines.add(fieldLine);
                if (i < t.length() && t.charAt(i) == ',') {
                    i++;
                    continue;
                }
                if (i < t.length()) {
                    i++; // the line break
                    line++;
                }
                break;
            }
        }
        return records;
    }

    private static boolean missing(String value) {
        return value.isEmpty() || value.equals("NA") || value.equals("N/A") || value.equals("?");
    }

    private static boolean nonFiniteWord(String value) {
        String w = value.startsWith("+") || value.startsWith("-") ? value.substring(1) : value;
        return w.equalsIgnoreCase("nan") || w.equalsIgnoreCase("inf") || w.equalsIgnoreCase("infinity");
    }

    static Result parse(byte[] bytes, Config config) {
        Result r = new Result();
        List<Record> records = records(new String(bytes, StandardCharsets.UTF_8));
        String[] names = null;
        int[] role = null; // -1 feature, else index into chosen
        int maxLabel = -1;
        List<String> labelTexts = new ArrayList<>();
        int rows = 0;
        for (Record record : records) {
            if (record.error != null) {
                return error(r, record.errorLine, record.error);
            }
            if (record.fields.size() == 1 && !record.quoted.get(0) && record.fields.get(0).isEmpty()) {
                continue;
            }
            int lineNumber = record.line;
            List<String> fields = record.fields;
            if (names == null) {
                names = new String[fields.size()];
                role = new int[fields.size()];
                for (int c = 0; c < names.length; c++) {
                    names[c] = fields.get(c);
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
                    if (role[found] >= 0) {
                        return error(r, lineNumber, "column chosen twice " + config.chosen[k]);
                    }
                    role[found] = k;
                }
                r.featureCount = names.length - config.chosen.length;
                if (r.featureCount == 0) {
                    return error(r, lineNumber, "no features");
                }
                continue;
            }
            if (fields.size() != names.length) {
                return error(r, lineNumber, fields.size() + " fields");
            }
            double[] targets = new double[config.chosen.length];
            for (int c = 0; c < fields.size(); c++) {
                String value = fields.get(c);
                int line = record.lines.get(c);
                if (role[c] >= 0 && !config.regression) {
                    if (config.classCount > 0) {
                        if (!DECIMAL.matcher(value).matches()) {
                            return error(r, line, "not a class index: " + value);
                        }
                        double v = Double.parseDouble(value);
                        if (v != Math.rint(v) || v < 0 || v >= config.classCount) {
                            return error(r, line, "bad label " + value);
                        }
                        r.labels.add((int) v);
                        maxLabel = Math.max(maxLabel, (int) v);
                    } else {
                        if (missing(value) || nonFiniteWord(value)
                                || (DECIMAL.matcher(value).matches() && Double.isInfinite(Double.parseDouble(value)))) {
                            return error(r, line, "bad label " + value);
                        }
                        labelTexts.add(value);
                    }
                    continue;
                }
                if (!DECIMAL.matcher(value).matches()) {
                    return error(r, line, "not a decimal: " + value);
                }
                double v = config.precision == Precision.FLOAT ? Float.parseFloat(value) : Double.parseDouble(value);
                if (Double.isInfinite(v)) {
                    return error(r, line, "infinite " + value);
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
            String text = new String(bytes, StandardCharsets.UTF_8);
            return error(r, lineCount(text) + 1, "no rows");
        }
        if (!config.regression && config.classCount == 0) {
            numberLabels(r, labelTexts);
        } else {
            r.classCount = config.regression ? 0 : config.classCount;
        }
        return r;
    }

    /**
     * Labels without a class count: whole numbers from 0 are indices; otherwise the distinct
     * labels sorted (by value if all are numbers, as text otherwise) are the classes.
     */
    private static void numberLabels(Result r, List<String> texts) {
        boolean numeric = true;
        boolean indices = true;
        double min = Double.POSITIVE_INFINITY;
        for (String t : texts) {
            if (!DECIMAL.matcher(t).matches()) {
                numeric = false;
                indices = false;
                break;
            }
            double v = Double.parseDouble(t);
            indices &= v == Math.rint(v) && v >= 0 && v < Integer.MAX_VALUE - 8;
            min = Math.min(min, v);
        }
        if (indices && min == 0) {
            int max = -1;
            for (String t : texts) {
                r.labels.add((int) Double.parseDouble(t));
                max = Math.max(max, (int) Double.parseDouble(t));
            }
            r.classCount = max + 1;
            return;
        }
        if (numeric) {
            java.util.TreeSet<Double> values = new java.util.TreeSet<>();
            for (String t : texts) {
                values.add(Double.parseDouble(t));
            }
            List<Double> sorted = new ArrayList<>(values);
            for (String t : texts) {
                r.labels.add(sorted.indexOf(Double.parseDouble(t)));
            }
            r.classCount = sorted.size();
        } else {
            java.util.TreeSet<String> names = new java.util.TreeSet<>(texts);
            List<String> sorted = new ArrayList<>(names);
            for (String t : texts) {
                r.labels.add(sorted.indexOf(t));
            }
            r.classCount = sorted.size();
        }
    }

    /** The number of lines, as the reader counts them: line breaks of any kind, plus the last unended line. */
    private static int lineCount(String text) {
        String t = text.replace("\r\n", "\n").replace('\r', '\n');
        int n = 0;
        for (int i = 0; i < t.length(); i++) {
            n += t.charAt(i) == '\n' ? 1 : 0;
        }
        return t.isEmpty() || t.endsWith("\n") ? n : n + 1;
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
