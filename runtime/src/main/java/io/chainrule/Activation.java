package io.chainrule;

/**
 * The non-linearity {@code a} of a dense layer {@code h = a(W h' + b)}.
 *
 * <p>Without a non-linearity a stack of layers is one linear map, however deep it is; that is
 * why hidden layers use one of the non-identity functions below.
 */
public enum Activation {
    /** {@code a(z) = z}; {@code a'(z) = 1}. The usual choice for the output layer. */
    IDENTITY("identity"),
    /** {@code a(z) = 1 / (1 + e^-z)}; {@code a'(z) = a(z) (1 - a(z))}, at most 1/4. */
    SIGMOID("sigmoid"),
    /** {@code a(z) = tanh z}; {@code a'(z) = 1 - tanh^2 z}. */
    TANH("tanh"),
    /** {@code a(z) = max(0, z)}; {@code a'(z) = 1 if z > 0, else 0}. */
    RELU("relu"),
    /** {@code a(z) = z if z > 0, else 0.01 z}; {@code a'(z) = 1 if z > 0, else 0.01}. */
    LEAKY_RELU("leaky_relu"),
    /** {@code a(z) = ln(1 + e^z)}; {@code a'(z) = sigmoid(z)}. */
    SOFTPLUS("softplus");

    /** Slope of {@link #LEAKY_RELU} for negative inputs. */
    public static final double LEAKY_SLOPE = 0.01;

    private final String label;

    Activation(String label) {
        this.label = label;
    }

    /** The short name used in architecture strings and model files, for example {@code relu}. */
    public String label() {
        return label;
    }

    /** True for the ReLU family, which is initialised with He's scheme rather than Glorot's. */
    public boolean isRectifier() {
        return this == RELU || this == LEAKY_RELU;
    }
}
