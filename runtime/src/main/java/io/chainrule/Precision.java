package io.chainrule;

/** The floating-point type of a model's parameters, activations and arithmetic. */
public enum Precision {
    /** 32-bit {@code float}: half the memory, faster in vectorised loops. */
    FLOAT(4),
    /** 64-bit {@code double}: for gradient checks and numerically delicate work. */
    DOUBLE(8);

    private final int bytes;

    Precision(int bytes) {
        this.bytes = bytes;
    }

    /** Size of one value in bytes. */
    public int bytes() {
        return bytes;
    }
}
