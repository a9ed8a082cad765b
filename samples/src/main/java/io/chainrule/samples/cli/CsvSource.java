package io.chainrule.samples.cli;

import io.chainrule.data.CsvReader;
import io.chainrule.data.Dataset;
import io.chainrule.data.MalformedDataException;
import java.io.BufferedReader;
import java.io.File;
import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The CSV text a training command reads its examples from: the file given with {@code --data}, or
 * a data set shipped with the samples. Besides reading it, it turns a data row and a feature
 * (indices of the {@link Dataset} read) back into the line and column of the text, for a message
 * about a value found bad after reading (one that scaling makes infinite, say).
 */
@DesktopOnly
final class CsvSource {
    private final File file;
    private final String resource;
    private final List<String> notFeatures;

    /**
     * @param file the file, or null for the shipped resource {@code data/<resource>}
     * @param notFeatures the header names of the label and target columns: every other column is
     *     a feature, in order (as {@link CsvReader} reads it)
     */
    CsvSource(File file, String resource, String... notFeatures) {
        this.file = file;
        this.resource = resource;
        this.notFeatures = Arrays.asList(notFeatures);
    }

    /** How messages name the text: the file's path, or the resource's name. */
    String name() {
        return file != null ? file.getPath() : resource;
    }

    /** Reads the text with {@code reader}. */
    Dataset read(CsvReader reader) throws IOException {
        try (InputStream in = open()) {
            return reader.read(in, name());
        }
    }

    /**
     * An error about feature {@code feature} of data row {@code row} (both from 0, as in the data
     * set read), located as {@link CsvReader} locates its own: line and column from 1, and the
     * column's name. Reads the text again (once, on the way out), with the reader's rules: blank
     * lines are skipped and the first other line is the header.
     */
    MalformedDataException error(int row, int feature, String detail) throws IOException {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(open(), StandardCharsets.UTF_8))) {
            String[] header = null;
            int dataRow = -1;
            int lineNumber = 0;
            String line;
            while ((line = in.readLine()) != null) {
                lineNumber++;
                if (lineNumber == 1 && line.startsWith("\uFEFF")) {
                    line = line.substring(1);
                }
                if (line.replace(" ", "").replace("\t", "").isEmpty()) {
                    continue;
                }
                if (header == null) {
                    header = line.split(",", -1);
                } else if (++dataRow == row) {
                    int column = featureColumn(header, feature);
                    return new MalformedDataException(name(), lineNumber, column + 1,
                            detail + " [column '" + header[column].trim() + "']");
                }
            }
        }
        // the text changed since it was read: say what is known
        return new MalformedDataException(name(), "data row " + (row + 1) + ", feature " + (feature + 1) + ": " + detail);
    }

    /** The 0-based column of feature {@code feature}: the feature-th column that is neither label nor target. */
    private int featureColumn(String[] header, int feature) {
        int seen = -1;
        for (int c = 0; c < header.length; c++) {
            if (!notFeatures.contains(header[c].trim()) && ++seen == feature) {
                return c;
            }
        }
        throw new IllegalStateException("no feature " + feature + " in " + Arrays.toString(header));
    }

    private InputStream open() throws IOException {
        if (file != null) {
            return new FileInputStream(file);
        }
        InputStream in = CsvSource.class.getClassLoader().getResourceAsStream("data/" + resource);
        if (in == null) {
            throw new FileNotFoundException("classpath resource data/" + resource + " not found");
        }
        return in;
    }
}
