package io.chainrule;

/**
 * Checks of the targets (and of the layer a trace resumes at) handed to generated models. The exceptions are built here, not in the
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

    /**
     * Throws unless {@code 1 <= layer <= layers + 1}: the layers a forward pass can resume at, for
     * {@link FloatTraceable#lossFromLayer(int, float[], int, int)} and its twins.
     */
    public static void checkResumeLayer(int layer, int layers) {
        if (layer < 1 || layer > layers + 1) {
            throw new IllegalArgumentException("layer " + layer + " is out of range: the forward pass resumes at a"
                    + " layer 1.." + layers + ", or at " + (layers + 1) + " for the loss alone");
        }
    }

    /** The error for a vector target given to a classifier, or a class index to a regressor. */
    public static UnsupportedOperationException wrongKind(Loss loss) {
        return new UnsupportedOperationException(loss.takesClassIndex()
                ? "loss " + loss.label() + " takes a class index as target, not a vector"
                : "loss " + loss.label() + " takes a vector as target, not a class index");
    }
}
