package io.chainrule.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chainrule.DoubleModel;
import io.chainrule.FloatModel;
import io.chainrule.Loss;
import io.chainrule.Model;
import io.chainrule.data.Dataset;
import io.chainrule.data.FeatureScaler;
import io.chainrule.data.CsvReader;
import io.chainrule.data.Scaler;
import io.chainrule.data.Schema;
import io.chainrule.io.ModelFile;
import io.chainrule.io.ModelFileException;
import io.chainrule.train.DoubleLinearModel;
import io.chainrule.train.FloatLinearModel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutation fuzzing of {@link ModelFile}: model files saved from small hand-written models (float
 * and double, with and without a scaler, one with a schema) are damaged and loaded, through a stream and through a
 * file, into a model of the same architecture (and sometimes of another). Every load either
 * succeeds with exactly the saved parameters (bit for bit) and scaler, so a corruption is never
 * loaded, or throws a {@link ModelFileException} whose message starts with the file's name and
 * leaves the target's parameters as they were. {@link ModelFile#readArchitecture} either returns a
 * string or throws the same exception.
 */
class ModelFileFuzzTest {
    @TempDir
    File dir;

    /** A saved model: its bytes, the model it was saved from, its scaler, and the format's offsets. */
    private static final class Saved {
        final String name;
        final Model model;
        final Scaler scaler;
        final Schema schema;
        final Supplier<Model> blank;
        final byte[] bytes;
        final int[] intFields;
        final int[] boundaries;

        Saved(String name, Model model, Scaler scaler, Supplier<Model> blank) throws IOException {
            this(name, model, scaler, null, blank);
        }

        Saved(String name, Model model, Scaler scaler, Schema schema, Supplier<Model> blank) throws IOException {
            this.name = name;
            this.model = model;
            this.scaler = scaler;
            this.schema = schema;
            this.blank = blank;
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ModelFile.write(model, scaler, schema, out);
            this.bytes = out.toByteArray();
            int arch = model.architecture().getBytes(StandardCharsets.UTF_8).length;
            int valueSize = model.precision().bytes();
            int parameters = 17 + arch;
            int scalerAt = parameters + model.parameterCount() * valueSize;
            int features = scaler instanceof FeatureScaler ? ((FeatureScaler) scaler).featureCount() : 0;
            int checksum = bytes.length - 4;
            // version, architecture length, value size + count (unaligned), count, first parameter,
            // scaler kind + feature count, feature count, checksum
            int schemaAt = features > 0 ? scalerAt + 5 + 16 * features : scalerAt + 1;
            // with a schema also: its column count and the length of the first column's name
            int[] ints = features > 0
                    ? new int[] {4, 8, 12 + arch, 13 + arch, parameters, scalerAt, scalerAt + 1, checksum}
                    : new int[] {4, 8, 12 + arch, 13 + arch, parameters, scalerAt - 3, checksum};
            this.intFields = schema == null ? ints : append(ints, schemaAt, schemaAt + 4);
            int[] bounds = new int[] {0, 4, 8, 12, 12 + arch, 13 + arch, parameters, scalerAt, scalerAt + 1,
                    scalerAt + 5, scalerAt + 5 + 8 * features, checksum, bytes.length};
            this.boundaries = schema == null ? bounds : append(bounds, schemaAt, schemaAt + 4, schemaAt + 8);
            Arrays.sort(this.boundaries);
        }

        private static int[] append(int[] a, int... more) {
            int[] r = Arrays.copyOf(a, a.length + more.length);
            System.arraycopy(more, 0, r, a.length, more.length);
            return r;
        }
    }

    private static Saved[] originals() throws IOException {
        FloatLinearModel classifier = new FloatLinearModel(4, 3, Loss.SOFTMAX_CROSS_ENTROPY);
        classifier.initialize(11);
        classifier.parameterArrays()[4][2] = -0.125f;
        FeatureScaler standard = FeatureScaler.of(FeatureScaler.Kind.STANDARD,
                new double[] {5.8, 3.0, 3.7, 1.2}, new double[] {0.83, 0.43, 1.76, 0.76});
        FloatLinearModel fourClasses = new FloatLinearModel(4, 4, Loss.SOFTMAX_CROSS_ENTROPY);
        fourClasses.initialize(14);
        FloatLinearModel regressor = new FloatLinearModel(2, 1, Loss.MEAN_SQUARED_ERROR);
        regressor.initialize(12);
        DoubleLinearModel doubleModel = new DoubleLinearModel(3, 2, Loss.MEAN_SQUARED_ERROR);
        doubleModel.initialize(13);
        doubleModel.parameterArrays()[3][1] = Math.PI;
        FeatureScaler minMax = FeatureScaler.minMax(
                Dataset.ofTargets(new double[] {0, 5, 1, 2, 7, 4, 4, 9, 8}, 3, new double[] {1, 2, 3}, 1));
        return new Saved[] {
            new Saved("classifier.chrl", classifier, standard, () -> new FloatLinearModel(4, 3, Loss.SOFTMAX_CROSS_ENTROPY)),
            new Saved("regressor.chrl", regressor, Scaler.NONE, () -> new FloatLinearModel(2, 1, Loss.MEAN_SQUARED_ERROR)),
            new Saved("double.chrl", doubleModel, minMax, () -> new DoubleLinearModel(3, 2, Loss.MEAN_SQUARED_ERROR)),
            new Saved("schema.chrl", fourClasses, standard, irisLikeSchema(),
                    () -> new FloatLinearModel(4, 4, Loss.SOFTMAX_CROSS_ENTROPY)),
        };
    }

    /** A table with an ignored id, a category column of two, two numbers (one filled) and named classes. */
    private static Schema irisLikeSchema() throws IOException {
        String csv = "id,colour,length,width,species\n1,red,5.1,3.5,setosa\n2,blue,7.0,,versicolor\n"
                + "3,\"red\",6.3,3.3,virginica\n";
        return CsvReader.builder().labelColumn("species").ignore("id").categorical("colour").imputeMissing().build()
                .read(new java.io.StringReader(csv), "table.csv").schema();
    }

    /** Every parameter's raw bits, array by array (NaNs compared by bits, not collapsed). */
    private static long[][] bits(Model model) {
        if (model instanceof FloatModel) {
            float[][] arrays = ((FloatModel) model).parameterArrays();
            long[][] out = new long[arrays.length][];
            for (int k = 0; k < arrays.length; k++) {
                out[k] = new long[arrays[k].length];
                for (int i = 0; i < arrays[k].length; i++) {
                    out[k][i] = Float.floatToRawIntBits(arrays[k][i]);
                }
            }
            return out;
        }
        double[][] arrays = ((DoubleModel) model).parameterArrays();
        long[][] out = new long[arrays.length][];
        for (int k = 0; k < arrays.length; k++) {
            out[k] = new long[arrays[k].length];
            for (int i = 0; i < arrays[k].length; i++) {
                out[k][i] = Double.doubleToRawLongBits(arrays[k][i]);
            }
        }
        return out;
    }

    @Test
    void damagedModelFilesAreRejectedOrLoadExactlyWhatWasSaved() throws Exception {
        Saved[] originals = originals();
        File file = new File(dir, "model.chrl");
        FuzzRun run = new FuzzRun("ModelFile", 300);
        run.run(16 << 20, (index, mutator) -> {
            Saved saved = originals[index % originals.length];
            byte[] damaged = mutator.mutateBytes(saved.bytes, saved.intFields, saved.boundaries);
            boolean unchanged = Arrays.equals(damaged, saved.bytes);
            int api = mutator.random().nextInt(8);
            String source;
            if (api < 4) {
                source = saved.name;
            } else {
                Files.write(file.toPath(), damaged);
                source = file.getPath();
            }
            if (api == 7) {
                try {
                    String architecture = FuzzRun.measured(() -> ModelFile.readArchitecture(file));
                    assertNotNull(architecture);
                    if (unchanged) {
                        assertEquals(saved.model.architecture(), architecture);
                    }
                    return FuzzRun.Outcome.loaded("readArchitecture");
                } catch (ModelFileException e) {
                    assertFalse(unchanged, "an undamaged file was rejected: " + e.getMessage());
                    return rejected(e, source);
                }
            }
            // Mostly a model of the saved architecture; sometimes one of another.
            boolean same = api != 3 && api != 6;
            Model target = same ? saved.blank.get() : originals[(index + 1) % originals.length].blank.get();
            target.initialize(1000 + index);
            long[][] before = bits(target);
            try {
                ModelFile.Contents contents = FuzzRun.measured(() -> api < 4
                        ? ModelFile.loadContents(target, new ByteArrayInputStream(damaged), source)
                        : ModelFile.loadContents(target, file));
                assertTrue(same, "loaded into a model of another architecture");
                assertArrayEquals(bits(saved.model), bits(target), "loaded parameters differ from the saved ones");
                assertEquals(saved.scaler, contents.scaler(), "loaded scaler differs from the saved one");
                assertEquals(saved.schema, contents.schema(), "loaded schema differs from the saved one");
                return FuzzRun.Outcome.loaded(unchanged ? "file unchanged" : "file changed, same contents");
            } catch (ModelFileException e) {
                assertFalse(unchanged && same, "an undamaged file was rejected: " + e.getMessage());
                assertArrayEquals(before, bits(target), "a failed load changed the model: " + e.getMessage());
                return rejected(e, source);
            }
        });
    }

    private static FuzzRun.Outcome rejected(ModelFileException e, String source) {
        String message = e.getMessage();
        assertTrue(message != null && message.startsWith(source + ": ") && message.length() > source.length() + 2,
                "message does not start with the file name: " + message);
        assertEquals(source, e.source());
        return FuzzRun.Outcome.rejected(e, source);
    }
}
