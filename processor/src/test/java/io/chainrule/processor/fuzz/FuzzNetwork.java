package io.chainrule.processor.fuzz;

import io.chainrule.Activation;
import io.chainrule.CodeShape;
import io.chainrule.Loss;
import io.chainrule.Precision;
import io.chainrule.processor.spec.Limits;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One {@code @Network} annotation as the fuzzer writes it: the values, how each is spelled in the
 * source, and what the documentation says about them ({@link #problems()}: the documented errors
 * it has, none for a valid declaration).
 */
final class FuzzNetwork {
    /** One {@code @Layer} entry; {@code unitsText} etc. override how a value is spelled (null: a plain literal). */
    static final class Entry {
        int units;
        Activation activation;
        int skip;
        boolean projection;
        int repeat = 1;
        String unitsText;
        String activationText;
        String skipText;
        String repeatText;
        /** Extra members written into the {@code @Layer}, e.g. an element that does not exist. */
        String extra;

        Entry(int units, Activation activation) {
            this.units = units;
            this.activation = activation;
        }

        Entry copy() {
            Entry e = new Entry(units, activation);
            e.skip = skip;
            e.projection = projection;
            e.repeat = repeat;
            e.unitsText = unitsText;
            e.activationText = activationText;
            e.skipText = skipText;
            e.repeatText = repeatText;
            e.extra = extra;
            return e;
        }
    }

    /** One dense layer after {@code repeat} is expanded. */
    record Layer(int units, Activation activation, int skip, boolean projection) {
    }

    int inputs;
    List<Entry> entries = new ArrayList<>();
    Loss loss;
    Precision precision = Precision.FLOAT;
    CodeShape shape = CodeShape.AUTO;
    /** The {@code name} value; null: not written (the default). */
    String name;
    /** How {@code name} is written in the source (with escapes); null: {@code name} quoted as it is. */
    String nameLiteral;
    String inputsText;
    String lossText;
    /** Write {@code layers} without braces when there is one entry. */
    boolean bareSingleLayer;
    /** Write precision and shape even when they are the defaults, and skip/repeat/projection defaults too. */
    boolean explicitDefaults;
    /** Write the annotation's members in reverse order. */
    boolean reversed;
    /** Members omitted from the annotation (an error javac reports). */
    String omitted;
    /** Raw extra member of {@code @Network}, e.g. {@code foo = 1}. */
    String extra;
    /** The source has an error javac itself reports (an erroneous value), whatever the values say. */
    boolean erroneous;

    FuzzNetwork copy() {
        FuzzNetwork n = new FuzzNetwork();
        n.inputs = inputs;
        for (Entry e : entries) {
            n.entries.add(e.copy());
        }
        n.loss = loss;
        n.precision = precision;
        n.shape = shape;
        n.name = name;
        n.nameLiteral = nameLiteral;
        n.inputsText = inputsText;
        n.lossText = lossText;
        n.bareSingleLayer = bareSingleLayer;
        n.explicitDefaults = explicitDefaults;
        n.reversed = reversed;
        n.omitted = omitted;
        n.extra = extra;
        n.erroneous = erroneous;
        return n;
    }

    /** Declared layers, repeats counted (at least 1 per entry, as the reader counts them). */
    long declaredLayers() {
        long sum = 0;
        for (Entry e : entries) {
            sum += Math.max(e.repeat, 1);
        }
        return sum;
    }

    /** The layers with repeats expanded; only for declarations of at most {@link Limits#MAX_LAYERS} layers. */
    List<Layer> expanded() {
        List<Layer> layers = new ArrayList<>();
        for (Entry e : entries) {
            for (int r = 0; r < Math.max(e.repeat, 1); r++) {
                layers.add(new Layer(e.units, e.activation, e.skip, e.projection));
            }
        }
        return layers;
    }

    int width(List<Layer> layers, int l) {
        return l == 0 ? inputs : layers.get(l - 1).units();
    }

    int outputs() {
        return entries.get(entries.size() - 1).units;
    }

    /** Parameters of a declaration without errors in its sizes. */
    BigInteger parameters() {
        List<Layer> layers = expanded();
        BigInteger sum = BigInteger.ZERO;
        for (int l = 1; l <= layers.size(); l++) {
            Layer layer = layers.get(l - 1);
            BigInteger units = BigInteger.valueOf(layer.units());
            sum = sum.add(BigInteger.valueOf(width(layers, l - 1)).multiply(units)).add(units);
            if (layer.skip() > 0 && layer.projection()) {
                sum = sum.add(BigInteger.valueOf(width(layers, l - layer.skip())).multiply(units));
            }
        }
        return sum;
    }

    /**
     * The documented errors of this declaration (README, "The annotation API": sizes below 1, too
     * large, softmax or hinge on one output, a sigmoid output under sigmoid cross-entropy, bad
     * skips, ...); empty for a valid one. {@link #borderline()} says whether the limits leave the
     * outcome open.
     */
    List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (erroneous) {
            problems.add("erroneous annotation value");
        }
        if (inputs < 1) {
            problems.add("inputs < 1");
        }
        if (entries.isEmpty()) {
            problems.add("no layers");
            return problems;
        }
        for (Entry e : entries) {
            if (e.repeat < 1) {
                problems.add("repeat < 1");
            }
        }
        if (declaredLayers() > Limits.MAX_LAYERS) {
            problems.add("more than " + Limits.MAX_LAYERS + " layers");
            return problems;
        }
        List<Layer> layers = expanded();
        boolean sizesValid = inputs >= 1;
        for (int l = 1; l <= layers.size(); l++) {
            Layer layer = layers.get(l - 1);
            if (layer.units() < 1) {
                add(problems, "units < 1");
                sizesValid = false;
            }
            if (layer.skip() < 0) {
                add(problems, "skip < 0");
            } else if (layer.skip() > l) {
                add(problems, "skip before the input");
            } else if (layer.skip() > 0 && !layer.projection() && width(layers, l - layer.skip()) != layer.units()) {
                add(problems, "skip widths differ");
            }
            if (layer.projection() && layer.skip() == 0) {
                add(problems, "projection without skip");
            }
        }
        Layer output = layers.get(layers.size() - 1);
        if (output.units() == 1 && (loss == Loss.SOFTMAX_CROSS_ENTROPY || loss == Loss.MULTICLASS_HINGE)) {
            problems.add(loss + " on one output");
        }
        if (output.activation() == Activation.SIGMOID && loss == Loss.SIGMOID_CROSS_ENTROPY) {
            problems.add("sigmoid output under SIGMOID_CROSS_ENTROPY");
        }
        if (!sizesValid || !problems.isEmpty()) {
            return problems;
        }
        if (parameters().compareTo(BigInteger.valueOf(Limits.MAX_PARAMETERS)) > 0) {
            problems.add("more than " + Limits.MAX_PARAMETERS + " parameters");
        }
        if (shape == CodeShape.UNROLLED) {
            long network = 0;
            for (int l = 1; l <= layers.size(); l++) {
                long[] macs = unrolledMacs(layers, l);
                if (Math.max(macs[0], macs[1]) > Limits.MAX_UNROLLED_MACS) {
                    add(problems, "UNROLLED layer over " + Limits.MAX_UNROLLED_MACS + " multiply-adds");
                }
                network += macs[0];
            }
            if (network > Limits.MAX_UNROLLED_NETWORK_MACS) {
                problems.add("UNROLLED network over " + Limits.MAX_UNROLLED_NETWORK_MACS + " multiply-adds");
            }
        }
        return problems;
    }

    /**
     * True if the limits of {@code UNROLLED} leave the outcome open: a layer is within the limit
     * only when its projection is not counted, or the network only when no projection is.
     */
    boolean borderline() {
        if (shape != CodeShape.UNROLLED || !problems().isEmpty()) {
            return false;
        }
        List<Layer> layers = expanded();
        long network = 0;
        boolean open = false;
        for (int l = 1; l <= layers.size(); l++) {
            long[] macs = unrolledMacs(layers, l);
            open |= macs[0] + macs[1] > Limits.MAX_UNROLLED_MACS;
            network += macs[0] + macs[1];
        }
        return open || network > Limits.MAX_UNROLLED_NETWORK_MACS;
    }

    /** Multiply-adds of layer {@code l}: its weights and its projection. */
    private long[] unrolledMacs(List<Layer> layers, int l) {
        Layer layer = layers.get(l - 1);
        long main = (long) width(layers, l - 1) * layer.units();
        long projection = layer.skip() > 0 && layer.projection() ? (long) width(layers, l - layer.skip()) * layer.units() : 0;
        return new long[] {main, projection};
    }

    private static void add(List<String> problems, String problem) {
        if (!problems.contains(problem)) {
            problems.add(problem);
        }
    }

    /** A fingerprint of the network without its code shape and name: equal nets compute equal bits. */
    String mathematics() {
        StringBuilder s = new StringBuilder().append(inputs);
        for (Layer l : expanded()) {
            s.append('-').append(l.units()).append(':').append(l.activation()).append('+').append(l.skip())
                    .append(l.projection() ? "p" : "");
        }
        return s.append(' ').append(loss).append(' ').append(precision).toString();
    }

    /** The annotation, {@code qualified}: with fully qualified type names (for sources that shadow them). */
    String annotation(boolean qualified, String indent) {
        String p = qualified ? "io.chainrule." : "";
        List<String> members = new ArrayList<>();
        if (!"inputs".equals(omitted)) {
            members.add("inputs = " + (inputsText != null ? inputsText : Integer.toString(inputs)));
        }
        if (!"layers".equals(omitted)) {
            List<String> layerTexts = new ArrayList<>();
            for (Entry e : entries) {
                layerTexts.add(layer(e, p));
            }
            String joined = String.join(",\n" + indent + "        ", layerTexts);
            members.add(bareSingleLayer && entries.size() == 1 ? "layers = " + joined
                    : "layers = {" + (layerTexts.isEmpty() ? "" : "\n" + indent + "        " + joined + "\n" + indent + "    ") + "}");
        }
        if (!"loss".equals(omitted)) {
            members.add("loss = " + (lossText != null ? lossText : p + "Loss." + loss.name()));
        }
        if (explicitDefaults || precision != Precision.FLOAT) {
            members.add("precision = " + p + "Precision." + precision.name());
        }
        if (explicitDefaults || shape != CodeShape.AUTO) {
            members.add("shape = " + p + "CodeShape." + shape.name());
        }
        if (name != null) {
            members.add("name = " + (nameLiteral != null ? nameLiteral : quote(name)));
        } else if (explicitDefaults) {
            members.add("name = \"\"");
        }
        if (extra != null) {
            members.add(extra);
        }
        if (reversed) {
            java.util.Collections.reverse(members);
        }
        return indent + "@" + p + "Network(\n" + indent + "    " + String.join(",\n" + indent + "    ", members) + ")";
    }

    private String layer(Entry e, String p) {
        List<String> members = new ArrayList<>();
        members.add("units = " + (e.unitsText != null ? e.unitsText : Integer.toString(e.units)));
        members.add("activation = " + (e.activationText != null ? e.activationText : p + "Activation." + e.activation.name()));
        if (e.skip != 0 || e.skipText != null || explicitDefaults) {
            members.add("skip = " + (e.skipText != null ? e.skipText : Integer.toString(e.skip)));
        }
        if (e.projection || explicitDefaults) {
            members.add("projection = " + e.projection);
        }
        if (e.repeat != 1 || e.repeatText != null || explicitDefaults) {
            members.add("repeat = " + (e.repeatText != null ? e.repeatText : Integer.toString(e.repeat)));
        }
        if (e.extra != null) {
            members.add(e.extra);
        }
        if (reversed) {
            java.util.Collections.reverse(members);
        }
        return "@" + p + "Layer(" + String.join(", ", members) + ")";
    }

    /** A Java string literal for {@code s}, with unicode escapes for anything outside printable ASCII. */
    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20 || c >= 0x7f) {
                b.append(String.format(Locale.ROOT, "\\u%04X", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }

    /** A short summary, for reports. */
    String summary() {
        StringBuilder s = new StringBuilder().append(inputs);
        for (Entry e : entries) {
            s.append(" {").append(e.units).append(' ').append(e.activation);
            if (e.skip != 0) {
                s.append(" skip=").append(e.skip);
            }
            if (e.projection) {
                s.append(" proj");
            }
            if (e.repeat != 1) {
                s.append(" x").append(e.repeat);
            }
            s.append('}');
        }
        return s.append(' ').append(loss).append(' ').append(precision).append(' ').append(shape).toString();
    }
}
