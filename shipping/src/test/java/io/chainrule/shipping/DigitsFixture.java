package io.chainrule.shipping;

import io.chainrule.samples.cli.Main;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/**
 * What the tiny apps run on, made once per test JVM under {@code target/shipping/digits}: a digits
 * model trained by the samples' command-line app with its defaults (as the README's main job
 * does), the 1797 shipped digit images as the app's input, and the unshrunk app's predictions.
 */
final class DigitsFixture {
    static final Path DIR = Paths.get("target", "shipping", "digits").toAbsolutePath();
    private static boolean made;

    private DigitsFixture() {
    }

    /** The trained model file, {@code digits.chrl}. */
    static synchronized Path modelFile() {
        make();
        return DIR.resolve("digits.chrl");
    }

    /** The 1797 images, raw pixels 0..16, in {@link DigitsApp}'s input format. */
    static synchronized Path images() {
        make();
        return DIR.resolve("images.bin");
    }

    /** The first 512 images scaled to 0..1 with their labels, in {@link ThreadedTrainingApp}'s format. */
    static synchronized Path trainingData() {
        make();
        return DIR.resolve("training.bin");
    }

    /** The unshrunk {@link DigitsApp}'s output for {@link #images()} with {@link #modelFile()}, run in this JVM. */
    static synchronized Path expectedPredictions() {
        make();
        return DIR.resolve("expected-predictions.bin");
    }

    /**
     * The unshrunk {@link DigitsApp}'s output for {@link #images()} with another digits model file
     * (such as the one compiled into an inference class), run in this JVM, in {@code NAME.bin}.
     */
    static synchronized Path predictions(Path modelFile, String name) throws IOException {
        make();
        Path out = DIR.resolve(name + ".bin");
        DigitsApp.main(new String[] {modelFile.toString(), DIR.resolve("images.bin").toString(), out.toString()});
        return out;
    }

    private static void make() {
        if (made) {
            return;
        }
        try {
            Files.createDirectories(DIR);
            StringWriter out = new StringWriter();
            CommandLine app = Main.commandLine();
            app.setOut(new PrintWriter(out, true));
            app.setErr(new PrintWriter(out, true));
            int exit = app.execute("digits", "--out", DIR.toString(), "--no-progress");
            if (exit != 0) {
                throw new AssertionError("training the digits model failed:\n" + out);
            }
            List<float[]> rows = digits();
            try (DataOutputStream images = data(DIR.resolve("images.bin"));
                    DataOutputStream training = data(DIR.resolve("training.bin"))) {
                images.writeInt(rows.size());
                training.writeInt(512);
                for (int r = 0; r < rows.size(); r++) {
                    float[] row = rows.get(r);
                    for (int i = 1; i < row.length; i++) {
                        images.writeFloat(row[i]);
                        if (r < 512) {
                            training.writeFloat(row[i] / 16);
                        }
                    }
                    if (r < 512) {
                        training.writeInt((int) row[0]);
                    }
                }
            }
            DigitsApp.main(new String[] {DIR.resolve("digits.chrl").toString(), DIR.resolve("images.bin").toString(),
                DIR.resolve("expected-predictions.bin").toString()});
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        made = true;
    }

    /** The rows of the shipped {@code data/digits.csv}: the label, then 64 pixels. */
    private static List<float[]> digits() throws IOException {
        List<float[]> rows = new ArrayList<>();
        try (InputStream in = Main.class.getClassLoader().getResourceAsStream("data/digits.csv")) {
            if (in == null) {
                throw new IOException("data/digits.csv is not on the class path");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            reader.readLine(); // header
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String[] fields = line.split(",");
                float[] row = new float[fields.length];
                for (int i = 0; i < fields.length; i++) {
                    row[i] = Float.parseFloat(fields[i]);
                }
                rows.add(row);
            }
        }
        return rows;
    }

    private static DataOutputStream data(Path file) throws IOException {
        OutputStream out = Files.newOutputStream(file);
        return new DataOutputStream(new BufferedOutputStream(out));
    }
}
