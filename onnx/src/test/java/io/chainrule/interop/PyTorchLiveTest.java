package io.chainrule.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.chainrule.Model;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both round trips against PyTorch itself, where a Python with torch and numpy is installed
 * (skipped otherwise): networks are trained here and exported, then {@code chainrule_torch.py
 * fixtures} trains the PyTorch networks and loads the exports with load_state_dict in a fresh
 * folder, and {@link Interop} checks everything as it checks the committed fixtures.
 *
 * <p>The interpreter: the system property or environment variable {@code CHAINRULE_PYTHON} (only
 * that one), else the first of {@code /usr/bin/python3}, {@code python3}, {@code python} that imports torch and
 * numpy (Debian's python3-torch installs for /usr/bin/python3, which need not be the
 * {@code python3} on the PATH). With {@code -Dchainrule.interop.updateFixtures=true} the files are
 * written into interop/pytorch/fixtures instead, which regenerates the committed fixtures.
 */
class PyTorchLiveTest {
    @TempDir
    File temp;

    @Test
    void roundTripsAgainstLivePyTorch() throws Exception {
        String python = findPython();
        Assumptions.assumeTrue(python != null, "no Python with torch and numpy (tried " + candidates() + ")");
        File dir = Boolean.getBoolean("chainrule.interop.updateFixtures") ? Interop.fixtures() : temp;
        Map<String, Model> trained = Interop.writeChainruleExports(dir);
        File script = new File(Interop.fixtures().getParentFile(), "chainrule_torch.py");
        List<String> command = List.of(python, script.getPath(), "fixtures", dir.getPath(), "--data",
                Interop.irisCsv().getPath());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        boolean finished = process.waitFor(300, TimeUnit.SECONDS);
        assertEquals(true, finished, "the script took over 5 minutes");
        assertEquals(0, process.exitValue(), String.join(" ", command) + " failed:\n" + output);
        System.out.print(Files.readString(new File(dir, "VERSIONS.txt").toPath()));
        for (String network : Interop.NETWORKS) {
            System.out.println(Interop.torchToChainrule(dir, network));
            System.out.println(Interop.chainruleToTorch(dir, network, trained.get(network)));
        }
    }

    private static Set<String> candidates() {
        Set<String> c = new LinkedHashSet<>();
        String configured = System.getProperty("CHAINRULE_PYTHON", System.getenv("CHAINRULE_PYTHON"));
        if (configured != null) {
            c.add(configured);
            return c;
        }
        c.add("/usr/bin/python3");
        c.add("python3");
        c.add("python");
        return c;
    }

    /** The first interpreter that imports torch and numpy, or null. */
    static String findPython() {
        for (String candidate : candidates()) {
            try {
                List<String> command = new ArrayList<>(List.of(candidate, "-c", "import torch, numpy"));
                Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                if (p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    return candidate;
                }
                p.destroyForcibly();
            } catch (IOException e) {
                // not installed
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return null;
    }
}
