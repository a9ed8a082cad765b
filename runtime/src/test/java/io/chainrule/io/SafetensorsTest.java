package io.chainrule.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chainrule.DoubleModel;
import io.chainrule.FloatModel;
import io.chainrule.Model;
import io.chainrule.data.FeatureScaler;
import io.chainrule.data.Scaler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsTest {
    /** Two layers, the second residual with a projection: 0.weight [2,3], 0.bias, 2.weight [2,2], 2.bias, proj.2.weight [2,2]. */
    static final String FLOAT = "3-2:relu-2:identity+1p softmax_cross_entropy float";
    static final String DOUBLE = "3-2:relu-2:identity+1p softmax_cross_entropy double";
    private static final String SOURCE = "test.safetensors";

    @TempDir
    File dir;

    @Test
    void savesAndLoadsEveryBitInBothPrecisions() throws IOException {
        for (String architecture : new String[] {FLOAT, DOUBLE}) {
            Model saved = ArraysModel.of(architecture, 1);
            File file = new File(dir, "m.safetensors");
            Safetensors.save(saved, ModelMetadata.of(Scaler.NONE, List.of("a", "b")), file);
            Model loaded = ArraysModel.of(architecture, 2);
            Map<String, String> metadata = Safetensors.load(loaded, file);
            assertArrayEquals(ArraysModel.bits(saved), ArraysModel.bits(loaded), architecture);
            assertEquals(architecture, metadata.get(Safetensors.ARCHITECTURE_KEY));
            assertEquals("pt", metadata.get("format"));
            assertEquals(List.of("a", "b"), ModelMetadata.classNames(metadata, SOURCE));
            assertEquals(metadata, Safetensors.readMetadata(file));
            assertEquals(8 + headerLength(Files.readAllBytes(file.toPath()))
                    + saved.parameterCount() * saved.precision().bytes(), file.length());
        }
    }

    /** The exact bytes: the header as safetensors writes it (padded to 8), then PyTorch's [out, in] order. */
    @Test
    void writesTheDocumentedFormat() throws IOException {
        FloatModel model = (FloatModel) ArraysModel.of("2-2:relu mean_squared_error float", 1);
        float[][] p = model.parameterArrays();
        p[0][0] = 1; // w[0][0]: input 0 -> unit 0
        p[0][1] = 2; // w[0][1]: input 0 -> unit 1
        p[1][0] = 3;
        p[1][1] = 4;
        p[2][0] = 5; // bias
        p[2][1] = 6;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Safetensors.write(model, Collections.emptyMap(), out);
        byte[] bytes = out.toByteArray();
        int n = headerLength(bytes);
        String header = new String(bytes, 8, n, StandardCharsets.UTF_8);
        assertEquals("{\"__metadata__\":{\"chainrule.architecture\":\"2-2:relu mean_squared_error float\","
                + "\"format\":\"pt\"},\"0.weight\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,16]},"
                + "\"0.bias\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[16,24]}}", header.trim());
        assertEquals(0, n % 8);
        float[] data = new float[6];
        java.nio.ByteBuffer.wrap(bytes, 8 + n, 24).order(java.nio.ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(data);
        assertArrayEquals(new float[] {1, 3, 2, 4, 5, 6}, data); // weight[unit][input]: [[1, 3], [2, 4]]
    }

    @Test
    void convertsF64F16AndBf16IntoEitherPrecision() throws IOException {
        FloatModel model = (FloatModel) ArraysModel.of("2-1:identity mean_squared_error float", 1);
        // float16 bits: 1.0, -2.0, smallest subnormal 2^-24; bfloat16: 1.0, 3.140625, -0.5
        byte[] f16 = new SafetensorsBuilder()
                .tensor("0.weight", "F16", new long[] {1, 2}, 0x3C00, 0xC000)
                .tensor("0.bias", "F16", new long[] {1}, 0x0001).bytes();
        Safetensors.load(model, new ByteArrayInputStream(f16), SOURCE);
        assertEquals(1f, model.parameterArrays()[0][0]);
        assertEquals(-2f, model.parameterArrays()[1][0]);
        assertEquals(0x1p-24f, model.parameterArrays()[2][0]);
        byte[] bf16 = new SafetensorsBuilder()
                .tensor("0.weight", "BF16", new long[] {1, 2}, 0x3F80, 0x4049)
                .tensor("0.bias", "BF16", new long[] {1}, 0xBF00).bytes();
        DoubleModel doubles = (DoubleModel) ArraysModel.of("2-1:identity mean_squared_error double", 1);
        Safetensors.load(doubles, new ByteArrayInputStream(bf16), SOURCE);
        assertEquals(1.0, doubles.parameterArrays()[0][0]);
        assertEquals(3.140625, doubles.parameterArrays()[1][0]);
        assertEquals(-0.5, doubles.parameterArrays()[2][0]);
        byte[] f64 = new SafetensorsBuilder()
                .tensor("0.weight", "F64", new long[] {1, 2}, Math.PI, 1e-50)
                .tensor("0.bias", "F64", new long[] {1}, -1.5).bytes();
        Safetensors.load(model, new ByteArrayInputStream(f64), SOURCE);
        assertEquals((float) Math.PI, model.parameterArrays()[0][0]);
        assertEquals(0f, model.parameterArrays()[1][0]);
        // a double model's file into a float model: the precision word may differ, nothing else
        DoubleModel d = (DoubleModel) ArraysModel.of(DOUBLE, 5);
        File file = new File(dir, "d.safetensors");
        Safetensors.save(d, file);
        FloatModel f = (FloatModel) ArraysModel.of(FLOAT, 6);
        Safetensors.load(f, file);
        assertEquals((float) d.parameterArrays()[7][1], f.parameterArrays()[7][1]);
    }

    @Test
    void carriesTheScalerAndClassNames() throws IOException {
        Model model = ArraysModel.of(FLOAT, 1);
        FeatureScaler scaler = FeatureScaler.of(FeatureScaler.Kind.STANDARD, new double[] {5.843333333333335, 3, 0.1},
                new double[] {0.8253012917851409, 0.43, 1.76});
        File file = new File(dir, "s.safetensors");
        Safetensors.save(model, ModelMetadata.of(scaler, List.of("setosa", "versi\"color")), file);
        Map<String, String> metadata = Safetensors.load(ArraysModel.of(FLOAT, 2), file);
        assertEquals(scaler, ModelMetadata.scaler(metadata, 3, SOURCE));
        assertEquals(List.of("setosa", "versi\"color"), ModelMetadata.classNames(metadata, SOURCE));
        assertEquals("[5.843333333333335, 3.0, 0.1]", metadata.get(ModelMetadata.SCALER_CENTER_KEY));
    }

    @Test
    void refusesToWriteNonFiniteParametersOrContradictoryMetadata() {
        FloatModel model = (FloatModel) ArraysModel.of(FLOAT, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Safetensors.write(model,
                Map.of(Safetensors.ARCHITECTURE_KEY, "1-1:identity mean_squared_error float"), new ByteArrayOutputStream()));
        assertTrue(e.getMessage().startsWith("metadata chainrule.architecture = '1-1"), e.getMessage());
        model.parameterArrays()[7][0] = Float.POSITIVE_INFINITY;
        File file = new File(dir, "inf.safetensors");
        e = assertThrows(IllegalArgumentException.class, () -> Safetensors.save(model, file));
        assertEquals("tensor 'proj.2.weight' element [0, 0] is Infinity: a model with non-finite parameters cannot be"
                + " exported", e.getMessage());
        assertTrue(!file.exists());
    }

    /** A correct file of the FLOAT model's five tensors, without metadata. */
    private static SafetensorsBuilder valid() {
        return new SafetensorsBuilder()
                .tensor("0.weight", "F32", new long[] {2, 3}, 1, 2, 3, 4, 5, 6)
                .tensor("0.bias", "F32", new long[] {2}, 7, 8)
                .tensor("2.weight", "F32", new long[] {2, 2}, 9, 10, 11, 12)
                .tensor("2.bias", "F32", new long[] {2}, 13, 14)
                .tensor("proj.2.weight", "F32", new long[] {2, 2}, 15, 16, 17, 18);
    }

    private static byte[] floats(double... values) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4 * values.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (double v : values) {
            b.putFloat((float) v);
        }
        return b.array();
    }

    private static final byte[] DATA_72 = floats(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18);

    private static String validEntries(String replaceFrom, String replaceTo) {
        String h = valid().header();
        assertTrue(h.contains(replaceFrom), replaceFrom);
        return h.replace(replaceFrom, replaceTo);
    }

    @Test
    void loadsTheValidFileOfTheseTests() throws IOException {
        FloatModel model = (FloatModel) ArraysModel.of(FLOAT, 1);
        Safetensors.load(model, new ByteArrayInputStream(valid().bytes()), SOURCE);
        float[][] p = model.parameterArrays();
        assertEquals(4f, p[0][1]); // 0.weight [1][0]
        assertEquals(18f, p[8][1]); // proj.2.weight [1][1] is row 1 (source value 1), unit 1
    }

    @Test
    void rejectsBadHeaders() throws IOException {
        rejects(new byte[] {1, 2, 3}, null, "not a safetensors file: 3 bytes, shorter than the 8-byte header length");
        rejects(SafetensorsBuilder.concat(SafetensorsBuilder.lengthPrefix(1L << 40), new byte[64]), null,
                "corrupted or not a safetensors file: header length 1099511627776 is over the limit of 16777216 bytes");
        rejects(SafetensorsBuilder.concat(SafetensorsBuilder.lengthPrefix(-1L), new byte[64]), null,
                "header length 18446744073709551615 is over the limit");
        rejects(SafetensorsBuilder.concat(SafetensorsBuilder.lengthPrefix(0), new byte[64]), null,
                "header length 0 is too short for a JSON object");
        rejects(SafetensorsBuilder.concat(SafetensorsBuilder.lengthPrefix(1000), "{\"a\":1}".getBytes(StandardCharsets.UTF_8)),
                null, "truncated: the file ends inside the 1000-byte header");
        rejects("CHRL\0\0\0\1 a Chainrule model file".getBytes(StandardCharsets.ISO_8859_1), null,
                "header length 72057595318388803 is over the limit");
        rejects(SafetensorsBuilder.file("[1, 2, 3]", new byte[0]), null, "the header does not start with '{'");
        rejects(SafetensorsBuilder.concat(SafetensorsBuilder.lengthPrefix(4), new byte[] {'{', (byte) 0xC3, 0x28, '}'}),
                null, "corrupted: the header is not valid UTF-8");
        rejects(SafetensorsBuilder.file("{\"0.weight\": {\"dtype\": \"F32\",}", DATA_72), null,
                "corrupted: the header is not valid JSON: expected a key in quotes, found '}' at character 29");
        rejects(SafetensorsBuilder.file(validEntries("]}}", "]},\"0.bias\":{}}"), DATA_72), null,
                "duplicate key \"0.bias\"");
        rejects(SafetensorsBuilder.file("{\"a\":" + "[".repeat(40) + "]".repeat(40) + "}", new byte[0]), null,
                "nested more than 16 deep");
        rejects(SafetensorsBuilder.file("{\"__metadata__\":{\"a\":1}}", new byte[0]), null,
                "corrupted: __metadata__ value of 'a' is not a string");
        rejects(SafetensorsBuilder.file(validEntries("\"dtype\"", "\"kind\":1,\"dtype\""), DATA_72), "0.weight",
                "unknown field 'kind'; a tensor has dtype, shape and data_offsets");
        rejects(SafetensorsBuilder.file(validEntries("[2,3]", "[2,-3]"), DATA_72), "0.weight",
                "shape dimension 1 is -3, not a non-negative integer");
        rejects(SafetensorsBuilder.file(validEntries("[2,3]", "[2,3.0]"), DATA_72), "0.weight",
                "shape dimension 1 is 3.0, not a non-negative integer");
        rejects(SafetensorsBuilder.file(validEntries("[0,24]", "[24,0]"), DATA_72), "0.weight",
                "data_offsets [24, 0] is not a range of the data (0 <= begin <= end)");
        rejects(SafetensorsBuilder.file(validEntries("[0,24]", "[0,24,1]"), DATA_72), "0.weight",
                "data_offsets is not a list of two integers [begin, end]");
        rejects(SafetensorsBuilder.file(validEntries("[0,24]", "[0,99999999999999999999]"), DATA_72), null,
                "integer 99999999999999999999 out of range");
    }

    @Test
    void rejectsBadTensors() throws IOException {
        rejects(SafetensorsBuilder.file(validEntries("\"F32\",\"shape\":[2,3]", "\"F31\",\"shape\":[2,3]"), DATA_72),
                "0.weight", "unknown dtype 'F31'; expected F32, F64, F16 or BF16");
        rejects(SafetensorsBuilder.file(validEntries("\"F32\",\"shape\":[2,3]", "\"I32\",\"shape\":[2,3]"), DATA_72),
                "0.weight", "dtype I32 is not a floating-point type Chainrule reads; expected F32, F64, F16 or BF16");
        rejects(SafetensorsBuilder.file(validEntries("[2,3]", "[2,4]"), DATA_72), "0.weight",
                "shape [2, 4] of F32 needs 32 bytes but data_offsets [0, 24] hold 24");
        rejects(SafetensorsBuilder.file(validEntries("[2,3]", "[4611686018427387904,4]"), DATA_72), "0.weight",
                "shape [4611686018427387904, 4] of F32 is too large but data_offsets [0, 24] hold 24");
        // offsets outside the data: a stream ends inside the last tensor
        rejects(SafetensorsBuilder.file(valid().header(), Arrays.copyOf(DATA_72, 60)), "proj.2.weight",
                "truncated: the file ends in this tensor's data, at byte 60 of the data section (the tensor spans bytes"
                        + " 56..72)");
        // two tensors on the same bytes
        rejects(SafetensorsBuilder.file(validEntries("[24,32]", "[0,8]"), DATA_72), "0.weight",
                "bytes 0..24 overlap tensor '0.bias' (bytes 0..8)");
        // a gap: 0.bias moved 8 bytes on, leaving 24..32 uncovered, and overlapping 2.weight
        rejects(SafetensorsBuilder.file(validEntries("[24,32]", "[80,88]"), DATA_72), "2.weight",
                "starts at byte 32, but the data before it ends at byte 24: bytes 24..32 belong to no tensor");
        rejects(SafetensorsBuilder.concat(valid().bytes(), new byte[] {0}), null,
                "unexpected data after the last tensor, at byte 72 of the data section");
    }

    @Test
    void rejectsTensorsThatDoNotFitTheModel() throws IOException {
        rejects(SafetensorsBuilder.file(validEntries("\"proj.2.weight\"", "\"proj.3.weight\""), DATA_72), "proj.3.weight",
                "extra tensor: the model has no parameter of this name (it has 0.weight, 0.bias, 2.weight, 2.bias,"
                        + " proj.2.weight)");
        rejects(SafetensorsBuilder.file(validEntries(",\"proj.2.weight\":{\"dtype\":\"F32\",\"shape\":[2,2],"
                + "\"data_offsets\":[56,72]}", ""), Arrays.copyOf(DATA_72, 56)), "proj.2.weight",
                "missing: the file has no tensor of this name; the model's layer 2 needs it with shape [2, 2]");
        rejects(SafetensorsBuilder.file(validEntries("[2,3]", "[3,2]"), DATA_72), "0.weight",
                "shape [3, 2] but the model's layer 1 needs [2, 3] (PyTorch's Linear.weight is [out, in]: 2 units,"
                        + " 3 inputs); is it transposed?");
        rejects(SafetensorsBuilder.file(validEntries("\"shape\":[2],\"data_offsets\":[24,32]",
                "\"shape\":[1,2],\"data_offsets\":[24,32]"), DATA_72), "0.bias",
                "shape [1, 2] but the model's layer 1 needs [2]");
        byte[] nan = DATA_72.clone();
        System.arraycopy(floats(Float.NaN), 0, nan, 4 * 4, 4);
        rejects(SafetensorsBuilder.file(valid().header(), nan), "0.weight",
                "element [1, 1] is NaN; parameters must be finite numbers");
        byte[] inf = DATA_72.clone();
        System.arraycopy(floats(Float.NEGATIVE_INFINITY), 0, inf, 71 - 3, 4);
        rejects(SafetensorsBuilder.file(valid().header(), inf), "proj.2.weight",
                "element [1, 1] is -Infinity; parameters must be finite numbers");
        rejects(new SafetensorsBuilder()
                .tensor("0.weight", "F64", new long[] {2, 3}, 1, 2, 3e300, 4, 5, 6)
                .tensor("0.bias", "F32", new long[] {2}, 7, 8)
                .tensor("2.weight", "F32", new long[] {2, 2}, 9, 10, 11, 12)
                .tensor("2.bias", "F32", new long[] {2}, 13, 14)
                .tensor("proj.2.weight", "F32", new long[] {2, 2}, 15, 16, 17, 18).bytes(), "0.weight",
                "element [0, 2] is 3.0E300 (F64), beyond the range of this float model");
        rejects(SafetensorsBuilder.file(valid().header(), floats(1)), "0.weight",
                "truncated: the file ends in this tensor's data, at byte 4 of the data section");
        rejects(new SafetensorsBuilder().bytes(), "0.weight", "missing: the file has no tensor of this name");
    }

    @Test
    void rejectsMetadataThatDoesNotFitTheModel() throws IOException {
        rejects(valid().metadata(Safetensors.ARCHITECTURE_KEY, "3-2:tanh-2:identity+1p softmax_cross_entropy float")
                .bytes(), null, "architecture mismatch: the file holds a model '3-2:tanh-2:identity+1p"
                        + " softmax_cross_entropy float' but this model is '" + FLOAT + "'");
        rejects(valid().metadata(ModelMetadata.CLASSES_KEY, "[\"a\", \"b\", \"c\"]").bytes(), null,
                "metadata chainrule.classes names 3 classes but the model has 2");
        rejects(valid().metadata(ModelMetadata.CLASSES_KEY, "setosa").bytes(), null,
                "metadata chainrule.classes is not JSON: unexpected 's' at character 0");
        rejects(valid().metadata(ModelMetadata.SCALER_KEY, "standard").metadata(ModelMetadata.SCALER_CENTER_KEY, "[1, 2]")
                .metadata(ModelMetadata.SCALER_SCALE_KEY, "[1, 2, 3]").bytes(), null,
                "metadata chainrule.scaler.center has 2 values but the model has 3 inputs");
        rejects(valid().metadata(ModelMetadata.SCALER_KEY, "standard").metadata(ModelMetadata.SCALER_CENTER_KEY, "[1, 2, 3]")
                .metadata(ModelMetadata.SCALER_SCALE_KEY, "[1, 0, 3]").bytes(), null,
                "invalid scaler in the metadata: feature 1: center 2.0, scale 0.0");
        rejects(valid().metadata(ModelMetadata.SCALER_KEY, "robust").bytes(), null,
                "metadata chainrule.scaler is 'robust'; expected standard or min_max");
    }

    /** A file's length is known: offsets outside the data are found before anything is read. */
    @Test
    void filesAreCheckedAgainstTheirLength() throws IOException {
        File file = new File(dir, "short.safetensors");
        Files.write(file.toPath(), SafetensorsBuilder.file(valid().header(), Arrays.copyOf(DATA_72, 70)));
        String outside = file.getPath() + ": tensor 'proj.2.weight': data_offsets [56, 72] lie outside the data,"
                + " which has 70 bytes";
        TensorFileException e = assertThrows(TensorFileException.class, () -> Safetensors.readMetadata(file));
        assertEquals(outside, e.getMessage());
        Model model = ArraysModel.of(FLOAT, 7);
        long[][] before = ArraysModel.bits(model);
        e = assertThrows(TensorFileException.class, () -> Safetensors.load(model, file));
        assertEquals(outside, e.getMessage());
        assertArrayEquals(before, ArraysModel.bits(model));
        Files.write(file.toPath(), SafetensorsBuilder.file(valid().header(), Arrays.copyOf(DATA_72, 75)));
        e = assertThrows(TensorFileException.class, () -> Safetensors.readMetadata(file));
        assertEquals(file.getPath() + ": unexpected data after the last tensor: the header describes 72 bytes of"
                + " data but the file has 75", e.getMessage());
        e = assertThrows(TensorFileException.class, () -> Safetensors.load(model, file));
        assertEquals(null, e.tensor());
        assertArrayEquals(before, ArraysModel.bits(model));
    }

    /** Long or invisible names from a damaged file are shortened and escaped. */
    @Test
    void namesInMessagesAreShortAndPrintable() throws IOException {
        String name = "x\u0000\n" + "y".repeat(5000);
        TensorFileException e = rejects(new SafetensorsBuilder().tensor(name, "F32", new long[] {1}, 1).bytes(), name,
                "extra tensor");
        assertTrue(e.getMessage().startsWith(SOURCE + ": tensor 'x\\u0000\\u000ayyyy"), e.getMessage());
        assertTrue(e.getMessage().contains("... (5003 characters)': extra tensor"), e.getMessage());
        assertTrue(e.getMessage().length() < 300, e.getMessage());
    }

    /** Loading {@code bytes} fails with the message, names the tensor, and leaves the model as it was. */
    private static TensorFileException rejects(byte[] bytes, String tensor, String message) throws IOException {
        Model model = ArraysModel.of(FLOAT, 7);
        long[][] before = ArraysModel.bits(model);
        TensorFileException e = assertThrows(TensorFileException.class,
                () -> Safetensors.load(model, new ByteArrayInputStream(bytes), SOURCE), message);
        assertTrue(e.getMessage().startsWith(SOURCE + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(message), "expected '" + message + "' in: " + e.getMessage());
        assertEquals(tensor, e.tensor(), e.getMessage());
        assertEquals(SOURCE, e.source());
        assertArrayEquals(before, ArraysModel.bits(model), "a failed load changed the model: " + e.getMessage());
        return e;
    }

    private static int headerLength(byte[] file) {
        long n = 0;
        for (int i = 7; i >= 0; i--) {
            n = (n << 8) | (file[i] & 0xff);
        }
        return (int) n;
    }
}
