package io.chainrule.processor.emit;

import io.chainrule.Activation;
import io.chainrule.processor.plan.LayerPlan;

/**
 * Names of the generated fields of layer {@code l}: weights {@code wl}, bias {@code bl},
 * projection {@code pl}, their gradients {@code dwl}, {@code dbl}, {@code dpl}, pre-activation
 * {@code zl}, activation {@code hl}, and the gradients {@code dzl = dL/dzl}, {@code dhl = dL/dhl}.
 * A linear layer (identity, no residual) has no separate {@code hl} or {@code dhl}: they are
 * {@code zl} and {@code dzl}. A residual layer keeps {@code al = a(zl)} apart from
 * {@code hl = al + (skipped output)}.
 */
final class Names {
    private Names() {
    }

    static String w(LayerPlan l) {
        return "w" + l.index();
    }

    static String b(LayerPlan l) {
        return "b" + l.index();
    }

    static String p(LayerPlan l) {
        return "p" + l.index();
    }

    static String dw(LayerPlan l) {
        return "dw" + l.index();
    }

    static String db(LayerPlan l) {
        return "db" + l.index();
    }

    static String dp(LayerPlan l) {
        return "dp" + l.index();
    }

    static String z(LayerPlan l) {
        return "z" + l.index();
    }

    static String h(LayerPlan l) {
        return l.linear() ? z(l) : "h" + l.index();
    }

    /** The buffer holding {@code a(z)}: z for the identity, a separate {@code al} in a residual layer. */
    static String activated(LayerPlan l) {
        if (l.activation() == Activation.IDENTITY) {
            return z(l);
        }
        return l.residual() ? "a" + l.index() : h(l);
    }

    static String dz(LayerPlan l) {
        return "dz" + l.index();
    }

    static String dh(LayerPlan l) {
        return l.linear() ? dz(l) : "dh" + l.index();
    }

    /** The math name of layer {@code index}'s output: {@code x} for 0, else {@code h<index>}. */
    static String symbol(int index) {
        return index == 0 ? "x" : "h" + index;
    }

    /** The math name of layer {@code l}'s input. */
    static String inputSymbol(LayerPlan l) {
        return symbol(l.index() - 1);
    }
}
