package io.chainrule.processor.page;

/**
 * One displayed equation of the page and where the generated code computes it.
 *
 * @param math the equation, a MathML {@code <math>} element
 * @param note XHTML after the equation (may be empty)
 * @param method the generated method that computes it, or null for an identity with no code of its own
 * @param comment the chain-rule comment in that method (the whole line after {@code // }), or
 *     the start of it if {@code prefix}
 * @param prefix whether {@code comment} is only the start of the line
 */
record Step(String math, String note, String method, String comment, boolean prefix) {

    /** An equation computed by the phase of {@code method} with the comment {@code comment}. */
    static Step computed(String math, String note, String method, String comment) {
        return new Step(math, note, method, comment, false);
    }

    /** An equation that no statement computes (such as {@code ∂L/∂z = ∂L/∂h} of a linear layer). */
    static Step identity(String math, String note) {
        return new Step(math, note, null, null, false);
    }
}
