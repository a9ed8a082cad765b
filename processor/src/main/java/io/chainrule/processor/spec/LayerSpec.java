package io.chainrule.processor.spec;

import io.chainrule.Activation;

/**
 * One dense layer as declared: {@code units} outputs with activation {@code activation}, adding
 * the output of the layer {@code skip} layers back (0: no residual connection), through a learned
 * projection if {@code projection}.
 *
 * @param entry which {@code @Layer} of the declaration it comes from (0-based; a repeated entry
 *     gives several layers), so that a later stage can put a problem on that entry
 */
public record LayerSpec(int units, Activation activation, int skip, boolean projection, int entry) {
}
