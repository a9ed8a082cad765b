package io.chainrule.samples.cli;

import io.chainrule.FloatModel;
import io.chainrule.data.Dataset;
import io.chainrule.data.MalformedDataException;
import io.chainrule.data.Scaler;
import io.chainrule.data.Schema;
import io.chainrule.io.ModelFile;
import io.chainrule.train.Evaluator;
import java.io.BufferedReader;
import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import java.util.function.IntFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Loads a saved model and predicts the rows of a CSV file: one line per row with the predicted
 * class (the value, for regression), optionally followed by the outputs. The saved scaler is
 * applied to each row first. A model of the {@code train} command is compiled from the network in
 * its file (which needs a JDK) and reads the rows raw, with the saved schema: columns found by
 * their header names, categories encoded and missing values filled as in training, the classes
 * printed by name. For the sample networks: The CSV may start with a header; a column named {@code label} is
 * ignored, so the training files themselves can be fed in. Rows are predicted as they are read:
 * a malformed row stops the command after the rows before it were printed. A file without rows,
 * a value that the scaler makes infinite, or outputs that are not finite, are errors too.
 */
@DesktopOnly
@Command(name = "predict", description = "Predict the rows of a CSV file with a saved model.")
final class PredictCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-m", "--model"}, paramLabel = "NAME", converter = SampleModel.Names.class,
            completionCandidates = SampleModel.Names.class,
            description = "The sample the file was trained by: ${COMPLETION-CANDIDATES} (default: found from the file).")
    SampleModel model;

    @Option(names = {"-P", "--probabilities"},
            description = "Also print the outputs: class probabilities (softmax, sigmoid) or scores (hinge).")
    boolean probabilities;

    @Parameters(index = "0", paramLabel = "MODEL_FILE", description = "A model file written by a training command (.chrl).")
    File modelFile;

    @Parameters(index = "1", paramLabel = "CSV_FILE", description = "Rows of features, comma-separated.")
    File csv;

    @Override
    public Integer call() throws IOException {
        SampleModel sample = model != null ? model : detect();
        if (sample == null) {
            return predictTrained();
        }
        FloatModel m = sample.newModel();
        Scaler scaler = ModelFile.load(m, modelFile);
        return predictRows(m, scaler, sample::className);
    }

    /**
     * Predicts with a model of the {@code train} command: its network compiled from the file's
     * architecture, the rows read raw with the saved schema (columns by name, categories, fills)
     * and scaled with the saved scaler, the classes printed by name.
     */
    private int predictTrained() throws IOException {
        String architecture = ModelFile.readArchitecture(modelFile);
        NetworkDeclaration network = NetworkDeclaration.fromArchitecture(architecture);
        if (network == null) {
            throw new IOException(modelFile + ": holds a network '" + architecture + "' that is none of the samples"
                    + " and not a plain float network of the train command; name a sample with --model");
        }
        FloatModel m = NetworkCompiler.compile("", "Predicted", network.source("", "Predicted",
                java.util.Collections.<String>emptyList())).newModel();
        ModelFile.Contents contents = ModelFile.loadContents(m, modelFile);
        Schema schema = contents.schema();
        if (schema == null) {
            return predictRows(m, contents.scaler(), Integer::toString);
        }
        Dataset raw = schema.reader().read(csv);
        Dataset rows = contents.scaler().transform(raw);
        PrintWriter out = spec.commandLine().getOut();
        float[] outputs = new float[m.outputSize()];
        float[] x = rows.floatFeatures();
        int n = rows.featureCount();
        try {
            for (int i = 0; i < rows.size(); i++) {
                for (int j = 0; j < n; j++) {
                    if (Float.isNaN(x[i * n + j]) || Float.isInfinite(x[i * n + j])) {
                        throw new MalformedDataException(csv.getPath(), "row " + (i + 1) + ": " + schema.featureNames().get(j)
                                + " " + raw.feature(i, j) + " is " + x[i * n + j] + " after scaling with the model's"
                                + " scaler; the model cannot predict it");
                    }
                }
                m.predict(x, i * n, outputs);
                checkOutputs(outputs, 0);
                out.println(line(m, outputs, schema::className));
            }
        } finally {
            out.flush();
        }
        return 0;
    }

    /** One output line: the class (or the values) and, with {@code -P}, the outputs. */
    private String line(FloatModel m, float[] outputs, IntFunction<String> names) {
        StringBuilder s = new StringBuilder();
        if (m.loss().takesClassIndex()) {
            s.append(names.apply(Evaluator.predictedClass(m.loss(), outputs, outputs.length)));
        } else {
            for (int k = 0; k < outputs.length; k++) {
                s.append(k == 0 ? "" : " ").append(String.format("%.4f", outputs[k]));
            }
        }
        if (probabilities && m.loss().takesClassIndex()) {
            for (float o : outputs) {
                s.append(String.format(" %.4f", o));
            }
        }
        return s.toString();
    }

    /** Predicts the rows of the CSV as they are read: numbers only, a column named {@code label} skipped. */
    private int predictRows(FloatModel m, Scaler scaler, IntFunction<String> names) throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        float[] row = new float[m.inputSize()];
        float[] raw = new float[m.inputSize()];
        float[] outputs = new float[m.outputSize()];
        boolean classify = m.loss().takesClassIndex();
        BufferedReader in = new BufferedReader(new InputStreamReader(new FileInputStream(csv), StandardCharsets.UTF_8));
        try {
            int skip = -1;
            int lineNumber = 0;
            int rows = 0;
            boolean header = false;
            String line;
            while ((line = in.readLine()) != null) {
                lineNumber++;
                if (line.trim().isEmpty()) {
                    continue;
                }
                String[] fields = line.split(",", -1);
                if (lineNumber == 1 && !startsWithNumber(fields[0])) {
                    skip = indexOf(fields, "label");
                    header = true;
                    continue;
                }
                parse(fields, skip, row, lineNumber);
                System.arraycopy(row, 0, raw, 0, row.length);
                scaler.transformRow(row, 0);
                checkScaled(raw, row, skip, lineNumber);
                m.predict(row, 0, outputs);
                checkOutputs(outputs, lineNumber);
                rows++;
                StringBuilder s = new StringBuilder(classify
                        ? names.apply(Evaluator.predictedClass(m.loss(), outputs, outputs.length))
                        : String.format("%.4f", outputs[0]));
                if (probabilities) {
                    for (float o : outputs) {
                        s.append(String.format(" %.4f", o));
                    }
                }
                out.println(s);
            }
            if (rows == 0) {
                throw new MalformedDataException(csv.getPath(), lineNumber + 1, 0,
                        header ? "no data rows after the header" : "no data rows: the input is empty");
            }
        } finally {
            in.close();
            out.flush();
        }
        return 0;
    }

    /** Throws unless every feature of {@code row} (read as {@code raw}) is finite after scaling. */
    private void checkScaled(float[] raw, float[] row, int skip, int lineNumber) throws MalformedDataException {
        for (int j = 0; j < row.length; j++) {
            if (Float.isNaN(row[j]) || Float.isInfinite(row[j])) {
                throw new MalformedDataException(csv.getPath(), lineNumber, (skip >= 0 && j >= skip ? j + 1 : j) + 1,
                        "value " + raw[j] + " is " + row[j] + " after scaling with the model's scaler; the model cannot"
                                + " predict it");
            }
        }
    }

    /** Throws unless every output is finite (they are not when a forward pass overflows). */
    private void checkOutputs(float[] outputs, int lineNumber) throws MalformedDataException {
        for (float o : outputs) {
            if (Float.isNaN(o) || Float.isInfinite(o)) {
                throw new MalformedDataException(csv.getPath(), lineNumber, 0, "the model's outputs for this row are not"
                        + " finite (" + o + "): its values are too large for the network");
            }
        }
    }

    /** The sample whose architecture the model file holds, or null for none. */
    private SampleModel detect() throws IOException {
        String architecture = ModelFile.readArchitecture(modelFile);
        for (SampleModel candidate : SampleModel.values()) {
            if (candidate.newModel().architecture().equals(architecture)) {
                return candidate;
            }
        }
        return null;
    }

    /** Reads the features of one row into {@code row}, leaving out column {@code skip}. */
    private void parse(String[] fields, int skip, float[] row, int lineNumber) throws MalformedDataException {
        int expected = row.length + (skip >= 0 ? 1 : 0);
        if (fields.length != expected) {
            throw new MalformedDataException(csv.getPath(), lineNumber, 0, fields.length + " columns, expected "
                    + expected + " (" + row.length + " features" + (skip >= 0 ? " and the label" : "") + ")");
        }
        int j = 0;
        for (int c = 0; c < fields.length; c++) {
            if (c == skip) {
                continue;
            }
            String text = fields[c].trim();
            try {
                row[j] = Float.parseFloat(text);
            } catch (NumberFormatException e) {
                throw new MalformedDataException(csv.getPath(), lineNumber, c + 1, "value '" + text + "' is not a number");
            }
            if (Float.isNaN(row[j]) || Float.isInfinite(row[j])) {
                throw new MalformedDataException(csv.getPath(), lineNumber, c + 1, "value '" + text + "' is not finite");
            }
            j++;
        }
    }

    private static boolean startsWithNumber(String field) {
        String t = field.trim();
        return !t.isEmpty() && (Character.isDigit(t.charAt(0)) || "+-.".indexOf(t.charAt(0)) >= 0);
    }

    private static int indexOf(String[] fields, String name) {
        for (int c = 0; c < fields.length; c++) {
            if (fields[c].trim().equals(name)) {
                return c;
            }
        }
        return -1;
    }
}
