package io.chainrule.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import io.chainrule.FloatModel;
import io.chainrule.FloatPredictor;
import io.chainrule.processor.read.Messages;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every compile-time error of an {@code @Inference} declaration: its message, and the line it is
 * reported on. A model file that is missing, corrupt, truncated, of another architecture or of the
 * other precision is an error on {@code weights = ...} that names the file and the problem, and no
 * class is generated.
 */
class InferenceDiagnosticsTest {
    /** Each test's own folders (resources, class paths), deleted after it. */
    @TempDir
    Path temp;

    private static final JavaFileObject NETWORK = source("Net",
            "@Network(inputs = 3, layers = {@Layer(units = 4, activation = Activation.TANH),",
            "        @Layer(units = 2, activation = Activation.IDENTITY)}, loss = Loss.SOFTMAX_CROSS_ENTROPY)",
            "public interface Net extends FloatModel {",
            "}");
    private static final String ARCHITECTURE = "3-4:tanh-2:identity softmax_cross_entropy float";
    /** A good model file of {@code Net}, and one of the same network in double. */
    private static byte[] good;
    private static byte[] inDouble;

    @BeforeAll
    static void saveModelFiles() {
        Compilation c = Networks.compile(NETWORK, source("NetD",
                "@Network(inputs = 3, layers = {@Layer(units = 4, activation = Activation.TANH),",
                "        @Layer(units = 2, activation = Activation.IDENTITY)}, loss = Loss.SOFTMAX_CROSS_ENTROPY,",
                "        precision = Precision.DOUBLE)",
                "public interface NetD extends DoubleModel {",
                "}"));
        assertThat(c).succeeded();
        CompiledClasses classes = new CompiledClasses(c);
        FloatModel net = classes.newInstance("bad.NetModel", FloatModel.class);
        net.initialize(1);
        good = Inferences.save(net);
        io.chainrule.DoubleModel netD = classes.newInstance("bad.NetDModel", io.chainrule.DoubleModel.class);
        netD.initialize(1);
        inDouble = Inferences.save(netD);
    }

    private static JavaFileObject source(String name, String... lines) {
        return JavaFileObjects.forSourceString("bad." + name,
                "package bad;\n\nimport io.chainrule.*;\n\n" + String.join("\n", lines) + "\n");
    }

    private static Compilation compile(Path resources, JavaFileObject... sources) {
        List<JavaFileObject> all = new ArrayList<>(List.of(NETWORK));
        all.addAll(List.of(sources));
        return Inferences.compile(resources, all);
    }

    private Compilation compile(JavaFileObject... sources) throws IOException {
        return compile(Files.createTempDirectory(temp, "resources"), sources);
    }

    @Test
    void notANetwork() throws IOException {
        JavaFileObject f = source("NotNet", "@Inference(network = String.class)", "public interface NotNet {", "}");
        Compilation c = compile(f);
        assertThat(c).hadErrorContaining(Messages.notANetwork("java.lang.String")).inFile(f)
                .onLineContaining("network = String.class");
        assertThat(c).hadErrorCount(1);
    }

    @Test
    void networkWithErrors() throws IOException {
        JavaFileObject broken = source("Broken", "@Network(inputs = 0, layers = @Layer(units = 2, activation = Activation.IDENTITY),",
                "        loss = Loss.SOFTMAX_CROSS_ENTROPY)", "public interface Broken {", "}");
        JavaFileObject f = source("OfBroken", "@Inference(network = Broken.class)", "public interface OfBroken {", "}");
        Compilation c = compile(broken, f);
        assertThat(c).hadErrorContaining(Messages.networkHasErrors("bad.Broken", Messages.nonPositiveInputs(0)))
                .inFile(f).onLineContaining("network = Broken.class");
        assertThat(c).hadErrorContaining(Messages.nonPositiveInputs(0)).inFile(broken).onLineContaining("inputs = 0");
        assertThat(c).hadErrorCount(2);
    }

    @Test
    void extendsTheTrainingInterface() throws IOException {
        JavaFileObject f = source("Trains", "@Inference(network = Net.class)", "public interface Trains extends FloatModel {", "}");
        Compilation c = compile(f);
        assertThat(c).hadErrorContaining(Messages.inferenceExtendsModel("FloatModel")).inFile(f)
                .onLineContaining("public interface Trains");
        assertThat(c).hadErrorCount(1);
    }

    @Test
    void predictorOfTheOtherPrecision() throws IOException {
        JavaFileObject f = source("Twice", "@Inference(network = Net.class)", "public interface Twice extends DoublePredictor {", "}");
        assertThat(compile(f)).hadErrorContaining(Messages.wrongPrecisionPredictor("DoublePredictor", "Net", "FLOAT",
                "FloatPredictor")).inFile(f).onLineContaining("public interface Twice");
    }

    @Test
    void abstractMethodNotOfThePredictor() throws IOException {
        JavaFileObject f = source("Extra", "@Inference(network = Net.class)", "public interface Extra extends FloatPredictor {",
                "    int classify(float[] x);", "}");
        assertThat(compile(f)).hadErrorContaining(Messages.abstractMethod("classify()", "FloatPredictor")).inFile(f)
                .onLineContaining("int classify");
    }

    /** The checks shared with {@code @Network} name the annotation that was used. */
    @Test
    void sharedTypeChecksNameInference() throws IOException {
        JavaFileObject f = source("Kind", "@Inference(network = Net.class)", "public enum Kind {", "    A", "}");
        Compilation c = compile(f);
        assertThat(c).hadErrorContaining(Messages.ENUM.replace("@Network", "@Inference")).inFile(f)
                .onLineContaining("public enum Kind");
        JavaFileObject g = source("Final", "@Inference(network = Net.class)", "public final class Final {", "}");
        assertThat(compile(g)).hadErrorContaining(Messages.FINAL_CLASS.replace("@Network", "@Inference")).inFile(g)
                .onLineContaining("public final class Final");
    }

    /** javac never shows a local class to processors: the annotation is found in the source tree and reported. */
    @Test
    void localClass() throws IOException {
        JavaFileObject f = source("Outer", "public class Outer {", "    void run() {",
                "        @Inference(network = Net.class)", "        abstract class Local {", "        }", "    }", "}");
        Compilation c = compile(f);
        assertThat(c).hadErrorContaining(Messages.LOCAL.replace("@Network", "@Inference")).inFile(f)
                .onLineContaining("@Inference");
        assertThat(c).hadErrorCount(1);
    }

    @Test
    void invalidAndClashingNames() throws IOException {
        JavaFileObject f = source("Named", "@Inference(network = Net.class, name = \"1st\")", "public interface Named {", "}");
        assertThat(compile(f)).hadErrorContaining(Messages.invalidName("1st")).inFile(f).onLineContaining("name = \"1st\"");
        // the training class of Net is bad.NetModel
        JavaFileObject g = source("Clash", "@Inference(network = Net.class, name = \"NetModel\")", "public interface Clash {", "}");
        assertThat(compile(g)).hadErrorContaining(Messages.nameClash("bad.NetModel")).inFile(g)
                .onLineContaining("name = \"NetModel\"");
    }

    private static JavaFileObject withWeights(String name, String weights) {
        return source(name, "@Inference(network = Net.class,", "        weights = \"" + weights + "\")",
                "public interface " + name + " extends FloatPredictor {", "}");
    }

    /** Compiles {@code Net} and an inference class with {@code file} as {@code models/net.chrl}; expects one error. */
    private void assertWeightsError(byte[] file, String... expected) throws IOException {
        Path resources = Files.createTempDirectory(temp, "resources");
        Inferences.write(resources, "models/net.chrl", file);
        JavaFileObject f = withWeights("Shipped", "models/net.chrl");
        Compilation c = compile(resources, f);
        String path = resources.resolve("models/net.chrl").toString();
        assertThat(c).hadErrorContaining(Messages.weightsInvalid("models/net.chrl", path + ": ")).inFile(f)
                .onLineContaining("weights = \"models/net.chrl\"");
        for (String part : expected) {
            assertThat(c).hadErrorContaining(part);
        }
        assertThat(c).hadErrorCount(1);
    }

    @Test
    void weightsFileIsMissing() throws IOException {
        JavaFileObject f = withWeights("Missing", "models/missing.chrl");
        Compilation c = compile(f);
        assertThat(c).hadErrorContaining(Messages.weightsNotFound("models/missing.chrl")).inFile(f)
                .onLineContaining("weights = \"models/missing.chrl\"");
        assertThat(c).hadErrorCount(1);
    }

    @Test
    void weightsFileIsCorrupt() throws IOException {
        byte[] corrupt = good.clone();
        corrupt[good.length / 2] ^= 0x01;
        assertWeightsError(corrupt, "checksum mismatch: the file is corrupted");
    }

    @Test
    void weightsFileIsTruncated() throws IOException {
        assertWeightsError(Arrays.copyOf(good, good.length - 7), "truncated: the file ends in the");
        assertWeightsError(Arrays.copyOf(good, 2), "not a Chainrule model file");
        assertWeightsError(new byte[0], "not a Chainrule model file");
    }

    @Test
    void weightsFileIsNoModelFile() throws IOException {
        assertWeightsError("PK\u0003\u0004 a zip, not a model".getBytes(UTF_8),
                "not a Chainrule model file: it starts with bytes [50 4b 03 04]");
    }

    @Test
    void weightsFileOfAnotherArchitecture() throws IOException {
        Compilation other = Networks.compile(source("Other",
                "@Network(inputs = 3, layers = {@Layer(units = 5, activation = Activation.RELU),",
                "        @Layer(units = 2, activation = Activation.IDENTITY)}, loss = Loss.SOFTMAX_CROSS_ENTROPY)",
                "public interface Other extends FloatModel {", "}"));
        FloatModel model = new CompiledClasses(other).newInstance("bad.OtherModel", FloatModel.class);
        assertWeightsError(Inferences.save(model), "architecture mismatch: the file holds a model "
                + "'3-5:relu-2:identity softmax_cross_entropy float' but this model is '" + ARCHITECTURE + "'");
    }

    @Test
    void weightsFileOfTheOtherPrecision() throws IOException {
        assertWeightsError(inDouble, "architecture mismatch", Messages.weightsPrecisionHint("double", "float"));
    }

    @Test
    void weightsNameIsNoRelativePath() throws IOException {
        for (String name : List.of("../net.chrl", "models//net.chrl", "C:\\\\net.chrl", "models/./net.chrl", "/",
                "models*/net.chrl", "models/net\\t.chrl")) {
            JavaFileObject f = withWeights("Path", name);
            String declared = name.replace("\\\\", "\\").replace("\\t", "\t");
            assertThat(compile(f)).hadErrorContaining(Messages.weightsInvalidName(declared)).inFile(f)
                    .onLineContaining("weights = ");
        }
    }

    @Test
    void weightsNameIsADirectory() throws IOException {
        Path resources = Files.createTempDirectory(temp, "resources");
        Files.createDirectories(resources.resolve("models/net.chrl"));
        JavaFileObject f = withWeights("Directory", "models/net.chrl");
        Compilation c = compile(resources, f);
        assertThat(c).hadErrorContaining("weights = \"models/net.chrl\" cannot be read: ").inFile(f)
                .onLineContaining("weights = ");
        assertThat(c).hadErrorCount(1);
    }

    @Test
    void weightsTooLargeToCompileIn() throws IOException {
        JavaFileObject big = source("Big", "@Network(inputs = 4100, layers = @Layer(units = 4100, activation = Activation.IDENTITY),",
                "        loss = Loss.MEAN_SQUARED_ERROR)", "public interface Big {", "}");
        JavaFileObject f = source("BigShipped", "@Inference(network = Big.class, weights = \"models/big.chrl\")",
                "public interface BigShipped {", "}");
        Compilation c = compile(big, f);
        assertThat(c).hadErrorContaining(Messages.weightsTooLarge("models/big.chrl", 4100L * 4101 * 4, 16L << 20))
                .inFile(f).onLineContaining("weights = \"models/big.chrl\"");
        assertThat(c).hadErrorCount(1);
    }

    /** Found on the class path too (a resources directory or a jar there), and compiled in to the bit. */
    @Test
    void weightsFoundOnTheClassPath() throws Exception {
        Path resources = Files.createTempDirectory(temp, "classpath");
        Inferences.write(resources, "models/net.chrl", good);
        List<File> classPath = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            classPath.add(new File(entry));
        }
        classPath.add(resources.toFile());
        JavaFileObject f = withWeights("OnClassPath", "/models/net.chrl"); // a leading '/' as in getResource
        Compilation c = javac().withProcessors(new NetworkProcessor()).withClasspath(classPath)
                .withOptions("--release", "8", "-Xlint:all,-options,-processing").compile(NETWORK, f);
        assertThat(c).succeededWithoutWarnings();
        CompiledClasses classes = new CompiledClasses(c);
        FloatPredictor shipped = classes.newInstance("bad.OnClassPathModel", FloatPredictor.class);
        FloatModel net = classes.newInstance("bad.NetModel", FloatModel.class);
        Inferences.load(net, good);
        assertArrayEquals(Inferences.parameterBits(net), Inferences.parameterBits(shipped));
    }

    /**
     * The network in another compilation, as from a library jar: its {@code @Network} (class
     * retention) is read from the class file, and the inference class loads the library's model
     * files.
     */
    @Test
    void networkFromAnotherCompilation() throws Exception {
        Path library = Files.createTempDirectory(temp, "library");
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        Path src = Files.createTempDirectory(temp, "src");
        Path netSource = src.resolve("bad/Net.java");
        Files.createDirectories(netSource.getParent());
        Files.writeString(netSource, NETWORK.getCharContent(true));
        try (StandardJavaFileManager files = compiler.getStandardFileManager(null, null, UTF_8)) {
            List<String> options = List.of("--release", "8", "-d", library.toString(), "-classpath",
                    System.getProperty("java.class.path"), "-processor", NetworkProcessor.class.getName());
            assertTrue(compiler.getTask(null, files, null, options, null, files.getJavaFileObjects(netSource.toFile())).call());
        }
        List<File> classPath = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            classPath.add(new File(entry));
        }
        classPath.add(library.toFile());
        JavaFileObject f = source("App", "@Inference(network = Net.class)", "public interface App extends FloatPredictor {", "}");
        Compilation c = javac().withProcessors(new NetworkProcessor()).withClasspath(classPath)
                .withOptions("--release", "8", "-Xlint:all,-options,-processing").compile(f);
        assertThat(c).succeededWithoutWarnings();
        FloatPredictor app = new CompiledClasses(c).newInstance("bad.AppModel", FloatPredictor.class);
        assertEquals(ARCHITECTURE, app.architecture());
        Inferences.load(app, good);
        float[] out = new float[2];
        app.predict(new float[] {1, 2, 3}, 0, out);
        assertEquals(1f, out[0] + out[1], 1e-6f);
    }
}
