package io.chainrule.samples.cli;

import io.chainrule.FloatModel;
import io.chainrule.data.FeatureScaler;
import io.chainrule.data.Scaler;
import io.chainrule.io.ModelFile;
import io.chainrule.io.ModelMetadata;
import io.chainrule.io.Npz;
import io.chainrule.io.Safetensors;
import io.chainrule.onnx.OnnxExport;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Converts a sample network's parameters between Chainrule's model file (.chrl), safetensors and
 * NumPy .npz (PyTorch's tensor names and shapes), and exports it to ONNX. The network is named with
 * {@code --model} or found from the input's architecture (a .chrl file's header, a safetensors
 * file's metadata; an .npz holds none). The scaler and the class names travel in .chrl (scaler),
 * safetensors and ONNX metadata; .npz holds tensors only.
 */
@DesktopOnly
@Command(name = "convert", description = {
    "Convert a sample network between .chrl, .safetensors and .npz, or export it to .onnx.",
    "Tensor names and shapes are PyTorch's (README: Working with PyTorch)."})
final class ConvertCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-m", "--model"}, paramLabel = "NAME", converter = SampleModel.Names.class,
            completionCandidates = SampleModel.Names.class,
            description = "The network: ${COMPLETION-CANDIDATES} (default: found from the input's architecture;"
                    + " needed for .npz).")
    SampleModel model;

    @Parameters(index = "0", paramLabel = "INPUT", description = "A .chrl, .safetensors or .npz file.")
    File input;

    @Parameters(index = "1", paramLabel = "OUTPUT", description = "A .chrl, .safetensors, .npz or .onnx file (written atomically).")
    File output;

    private enum Format {
        CHRL(".chrl"), SAFETENSORS(".safetensors"), NPZ(".npz"), ONNX(".onnx");

        final String extension;

        Format(String extension) {
            this.extension = extension;
        }
    }

    @Override
    public Integer call() throws IOException {
        Format from = format(input, "INPUT");
        Format to = format(output, "OUTPUT");
        if (from == Format.ONNX) {
            throw new ParameterException(spec.commandLine(), "ONNX is export only: INPUT must be a .chrl, .safetensors"
                    + " or .npz file");
        }
        SampleModel sample = model != null ? model : detect(from);
        FloatModel m = sample.newModel();
        Scaler scaler = Scaler.NONE;
        List<String> classes = new ArrayList<>();
        for (int c = 0; c < m.classCount(); c++) {
            classes.add(sample.className(c));
        }
        switch (from) {
            case CHRL:
                scaler = ModelFile.load(m, input);
                break;
            case SAFETENSORS: {
                Map<String, String> metadata = Safetensors.load(m, input);
                scaler = ModelMetadata.scaler(metadata, m.inputSize(), input.getPath());
                List<String> named = ModelMetadata.classNames(metadata, input.getPath());
                if (!named.isEmpty()) {
                    classes = named;
                }
                break;
            }
            default:
                Npz.load(m, input);
                break;
        }
        try {
            switch (to) {
                case CHRL:
                    ModelFile.save(m, scaler, output);
                    break;
                case SAFETENSORS:
                    Safetensors.save(m, ModelMetadata.of(scaler, classes), output);
                    break;
                case NPZ:
                    Npz.save(m, output);
                    break;
                default:
                    OnnxExport.save(m, ModelMetadata.of(scaler, classes), output);
                    break;
            }
        } catch (IllegalArgumentException e) {
            throw new IOException(output + ": " + e.getMessage(), e);
        }
        spec.commandLine().getOut().println("wrote " + output + ": " + sample + " (" + m.architecture() + ", "
                + m.parameterCount() + " parameters) from " + input + describe(scaler, to));
        spec.commandLine().getOut().flush();
        return 0;
    }

    private static String describe(Scaler scaler, Format to) {
        if (!(scaler instanceof FeatureScaler)) {
            return "; no input scaler";
        }
        String kind = ((FeatureScaler) scaler).kind() == FeatureScaler.Kind.STANDARD ? "standardisation" : "min-max";
        switch (to) {
            case NPZ:
                return "; note: an .npz holds no scaler, so the " + kind + " scaler of the input is not in it";
            case ONNX:
                return "; the " + kind + " scaler is in the metadata (chainrule.scaler.*), not in the graph:"
                        + " scale the inputs before running it";
            default:
                return "; with its " + kind + " scaler";
        }
    }

    private Format format(File file, String label) {
        String name = file.getName().toLowerCase(Locale.ROOT);
        for (Format f : Format.values()) {
            if (name.endsWith(f.extension)) {
                return f;
            }
        }
        throw new ParameterException(spec.commandLine(), label + " '" + file + "' must end in .chrl, .safetensors, .npz"
                + (label.equals("OUTPUT") ? " or .onnx" : ""));
    }

    /** The sample whose architecture the input holds (its precision word aside). */
    private SampleModel detect(Format from) throws IOException {
        String architecture;
        if (from == Format.CHRL) {
            architecture = ModelFile.readArchitecture(input);
        } else if (from == Format.SAFETENSORS) {
            architecture = Safetensors.readMetadata(input).get(Safetensors.ARCHITECTURE_KEY);
            if (architecture == null) {
                throw new IOException(input + ": no " + Safetensors.ARCHITECTURE_KEY + " in the metadata; name the"
                        + " network with --model");
            }
        } else {
            throw new IOException(input + ": an .npz holds no architecture; name the network with --model");
        }
        String withoutPrecision = architecture.replaceFirst(" \\w+$", "");
        for (SampleModel candidate : SampleModel.values()) {
            if (candidate.newModel().architecture().replaceFirst(" \\w+$", "").equals(withoutPrecision)) {
                return candidate;
            }
        }
        throw new IOException(input + ": holds a network '" + architecture + "' that is none of the samples;"
                + " name one with --model");
    }
}
