package io.chainrule.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands the README shows in its transcripts (the blocks {@code docs/transcripts.py}
 * regenerates) still run, in the README's order, and still print the lines shown (times aside):
 * the app's commands in-process, the walkthrough program in a child JVM from the repository root,
 * {@code cat} by reading the file. The {@code mnist} transcript needs the MNIST files and half a
 * minute; {@code TrainingCommandsTest} runs that command, so it is left out here.
 */
class ReadmeCommandsTest {
    private static final Pattern BLOCK = Pattern.compile("<!-- transcript(?::[^>]*)?\\s*-->\\n```[a-z]*\\n(.*?)```",
            Pattern.DOTALL);
    private static final String JAR = "java -jar samples/target/chainrule.jar ";
    private static final String CLASS_PATH = "java -cp samples/target/chainrule.jar ";

    @TempDir
    Path out;

    @Test
    void theReadmeTranscriptsAreWhatTheCommandsPrint() throws Exception {
        Path readmeFile = Path.of("../README.md");
        assumeTrue(Files.isRegularFile(readmeFile), "no README.md beside the samples module");
        String readme = Files.readString(readmeFile);
        String walkthrough = Files.readString(Path.of("src/main/java/io/chainrule/samples/yourdata/Diagnose.java"));
        assertTrue(readme.contains("```java\n" + walkthrough + "```"), "the README shows Diagnose.java as it is");
        System.setProperty("chainrule.out", out.toString());
        try {
            Matcher m = BLOCK.matcher(readme);
            int commands = 0;
            while (m.find()) {
                List<String> lines = Arrays.asList(m.group(1).split("\n"));
                for (int i = 0; i < lines.size(); i++) {
                    if (!lines.get(i).startsWith("$ ")) {
                        continue;
                    }
                    int end = i + 1;
                    while (end < lines.size() && !lines.get(end).startsWith("$ ")) {
                        end++;
                    }
                    String command = lines.get(i).substring(2);
                    String printed = run(command);
                    if (printed != null) {
                        assertShown(command, lines.subList(i + 1, end), printed);
                        commands++;
                    }
                }
            }
            assertTrue(commands >= 10, "ran " + commands + " commands");
        } finally {
            System.clearProperty("chainrule.out");
        }
    }

    /** What {@code command} prints, or null for a command left out. */
    private String run(String command) throws Exception {
        if (command.startsWith("cat ")) {
            return Files.readString(Path.of("..", command.substring(4)));
        }
        if (command.startsWith(CLASS_PATH)) {
            String main = command.substring(CLASS_PATH.length()).trim();
            Process p = new ProcessBuilder(new File(System.getProperty("java.home"), "bin/java").getPath(),
                    "-cp", absoluteClassPath(), main)
                    .directory(new File("..")).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), command);
            assertEquals(0, p.exitValue(), command + "\n" + output);
            return output;
        }
        assertTrue(command.startsWith(JAR), "a README transcript runs something other than the app: " + command);
        List<String> args = new ArrayList<>(Arrays.asList(command.substring(JAR.length()).trim().split(" +")));
        if (args.get(0).equals("mnist")) {
            return null;
        }
        for (int k = 0; k < args.size(); k++) {
            String a = args.get(k);
            if (a.startsWith("out/")) {
                args.set(k, out.resolve(a.substring(4)).toString());
            } else if (a.startsWith("samples/") || a.startsWith("docs/")) {
                args.set(k, "../" + a);
            }
        }
        CliRun run = CliRun.of(args.toArray(new String[0]));
        assertEquals(0, run.exitCode(), command + "\n" + run);
        return run.out().replace(out.toString() + File.separator, "out/");
    }

    /** The lines shown (times masked, "..." skipped) appear in the printed output, in order. */
    private static void assertShown(String command, List<String> shown, String printed) {
        List<String> actual = new ArrayList<>();
        for (String line : printed.split("\\R")) {
            actual.add(maskTimes(line));
        }
        int at = 0;
        for (String line : shown) {
            if (line.equals("...")) {
                continue;
            }
            String expected = maskTimes(line);
            while (at < actual.size() && !actual.get(at).equals(expected)) {
                at++;
            }
            assertTrue(at < actual.size(), "'" + command + "' no longer prints the README's line\n" + line
                    + "\nit prints:\n" + printed + "\n(run python3 docs/transcripts.py)");
            at++;
        }
    }

    private static String maskTimes(String line) {
        return line.replaceAll("\\d+\\.\\d+ s\\b", "T s");
    }

    /** The test's class path with absolute entries, for a child JVM started in another directory. */
    private static String absoluteClassPath() {
        List<String> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            entries.add(new File(entry).getAbsolutePath());
        }
        return String.join(File.pathSeparator, entries);
    }
}
