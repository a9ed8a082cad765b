package io.chainrule.shipping;

import io.chainrule.data.Scaler;
import io.chainrule.io.ModelFile;
import io.chainrule.samples.digits.DigitsModel;
import java.io.File;
import java.io.IOException;

/**
 * The tiny app of the shipping checks: loads a trained digits model file into the training class
 * and predicts each image of an input file, as an Android app would for each frame of its camera.
 * The tests shrink it with R8 and run it on small JVMs; its output is compared with the unshrunk
 * model's to the bit.
 *
 * <p>{@code DigitsApp MODEL_FILE INPUT_FILE OUTPUT_FILE}; the files' formats are
 * {@link ImagePredictions}'s.
 */
public final class DigitsApp {
    private DigitsApp() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: DigitsApp MODEL_FILE INPUT_FILE OUTPUT_FILE");
            System.exit(2);
        }
        DigitsModel model = new DigitsModel();                 // every buffer is allocated here
        Scaler scaler = ModelFile.load(model, new File(args[0]));
        ImagePredictions.run(model, scaler, args[1], args[2]);
    }
}
