package io.chainrule.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chainrule.FloatModel;
import io.chainrule.Loss;
import io.chainrule.Model;
import io.chainrule.data.Dataset;
import io.chainrule.data.FeatureScaler;
import io.chainrule.data.CsvReader;
import io.chainrule.data.Scaler;
import io.chainrule.data.Schema;
import io.chainrule.train.DoubleLinearModel;
import io.chainrule.train.FloatLinearModel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.StringReader;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFileTest {
    @TempDir
    File dir;

    private static FloatLinearModel floatModel(long seed) {
        FloatLinearModel m = new FloatLinearModel(3, 2, Loss.MEAN_SQUARED_ERROR);
        m.initialize(seed);
        m.parameterArrays()[3][1] = 0.25f;
        return m;
    }

    private static FeatureScaler scaler3() {
        return FeatureScaler.of(FeatureScaler.Kind.STANDARD, new double[] {1, 2, 3}, new double[] {0.5, 1, 4});
    }

    private static byte[] bytes(Model model, Scaler scaler) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ModelFile.write(model, scaler, out);
        return out.toByteArray();
    }

    private static float[][] snapshot(FloatModel m) {
        float[][] copy = new float[m.parameterArrays().length][];
        for (int k = 0; k < copy.length; k++) {
            copy[k] = m.parameterArrays()[k].clone();
        }
        return copy;
    }

    private static ModelFileException loadFails(Model model, byte[] file) {
        return assertThrows(ModelFileException.class,
                () -> ModelFile.load(model, new ByteArrayInputStream(file), "m.chrl"));
    }

    @Test
    void floatRoundTripWithScaler() throws IOException {
        FloatLinearModel saved = floatModel(1);
        File file = new File(dir, "m.chrl");
        ModelFile.save(saved, scaler3(), file);

        FloatLinearModel loaded = new FloatLinearModel(3, 2, Loss.MEAN_SQUARED_ERROR);
        Scaler scaler = ModelFile.load(loaded, file);
        assertArrayEquals(saved.parameterArrays(), loaded.parameterArrays());
        assertEquals(scaler3(), scaler);
    }

    @Test
    void doubleRoundTripWithMinMaxScalerFromStream() throws IOException {
        DoubleLinearModel saved = new DoubleLinearModel(2, 3, Loss.MEAN_SQUARED_ERROR);
        saved.initialize(7);
        saved.parameterArrays()[2][0] = Math.PI;
        FeatureScaler minMax = FeatureScaler.minMax(
                Dataset.ofTargets(new double[] {0, 5, 2, 7, 4, 9}, 2, new double[] {1, 2, 3}, 1));

        DoubleLinearModel loaded = new DoubleLinearModel(2, 3, Loss.MEAN_SQUARED_ERROR);
        Scaler scaler = ModelFile.load(loaded, new ByteArrayInputStream(bytes(saved, minMax)), "stream");
        assertArrayEquals(saved.parameterArrays(), loaded.parameterArrays());
        assertEquals(minMax, scaler);
        assertEquals(FeatureScaler.Kind.MIN_MAX, ((FeatureScaler) scaler).kind());
    }

    @Test
    void withoutScalerLoadsNone() throws IOException {
        File file = new File(dir, "m.chrl");
        ModelFile.save(floatModel(1), file);
        assertSame(Scaler.NONE, ModelFile.load(new FloatLinearModel(3, 2, Loss.MEAN_SQUARED_ERROR), file));
    }

    @Test
    void loadsClasspathResource() throws IOException {
        File models = new File(dir, "models");
        assertTrue(models.mkdir());
        FloatLinearModel saved = floatModel(3);
        ModelFile.save(saved, new File(models, "lin.chrl"));
        FloatLinearModel loaded = new FloatLinearModel(3, 2, Loss.MEAN_SQUARED_ERROR);
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toURI().toURL()}, null)) {
            ModelFile.loadResource(loaded, loader, "/models/lin.chrl");
            assertThrows(java.io.FileNotFoundException.class,
                    () -> ModelFile.loadResource(loaded, loader, "models/missing.chrl"));
        }
        assertArrayEquals(saved.parameterArrays(), loaded.parameterArrays());
    }

    @Test
    void readsTheArchitectureFromTheHeaderAlone() throws IOException {
        DoubleLinearModel saved = new DoubleLinearModel(2, 3, Loss.MEAN_SQUARED_ERROR);
        File file = new File(dir, "m.chrl");
        ModelFile.save(saved, file);
        assertEquals(saved.architecture(), ModelFile.readArchitecture(file));
        assertNotEquals(new FloatLinearModel(3, 2, Loss.MEAN_SQUARED_ERROR).architecture(), ModelFile.readArchitecture(file));

        byte[] notAModel = bytes(floatModel(1), Scaler.NONE);
        notAModel[0] = 'P';
        File bad = new File(dir, "bad.chrl");
        Files.write(bad.toPath(), notAModel);
        ModelFileException e = assertThrows(ModelFileException.class, () -> ModelFile.readArchitecture(bad));
        assertTrue(e.getMessage().startsWith(bad.getPath() + ": not a Chainrule model file"), e.getMessage());
    }

    @Test
    void wrongMagic() throws IOException {
        byte[] file = bytes(floatModel(1), Scaler.NONE);
        file[0] = 'P';
        ModelFileException e = loadFails(new FloatLinearModel(3, 2, Loss.MEAN_SQUARED_ERROR), file);
        assertEquals("m.chrl: not a Chainrule model file: it starts with bytes [50 48 52 4c], not 'CHRL'",
                e.getMessage());
        assertEquals("m.chrl", e.source());
        assertTrue(loadFails(new FloatLinearModel(3, 2, Loss.MEAN_SQUARED_ERROR), new byte[0]).getMessage().contains("not a Chainrule model file"));
    }

    /** A table of 4 inputs (an ignored id, a category of two, two numbers, one with a fill) and 3 named classes. */
    private static Schema schema4() throws IOException {
        String csv = "id,colour,length,\"width, cm\",species\n1,red,5.1,3.5,setosa\n2,blue,7.0,,versicolor\n"
                + "3,red,6.3,3.3,virginica\n";
        return CsvReader.builder().labelColumn("species").ignore("id").categorical("colour").imputeMissing().build()
                .read(new StringReader(csv), "table.csv").schema();
    }

    @Test
    void theSchemaIsSavedAndLoadedWithTheModel() throws IOException {
        FloatLinearModel model = new FloatLinearModel(4, 3, Loss.SOFTMAX_CROSS_ENTROPY);
        model.initialize(3);
        FeatureScaler scaler = FeatureScaler.of(FeatureScaler.Kind.STANDARD, new double[] {0, 0, 1, 2},
                new double[] {1, 1, 2, 3});
        Schema schema = schema4();
        File file = new File(dir, "m.chrl");
        ModelFile.save(model, scaler, schema, file);
        byte[] bytes = Files.readAllBytes(file.toPath());
        assertEquals(2, bytes[7]);
        FloatLinearModel loaded = new FloatLinearModel(4, 3, Loss.SOFTMAX_CROSS_ENTROPY);
        ModelFile.Contents contents = ModelFile.loadContents(loaded, file);
        assertEquals(schema, contents.schema());
        assertEquals(scaler, contents.scaler());
        assertEquals("versicolor", contents.className(1));
        assertEquals(List.of("length", "width, cm", "colour=blue", "colour=red").size(),
                contents.schema().featureNames().size());
        assertArrayEquals(snapshot(model)[0], loaded.parameterArrays()[0]);
        // the plain load reads it too, and a file without a schema is version 1, as before
        assertEquals(scaler, ModelFile.load(new FloatLinearModel(4, 3, Loss.SOFTMAX_CROSS_ENTROPY), file));
        assertEquals(1, bytes(model, scaler)[7]);
        assertEquals(null, ModelFile.loadContents(loaded, new ByteArrayInputStream(bytes(model, scaler)), "v1").schema());

        // every truncation of the schema part is rejected, and the model keeps its weights
        int schemaStart = bytes(model, scaler).length - 4;
        for (int cut = schemaStart; cut < bytes.length; cut++) {
            FloatLinearModel target = new FloatLinearModel(4, 3, Loss.SOFTMAX_CROSS_ENTROPY);
            target.initialize(9);
            float[][] before = snapshot(target);
            byte[] truncated = Arrays.copyOf(bytes, cut);
            ModelFileException e = loadFails(target, truncated);
            assertTrue(e.getMessage().startsWith("m.chrl: "), e.getMessage());
            assertArrayEquals(before[0], target.parameterArrays()[0]);
        }
        // a schema that does not describe the model is refused on save and on load
        FloatLinearModel five = new FloatLinearModel(5, 3, Loss.SOFTMAX_CROSS_ENTROPY);
        five.initialize(1);
        assertEquals("the schema describes 4 inputs but the model has 5", assertThrows(IllegalArgumentException.class,
                () -> ModelFile.save(five, Scaler.NONE, schema, new File(dir, "five.chrl"))).getMessage());
        FloatLinearModel two = new FloatLinearModel(4, 2, Loss.SOFTMAX_CROSS_ENTROPY);
        two.initialize(1);
        assertEquals("the schema names 3 classes but the model distinguishes 2", assertThrows(
                IllegalArgumentException.class, () -> ModelFile.save(two, Scaler.NONE, schema, file)).getMessage());
        assertTrue(file.isFile());
    }

    @Test
    void unsupportedVersion() throws IOException {
        byte[] file = bytes(floatModel(1), Scaler.NONE);
        file[7] = 3;
        assertEquals("m.chrl: unsupported model file version 3; this runtime reads versions 1 and 2"
                + " (the file was written by a newer Chainrule)",
                loadFails(new FloatLinearModel(3, 2, Loss.MEAN_SQUARED_ERROR), file).getMessage());
    }

    @Test
    void aVersionNoChainruleCouldHaveWrittenIsReportedAsCorruption() throws IOException {
        byte[] file = bytes(floatModel(1), Scaler.NONE);
        file[4] = 1; // version 0x01000001
        assertEquals("m.chrl: corrupted: format version 16777217 is no version of this format; this runtime reads"
                + " versions 1 and 2", loadFails(new FloatLinearModel(3, 2, Loss.MEAN_SQUARED_ERROR), file).getMessage());
        file[4] = (byte) 0xff; // negative
        assertTrue(loadFails(new FloatLinearModel(3, 2, Loss.MEAN_SQUARED_ERROR), file).getMessage()
                .startsWith("m.chrl: corrupted: format version -16777215 "));
        file[4] = 0;
        file[7] = 0;
        assertTrue(loadFails(new FloatLinearModel(3, 2, Loss.MEAN_SQUARED_ERROR), file).getMessage()
                .startsWith("m.chrl: corrupted: format version 0 "));
    }

    @Test
    void architectureMismatchNamesBoth() throws IOException {
        byte[] file = bytes(floatModel(1), Scaler.NONE);
        FloatLinearModel other = new FloatLinearModel(2, 2, Loss.MEAN_SQUARED_ERROR);
        String message = loadFails(other, file).getMessage();
        assertEquals("m.chrl: architecture mismatch: the file holds a model '3-2:identity mean_squared_error float'"
                + " but this model is '2-2:identity mean_squared_error float'", message);

        DoubleLinearModel doubleModel = new DoubleLinearModel(3, 2, Loss.MEAN_SQUARED_ERROR);
        assertTrue(loadFails(doubleModel, file).getMessage().contains("mean_squared_error double"));
    }

    @Test
    void parameterCountMismatch() throws IOException {
        byte[] file = bytes(new FloatLinearModel(3, 2, Loss.MEAN_SQUARED_ERROR, "lin"), Scaler.NONE);
        assertEquals("m.chrl: the file holds 8 parameters of 4 bytes but this model has 6 of 4 bytes",
                loadFails(new FloatLinearModel(2, 2, Loss.MEAN_SQUARED_ERROR, "lin"), file).getMessage());
    }

    @Test
    void scalerForOtherInputSize() throws IOException {
        FloatLinearModel three = new FloatLinearModel(3, 2, Loss.MEAN_SQUARED_ERROR, "lin");
        byte[] file = bytes(three, scaler3());
        FloatLinearModel one = new FloatLinearModel(1, 4, Loss.MEAN_SQUARED_ERROR, "lin");
        assertEquals("m.chrl: the file's scaler is for 3 features but this model has 1 inputs",
                loadFails(one, file).getMessage());
        assertThrows(IllegalArgumentException.class, () -> bytes(one, scaler3()));
    }

    @Test
    void everyTruncationIsReportedAndLeavesTheModelUnchanged() throws IOException {
        byte[] file = bytes(floatModel(1), scaler3());
        FloatLinearModel target = floatModel(2);
        float[][] before = snapshot(target);
        for (int length = 0; length < file.length; length++) {
            ModelFileException e = loadFails(target, Arrays.copyOf(file, length));
            String expected = length < 4 ? "not a Chainrule model file" : "truncated: the file ends in the ";
            assertTrue(e.getMessage().startsWith("m.chrl: " + expected), e.getMessage());
        }
        assertTrue(loadFails(target, Arrays.copyOf(file, file.length - 1)).getMessage().endsWith("in the checksum"));
        assertTrue(loadFails(target, Arrays.copyOf(file, 60)).getMessage().endsWith("in the parameters"));
        assertArrayEquals(before, target.parameterArrays());
    }

    @Test
    void flippedBitInParametersIsAChecksumError() throws IOException {
        byte[] file = bytes(floatModel(1), scaler3());
        FloatLinearModel target = floatModel(2);
        float[][] before = snapshot(target);
        int parameterStart = 4 + 4 + 4 + "3-2:identity mean_squared_error float".length() + 1 + 4;
        for (int i = parameterStart; i < file.length; i++) {
            byte[] corrupt = file.clone();
            corrupt[i] ^= 0x10;
            String message = loadFails(target, corrupt).getMessage();
            assertTrue(message.contains("checksum mismatch: the file is corrupted")
                    || message.contains("corrupted: scaler kind") || message.contains("truncated")
                    || message.contains("unexpected data after the checksum"), message);
        }
        byte[] corrupt = file.clone();
        corrupt[parameterStart + 5] ^= 0x01;
        assertTrue(loadFails(target, corrupt).getMessage().startsWith("m.chrl: checksum mismatch"));
        assertArrayEquals(before, target.parameterArrays());
    }

    @Test
    void flippedBitInArchitectureIsAChecksumErrorNotAMismatch() throws IOException {
        byte[] file = bytes(floatModel(1), Scaler.NONE);
        file[12] ^= 0x01; // '3' becomes '2': still readable, but the checksum catches it first
        assertTrue(loadFails(new FloatLinearModel(3, 2, Loss.MEAN_SQUARED_ERROR), file).getMessage().startsWith("m.chrl: checksum mismatch"));
    }

    @Test
    void dataAfterTheChecksumIsRejected() throws IOException {
        byte[] file = bytes(floatModel(1), Scaler.NONE);
        byte[] longer = Arrays.copyOf(file, file.length + 1);
        assertTrue(loadFails(new FloatLinearModel(3, 2, Loss.MEAN_SQUARED_ERROR), longer).getMessage().contains("unexpected data after the checksum"));
    }

    @Test
    void checksumCoversEverythingBeforeIt() throws IOException {
        byte[] file = bytes(floatModel(1), scaler3());
        CRC32 crc = new CRC32();
        crc.update(file, 0, file.length - 4);
        long stored = ((file[file.length - 4] & 0xffL) << 24) | ((file[file.length - 3] & 0xffL) << 16)
                | ((file[file.length - 2] & 0xffL) << 8) | (file[file.length - 1] & 0xffL);
        assertEquals(crc.getValue(), stored);
        assertEquals(4 + 4 + 4 + 37 + 1 + 4 + 8 * 4 + 1 + 4 + 6 * 8 + 4, file.length);
    }

    @Test
    void saveReplacesAnExistingFileAndLeavesNoTemporaryFile() throws IOException {
        File file = new File(dir, "m.chrl");
        ModelFile.save(floatModel(1), file);
        FloatLinearModel second = floatModel(2);
        ModelFile.save(second, scaler3(), file);
        assertArrayEquals(new String[] {"m.chrl"}, dir.list());
        FloatLinearModel loaded = new FloatLinearModel(3, 2, Loss.MEAN_SQUARED_ERROR);
        assertEquals(scaler3(), ModelFile.load(loaded, file));
        assertArrayEquals(second.parameterArrays(), loaded.parameterArrays());
    }

    @Test
    void failedSaveKeepsTheOldFileAndLeavesNoTemporaryFile() throws IOException {
        File file = new File(dir, "m.chrl");
        ModelFile.save(floatModel(1), file);
        byte[] before = Files.readAllBytes(file.toPath());

        // Its arrays hold 8 values but it claims 9: detected after the temporary file was written.
        FloatLinearModel broken = new FloatLinearModel(3, 2, Loss.MEAN_SQUARED_ERROR) {
            @Override
            public int parameterCount() {
                return 9;
            }
        };
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ModelFile.save(broken, file));
        assertTrue(e.getMessage().contains("hold 8 values but parameterCount() is 9"), e.getMessage());
        assertArrayEquals(new String[] {"m.chrl"}, dir.list());
        assertArrayEquals(before, Files.readAllBytes(file.toPath()));
    }

    @Test
    void saveIntoAMissingDirectoryFails() {
        File file = new File(new File(dir, "missing"), "m.chrl");
        assertThrows(IOException.class, () -> ModelFile.save(floatModel(1), file));
        assertEquals(0, dir.list().length);
    }

    @Test
    void onlyKnownScalersCanBeSaved() {
        Scaler custom = new Scaler() {
            @Override
            public Dataset transform(Dataset data) {
                return data;
            }

            @Override
            public void transformRow(float[] row, int offset) {
            }

            @Override
            public void transformRow(double[] row, int offset) {
            }
        };
        assertThrows(IllegalArgumentException.class, () -> bytes(floatModel(1), custom));
        assertThrows(NullPointerException.class, () -> bytes(floatModel(1), null));
    }
}
