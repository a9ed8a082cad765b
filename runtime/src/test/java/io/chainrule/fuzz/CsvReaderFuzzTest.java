package io.chainrule.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.chainrule.Precision;
import io.chainrule.data.CsvReader;
import io.chainrule.data.Dataset;
import io.chainrule.data.MalformedDataException;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutation fuzzing of {@link CsvReader} on the real iris and digits files, read as
 * classification (float and double, with and without a class count) and as regression, through
 * a stream and through a file. Every outcome must agree with {@link CsvReference}: where the
 * damaged text is still well-formed the reader loads exactly the reference's numbers (so nothing
 * non-finite or misread loads), and otherwise it throws a {@link MalformedDataException} naming
 * the file and the line of the first problem.
 */
class CsvReaderFuzzTest {
    @TempDir
    File dir;

    private static final class Base {
        final String name;
        final String text;
        final CsvReference.Config[] configs;

        Base(String name, String text, CsvReference.Config... configs) {
            this.name = name;
            this.text = text;
            this.configs = configs;
        }
    }

    @Test
    void damagedCsvFilesAreRejectedAtTheirFirstBadLineOrLoadTheirNumbers() throws Exception {
        File iris = RealFiles.find("iris.csv");
        File digits = RealFiles.find("digits.csv");
        assumeTrue(iris != null && digits != null, "iris.csv and digits.csv not found; set CHAINRULE_DATA");
        String[] label = {"label"};
        String digitsText = new String(Files.readAllBytes(digits.toPath()), StandardCharsets.UTF_8);
        int headEnd = 0;
        for (int line = 0; line < 61; line++) {
            headEnd = digitsText.indexOf('\n', headEnd) + 1;
        }
        Base[] bases = {
            new Base("iris.csv", new String(Files.readAllBytes(iris.toPath()), StandardCharsets.UTF_8),
                    new CsvReference.Config(label, false, 3, Precision.FLOAT),
                    new CsvReference.Config(label, false, 0, Precision.DOUBLE),
                    new CsvReference.Config(new String[] {"petal_width_cm", "label"}, true, 0, Precision.FLOAT)),
            new Base("digits-head.csv", digitsText.substring(0, headEnd),
                    new CsvReference.Config(label, false, 10, Precision.FLOAT),
                    new CsvReference.Config(label, false, 0, Precision.DOUBLE)),
            new Base("digits.csv", digitsText,
                    new CsvReference.Config(label, false, 10, Precision.FLOAT),
                    new CsvReference.Config(label, false, 0, Precision.DOUBLE)),
        };
        File file = new File(dir, "damaged.csv");
        FuzzRun run = new FuzzRun("CsvReader", 200);
        run.run(64 << 20, (index, mutator) -> {
            // Iris, the header and first 60 rows of digits, and (one case in 50) all of digits,
            // which is 100 times longer than iris.
            Base base = bases[index % 50 == 49 ? 2 : index % 2];
            CsvReference.Config config = base.configs[mutator.random().nextInt(base.configs.length)];
            byte[] damaged = mutator.mutateCsv(base.text);
            CsvReader reader = reader(config);
            boolean viaFile = mutator.random().nextBoolean();
            String source = viaFile ? file.getPath() : base.name;
            CsvReference.Result expected = CsvReference.parse(damaged, config);
            Dataset data;
            try {
                if (viaFile) {
                    Files.write(file.toPath(), damaged);
                    data = FuzzRun.measured(() -> reader.read(file));
                } else {
                    data = FuzzRun.measured(() -> reader.read(new ByteArrayInputStream(damaged), source));
                }
            } catch (MalformedDataException e) {
                String message = e.getMessage();
                assertTrue(message != null && message.startsWith(source + ", line ") && e.source().equals(source),
                        "message does not name the file and line: " + message);
                if (expected.ok()) {
                    fail("rejected a well-formed file (" + config + "): " + message);
                }
                assertEquals(expected.errorLine, e.line(), "line of the first problem (reference: " + expected.error
                        + "); message: " + message);
                return FuzzRun.Outcome.rejected(e, source);
            }
            if (!expected.ok()) {
                fail("loaded a malformed file (" + config + "); reference: line " + expected.errorLine + ", "
                        + expected.error);
            }
            check(expected, data, config);
            return FuzzRun.Outcome.loaded(Arrays.equals(damaged, base.text.getBytes(StandardCharsets.UTF_8))
                    ? "file unchanged" : "damaged but well-formed");
        });
    }

    private static CsvReader reader(CsvReference.Config config) {
        CsvReader.Builder b = CsvReader.builder().precision(config.precision);
        if (config.regression) {
            b.targetColumns(config.chosen);
        } else {
            b.labelColumn(config.chosen[0]);
            if (config.classCount > 0) {
                b.classCount(config.classCount);
            }
        }
        return b.build();
    }

    /** The reader's data equals the reference's, value for value (compared as the precision's bits). */
    private static void check(CsvReference.Result expected, Dataset data, CsvReference.Config config) {
        assertEquals(expected.featureCount, data.featureCount());
        assertEquals(expected.features.size(), data.size() * data.featureCount());
        assertEquals(config.precision, data.precision());
        assertValues(expected.features, config.precision == Precision.FLOAT ? data.floatFeatures() : null,
                config.precision == Precision.DOUBLE ? data.doubleFeatures() : null);
        if (config.regression) {
            assertValues(expected.targets, config.precision == Precision.FLOAT ? data.floatTargets() : null,
                    config.precision == Precision.DOUBLE ? data.doubleTargets() : null);
        } else {
            assertEquals(expected.classCount, data.classCount());
            int[] labels = data.labels();
            assertEquals(expected.labels.size(), labels.length);
            for (int i = 0; i < labels.length; i++) {
                assertEquals((int) expected.labels.get(i), labels[i], "label " + i);
            }
        }
    }

    private static void assertValues(List<Double> expected, float[] floats, double[] doubles) {
        int n = floats != null ? floats.length : doubles.length;
        assertEquals(expected.size(), n);
        for (int i = 0; i < n; i++) {
            double v = floats != null ? floats[i] : doubles[i];
            assertTrue(!Double.isNaN(v) && !Double.isInfinite(v), "value " + i + " is " + v);
            if (floats != null) {
                assertEquals(Float.floatToRawIntBits(expected.get(i).floatValue()), Float.floatToRawIntBits(floats[i]),
                        "value " + i);
            } else {
                assertEquals(Double.doubleToRawLongBits(expected.get(i)), Double.doubleToRawLongBits(doubles[i]),
                        "value " + i);
            }
        }
    }
}
