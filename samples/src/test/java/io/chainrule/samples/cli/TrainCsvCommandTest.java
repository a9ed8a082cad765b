package io.chainrule.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chainrule.FloatModel;
import io.chainrule.data.Dataset;
import io.chainrule.data.Schema;
import io.chainrule.io.ModelFile;
import io.chainrule.train.Evaluator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code train} command end to end, in-process: a real CSV read as people have it, the network
 * generated and compiled by Chainrule's processor through javax.tools, trained with the defaults,
 * saved with its schema, its declaration written out (and compiling again), and {@code predict}
 * on raw rows printing class names.
 */
class TrainCsvCommandTest {
    @TempDir
    static Path dir;

    private static CliRun wine;

    /** A shipped data file, copied into the test directory. */
    static Path shipped(String name) throws IOException {
        Path target = dir.resolve(name);
        try (InputStream in = TrainCsvCommandTest.class.getClassLoader().getResourceAsStream("data/" + name)) {
            Files.write(target, in.readAllBytes());
        }
        return target;
    }

    @BeforeAll
    static void trainWine() throws IOException {
        wine = CliRun.of("train", shipped("wine.csv").toString(), "--label", "cultivar", "--out", dir.toString());
    }

    @Test
    void trainsTheWinesWithTheDefaults() throws IOException {
        assertEquals(0, wine.exitCode(), wine::toString);
        assertTrue(wine.out().startsWith("wine.csv: 13-100:relu-3:identity softmax_cross_entropy float, 1703 parameters;"
                + " 106 train / 35 dev / 37 test examples\n"), wine::toString);
        assertTrue(wine.out().contains("; classes: 1, 2, 3\n"), wine::toString);
        assertTrue(wine.out().contains("adam, learning rate 0.001, batch size 32, seed 42, early stopping with patience 10"),
                wine::toString);
        assertTrue(wine.number("test accuracy") >= 0.9, wine::toString);
        assertTrue(wine.err().isEmpty(), wine::toString);
        for (String file : new String[] {"wine.chrl", "Wine.java", "WineModel.java", "WineModel.html", "wine-training.png"}) {
            assertTrue(Files.isRegularFile(dir.resolve(file)), file);
        }
        assertTrue(Files.readString(dir.resolve("WineModel.html")).contains("WineModel: the derivation"));
        // the in-process compilation writes nothing where the command runs
        assertFalse(Files.exists(Path.of("WineModel.html")), "a page in the working directory");
        String declaration = Files.readString(dir.resolve("Wine.java"));
        assertTrue(declaration.contains("@Network(\n        inputs = 13,\n        layers = {\n"
                + "            @Layer(units = 100, activation = Activation.RELU),\n"
                + "            @Layer(units = 3, activation = Activation.IDENTITY)\n"
                + "        },\n        loss = Loss.SOFTMAX_CROSS_ENTROPY)\npublic interface Wine extends FloatModel {"),
                declaration);
        assertTrue(Files.readString(dir.resolve("WineModel.java")).contains("public final class WineModel implements Wine"));
        // The declaration as written compiles again, and the model file loads into it.
        FloatModel model = NetworkCompiler.compile("", "Wine", declaration).newModel();
        ModelFile.Contents contents = ModelFile.loadContents(model, dir.resolve("wine.chrl").toFile());
        assertEquals(List.of("1", "2", "3"), contents.schema().classNames());
        assertEquals("cultivar", contents.schema().labelColumn());
    }

    @Test
    void predictReadsRawRowsAndPrintsClassNames() throws IOException {
        // The first rows of each cultivar, columns in another order and the cultivar left out.
        List<String> lines = Files.readAllLines(dir.resolve("wine.csv"));
        List<String> header = Arrays.asList(lines.get(0).split(","));
        List<String> rows = new ArrayList<>();
        List<String> reordered = new ArrayList<>(header.subList(1, header.size()));
        java.util.Collections.reverse(reordered);
        rows.add(String.join(",", reordered));
        for (int i : new int[] {1, 2, 60, 61, 131, 132}) {
            List<String> fields = new ArrayList<>(Arrays.asList(lines.get(i).split(",")).subList(1, header.size()));
            java.util.Collections.reverse(fields);
            rows.add(String.join(",", fields));
        }
        Path input = dir.resolve("new-wines.csv");
        Files.write(input, rows, StandardCharsets.UTF_8);
        CliRun run = CliRun.of("predict", dir.resolve("wine.chrl").toString(), input.toString());
        assertEquals(0, run.exitCode(), run::toString);
        String[] predicted = run.out().split("\\R");
        assertEquals(6, predicted.length, run::toString);

        // The same as the model loaded by hand, on the rows read with the saved schema.
        FloatModel model = NetworkCompiler.compile("", "Wine", Files.readString(dir.resolve("Wine.java"))).newModel();
        ModelFile.Contents contents = ModelFile.loadContents(model, dir.resolve("wine.chrl").toFile());
        Dataset data = contents.scaler().transform(contents.schema().reader().read(input.toFile()));
        float[] outputs = new float[3];
        for (int i = 0; i < 6; i++) {
            model.predict(data.floatFeatures(), i * 13, outputs);
            assertEquals(contents.className(Evaluator.predictedClass(model.loss(), outputs, 3)), predicted[i]);
        }
        assertEquals(List.of("1", "1", "2", "2", "3", "3"), Arrays.asList(predicted), "these rows are easy");
        CliRun withProbabilities = CliRun.of("predict", "-P", dir.resolve("wine.chrl").toString(), input.toString());
        assertEquals(4, withProbabilities.out().split("\\R")[0].split(" ").length, withProbabilities::toString);
    }

    /** The real iris with species names, a quoted id column and a few blanks, as a spreadsheet exports it. */
    private static Path irisAsExported() throws IOException {
        String[] species = {"setosa", "versicolor", "virginica"};
        List<String> lines = Files.readAllLines(shipped("iris.csv"));
        List<String> out = new ArrayList<>();
        out.add("\"flower id\",sepal_length_cm,sepal_width_cm,petal_length_cm,petal_width_cm,species");
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).split(",");
            if (i % 37 == 0) {
                f[2] = "";
            }
            out.add("\"Flower " + i + ", Kew\"," + f[1] + "," + f[2] + "," + f[3] + "," + f[4] + ","
                    + species[Integer.parseInt(f[0])]);
        }
        Path file = dir.resolve("flowers.csv");
        Files.write(file, out, StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void regressionWithACategoricalColumnQuotedFieldsAndFilledBlanks() throws IOException {
        Path flowers = irisAsExported();
        Path out = dir.resolve("regression");
        CliRun missing = CliRun.of("train", flowers.toString(), "--target", "petal_width_cm", "--ignore", "flower id",
                "--categorical", "species", "--out", out.toString());
        assertEquals(1, missing.exitCode(), missing::toString);
        assertEquals("error: " + flowers + ", line 38, column 3: empty value where a number is expected; fill it in, or"
                + " read with imputeMissing() (the column's mean or most frequent category) [column 'sepal_width_cm']",
                missing.err().trim());

        CliRun run = CliRun.of("train", flowers.toString(), "--target", "petal_width_cm", "--ignore", "flower id",
                "--categorical", "species", "--impute", "--layers", "16:tanh", "--name", "PetalWidth",
                "--package", "com.example.flowers", "--out", out.toString());
        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().startsWith("flowers.csv: 6-16:tanh-1:identity mean_squared_error float"), run::toString);
        assertTrue(run.out().contains("inputs: sepal_length_cm, sepal_width_cm, petal_length_cm, species=setosa,"
                + " species=versicolor, species=virginica; targets: petal_width_cm\n"), run::toString);
        assertTrue(run.out().contains("filled 4 missing values of 'sepal_width_cm' with 3.0"), run::toString);
        assertTrue(run.number("test: mse") < 0.06, run::toString);
        String declaration = Files.readString(out.resolve("PetalWidth.java"));
        assertTrue(declaration.startsWith("package com.example.flowers;\n"), declaration);
        Schema schema = ModelFile.loadContents(NetworkCompiler.compile("com.example.flowers", "PetalWidth", declaration)
                .newModel(), out.resolve("petal-width.chrl").toFile()).schema();
        assertEquals(4, schema.column("sepal_width_cm").filled());

        // predict: one value per row, the id ignored, the blank filled as in training
        Path rows = dir.resolve("three.csv");
        Files.writeString(rows, "species,\"flower id\",petal_length_cm,sepal_width_cm,sepal_length_cm\n"
                + "setosa,a,1.4,3.5,5.1\nvirginica,\"b, c\",6.0,,6.3\n");
        CliRun predicted = CliRun.of("predict", out.resolve("petal-width.chrl").toString(), rows.toString());
        assertEquals(0, predicted.exitCode(), predicted::toString);
        String[] values = predicted.out().split("\\R");
        assertEquals(2, values.length, predicted::toString);
        assertTrue(Double.parseDouble(values[0]) < 0.6 && Double.parseDouble(values[1]) > 1.6, predicted::toString);
        Files.writeString(rows, "species,petal_length_cm,sepal_width_cm,sepal_length_cm\nrose,1.4,3.5,5.1\n");
        CliRun unknown = CliRun.of("predict", out.resolve("petal-width.chrl").toString(), rows.toString());
        assertEquals("error: " + rows + ", line 2, column 1: unknown category 'rose'; the model knows [setosa, versicolor,"
                + " virginica] [column 'species']", unknown.err().trim());
    }

    @Test
    void mistakesAreOneLine() throws IOException {
        String file = dir.resolve("wine.csv").toString();
        assertOneLine(CliRun.of("train", file), 1, "the header has no column named 'label'; its columns are [cultivar,");
        assertOneLine(CliRun.of("train", file, "--label", "cultivar", "--layers", "100relu"), 2,
                "--layers '100relu': '100relu' is not UNITS:ACTIVATION, for example 100:relu");
        assertOneLine(CliRun.of("train", file, "--label", "cultivar", "--layers", "10:swish"), 2,
                "unknown activation 'swish'; one of identity, sigmoid, tanh, relu, leaky_relu, softplus");
        assertOneLine(CliRun.of("train", file, "--label", "cultivar", "--loss", "mean_squared_error"), 2,
                "--loss mean_squared_error needs --target columns (values)");
        assertOneLine(CliRun.of("train", file, "--label", "cultivar", "--target", "alcohol"), 2,
                "give either --label (classification) or --target (regression)");
        assertOneLine(CliRun.of("train", file, "--label", "cultivar", "--split", "0.9,0.3"), 2, "--split '0.9,0.3'");
        assertOneLine(CliRun.of("train", file, "--label", "cultivar", "--name", "9lives"), 2,
                "--name '9lives' is not a Java type name");
        assertOneLine(CliRun.of("train", file, "--label", "cultivar", "--categorical", "colour"), 1,
                "the header has no column named 'colour'");
    }

    private static void assertOneLine(CliRun run, int exitCode, String expected) {
        assertEquals(exitCode, run.exitCode(), run::toString);
        String[] lines = run.err().split("\\R");
        assertEquals(1, lines.length, run::toString);
        assertTrue(lines[0].startsWith("error: ") && lines[0].contains(expected), run::toString);
        assertFalse(run.err().contains("Exception"), run::toString);
    }
}
