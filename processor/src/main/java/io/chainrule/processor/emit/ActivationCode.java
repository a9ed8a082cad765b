package io.chainrule.processor.emit;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import io.chainrule.Activation;

/** The expressions for {@code a(z)} and {@code dL/dz = dL/dh · a'(z)} of each activation. */
final class ActivationCode {
    static final ClassName ACTIVATIONS = ClassName.get("io.chainrule", "Activations");

    private final Numeric num;

    ActivationCode(Numeric num) {
        this.num = num;
    }

    /** {@code a(z)} for the element expression {@code z}. */
    CodeBlock apply(Activation a, String z) {
        String zero = num.literal("0");
        switch (a) {
            case IDENTITY:
                return CodeBlock.of("$L", z);
            case SIGMOID:
                return CodeBlock.of("$T.sigmoid($L)", ACTIVATIONS, z);
            case TANH:
                return CodeBlock.of("$T.tanh($L)", ACTIVATIONS, z);
            case RELU:
                return CodeBlock.of("$L > $L ? $L : $L", z, zero, z, zero);
            case LEAKY_RELU:
                return CodeBlock.of("$L > $L ? $L : $L * $L", z, zero, z, num.literal(leakySlope()), z);
            case SOFTPLUS:
                return CodeBlock.of("$T.softplus($L)", ACTIVATIONS, z);
            default:
                throw new AssertionError(a);
        }
    }

    /** {@code dL/dh · a'(z)}, given the element expressions of {@code dL/dh}, {@code z} and {@code h = a(z)}. */
    CodeBlock derivative(Activation a, String dh, String z, String h) {
        String zero = num.literal("0");
        String one = num.literal("1");
        switch (a) {
            case IDENTITY:
                return CodeBlock.of("$L", dh);
            case SIGMOID:
                return CodeBlock.of("$L * $L * ($L - $L)", dh, h, one, h);
            case TANH:
                return CodeBlock.of("$L * ($L - $L * $L)", dh, one, h, h);
            case RELU:
                return CodeBlock.of("$L > $L ? $L : $L", z, zero, dh, zero);
            case LEAKY_RELU:
                return CodeBlock.of("$L > $L ? $L : $L * $L", z, zero, dh, num.literal(leakySlope()), dh);
            case SOFTPLUS:
                return CodeBlock.of("$L * $T.sigmoid($L)", dh, ACTIVATIONS, z);
            default:
                throw new AssertionError(a);
        }
    }

    /** The math of {@code a'(z)} in terms of {@code z} and {@code h}, for comments. */
    static String derivativeMath(Activation a, String z, String h) {
        switch (a) {
            case IDENTITY:
                return "1";
            case SIGMOID:
                return h + " ⊙ (1 - " + h + ")";
            case TANH:
                return "(1 - " + h + "²)";
            case RELU:
                return "(" + z + " > 0 ? 1 : 0)";
            case LEAKY_RELU:
                return "(" + z + " > 0 ? 1 : " + leakySlope() + ")";
            case SOFTPLUS:
                return "sigmoid(" + z + ")";
            default:
                throw new AssertionError(a);
        }
    }

    private static String leakySlope() {
        return Double.toString(Activation.LEAKY_SLOPE);
    }
}
