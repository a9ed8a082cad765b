package io.chainrule.samples.xor;

import io.chainrule.FloatPredictor;
import io.chainrule.Inference;

/**
 * The inference-only class of {@link Xor}: Chainrule generates {@code XorInferenceModel}, the
 * forward pass and {@code predict} of {@code XorModel} without its training methods. It loads the
 * model files saved from {@code XorModel} ({@code ModelFile.load}).
 */
@Inference(network = Xor.class)
public interface XorInference extends FloatPredictor {
}
