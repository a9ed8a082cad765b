package io.chainrule.interop;

import java.io.File;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * The PyTorch round trips on the committed fixtures (interop/pytorch/fixtures, written by
 * {@code chainrule_torch.py fixtures} with the versions in its VERSIONS.txt), so they run on every
 * checkout, with or without PyTorch: networks trained in PyTorch load here and predict what
 * PyTorch predicted (then fine-tune), and networks trained here, loaded in PyTorch with
 * load_state_dict, predicted what they predict here. {@link PyTorchLiveTest} runs the same checks
 * against PyTorch itself where it is installed.
 */
class PyTorchFixturesTest {
    private final File dir = Interop.fixtures();

    @Test
    void networksTrainedInPyTorchPredictTheSameHereAndFineTune() throws IOException {
        for (String network : Interop.NETWORKS) {
            System.out.println(Interop.torchToChainrule(dir, network));
        }
    }

    @Test
    void networksExportedFromChainrulePredictTheSameInPyTorch() throws IOException {
        for (String network : Interop.NETWORKS) {
            System.out.println(Interop.chainruleToTorch(dir, network, null));
        }
    }
}
