package io.chainrule.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class IndexFileTest {
    private static int[] read(String text) throws IOException {
        return IndexFile.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "idx.txt");
    }

    @Test
    void readsOneIndexPerLine() throws IOException {
        assertArrayEquals(new int[] {3, 0, 12}, read("3\n0\r\n\n 12 \n"));
        assertArrayEquals(new int[0], read(""));
    }

    @Test
    void reportsLineAndColumn() {
        MalformedDataException e = assertThrows(MalformedDataException.class, () -> read("1\n2\n  -3\n"));
        assertEquals("idx.txt, line 3, column 3: '-3' is not an index (a non-negative whole number)", e.getMessage());
        assertThrows(MalformedDataException.class, () -> read("1.0\n"));
        assertThrows(MalformedDataException.class, () -> read("99999999999\n"));
        // A damaged line of 60,000 characters is not quoted whole.
        assertEquals("idx.txt, line 2, column 1: '1234567890123456789012345678901234567890... (60000 characters)' is"
                + " not an index (a non-negative whole number)", assertThrows(MalformedDataException.class,
                        () -> read("1\n" + "1234567890".repeat(6000) + "\n")).getMessage());
    }

    // Uses the benchmark's fixed split of shared/digits-split.txt and shared/data/digits.csv
    // (see SharedData); skipped, not failed, where they are absent.
    @Test
    void realDigitsSplit() throws IOException {
        File digits = SharedData.file("digits.csv");
        File split = digits == null ? null : new File(digits.getParentFile().getParentFile(), "digits-split.txt");
        assumeTrue(split != null && split.isFile(), "shared/digits-split.txt not found");
        int[] permutation = IndexFile.read(split);
        assertEquals(1797, permutation.length);
        Split s = Split.byPermutation(CsvReader.builder().build().read(digits), permutation, 1437);
        assertEquals(1437, s.train().size());
        assertEquals(0, s.dev().size());
        assertEquals(360, s.test().size());
        assertEquals(permutation[1437], s.testIndices()[0]);
    }
}
