package io.chainrule.processor.emit;

import io.chainrule.processor.plan.LayerPlan;

/**
 * Names of the generated fields of layer {@code l}: weights {@code wl}, bias {@code bl}, their
 * gradients {@code dwl}, {@code dbl}, pre-activation {@code zl}, activation {@code hl}, and the
 * gradients {@code dzl = dL/dzl} and {@code dhl = dL/dhl}. A linear (identity) layer has no
 * separate {@code hl} or {@code dhl}: they are {@code zl} and {@code dzl}.
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

    static String dw(LayerPlan l) {
        return "dw" + l.index();
    }

    static String db(LayerPlan l) {
        return "db" + l.index();
    }

    static String z(LayerPlan l) {
        return "z" + l.index();
    }

    static String h(LayerPlan l) {
        return l.linear() ? z(l) : "h" + l.index();
    }

    static String dz(LayerPlan l) {
        return "dz" + l.index();
    }

    static String dh(LayerPlan l) {
        return l.linear() ? dz(l) : "dh" + l.index();
    }

    /** The math name of layer {@code l}'s input: {@code x} for the first layer, else {@code h(l-1)}. */
    static String inputSymbol(LayerPlan l) {
        return l.index() == 1 ? "x" : "h" + (l.index() - 1);
    }

    /** Element {@code j} (an index expression) of layer {@code l}'s input, where {@code previous} is layer l-1. */
    static String input(LayerPlan l, LayerPlan previous, String j) {
        if (l.index() == 1) {
            return j.equals("0") ? "x[off]" : "x[off + " + j + "]";
        }
        return h(previous) + "[" + j + "]";
    }
}
