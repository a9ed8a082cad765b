package io.chainrule.shipping;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A program run in a JVM of its own, with its exit code and its output (stdout and stderr together). */
record JavaProcess(int exitCode, String output) {
    /** Runs {@code java} of {@code javaHome} with {@code arguments}, for at most 5 minutes. */
    static JavaProcess run(Path javaHome, List<String> arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(javaHome.resolve("bin").resolve(File.separatorChar == '\\' ? "java.exe" : "java").toString());
        command.addAll(arguments);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = p.getInputStream().readAllBytes();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("did not finish in 5 minutes: " + command);
        }
        return new JavaProcess(p.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    /** This JVM's own Java home. */
    static Path thisJavaHome() {
        return Path.of(System.getProperty("java.home"));
    }
}
