package io.chainrule.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chainrule.Loss;
import io.chainrule.Precision;
import io.chainrule.data.Dataset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GradientHealthTest {

    @Test
    void measuresTheNormOfEachLayersGradientAndOutputGradient() {
        FloatLinearModel model = new FloatLinearModel(2, 2, Loss.SOFTMAX_CROSS_ENTROPY);
        float[][] g = model.gradientArrays();
        g[0][0] = 3;
        g[1][1] = 4;
        g[2][0] = 12; // the bias: |(3, 4, 12)| = 13
        float[] dh = model.outputGradient(1);
        dh[0] = 6;
        dh[1] = 8;
        GradientHealth health = GradientHealth.of(model);
        assertEquals(1, health.layerCount());
        assertEquals(13, health.weightGradientNorm(1), 1e-12);
        assertEquals(10, health.outputGradientNorm(1), 1e-12);
    }

    @Test
    void namesVanishingAndExplodingLayers() {
        double[] weights = {0, 1e-9, 0.5, 2e3, Double.NaN, 1.0};
        GradientHealth health = GradientHealth.copyOf(weights, new double[weights.length]);
        List<String> problems = health.problems(1e-3, 1e3);
        assertEquals(3, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("vanishing gradient in layer 1: norm 1.00e-09"), problems.get(0));
        assertTrue(problems.get(1).startsWith("exploding gradient in layer 3: norm 2.00e+03"), problems.get(1));
        assertTrue(problems.get(2).startsWith("exploding gradient in layer 4: norm NaN"), problems.get(2));
    }

    @Test
    void healthyGradientsRaiseNothing() {
        double[] weights = {0, 0.2, 0.4, 1.0};
        assertEquals(List.of(), GradientHealth.copyOf(weights, new double[4]).problems(1e-3, 1e3));
    }

    @Test
    void theTrainerReportsGradientHealthEveryEpochWhenAsked() {
        FloatLinearModel model = new FloatLinearModel(2, 3, Loss.SOFTMAX_CROSS_ENTROPY);
        model.initialize(1);
        Dataset data = SyntheticData.blobs(60, 5).toPrecision(Precision.FLOAT);
        List<List<String>> reported = new ArrayList<>();
        TrainerConfig config = TrainerConfig.builder().epochs(2).batchSize(8).watchGradients(1e-3, 1e-6)
                .listener(new TrainingListener() {
                    @Override
                    public void onGradientProblems(int epoch, List<String> problems) {
                        reported.add(problems);
                    }
                }).build();
        TrainingResult result = new Trainer(config).train(model, data);
        GradientHealth health = result.history().get(1).gradientHealth();
        assertTrue(health.weightGradientNorm(1) > 0);
        // an exploding limit of 1e-6 flags the only layer, once per epoch
        assertEquals(2, reported.size());
        assertTrue(reported.get(0).get(0).startsWith("exploding gradient in layer 1"), reported.toString());
        assertEquals(null, new Trainer(TrainerConfig.builder().epochs(1).build())
                .train(model, data).history().get(0).gradientHealth());
    }
}
