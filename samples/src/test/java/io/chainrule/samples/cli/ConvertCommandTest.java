package io.chainrule.samples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chainrule.FloatModel;
import io.chainrule.data.Scaler;
import io.chainrule.io.ModelFile;
import io.chainrule.io.ModelMetadata;
import io.chainrule.io.Npy;
import io.chainrule.io.Safetensors;
import io.chainrule.samples.iris.IrisModel;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code convert}: .chrl, .safetensors and .npz in every direction keep every parameter bit (and
 * the scaler and class names where the format holds them), .onnx is written, and bad input is one
 * error line.
 */
class ConvertCommandTest {
    @TempDir
    static Path dir;

    private static String iris;

    @BeforeAll
    static void trainIris() {
        CliRun run = CliRun.of("iris", "--epochs", "3", "--out", dir.toString(), "--no-progress");
        assertEquals(0, run.exitCode(), run::toString);
        iris = dir.resolve("iris.chrl").toString();
    }

    private static String path(String name) {
        return dir.resolve(name).toString();
    }

    private static FloatModel load(String chrl, Scaler[] scaler) throws IOException {
        FloatModel m = new IrisModel();
        scaler[0] = ModelFile.load(m, new File(chrl));
        return m;
    }

    @Test
    void roundTripsKeepEveryBit() throws IOException {
        Scaler[] original = new Scaler[1];
        FloatModel trained = load(iris, original);

        CliRun toSafetensors = CliRun.of("convert", iris, path("iris.safetensors"));
        assertEquals(0, toSafetensors.exitCode(), toSafetensors::toString);
        assertEquals("wrote " + path("iris.safetensors") + ": iris (4-16:relu-3:identity softmax_cross_entropy float,"
                + " 131 parameters) from " + iris + "; with its standardisation scaler\n", toSafetensors.out());
        FloatModel m = new IrisModel();
        Map<String, String> metadata = Safetensors.load(m, new File(path("iris.safetensors")));
        assertArrayEquals(trained.parameterArrays(), m.parameterArrays());
        assertEquals(original[0], ModelMetadata.scaler(metadata, 4, "iris.safetensors"));
        assertEquals(List.of("setosa", "versicolor", "virginica"), ModelMetadata.classNames(metadata, "iris.safetensors"));

        // back to .chrl, the network found from the safetensors metadata
        assertEquals(0, CliRun.of("convert", path("iris.safetensors"), path("back.chrl")).exitCode());
        Scaler[] back = new Scaler[1];
        assertArrayEquals(trained.parameterArrays(), load(path("back.chrl"), back).parameterArrays());
        assertEquals(original[0], back[0]);

        // .npz: tensors only, so the scaler is lost (said so), and --model is needed to read it
        CliRun toNpz = CliRun.of("convert", iris, path("iris.npz"));
        assertEquals(0, toNpz.exitCode(), toNpz::toString);
        assertTrue(toNpz.out().contains("note: an .npz holds no scaler"), toNpz.out());
        CliRun fromNpz = CliRun.of("convert", "--model", "iris", path("iris.npz"), path("npz.chrl"));
        assertEquals(0, fromNpz.exitCode(), fromNpz::toString);
        Scaler[] none = new Scaler[1];
        assertArrayEquals(trained.parameterArrays(), load(path("npz.chrl"), none).parameterArrays());
        assertEquals(Scaler.NONE, none[0]);

        CliRun toOnnx = CliRun.of("convert", iris, path("iris.onnx"));
        assertEquals(0, toOnnx.exitCode(), toOnnx::toString);
        assertTrue(toOnnx.out().contains("the standardisation scaler is in the metadata"), toOnnx.out());
        byte[] onnx = Files.readAllBytes(dir.resolve("iris.onnx"));
        assertEquals(0x08, onnx[0]); // ModelProto field 1 (ir_version), a varint
        assertTrue(new String(onnx, java.nio.charset.StandardCharsets.ISO_8859_1).contains("2.weight"));
    }

    /** A network trained in PyTorch (the committed fixture) converts to .chrl and predicts what PyTorch predicted. */
    @Test
    void convertsANetworkTrainedInPyTorch() throws IOException {
        File fixtures = new File("../interop/pytorch/fixtures");
        Assumptions.assumeTrue(fixtures.isDirectory(), "no interop/pytorch/fixtures");
        CliRun convert = CliRun.of("convert", new File(fixtures, "iris_mlp.safetensors").getPath(), path("torch.chrl"));
        assertEquals(0, convert.exitCode(), convert::toString);
        assertTrue(convert.out().contains(": iris (4-16:relu-3:identity"), convert.out());
        // the first five flowers of iris.csv, with their label column, as predict reads them
        Path rows = Files.writeString(dir.resolve("five.csv"), "label,a,b,c,d\n0,5.1,3.5,1.4,0.2\n0,4.9,3.0,1.4,0.2\n"
                + "0,4.7,3.2,1.3,0.2\n0,4.6,3.1,1.5,0.2\n0,5.0,3.6,1.4,0.2\n");
        CliRun predict = CliRun.of("predict", "-P", path("torch.chrl"), rows.toString());
        assertEquals(0, predict.exitCode(), predict::toString);
        double[] expected = Npy.read(new File(fixtures, "iris_mlp-expected.npy")).values();
        String[] lines = predict.out().split("\n");
        assertEquals(5, lines.length);
        for (int r = 0; r < 5; r++) {
            String[] fields = lines[r].trim().split(" ");
            assertEquals("setosa", fields[0]);
            for (int k = 0; k < 3; k++) {
                assertEquals(expected[3 * r + k], Double.parseDouble(fields[1 + k]), 1e-4, lines[r]);
            }
        }
    }

    @Test
    void badInputIsOneErrorLine() throws IOException {
        assertOneLine(CliRun.of("convert", path("iris.npz.missing"), path("x.chrl")), 2,
                "INPUT '" + path("iris.npz.missing") + "' must end in .chrl, .safetensors, .npz");
        assertOneLine(CliRun.of("convert", iris, path("x.pt")), 2, "OUTPUT '" + path("x.pt")
                + "' must end in .chrl, .safetensors, .npz or .onnx");
        assertOneLine(CliRun.of("convert", path("x.onnx"), path("x.chrl")), 2, "ONNX is export only");
        assertEquals(0, CliRun.of("convert", iris, path("plain.npz")).exitCode());
        assertOneLine(CliRun.of("convert", path("plain.npz"), path("x.chrl")), 1,
                "plain.npz: an .npz holds no architecture; name the network with --model");
        assertOneLine(CliRun.of("convert", "--model", "digits", iris, path("x.safetensors")), 1,
                "architecture mismatch: the file holds a model '4-16:relu-3:identity softmax_cross_entropy float' but"
                        + " this model is '64-32:relu-10:identity softmax_cross_entropy float'");
        assertOneLine(CliRun.of("convert", "--model", "digits", path("plain.npz"), path("x.chrl")), 1,
                "tensor '0.weight': shape [16, 4] but the model's layer 1 needs [32, 64]");
        Path damaged = dir.resolve("damaged.safetensors");
        assertEquals(0, CliRun.of("convert", iris, damaged.toString()).exitCode());
        byte[] bytes = Files.readAllBytes(damaged);
        Files.write(damaged, java.util.Arrays.copyOf(bytes, bytes.length - 10));
        assertOneLine(CliRun.of("convert", damaged.toString(), path("x.chrl")), 1,
                "damaged.safetensors: tensor '2.bias': data_offsets [512, 524] lie outside the data, which has 514 bytes");
        assertOneLine(CliRun.of("convert", path("none.chrl"), path("x.npz")), 1, "none.chrl");
        assertTrue(!new File(path("x.chrl")).exists() && !new File(path("x.safetensors")).exists());
    }

    private static void assertOneLine(CliRun run, int code, String message) {
        assertEquals(code, run.exitCode(), run::toString);
        assertTrue(run.err().startsWith("error: ") && run.err().indexOf('\n') == run.err().length() - 1, run::toString);
        assertTrue(run.err().contains(message), "expected '" + message + "' in " + run.err());
    }
}
