package io.chainrule.benchmarks.jmh;

import io.chainrule.CodeShape;
import io.chainrule.DoubleModel;
import io.chainrule.FloatModel;
import io.chainrule.benchmarks.reference.ReferenceMlpDouble;
import io.chainrule.benchmarks.reference.ReferenceMlpFloat;
import io.chainrule.benchmarks.train.ChainruleDoubleLearner;
import io.chainrule.benchmarks.train.ChainruleFloatLearner;
import io.chainrule.benchmarks.train.DoubleLearner;
import io.chainrule.benchmarks.train.FloatLearner;

/**
 * The values of the benchmarks' {@code system} parameter: a generated model of a code shape, or
 * the hand-written reference started from that model's initial weights.
 */
final class Systems {
    /** The generated model, LOOPS shape. */
    static final String CHAINRULE_LOOPS = "chainrule-loops";
    /** The generated model, LOOPS shape, each batch through {@code lossAndGradientBatch}. */
    static final String CHAINRULE_BATCHED = "chainrule-batched";
    /** The generated model, UNROLLED shape. */
    static final String CHAINRULE_UNROLLED = "chainrule-unrolled";
    /** The hand-written reference MLP. */
    static final String REFERENCE = "reference";

    /** Seed of every initial weight set. */
    static final long WEIGHT_SEED = 42L;
    /** Seed of the per-epoch shuffles. */
    static final long SHUFFLE_SEED = 5L;
    /**
     * The JVM option of the forks of a peer that loads native code through JavaCPP
     * (Deeplearning4j): JDK 24 and later print a four-line warning into the first warm-up
     * iteration without it. JDK 17 accepts it too.
     */
    static final String NATIVE_ACCESS = "--enable-native-access=ALL-UNNAMED";

    private Systems() {
    }

    /** The code shape of the generated model a system is built from (the reference copies its weights). */
    static CodeShape shape(String system) {
        return CHAINRULE_UNROLLED.equals(system) ? CodeShape.UNROLLED : CodeShape.LOOPS;
    }

    /** The learner of {@code system}, starting from {@code model}'s (already initialised) weights. */
    static FloatLearner learner(String system, FloatModel model, int hidden, boolean tanh) {
        if (!REFERENCE.equals(system)) {
            return new ChainruleFloatLearner(model, CHAINRULE_BATCHED.equals(system));
        }
        ReferenceMlpFloat reference = new ReferenceMlpFloat(model.inputSize(), hidden, model.outputSize(), tanh);
        reference.copyParameters(model.parameterArrays());
        return reference;
    }

    /** The double twin of {@link #learner(String, FloatModel, int, boolean)}. */
    static DoubleLearner learner(String system, DoubleModel model, int hidden, boolean tanh) {
        if (!REFERENCE.equals(system)) {
            return new ChainruleDoubleLearner(model, CHAINRULE_BATCHED.equals(system));
        }
        ReferenceMlpDouble reference = new ReferenceMlpDouble(model.inputSize(), hidden, model.outputSize(), tanh);
        reference.copyParameters(model.parameterArrays());
        return reference;
    }
}
