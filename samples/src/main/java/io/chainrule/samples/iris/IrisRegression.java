package io.chainrule.samples.iris;

import io.chainrule.Activation;
import io.chainrule.FloatModel;
import io.chainrule.Layer;
import io.chainrule.Loss;
import io.chainrule.Network;

/**
 * Regression on the iris data: the petal width (cm) from the sepal length, sepal width and petal
 * length (standardised), through 16 tanh units to one linear output, scored by the mean squared
 * error. Chainrule generates {@code IrisRegressionModel}.
 */
@Network(
        inputs = 3,
        layers = {
            @Layer(units = 16, activation = Activation.TANH),
            @Layer(units = 1, activation = Activation.IDENTITY)
        },
        loss = Loss.MEAN_SQUARED_ERROR)
public interface IrisRegression extends FloatModel {
}
