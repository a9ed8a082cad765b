package io.chainrule.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.chainrule.data.IndexFile;
import io.chainrule.data.MalformedDataException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Mutation fuzzing of {@link IndexFile} on a permutation of 0..199, one index per line: the
 * reader must agree with a plain reading (lines trimmed, blank ones skipped, each 1 to 9 ASCII
 * digits): the same indices, or a {@link MalformedDataException} at the first bad line.
 */
class IndexFileFuzzTest {
    @Test
    void damagedIndexFilesAreRejectedAtTheirFirstBadLineOrLoadTheirIndices() throws Exception {
        List<Integer> permutation = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            permutation.add(i);
        }
        Collections.shuffle(permutation, new Random(3));
        StringBuilder text = new StringBuilder();
        for (int i : permutation) {
            text.append(i).append('\n');
        }
        FuzzRun run = new FuzzRun("IndexFile", 100);
        run.run(8 << 20, (index, m) -> {
            byte[] damaged = m.mutateCsv(text.toString());
            int badLine = 0;
            List<Integer> expected = new ArrayList<>();
            int lineNumber = 0;
            for (String line : CsvReference.lines(new String(damaged, StandardCharsets.UTF_8))) {
                lineNumber++;
                String t = line.trim();
                if (t.isEmpty()) {
                    continue;
                }
                if (!t.matches("[0-9]{1,9}")) {
                    badLine = lineNumber;
                    break;
                }
                expected.add(Integer.parseInt(t));
            }
            int[] indices;
            try {
                indices = FuzzRun.measured(() -> IndexFile.read(new ByteArrayInputStream(damaged), "split.txt"));
            } catch (MalformedDataException e) {
                assertTrue(e.getMessage().startsWith("split.txt, line "), e.getMessage());
                if (badLine == 0) {
                    fail("rejected a well-formed file: " + e.getMessage());
                }
                assertEquals(badLine, e.line(), e.getMessage());
                return FuzzRun.Outcome.rejected(e, "split.txt");
            }
            if (badLine > 0) {
                fail("loaded a file with a bad line " + badLine);
            }
            int[] want = new int[expected.size()];
            for (int i = 0; i < want.length; i++) {
                want[i] = expected.get(i);
            }
            assertArrayEquals(want, indices);
            return FuzzRun.Outcome.loaded("indices");
        });
    }
}
