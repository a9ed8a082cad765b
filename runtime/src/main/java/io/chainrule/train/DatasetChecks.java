package io.chainrule.train;

import io.chainrule.Model;
import io.chainrule.Precision;
import io.chainrule.data.Dataset;

/** Up-front checks that a data set fits a model, with messages that say how to fix it. */
final class DatasetChecks {
    private DatasetChecks() {
    }

    /**
     * Throws {@link IllegalArgumentException} unless {@code data} can be fed to {@code model}.
     *
     * @param role how the message names the data set, for example "training set"
     */
    static void check(Model model, Dataset data, String role) {
        if (model == null) {
            throw new IllegalArgumentException("model must not be null");
        }
        if (data == null) {
            throw new IllegalArgumentException(role + " must not be null");
        }
        if (data.size() == 0) {
            throw new IllegalArgumentException(role + " is empty");
        }
        if (data.isFeaturesOnly()) {
            throw new IllegalArgumentException(role + " holds features only, without labels or targets;"
                    + " training and evaluation need them");
        }
        Precision precision = model.precision();
        if (data.precision() != precision) {
            throw new IllegalArgumentException(role + " holds " + data.precision() + " values but the model computes in "
                    + precision + "; convert it once with dataset.toPrecision(Precision." + precision + ")");
        }
        if (data.featureCount() != model.inputSize()) {
            throw new IllegalArgumentException(role + " has " + data.featureCount()
                    + " features per example but the model takes " + model.inputSize() + " inputs");
        }
        if (model.loss().takesClassIndex()) {
            if (!data.hasLabels()) {
                throw new IllegalArgumentException(role + " holds target vectors but loss " + model.loss().label()
                        + " takes class labels; use Dataset.ofLabels");
            }
            if (data.classCount() > model.classCount()) {
                throw new IllegalArgumentException(role + " has " + data.classCount()
                        + " classes but the model distinguishes only " + model.classCount());
            }
        } else {
            if (data.hasLabels()) {
                throw new IllegalArgumentException(role + " holds class labels but loss " + model.loss().label()
                        + " takes target vectors; use Dataset.ofTargets");
            }
            if (data.targetSize() != model.outputSize()) {
                throw new IllegalArgumentException(role + " has " + data.targetSize()
                        + " target values per example but the model has " + model.outputSize() + " outputs");
            }
        }
    }

    /**
     * Throws {@link IllegalArgumentException} naming the first NaN or infinite value of
     * {@code data} (example and feature or target, from 0). One pass over the values: call once per
     * training or evaluation, not per epoch.
     */
    static void checkValues(Dataset data, String role) {
        int i = data.firstNonFiniteExample();
        if (i < 0) {
            return;
        }
        String where = null;
        double value = 0;
        for (int j = 0; j < data.featureCount() && where == null; j++) {
            value = data.feature(i, j);
            if (!Gradients.isFinite(value)) {
                where = "feature " + j;
            }
        }
        for (int t = 0; t < data.targetSize() && where == null; t++) {
            value = data.target(i, t);
            if (!Gradients.isFinite(value)) {
                where = "target " + t;
            }
        }
        throw new IllegalArgumentException(role + ": " + where + " of example " + i + " is " + value
                + " (indices from 0); every feature and target must be a finite number");
    }
}
