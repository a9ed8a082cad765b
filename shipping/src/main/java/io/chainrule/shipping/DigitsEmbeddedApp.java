package io.chainrule.shipping;

import io.chainrule.samples.digits.DigitsEmbeddedModel;
import java.io.IOException;

/**
 * The tiny app with the digits network's weights compiled in ({@code DigitsEmbeddedModel}, from the
 * samples' {@code models/digits.chrl}): no model file is read at run time. The tests shrink it with
 * R8, hold its dex to the budget, and compare its output with {@link DigitsApp}'s on the same model
 * file to the bit.
 *
 * <p>{@code DigitsEmbeddedApp INPUT_FILE OUTPUT_FILE}; the files' formats are
 * {@link ImagePredictions}'s.
 */
public final class DigitsEmbeddedApp {
    private DigitsEmbeddedApp() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: DigitsEmbeddedApp INPUT_FILE OUTPUT_FILE");
            System.exit(2);
        }
        DigitsEmbeddedModel model = new DigitsEmbeddedModel();  // the weights are decoded here
        ImagePredictions.run(model, DigitsEmbeddedModel.SCALER, args[0], args[1]);
    }
}
