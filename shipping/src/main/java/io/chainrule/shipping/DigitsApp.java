package io.chainrule.shipping;

import io.chainrule.data.Scaler;
import io.chainrule.io.ModelFile;
import io.chainrule.samples.digits.DigitsModel;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.File;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;

/**
 * The tiny app of the shipping checks: loads a trained digits model file and predicts each image
 * of an input file, as an Android app would for each frame of its camera. The tests shrink it with
 * R8 and run it on small JVMs; its output is compared with the unshrunk model's to the bit.
 *
 * <p>{@code DigitsApp MODEL_FILE INPUT_FILE OUTPUT_FILE}. The input holds an {@code int} count
 * {@code n}, then {@code n} images of 64 raw pixels as {@code float}s; the output gets the 10
 * probabilities of each image as {@code float}s (both big-endian, as {@link DataOutputStream}
 * writes them). The pixels are scaled with the model file's scaler, as at training time.
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
        float[] pixels = new float[DigitsModel.INPUTS];        // reused for every image
        float[] probabilities = new float[DigitsModel.OUTPUTS];
        int[] histogram = new int[DigitsModel.OUTPUTS];
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(new FileInputStream(args[1])));
                DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new FileOutputStream(args[2])))) {
            int n = in.readInt();
            for (int row = 0; row < n; row++) {
                for (int i = 0; i < pixels.length; i++) {
                    pixels[i] = in.readFloat();
                }
                scaler.transformRow(pixels, 0);
                model.predict(pixels, 0, probabilities);
                int best = 0;
                for (int k = 0; k < probabilities.length; k++) {
                    out.writeFloat(probabilities[k]);
                    if (probabilities[k] > probabilities[best]) {
                        best = k;
                    }
                }
                histogram[best]++;
            }
            System.out.println("predicted " + n + " images; per digit 0-9: " + java.util.Arrays.toString(histogram));
        }
    }
}
