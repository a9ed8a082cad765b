package io.chainrule.io;

import io.chainrule.data.FeatureScaler;
import io.chainrule.data.Scaler;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a safetensors file's {@code __metadata__} carries besides the tensors (every value there is
 * a string; lists are JSON text):
 * <pre>
 * chainrule.architecture    the model's architecture string ({@link Safetensors#ARCHITECTURE_KEY})
 * chainrule.classes         the class names, a JSON list: ["setosa", "versicolor", "virginica"]
 * chainrule.scaler          "standard" or "min_max": inputs are scaled x' = (x - center) / scale first
 * chainrule.scaler.center   one number per input, a JSON list: [5.84, 3.05, 3.76, 1.20]
 * chainrule.scaler.scale    one positive number per input, a JSON list
 * </pre>
 * {@link Safetensors#load} checks these entries, when present, before it changes the model.
 */
public final class ModelMetadata {
    /** The class names, a JSON list of strings. */
    public static final String CLASSES_KEY = "chainrule.classes";
    /** The input scaler's kind: {@code standard} or {@code min_max}. */
    public static final String SCALER_KEY = "chainrule.scaler";
    /** The scaler's centers, a JSON list of numbers. */
    public static final String SCALER_CENTER_KEY = "chainrule.scaler.center";
    /** The scaler's scales, a JSON list of numbers. */
    public static final String SCALER_SCALE_KEY = "chainrule.scaler.scale";

    private ModelMetadata() {
    }

    /**
     * Metadata for {@code scaler} (nothing for {@link Scaler#NONE}) and {@code classNames}
     * (nothing if empty).
     */
    public static Map<String, String> of(Scaler scaler, List<String> classNames) {
        Map<String, String> m = new LinkedHashMap<String, String>();
        if (!classNames.isEmpty()) {
            StringBuilder b = new StringBuilder("[");
            for (int i = 0; i < classNames.size(); i++) {
                b.append(i == 0 ? "" : ", ").append(Json.quote(classNames.get(i)));
            }
            m.put(CLASSES_KEY, b.append(']').toString());
        }
        if (scaler instanceof FeatureScaler) {
            FeatureScaler s = (FeatureScaler) scaler;
            m.put(SCALER_KEY, s.kind() == FeatureScaler.Kind.STANDARD ? "standard" : "min_max");
            StringBuilder center = new StringBuilder("[");
            StringBuilder scale = new StringBuilder("[");
            for (int j = 0; j < s.featureCount(); j++) {
                center.append(j == 0 ? "" : ", ").append(s.center(j));
                scale.append(j == 0 ? "" : ", ").append(s.scale(j));
            }
            m.put(SCALER_CENTER_KEY, center.append(']').toString());
            m.put(SCALER_SCALE_KEY, scale.append(']').toString());
        } else if (scaler != Scaler.NONE) {
            throw new IllegalArgumentException("only Scaler.NONE and FeatureScaler can be saved, not "
                    + scaler.getClass().getName());
        }
        return m;
    }

    /** The class names the metadata holds, or an empty list. */
    public static List<String> classNames(Map<String, String> metadata, String source) throws TensorFileException {
        String text = metadata.get(CLASSES_KEY);
        if (text == null) {
            return Collections.emptyList();
        }
        List<?> list = list(text, CLASSES_KEY, source);
        List<String> names = new ArrayList<String>();
        for (Object o : list) {
            if (!(o instanceof String)) {
                throw new TensorFileException(source, null, "metadata " + CLASSES_KEY + " is not a JSON list of strings");
            }
            names.add((String) o);
        }
        return Collections.unmodifiableList(names);
    }

    /**
     * The scaler the metadata describes for a model of {@code inputs} inputs, or
     * {@link Scaler#NONE} if it has none.
     */
    public static Scaler scaler(Map<String, String> metadata, int inputs, String source) throws TensorFileException {
        String kind = metadata.get(SCALER_KEY);
        if (kind == null) {
            if (metadata.containsKey(SCALER_CENTER_KEY) || metadata.containsKey(SCALER_SCALE_KEY)) {
                throw new TensorFileException(source, null, "metadata has scaler statistics but no " + SCALER_KEY);
            }
            return Scaler.NONE;
        }
        FeatureScaler.Kind k;
        if (kind.equals("standard")) {
            k = FeatureScaler.Kind.STANDARD;
        } else if (kind.equals("min_max")) {
            k = FeatureScaler.Kind.MIN_MAX;
        } else {
            throw new TensorFileException(source, null, "metadata " + SCALER_KEY + " is '" + Text.shown(kind)
                    + "'; expected standard or min_max");
        }
        double[] center = numbers(metadata, SCALER_CENTER_KEY, inputs, source);
        double[] scale = numbers(metadata, SCALER_SCALE_KEY, inputs, source);
        try {
            return FeatureScaler.of(k, center, scale);
        } catch (IllegalArgumentException e) {
            throw new TensorFileException(source, null, "invalid scaler in the metadata: " + e.getMessage());
        }
    }

    private static double[] numbers(Map<String, String> metadata, String key, int inputs, String source)
            throws TensorFileException {
        String text = metadata.get(key);
        if (text == null) {
            throw new TensorFileException(source, null, "metadata " + SCALER_KEY + " without " + key);
        }
        List<?> list = list(text, key, source);
        if (list.size() != inputs) {
            throw new TensorFileException(source, null, "metadata " + key + " has " + list.size()
                    + " values but the model has " + inputs + " inputs");
        }
        double[] values = new double[inputs];
        for (int j = 0; j < inputs; j++) {
            Object o = list.get(j);
            if (!(o instanceof Number)) {
                throw new TensorFileException(source, null, "metadata " + key + " value " + j + " is not a number");
            }
            values[j] = ((Number) o).doubleValue();
        }
        return values;
    }

    private static List<?> list(String text, String key, String source) throws TensorFileException {
        Object parsed;
        try {
            parsed = Json.parse(text);
        } catch (Json.SyntaxError e) {
            throw new TensorFileException(source, null, "metadata " + key + " is not JSON: " + e.getMessage());
        }
        if (!(parsed instanceof List)) {
            throw new TensorFileException(source, null, "metadata " + key + " is not a JSON list");
        }
        return (List<?>) parsed;
    }
}
