package io.chainrule.processor.page;

import static io.chainrule.processor.page.MathMl.frac;
import static io.chainrule.processor.page.MathMl.mi;
import static io.chainrule.processor.page.MathMl.mn;
import static io.chainrule.processor.page.MathMl.mo;
import static io.chainrule.processor.page.MathMl.paren;
import static io.chainrule.processor.page.MathMl.row;
import static io.chainrule.processor.page.MathMl.sup;

import io.chainrule.Activation;

/** Each activation function and its local derivative, in MathML. */
final class ActivationMath {
    private ActivationMath() {
    }

    /** The function's name as applied: {@code tanh}, {@code σ}, {@code relu}. */
    static String name(Activation a) {
        switch (a) {
            case SIGMOID:
                return mi("σ");
            case LEAKY_RELU:
                return mi("leaky");
            default:
                return mi(a.label());
        }
    }

    /** {@code a(z)} applied to {@code z}. */
    static String apply(Activation a, String z) {
        return row(name(a), paren(z));
    }

    /** The definition of the function of one number, or null for the identity. */
    static String definition(Activation a) {
        String z = mi("z");
        switch (a) {
            case SIGMOID:
                return row(apply(a, z), mo("="), frac(mn(1), row(mn(1), mo("+"), sup(mi("e"), row(mo("−"), z)))));
            case TANH:
                return row(apply(a, z), mo("="), frac(row(sup(mi("e"), z), mo("−"), sup(mi("e"), row(mo("−"), z))),
                        row(sup(mi("e"), z), mo("+"), sup(mi("e"), row(mo("−"), z)))));
            case RELU:
                return row(apply(a, z), mo("="), mi("max"), paren(mn(0), mo(","), z));
            case LEAKY_RELU:
                return row(apply(a, z), mo("="), mi("max"), paren(row(mn(Activation.LEAKY_SLOPE), z), mo(","), z));
            case SOFTPLUS:
                return row(apply(a, z), mo("="), mi("log"), paren(mn(1), mo("+"), sup(mi("e"), z)));
            default:
                return null;
        }
    }

    /** {@code a'(z)}, written out for the vectors {@code z} and {@code h = a(z)}, elementwise. */
    static String derivative(Activation a, String z, String h) {
        switch (a) {
            case IDENTITY:
                return mn(1);
            case SIGMOID:
                return row(h, mo("⊙"), paren(mn(1), mo("−"), h));
            case TANH:
                return paren(mn(1), mo("−"), h, mo("⊙"), h);
            case RELU:
                return row(MathMl.fence("["), z, mo(">"), mn(0), MathMl.fence("]"));
            case LEAKY_RELU:
                return row(MathMl.fence("["), z, mo(">"), mn(0), MathMl.fence("]"), mo("+"), mn(Activation.LEAKY_SLOPE), MathMl.fence("["), z,
                        mo("≤"), mn(0), MathMl.fence("]"));
            case SOFTPLUS:
                return apply(Activation.SIGMOID, z);
            default:
                throw new AssertionError(a);
        }
    }

    /** Why the derivative has that form, in words (XHTML). */
    static String reason(Activation a) {
        switch (a) {
            case IDENTITY:
                return "the identity's derivative is 1";
            case SIGMOID:
                return "σ′(z) = σ(z)(1 − σ(z)), from the value the forward pass kept";
            case TANH:
                return "tanh′(z) = 1 − tanh²(z), from the value the forward pass kept";
            case RELU:
                return "relu′(z) is 1 where z &gt; 0, else 0 ([·] is 1 when the condition holds)";
            case LEAKY_RELU:
                return "leaky′(z) is 1 where z &gt; 0, else " + Activation.LEAKY_SLOPE;
            case SOFTPLUS:
                return "softplus′(z) = e^z / (1 + e^z) = σ(z)";
            default:
                throw new AssertionError(a);
        }
    }
}
