package io.chainrule.processor.spec;

import io.chainrule.Activation;

/** One dense layer as declared: {@code units} outputs with activation {@code activation}. */
public record LayerSpec(int units, Activation activation) {
}
