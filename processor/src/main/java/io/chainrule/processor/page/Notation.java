package io.chainrule.processor.page;

import static io.chainrule.processor.page.MathMl.frac;
import static io.chainrule.processor.page.MathMl.mi;
import static io.chainrule.processor.page.MathMl.mn;
import static io.chainrule.processor.page.MathMl.mo;
import static io.chainrule.processor.page.MathMl.prefix;
import static io.chainrule.processor.page.MathMl.row;
import static io.chainrule.processor.page.MathMl.sub;
import static io.chainrule.processor.page.MathMl.sup;
import static io.chainrule.processor.page.MathMl.upright;

/**
 * The symbols of the equations of one layer, with layer indices written either as numbers
 * ({@code z₃}) or relative to the layer ({@code z_l}, {@code h_(l−1)}). A run of layers whose
 * relative equations are equal is the same computation, so the page prints it once.
 */
final class Notation {
    private final int layer;
    private final boolean relative;

    private Notation(int layer, boolean relative) {
        this.layer = layer;
        this.relative = relative;
    }

    /** Indices as numbers. */
    static Notation absolute(int layer) {
        return new Notation(layer, false);
    }

    /** Indices relative to {@code layer}, which is written {@code l}. */
    static Notation relative(int layer) {
        return new Notation(layer, true);
    }

    /** The subscript of layer {@code k}. */
    String index(int k) {
        if (!relative) {
            return mn(k);
        }
        int d = layer - k;
        if (d == 0) {
            return mi("l");
        }
        return row(mi("l"), mo(d > 0 ? "−" : "+"), mn(Math.abs(d)));
    }

    /** {@code x} for layer 0, else {@code h_k}. */
    String h(int k) {
        return k == 0 ? mi("x") : sub(mi("h"), index(k));
    }

    String z(int k) {
        return sub(mi("z"), index(k));
    }

    String a(int k) {
        return sub(mi("a"), index(k));
    }

    String w(int k) {
        return sub(mi("W"), index(k));
    }

    String b(int k) {
        return sub(mi("b"), index(k));
    }

    String p(int k) {
        return sub(mi("P"), index(k));
    }

    /** {@code ∂L/∂symbol}. */
    static String grad(String symbol) {
        return frac(row(prefix("∂"), mi("L")), row(prefix("∂"), symbol));
    }

    /** {@code mᵀ}; a subscripted symbol gets the ⊤ above its subscript ({@code W₂ᵀ}). */
    static String transposed(String m) {
        if (m.startsWith("<msub>") && m.endsWith("</msub>")) {
            return "<msubsup>" + m.substring("<msub>".length(), m.length() - "</msub>".length()) + mo("⊤")
                    + "</msubsup>";
        }
        return sup(m, mo("⊤"));
    }

    /** {@code ℝ^n}. */
    static String real(long n) {
        return sup(upright("ℝ"), mn(n));
    }

    /** {@code ℝ^(rows×cols)}. */
    static String real(long rows, long cols) {
        return sup(upright("ℝ"), row(mn(rows), mo("×"), mn(cols)));
    }

    /** {@code symbol ∈ space}. */
    static String in(String symbol, String space) {
        return row(symbol, mo("∈"), space);
    }

    /** The residual scale α. */
    static String alpha() {
        return mi("α");
    }
}
