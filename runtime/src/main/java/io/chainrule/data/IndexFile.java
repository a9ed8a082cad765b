package io.chainrule.data;

import java.io.BufferedReader;
import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads a list of example indices, one non-negative decimal integer per line (blank lines are
 * skipped), such as the fixed permutation of a benchmark protocol; use it with
 * {@link Split#byPermutation(Dataset, int[], int)} or {@link Split#byIndices}.
 */
public final class IndexFile {
    private IndexFile() {
    }

    /** Reads the indices in {@code file}; messages name it by {@link File#getPath()}. */
    public static int[] read(File file) throws IOException {
        InputStream in = new FileInputStream(file);
        try {
            return read(in, file.getPath());
        } finally {
            in.close();
        }
    }

    /** Reads the indices in {@code in} (ASCII/UTF-8), which is not closed. */
    public static int[] read(InputStream in, String sourceName) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        int[] indices = new int[256];
        int count = 0;
        int lineNumber = 0;
        String line;
        while ((line = reader.readLine()) != null) {
            lineNumber++;
            String text = line.trim();
            if (text.isEmpty()) {
                continue;
            }
            int value = parseIndex(text);
            if (value < 0) {
                throw new MalformedDataException(sourceName, lineNumber, 1 + line.indexOf(text.charAt(0)),
                        "'" + CsvText.clip(text) + "' is not an index (a non-negative whole number)");
            }
            if (count == indices.length) {
                indices = Arrays.copyOf(indices, GrowingValues.grow(count));
            }
            indices[count++] = value;
        }
        return Arrays.copyOf(indices, count);
    }

    /** The value of a string of 1 to 9 decimal digits, or -1. */
    private static int parseIndex(String text) {
        if (text.length() > 9) {
            return -1;
        }
        int value = 0;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch < '0' || ch > '9') {
                return -1;
            }
            value = value * 10 + (ch - '0');
        }
        return value;
    }
}
