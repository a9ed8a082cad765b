package io.chainrule.processor.page;

/**
 * MathML Core elements as text, for the page's equations: browsers render them natively, with no
 * script. Every method returns well-formed XML (text is escaped).
 */
final class MathMl {
    private static final String NAMESPACE = "http://www.w3.org/1998/Math/MathML";

    private MathMl() {
    }

    /** An identifier: one letter is italic, a longer name (tanh) upright. */
    static String mi(String name) {
        return "<mi>" + Html.escape(name) + "</mi>";
    }

    /** An upright single-letter identifier, such as ∂ or ℝ. */
    static String upright(String name) {
        return "<mi mathvariant=\"normal\">" + Html.escape(name) + "</mi>";
    }

    static String mn(Object number) {
        return "<mn>" + Html.escape(String.valueOf(number)) + "</mn>";
    }

    static String mo(String operator) {
        return "<mo>" + Html.escape(operator) + "</mo>";
    }

    /** An operator without space around it, such as the ∂ of a derivative. */
    static String prefix(String operator) {
        return "<mo form=\"prefix\" lspace=\"0\" rspace=\"0\">" + Html.escape(operator) + "</mo>";
    }

    static String text(String text) {
        return "<mtext>" + Html.escape(text) + "</mtext>";
    }

    /** Words between formulas, with space on both sides (spaces inside {@code mtext} collapse). */
    static String words(String words) {
        String space = "<mspace width=\"0.6em\"></mspace>";
        return space + text(words) + space;
    }

    static String row(String... parts) {
        return "<mrow>" + String.join("", parts) + "</mrow>";
    }

    static String sub(String base, String script) {
        return "<msub>" + base + script + "</msub>";
    }

    static String sup(String base, String script) {
        return "<msup>" + base + script + "</msup>";
    }

    static String subsup(String base, String sub, String sup) {
        return "<msubsup>" + base + sub + sup + "</msubsup>";
    }

    static String under(String base, String script) {
        return "<munder>" + base + script + "</munder>";
    }

    static String frac(String numerator, String denominator) {
        return "<mfrac>" + numerator + denominator + "</mfrac>";
    }

    static String sqrt(String radicand) {
        return "<msqrt>" + radicand + "</msqrt>";
    }

    /** {@code (content)}. */
    static String paren(String... content) {
        return row(fence("("), row(content), fence(")"));
    }

    /**
     * A parenthesis of the text's size, with no space beside it (a stretchy one leaves gaps beside
     * small content in Chromium).
     */
    static String fence(String paren) {
        return "<mo stretchy=\"false\" lspace=\"0\" rspace=\"0\">" + Html.escape(paren) + "</mo>";
    }

    /** The thin space after a function name such as log or max, before what it applies to. */
    static String thin() {
        return "<mspace width=\"0.17em\"></mspace>";
    }

    /** Horizontal space between the parts of one displayed line. */
    static String gap() {
        return "<mspace width=\"1.5em\"></mspace>";
    }

    /** A displayed equation. */
    static String block(String... parts) {
        return "<math xmlns=\"" + NAMESPACE + "\" display=\"block\">" + row(parts) + "</math>";
    }

    /** An equation inside a line of text, with fractions at full size. */
    static String inlineDisplay(String... parts) {
        return "<math xmlns=\"" + NAMESPACE + "\" displaystyle=\"true\">" + row(parts) + "</math>";
    }

    /** An equation inside a line of text. */
    static String inline(String... parts) {
        return "<math xmlns=\"" + NAMESPACE + "\">" + row(parts) + "</math>";
    }
}
