package io.chainrule.processor.spec;

/**
 * A problem found after reading, by a stage that knows nothing about annotations (the size
 * checks of a plan, the class-file budget of the emitted class), with where the reader should
 * report it.
 *
 * @param error true for an error (no class is generated), false for a warning
 * @param message the text, from {@code Messages}
 * @param on the annotation value it belongs to
 * @param entry for {@link On#LAYER_UNITS}: the {@code @Layer} entry ({@link LayerSpec#entry()})
 */
public record Problem(boolean error, String message, On on, int entry) {

    /** Annotation values a problem can be reported on. */
    public enum On {
        /** {@code @Network(layers = ...)}. */
        LAYERS,
        /** {@code @Network(shape = ...)}. */
        SHAPE,
        /** {@code units} of one {@code @Layer}. */
        LAYER_UNITS
    }

    public static Problem error(String message, On on) {
        return new Problem(true, message, on, -1);
    }

    public static Problem errorOnLayer(String message, int entry) {
        return new Problem(true, message, On.LAYER_UNITS, entry);
    }

    public static Problem warningOnLayer(String message, int entry) {
        return new Problem(false, message, On.LAYER_UNITS, entry);
    }
}
