package io.chainrule.spark;

import io.chainrule.DoubleModel;
import io.chainrule.FloatModel;
import io.chainrule.Model;
import io.chainrule.Precision;
import io.chainrule.data.Scaler;
import io.chainrule.io.ModelFile;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;

/**
 * How an executor makes its own instance of the driver's model: the generated class's name (the
 * class must be on the executors' class path: in the application's jar) and the model file
 * ({@link ModelFile}: architecture, parameters, input scaler) it starts from. Serializable, shipped
 * once per job or broadcast.
 */
final class ModelSpec implements Serializable {
    private static final long serialVersionUID = 1L;

    final String className;
    final String architecture;
    final Precision precision;
    private final byte[] file;

    private ModelSpec(String className, String architecture, Precision precision, byte[] file) {
        this.className = className;
        this.architecture = architecture;
        this.precision = precision;
        this.file = file;
    }

    /**
     * The spec of {@code model} with its current parameters and {@code scaler}.
     *
     * @throws IllegalArgumentException if executors could not make the model: its class has no
     *     public no-argument constructor (generated models have one)
     */
    static ModelSpec of(Model model, Scaler scaler) {
        Class<?> type = model.getClass();
        try {
            type.getConstructor();
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException(type.getName() + " has no public no-argument constructor: the executors "
                    + "make their instances of the model with it (generated models have one)");
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            ModelFile.write(model, scaler, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ModelSpec(type.getName(), model.architecture(), model.precision(), bytes.toByteArray());
    }

    /** A new instance of the model with the spec's parameters. */
    Model newModel() {
        Model model;
        try {
            model = (Model) Class.forName(className, true, loader()).getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot make an instance of " + className + " on this executor (" + e
                    + "); is the application's jar, which holds the model class, on its class path?", e);
        }
        load(model);
        return model;
    }

    /** Loads the spec's parameters into {@code model}, and returns its scaler. */
    Scaler load(Model model) {
        try {
            return ModelFile.load(model, new ByteArrayInputStream(file), "model of " + className);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ClassLoader loader() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : ModelSpec.class.getClassLoader();
    }

    /** Copies {@code parameters} (a {@code float[][]} or {@code double[][]}) into {@code model}. */
    static void setParameters(Model model, Object parameters) {
        if (model instanceof FloatModel) {
            float[][] from = (float[][]) parameters;
            float[][] to = ((FloatModel) model).parameterArrays();
            for (int k = 0; k < to.length; k++) {
                System.arraycopy(from[k], 0, to[k], 0, to[k].length);
            }
        } else {
            double[][] from = (double[][]) parameters;
            double[][] to = ((DoubleModel) model).parameterArrays();
            for (int k = 0; k < to.length; k++) {
                System.arraycopy(from[k], 0, to[k], 0, to[k].length);
            }
        }
    }

    /** A copy of {@code model}'s parameters ({@code float[][]} or {@code double[][]}). */
    static Object copyParameters(Model model) {
        if (model instanceof FloatModel) {
            float[][] p = ((FloatModel) model).parameterArrays();
            float[][] c = new float[p.length][];
            for (int k = 0; k < p.length; k++) {
                c[k] = p[k].clone();
            }
            return c;
        }
        double[][] p = ((DoubleModel) model).parameterArrays();
        double[][] c = new double[p.length][];
        for (int k = 0; k < p.length; k++) {
            c[k] = p[k].clone();
        }
        return c;
    }

    /** A copy of {@code model}'s gradients ({@code float[][]} or {@code double[][]}). */
    static Object copyGradients(Model model) {
        if (model instanceof FloatModel) {
            float[][] g = ((FloatModel) model).gradientArrays();
            float[][] c = new float[g.length][];
            for (int k = 0; k < g.length; k++) {
                c[k] = g[k].clone();
            }
            return c;
        }
        double[][] g = ((DoubleModel) model).gradientArrays();
        double[][] c = new double[g.length][];
        for (int k = 0; k < g.length; k++) {
            c[k] = g[k].clone();
        }
        return c;
    }
}
