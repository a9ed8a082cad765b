package io.chainrule.samples.digits;

import io.chainrule.FloatPredictor;
import io.chainrule.Inference;

/**
 * The inference-only class of {@link Digits}: Chainrule generates {@code DigitsInferenceModel}, which
 * loads the model files the {@code digits} command saves ({@code ModelFile.load}) and predicts what
 * {@code DigitsModel} predicts, to the bit.
 */
@Inference(network = Digits.class)
public interface DigitsInference extends FloatPredictor {
}
