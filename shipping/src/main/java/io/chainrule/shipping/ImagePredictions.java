package io.chainrule.shipping;

import io.chainrule.FloatPredictor;
import io.chainrule.data.Scaler;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.util.Arrays;

/**
 * The loop the digits apps share. The input holds an {@code int} count {@code n}, then {@code n}
 * images of 64 raw pixels as {@code float}s; the output gets the 10 probabilities of each image as
 * {@code float}s (both big-endian, as {@link DataOutputStream} writes them). Each image is scaled
 * with the model's scaler, as at training time, in a buffer reused for every image.
 */
final class ImagePredictions {
    private ImagePredictions() {
    }

    static void run(FloatPredictor model, Scaler scaler, String input, String output) throws IOException {
        float[] pixels = new float[model.inputSize()];          // reused for every image
        float[] probabilities = new float[model.outputSize()];
        int[] histogram = new int[probabilities.length];
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(new FileInputStream(input)));
                DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new FileOutputStream(output)))) {
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
            System.out.println("predicted " + n + " images; per digit 0-9: " + Arrays.toString(histogram));
        }
    }
}
