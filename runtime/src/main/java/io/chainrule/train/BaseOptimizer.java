package io.chainrule.train;

import io.chainrule.DoubleModel;
import io.chainrule.FloatModel;
import io.chainrule.Model;
import io.chainrule.Precision;

/**
 * Binding and precision dispatch shared by the optimizers: holds the bound model's parameter and
 * gradient arrays in its precision and calls the float or double kernel of the subclass.
 */
abstract class BaseOptimizer implements Optimizer {
    private final double weightDecay;
    private Model bound;
    float[][] floatParameters;
    float[][] floatGradients;
    double[][] doubleParameters;
    double[][] doubleGradients;

    BaseOptimizer(double weightDecay) {
        this.weightDecay = requireNonNegative("weightDecay", weightDecay);
    }

    @Override
    public final double weightDecay() {
        return weightDecay;
    }

    @Override
    public final void bind(Model model) {
        if (model == null) {
            throw new IllegalArgumentException("model must not be null");
        }
        floatParameters = null;
        floatGradients = null;
        doubleParameters = null;
        doubleGradients = null;
        if (model.precision() == Precision.FLOAT) {
            FloatModel m = (FloatModel) model;
            floatParameters = m.parameterArrays();
            floatGradients = m.gradientArrays();
            allocateFloat(floatParameters);
        } else {
            DoubleModel m = (DoubleModel) model;
            doubleParameters = m.parameterArrays();
            doubleGradients = m.gradientArrays();
            allocateDouble(doubleParameters);
        }
        bound = model;
    }

    @Override
    public final void step(Model model, double learningRate, int step) {
        if (model != bound || model == null) {
            throw new IllegalStateException("call bind(model) with this model before step");
        }
        if (step < 1) {
            throw new IllegalArgumentException("step is 1-based, was " + step);
        }
        stepArrays(learningRate, step, 0, parameterArrayCount());
    }

    /** Whether {@link #bind} was last called with {@code model}. */
    final boolean isBoundTo(Model model) {
        return model != null && model == bound;
    }

    /** The number of parameter arrays of the bound model. */
    final int parameterArrayCount() {
        return floatParameters != null ? floatParameters.length : doubleParameters.length;
    }

    /**
     * {@link #step} for the bound model's parameter arrays {@code from .. to - 1} alone: each
     * element's update is the same arithmetic as in a whole step, so the arrays can be stepped in
     * blocks, by any threads, in any order, with the same bits.
     */
    final void stepArrays(double learningRate, int step, int from, int to) {
        if (floatParameters != null) {
            stepFloat((float) learningRate, (float) weightDecay, step, from, to);
        } else {
            stepDouble(learningRate, weightDecay, step, from, to);
        }
    }

    /** Allocates zeroed state shaped like {@code parameters}. */
    abstract void allocateFloat(float[][] parameters);

    /** Allocates zeroed state shaped like {@code parameters}. */
    abstract void allocateDouble(double[][] parameters);

    /** The update on {@link #floatParameters} {@code from .. to - 1} from {@link #floatGradients}. */
    abstract void stepFloat(float learningRate, float weightDecay, int step, int from, int to);

    /** The update on {@link #doubleParameters} {@code from .. to - 1} from {@link #doubleGradients}. */
    abstract void stepDouble(double learningRate, double weightDecay, int step, int from, int to);

    /** Zeroed arrays shaped like {@code like}. */
    static float[][] zerosLike(float[][] like) {
        float[][] a = new float[like.length][];
        for (int k = 0; k < like.length; k++) {
            a[k] = new float[like[k].length];
        }
        return a;
    }

    /** Zeroed arrays shaped like {@code like}. */
    static double[][] zerosLike(double[][] like) {
        double[][] a = new double[like.length][];
        for (int k = 0; k < like.length; k++) {
            a[k] = new double[like[k].length];
        }
        return a;
    }

    static double requireNonNegative(String name, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be finite and >= 0, was " + value);
        }
        return value;
    }

    static double requireFraction(String name, double value) {
        if (!(value >= 0 && value < 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1), was " + value);
        }
        return value;
    }
}
