package io.chainrule;

/**
 * Checks of the targets handed to generated models. The exceptions are built here, not in the
 * generated code, so that generated hot methods contain no allocation instruction at all.
 */
public final class Targets {
    private Targets() {
    }

    /** Throws unless {@code 0 <= label < classCount}. */
    public static void checkLabel(int label, int classCount) {
        if (label < 0 || label >= classCount) {
            throw new IllegalArgumentException(
                    "label " + label + " is out of range: this model has classes 0.." + (classCount - 1));
        }
    }

    /** The error for a vector target given to a classifier, or a class index to a regressor. */
    public static UnsupportedOperationException wrongKind(Loss loss) {
        return new UnsupportedOperationException(loss.takesClassIndex()
                ? "loss " + loss.label() + " takes a class index as target, not a vector"
                : "loss " + loss.label() + " takes a vector as target, not a class index");
    }
}
