package io.chainrule.processor.emit;

/**
 * A vector read by a layer: a field such as {@code h1}, or the caller's input {@code x}, read at
 * {@code off}.
 *
 * @param array the array's name
 * @param atOffset true for the input {@code x}, whose element j is {@code x[off + j]}
 */
record Operand(String array, boolean atOffset) {

    static Operand input() {
        return new Operand("x", true);
    }

    static Operand field(String name) {
        return new Operand(name, false);
    }

    /** Element {@code j} (an index expression). */
    String at(String j) {
        if (!atOffset) {
            return array + "[" + j + "]";
        }
        return j.equals("0") ? array + "[" + offset() + "]" : array + "[" + offset() + " + " + j + "]";
    }

    /** The index of element 0 in {@link #array}: {@code off} for the input, 0 for a field. */
    private String offset() {
        return atOffset ? "off" : "0";
    }

    /** {@link #array} and {@link #offset} as a call's arguments: {@code x, off} or {@code h1, 0}. */
    String arguments() {
        return array + ", " + offset();
    }

    /** Name of a local holding element j inside a loop, e.g. {@code xj}, {@code h1j}. */
    String local() {
        return array + "j";
    }
}
