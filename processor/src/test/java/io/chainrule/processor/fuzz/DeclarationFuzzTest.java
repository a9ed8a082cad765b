package io.chainrule.processor.fuzz;

import static org.junit.jupiter.api.Assertions.fail;

import io.chainrule.processor.fuzz.FuzzCase.Expectation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The annotation processor's fuzz test: many random {@code @Network} declarations (valid, invalid
 * and unusual-but-legal Java, see {@link CaseGenerator}) compiled in one JVM, each judged by
 * {@link CaseRunner}. A failure prints its case seed, the declaration and the command that runs
 * that case alone.
 *
 * <p>System properties: {@code chainrule.fuzz.declarations} (cases; default 300),
 * {@code chainrule.fuzz.seed} (default fixed, so that the default run is the same every time),
 * {@code chainrule.fuzz.case} (comma-separated case seeds: run just these),
 * {@code chainrule.fuzz.budget} (seconds of CPU time per compilation, javac's garbage collection included; default 60). A report of every failure
 * is written to {@code target/fuzz/declarations.txt}.
 */
class DeclarationFuzzTest {
    static final long DEFAULT_SEED = 20261201L;
    /** Cases compiled together (valid and unusual; invalid ones in batches of their own). */
    static final int BATCH = 8;

    @Test
    void everyDeclarationCompilesOrGetsAPositionedError() throws IOException {
        long seed = Long.getLong("chainrule.fuzz.seed", DEFAULT_SEED);
        int count = Integer.getInteger("chainrule.fuzz.declarations", 300);
        long budget = Long.getLong("chainrule.fuzz.budget", 60) * 1000;
        List<FuzzCase> cases = new ArrayList<>();
        String only = System.getProperty("chainrule.fuzz.case", "");
        if (!only.isBlank()) {
            for (String s : only.split(",")) {
                cases.add(CaseGenerator.generate(Long.parseLong(s.trim())));
            }
        } else {
            for (int i = 0; i < count; i++) {
                cases.add(CaseGenerator.generate(caseSeed(seed, i)));
            }
        }
        long start = System.nanoTime();
        CaseRunner runner = new CaseRunner(budget);
        int done = 0;
        int reported = 0;
        for (List<FuzzCase> batch : batches(cases)) {
            runner.run(batch);
            done += batch.size();
            if (done / 500 > reported) {
                reported = done / 500;
                System.out.printf(Locale.ROOT, "declaration fuzz: %d of %d cases, %d failures, %.0f s%n", done, cases.size(),
                        runner.failures.size(), (System.nanoTime() - start) / 1e9);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        String summary = summary(cases, runner, seed, only, seconds);
        System.out.println(summary);
        Path out = Path.of("target", "fuzz");
        Files.createDirectories(out);
        StringBuilder report = new StringBuilder(summary).append('\n');
        for (Failure f : runner.failures) {
            report.append(f.report()).append('\n');
        }
        Files.writeString(out.resolve("declarations.txt"), report, StandardCharsets.UTF_8);
        if (!runner.failures.isEmpty()) {
            fail(summary + "\nfirst failures (all in " + out.resolve("declarations.txt").toAbsolutePath() + "):\n"
                    + firstOfEachKind(runner.failures, 5));
        }
    }

    /** The seed of case {@code index}: a SplitMix64 step, so that neighbouring cases differ in every bit. */
    static long caseSeed(long seed, int index) {
        long z = seed + (index + 1) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return (z ^ (z >>> 31)) & Long.MAX_VALUE;
    }

    /** Shared compilations: by release, invalid cases apart from the others, solo cases alone. */
    static List<List<FuzzCase>> batches(List<FuzzCase> cases) {
        Map<String, List<FuzzCase>> open = new LinkedHashMap<>();
        List<List<FuzzCase>> batches = new ArrayList<>();
        for (FuzzCase c : cases) {
            if (c.solo) {
                batches.add(List.of(c));
                continue;
            }
            String key = c.release + (c.expectation == Expectation.INVALID ? "i" : "v");
            List<FuzzCase> batch = open.computeIfAbsent(key, k -> new ArrayList<>());
            batch.add(c);
            if (batch.size() == BATCH) {
                batches.add(batch);
                open.remove(key);
            }
        }
        batches.addAll(open.values());
        return batches;
    }

    private static String summary(List<FuzzCase> cases, CaseRunner runner, long seed, String only, double seconds) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "Declaration fuzz: %d cases (%s), %d compilations, %.1f s (compiling %.1f s, running models %.1f s)%n"
                + "  slowest compilation of one case: %,d ms of CPU time, case %s%n",
                cases.size(), only.isBlank() ? "seed " + seed : "cases " + only, runner.compilations, seconds,
                runner.compileMillis / 1e3, runner.checkMillis / 1e3, runner.slowestMillis, runner.slowestCase));
        for (Expectation e : Expectation.values()) {
            long total = cases.stream().filter(c -> c.expectation == e).count();
            long failed = runner.failures.stream().filter(f -> f.fuzzCase().expectation == e).map(Failure::fuzzCase)
                    .distinct().count();
            int[] counts = runner.compiledAndRejected.get(e);
            s.append(String.format(Locale.ROOT, "  %-8s %5d cases: %5d compiled and ran, %5d rejected cleanly, %5d failed%n",
                    e, total, counts[0], counts[1], failed));
        }
        s.append(String.format(Locale.ROOT, "  gradient checks %d (%d passed at a second point; %d inconclusive: no point with "
                + "every layer's gradient); shape comparisons %d; auxiliary-class warnings accepted %d%n", ModelChecks.gradientChecks,
                ModelChecks.gradientRoundingErrors, ModelChecks.gradientInconclusive, ModelChecks.shapeComparisons,
                runner.auxiliaryClassWarnings));
        Map<String, List<Failure>> byKind = byKind(runner.failures);
        if (!byKind.isEmpty()) {
            s.append(String.format(Locale.ROOT, "  failures by kind (%d kinds, %d failures):%n", byKind.size(), runner.failures.size()));
            for (Map.Entry<String, List<Failure>> e : byKind.entrySet()) {
                s.append(String.format(Locale.ROOT, "  %5d  %s%n", e.getValue().size(), e.getKey()));
            }
        }
        if (!runner.unusualRejections.isEmpty()) {
            s.append("  unusual cases rejected cleanly, by first error:\n");
            runner.unusualRejections.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                    .forEach(e -> s.append(String.format(Locale.ROOT, "  %5d  %s%n", e.getValue(), e.getKey())));
        }
        return s.toString();
    }

    /** Failures grouped by kind, the most frequent kind first; each kind's failures shortest source first. */
    static Map<String, List<Failure>> byKind(List<Failure> failures) {
        Map<String, List<Failure>> byKind = new LinkedHashMap<>();
        for (Failure f : failures) {
            byKind.computeIfAbsent(f.kind(), k -> new ArrayList<>()).add(f);
        }
        for (List<Failure> l : byKind.values()) {
            l.sort(Comparator.comparingInt(f -> f.fuzzCase().listing().length()));
        }
        Map<String, List<Failure>> sorted = new LinkedHashMap<>();
        byKind.entrySet().stream().sorted((a, b) -> b.getValue().size() - a.getValue().size())
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }

    private static String firstOfEachKind(List<Failure> failures, int kinds) {
        StringBuilder s = new StringBuilder();
        int shown = 0;
        for (List<Failure> l : byKind(failures).values()) {
            if (shown++ == kinds) {
                break;
            }
            s.append(l.get(0).report()).append('\n');
        }
        return s.toString();
    }
}
