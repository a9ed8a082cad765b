package io.chainrule.samples.digits;

import io.chainrule.FloatPredictor;
import io.chainrule.Inference;

/**
 * The trained digits network with its parameters compiled in: Chainrule reads
 * {@code models/digits.chrl} (trained by the {@code digits} command; see the README beside it) at
 * compile time and generates {@code DigitsEmbeddedModel}, ready when constructed, with the file's
 * scaler as {@code DigitsEmbeddedModel.SCALER}. No file or resource is read at run time.
 *
 * <pre>{@code
 * DigitsEmbeddedModel model = new DigitsEmbeddedModel();
 * DigitsEmbeddedModel.SCALER.transformRow(pixels, 0);   // pixels / 16, as in training
 * model.predict(pixels, 0, probabilities);
 * }</pre>
 */
@Inference(network = Digits.class, weights = "models/digits.chrl")
public interface DigitsEmbedded extends FloatPredictor {
}
