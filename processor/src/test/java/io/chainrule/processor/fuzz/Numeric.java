package io.chainrule.processor.fuzz;

import io.chainrule.DoubleModel;
import io.chainrule.FloatModel;
import io.chainrule.Model;
import io.chainrule.train.Sgd;

/**
 * A generated model of either precision behind one interface in double: float values convert to
 * double exactly, so comparing the double views of two float models compares their bits.
 */
abstract class Numeric {
    final Model model;

    Numeric(Model model) {
        this.model = model;
    }

    static Numeric of(Model model) {
        return model instanceof FloatModel f ? new Floats(f) : new Doubles((DoubleModel) model);
    }

    /** The loss of example {@code x[off..]}: {@code target} null means the class-index {@code label}. */
    abstract double loss(double[] x, int off, int label, double[] target);

    abstract double lossAndGradient(double[] x, int off, int label, double[] target);

    abstract double[] predict(double[] x, int off);

    /** The parameters, copied. */
    abstract double[][] parameters();

    abstract void setParameters(double[][] values);

    /** The gradients, copied. */
    abstract double[][] gradients();

    abstract double[] inputGradient();

    /** lossAndGradientBatch over {@code rows}, labels or targets of stride {@code targetStride}. */
    abstract double batch(double[] x, int stride, int[] rows, int[] labels, double[] targets, int targetStride);

    abstract double sgdStep(double[] x, int off, int label, double[] target, double rate);

    /** {@code Sgd.step}, the reference of the folded step. */
    void sgdReference(double rate) {
        Sgd.step(model, rate);
    }

    private static final class Floats extends Numeric {
        final FloatModel m;

        Floats(FloatModel m) {
            super(m);
            this.m = m;
        }

        static float[] f(double[] v) {
            if (v == null) {
                return null;
            }
            float[] f = new float[v.length];
            for (int i = 0; i < v.length; i++) {
                f[i] = (float) v[i];
            }
            return f;
        }

        static double[] d(float[] v) {
            double[] d = new double[v.length];
            for (int i = 0; i < v.length; i++) {
                d[i] = v[i];
            }
            return d;
        }

        @Override
        double loss(double[] x, int off, int label, double[] target) {
            return target == null ? m.loss(f(x), off, label) : m.loss(f(x), off, f(target), 0);
        }

        @Override
        double lossAndGradient(double[] x, int off, int label, double[] target) {
            return target == null ? m.lossAndGradient(f(x), off, label) : m.lossAndGradient(f(x), off, f(target), 0);
        }

        @Override
        double[] predict(double[] x, int off) {
            float[] out = new float[m.outputSize()];
            m.predict(f(x), off, out);
            return d(out);
        }

        @Override
        double[][] parameters() {
            float[][] p = m.parameterArrays();
            double[][] copy = new double[p.length][];
            for (int k = 0; k < p.length; k++) {
                copy[k] = d(p[k]);
            }
            return copy;
        }

        @Override
        void setParameters(double[][] values) {
            float[][] p = m.parameterArrays();
            for (int k = 0; k < p.length; k++) {
                for (int i = 0; i < p[k].length; i++) {
                    p[k][i] = (float) values[k][i];
                }
            }
        }

        @Override
        double[][] gradients() {
            float[][] g = m.gradientArrays();
            double[][] copy = new double[g.length][];
            for (int k = 0; k < g.length; k++) {
                copy[k] = d(g[k]);
            }
            return copy;
        }

        @Override
        double[] inputGradient() {
            float[] dx = new float[m.inputSize()];
            m.inputGradient(dx);
            return d(dx);
        }

        @Override
        double batch(double[] x, int stride, int[] rows, int[] labels, double[] targets, int targetStride) {
            return targets == null ? m.lossAndGradientBatch(f(x), stride, rows, 0, rows.length, labels)
                    : m.lossAndGradientBatch(f(x), stride, rows, 0, rows.length, f(targets), targetStride);
        }

        @Override
        double sgdStep(double[] x, int off, int label, double[] target, double rate) {
            return target == null ? m.sgdStep(f(x), off, label, (float) rate) : m.sgdStep(f(x), off, f(target), 0, (float) rate);
        }
    }

    private static final class Doubles extends Numeric {
        final DoubleModel m;

        Doubles(DoubleModel m) {
            super(m);
            this.m = m;
        }

        @Override
        double loss(double[] x, int off, int label, double[] target) {
            return target == null ? m.loss(x, off, label) : m.loss(x, off, target, 0);
        }

        @Override
        double lossAndGradient(double[] x, int off, int label, double[] target) {
            return target == null ? m.lossAndGradient(x, off, label) : m.lossAndGradient(x, off, target, 0);
        }

        @Override
        double[] predict(double[] x, int off) {
            double[] out = new double[m.outputSize()];
            m.predict(x, off, out);
            return out;
        }

        @Override
        double[][] parameters() {
            double[][] p = m.parameterArrays();
            double[][] copy = new double[p.length][];
            for (int k = 0; k < p.length; k++) {
                copy[k] = p[k].clone();
            }
            return copy;
        }

        @Override
        void setParameters(double[][] values) {
            double[][] p = m.parameterArrays();
            for (int k = 0; k < p.length; k++) {
                System.arraycopy(values[k], 0, p[k], 0, p[k].length);
            }
        }

        @Override
        double[][] gradients() {
            double[][] g = m.gradientArrays();
            double[][] copy = new double[g.length][];
            for (int k = 0; k < g.length; k++) {
                copy[k] = g[k].clone();
            }
            return copy;
        }

        @Override
        double[] inputGradient() {
            double[] dx = new double[m.inputSize()];
            m.inputGradient(dx);
            return dx;
        }

        @Override
        double batch(double[] x, int stride, int[] rows, int[] labels, double[] targets, int targetStride) {
            return targets == null ? m.lossAndGradientBatch(x, stride, rows, 0, rows.length, labels)
                    : m.lossAndGradientBatch(x, stride, rows, 0, rows.length, targets, targetStride);
        }

        @Override
        double sgdStep(double[] x, int off, int label, double[] target, double rate) {
            return target == null ? m.sgdStep(x, off, label, rate) : m.sgdStep(x, off, target, 0, rate);
        }
    }
}
