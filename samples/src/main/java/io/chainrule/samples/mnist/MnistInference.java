package io.chainrule.samples.mnist;

import io.chainrule.FloatPredictor;
import io.chainrule.Inference;

/**
 * The inference-only class of {@link Mnist}: Chainrule generates {@code MnistInferenceModel}, its
 * 101,770 parameters and the forward buffers, nothing for training. It loads the model files the
 * {@code mnist} command saves ({@code ModelFile.load}).
 */
@Inference(network = Mnist.class)
public interface MnistInference extends FloatPredictor {
}
