package io.chainrule.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.chainrule.Loss;
import io.chainrule.Precision;
import io.chainrule.data.Dataset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ListenerTest {
    @Test
    void receivesEveryEpochAndStepInOrder() {
        List<String> calls = new ArrayList<>();
        double[] weightedBatchLoss = new double[1];
        TrainingResult[] finished = new TrainingResult[1];
        TrainingListener listener = new TrainingListener() {
            @Override
            public void onEpochStart(int epoch, int steps) {
                calls.add("start " + epoch + " " + steps);
                weightedBatchLoss[0] = 0;
            }

            @Override
            public void onStep(int epoch, int step, double batchLoss) {
                calls.add("step " + epoch + " " + step);
                weightedBatchLoss[0] += batchLoss * (step < 2 ? 4 : 2);
            }

            @Override
            public void onEpochEnd(EpochStats stats) {
                calls.add("end " + stats.epoch());
                assertEquals(stats.trainLoss(), weightedBatchLoss[0] / 10, 1e-6);
            }

            @Override
            public void onTrainingEnd(TrainingResult result) {
                calls.add("done");
                finished[0] = result;
            }
        };
        Dataset train = SyntheticData.blobs(10, 1).toPrecision(Precision.FLOAT);
        FloatLinearModel model = new FloatLinearModel(2, 3, Loss.SOFTMAX_CROSS_ENTROPY);
        model.initialize(1);
        TrainingResult result = new Trainer(TrainerConfig.builder().epochs(2).batchSize(4).listener(listener).build())
                .train(model, train);
        assertEquals(List.of(
                "start 0 3", "step 0 0", "step 0 1", "step 0 2", "end 0",
                "start 1 3", "step 1 0", "step 1 1", "step 1 2", "end 1",
                "done"), calls);
        assertSame(result, finished[0]);
    }
}
