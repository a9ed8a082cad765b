package io.chainrule.samples.cli;

import io.chainrule.Activation;
import io.chainrule.Loss;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * A plain feed-forward network as the {@code train} command takes it from the command line
 * ({@code --layers 100:relu,32:tanh}, the loss, the data's input and output sizes), and the
 * {@code @Network} declaration of it that Chainrule's processor compiles. Also read back from a
 * model file's architecture string ({@code 13-100:relu-3:identity softmax_cross_entropy float}),
 * so that {@code predict} can compile the network a model file holds.
 */
@DesktopOnly
final class NetworkDeclaration {
    /** One dense layer. */
    @DesktopOnly
    static final class Layer {
        final int units;
        final Activation activation;

        Layer(int units, Activation activation) {
            this.units = units;
            this.activation = activation;
        }
    }

    final int inputs;
    final List<Layer> layers;
    final Loss loss;

    NetworkDeclaration(int inputs, List<Layer> layers, Loss loss) {
        this.inputs = inputs;
        this.layers = Collections.unmodifiableList(new ArrayList<>(layers));
        this.loss = loss;
    }

    /**
     * The hidden layers of {@code --layers} ({@code 100:relu,32:tanh}; {@code none} for no hidden
     * layer), followed by an identity output layer of {@code outputs} units.
     *
     * @throws IllegalArgumentException with a message for the user, if the text is malformed
     */
    static List<Layer> parseLayers(String text, int outputs) {
        List<Layer> layers = new ArrayList<>();
        if (!text.trim().equalsIgnoreCase("none")) {
            for (String part : text.split(",", -1)) {
                layers.add(parseLayer(part.trim(), text));
            }
        }
        layers.add(new Layer(outputs, Activation.IDENTITY));
        return layers;
    }

    private static Layer parseLayer(String part, String whole) {
        String[] unitsAndActivation = part.split(":", -1);
        if (unitsAndActivation.length != 2) {
            throw new IllegalArgumentException("--layers '" + whole + "': '" + part + "' is not UNITS:ACTIVATION,"
                    + " for example 100:relu");
        }
        int units;
        try {
            units = Integer.parseInt(unitsAndActivation[0].trim());
        } catch (NumberFormatException e) {
            units = 0;
        }
        if (units < 1) {
            throw new IllegalArgumentException("--layers '" + whole + "': '" + unitsAndActivation[0]
                    + "' is not a number of units (1 or more)");
        }
        return new Layer(units, activation(unitsAndActivation[1].trim(), "--layers '" + whole + "'"));
    }

    static Activation activation(String label, String where) {
        for (Activation a : Activation.values()) {
            if (a.label().equalsIgnoreCase(label) || a.name().equalsIgnoreCase(label)) {
                return a;
            }
        }
        throw new IllegalArgumentException(where + ": unknown activation '" + label + "'; one of "
                + labels(Activation.values()));
    }

    static Loss loss(String label) {
        for (Loss l : Loss.values()) {
            if (l.label().equalsIgnoreCase(label) || l.name().equalsIgnoreCase(label)) {
                return l;
            }
        }
        throw new IllegalArgumentException("unknown loss '" + label + "'; one of " + labels(Loss.values()));
    }

    private static String labels(Enum<?>[] values) {
        List<String> names = new ArrayList<>();
        for (Enum<?> v : values) {
            names.add(v instanceof Activation ? ((Activation) v).label() : ((Loss) v).label());
        }
        return String.join(", ", names);
    }

    /**
     * The network of an architecture string such as {@code 13-100:relu-3:identity softmax_cross_entropy float},
     * or null if it is not a plain float network (residual layers, double precision).
     */
    static NetworkDeclaration fromArchitecture(String architecture) {
        String[] parts = architecture.split(" ");
        if (parts.length != 3 || !parts[2].equals("float")) {
            return null;
        }
        try {
            String[] layerTexts = parts[0].split("-");
            int inputs = Integer.parseInt(layerTexts[0]);
            List<Layer> layers = new ArrayList<>();
            for (int i = 1; i < layerTexts.length; i++) {
                String text = layerTexts[i];
                int repeat = 1;
                int star = text.indexOf('*');
                if (star >= 0) {
                    repeat = Integer.parseInt(text.substring(star + 1));
                    text = text.substring(0, star);
                }
                String[] ua = text.split(":");
                if (ua.length != 2 || repeat < 1 || repeat > 1200) {
                    return null;
                }
                Layer layer = new Layer(Integer.parseInt(ua[0]), activation(ua[1], architecture));
                for (int r = 0; r < repeat; r++) {
                    layers.add(layer);
                }
            }
            if (inputs < 1 || layers.isEmpty()) {
                return null;
            }
            return new NetworkDeclaration(inputs, layers, loss(parts[1]));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The outputs: units of the last layer. */
    int outputs() {
        return layers.get(layers.size() - 1).units;
    }

    /**
     * The source of a file declaring this network as interface {@code simpleName} in package
     * {@code packageName} (empty: none), with {@code comment} (lines without {@code *}) as Javadoc.
     */
    String source(String packageName, String simpleName, List<String> comment) {
        StringBuilder s = new StringBuilder();
        if (!packageName.isEmpty()) {
            s.append("package ").append(packageName).append(";\n\n");
        }
        s.append("import io.chainrule.Activation;\n");
        s.append("import io.chainrule.FloatModel;\n");
        s.append("import io.chainrule.Layer;\n");
        s.append("import io.chainrule.Loss;\n");
        s.append("import io.chainrule.Network;\n\n");
        if (!comment.isEmpty()) {
            s.append("/**\n");
            for (String line : comment) {
                s.append(line.isEmpty() ? " *\n" : " * " + line.replace("*/", "* /") + "\n");
            }
            s.append(" */\n");
        }
        s.append("@Network(\n");
        s.append("        inputs = ").append(inputs).append(",\n");
        s.append("        layers = {\n");
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            s.append("            @Layer(units = ").append(layer.units).append(", activation = Activation.")
                    .append(layer.activation.name()).append(")").append(i + 1 < layers.size() ? "," : "").append('\n');
        }
        s.append("        },\n");
        s.append("        loss = Loss.").append(loss.name()).append(")\n");
        s.append("public interface ").append(simpleName).append(" extends FloatModel {\n}\n");
        return s.toString();
    }

    /** {@code wine-quality.csv} → {@code WineQuality}: a Java type name from a file name. */
    static String typeName(String fileName) {
        String base = fileName.replaceFirst("\\.[^.]*$", "");
        StringBuilder s = new StringBuilder();
        boolean upper = true;
        for (char c : base.toCharArray()) {
            if (Character.isLetterOrDigit(c)) {
                s.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            } else {
                upper = true;
            }
        }
        if (s.length() == 0 || !Character.isJavaIdentifierStart(s.charAt(0))) {
            s.insert(0, "Net");
        }
        return s.toString();
    }

    /** {@code WineQuality} → {@code wine-quality}: the model file's base name. */
    static String fileBase(String typeName) {
        return typeName.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }
}
