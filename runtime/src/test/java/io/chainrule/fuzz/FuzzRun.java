package io.chainrule.fuzz;

import static org.junit.jupiter.api.Assertions.fail;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs the seeded cases of one loader's fuzz test. Each case gets its own {@link Mutator}
 * (seed derived from the run's seed and the case number, so any case can be replayed alone) and
 * runs on a worker thread, bounded in time (a hang is a failure, not a stuck build) and in bytes
 * allocated (a loader that allocates what a damaged header announces is a failure even where the
 * heap happens to be large enough). A case returns its outcome ("loaded", or "rejected" with the
 * exception's message, which must be under {@value #MAX_MESSAGE_CHARS} characters); anything it
 * throws is a crash. The run prints one summary line and fails
 * with the first failures, each with its case number, seed and mutations.
 *
 * <p>System properties: {@code chainrule.fuzz.loaderCases} (cases per loader; default: the
 * test's, a few hundred), {@code chainrule.fuzz.seed} (default 1), {@code chainrule.fuzz.case}
 * (run only this case number).
 */
public final class FuzzRun {
    /** What one case does with its mutator; returns the outcome. */
    public interface Case {
        Outcome run(int index, Mutator mutator) throws Exception;
    }

    /** A case's result: loaded, or rejected with a documented exception. */
    public static final class Outcome {
        final boolean loaded;
        final String kind;

        private Outcome(boolean loaded, String kind) {
            this.loaded = loaded;
            this.kind = kind;
        }

        /** A successful load; {@code kind} says which sort (for the tally). */
        public static Outcome loaded(String kind) {
            return new Outcome(true, kind);
        }

        /** A rejection with a documented exception, tallied by the message's shape. */
        public static Outcome rejected(Exception e, String source) {
            String message = e.getMessage();
            if (message.length() > MAX_MESSAGE_CHARS) {
                throw new AssertionError("a message of " + message.length() + " characters: "
                        + message.substring(0, 300) + "...");
            }
            String detail = message.startsWith(source) ? message.substring(source.length()) : message;
            detail = detail.substring(0, Math.min(detail.length(), 300));
            // "…, line 3, column 2: value 'x' is not a number [column 'b']" -> "value '#' is not a number"
            detail = detail.replaceFirst("^(, line \\d+)?(, column \\d+)?: ", "")
                    .replaceAll("\\[column '.*'\\]$", "")
                    .replaceAll("'.*'", "'#'")
                    .replaceAll("\\S*[/\\\\]", "")
                    .replaceAll("-?\\d+(\\.\\d+)?", "#")
                    .replaceAll("[(;\\[].*", "")
                    .trim();
            int colon = detail.indexOf(": ", 12);
            if (colon > 0) {
                detail = detail.substring(0, colon);
            }
            if (detail.length() > 60) {
                detail = detail.substring(0, 60) + "…";
            }
            return new Outcome(false, e.getClass().getSimpleName() + ": " + detail);
        }
    }

    /** A call into the loader under test. */
    public interface Load<T> {
        T call() throws Exception;
    }

    /** Bytes allocated by the {@link #measured} calls of the current case, on its thread. */
    private static final ThreadLocal<long[]> LOAD_BYTES = ThreadLocal.withInitial(() -> new long[1]);
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final boolean COUNTS_BYTES =
            THREADS.isThreadAllocatedMemorySupported() && THREADS.isThreadAllocatedMemoryEnabled();

    /**
     * Calls the loader, adding the bytes it allocates (returning or throwing) to the case's count,
     * which the run bounds; what the case does around it (mutating, checking) is not counted.
     */
    public static <T> T measured(Load<T> load) throws Exception {
        long before = COUNTS_BYTES ? THREADS.getCurrentThreadAllocatedBytes() : 0;
        try {
            return load.call();
        } finally {
            if (COUNTS_BYTES) {
                LOAD_BYTES.get()[0] += THREADS.getCurrentThreadAllocatedBytes() - before;
            }
        }
    }

    private static final long TIMEOUT_SECONDS = 60;
    /** A rejection's message is one readable line, never a dump of the damaged data. */
    private static final int MAX_MESSAGE_CHARS = 2000;
    private static final int FAILURES_SHOWN = 10;

    private final String name;
    private final int cases;
    private final long seed;
    private final int only;
    private final Map<String, Integer> loaded = new TreeMap<>();
    private final Map<String, Integer> rejected = new TreeMap<>();
    private final List<String> failures = new ArrayList<>();
    private int crashes;
    private int hangs;
    private int overAllocations;
    private int run;
    private long maxAllocated;

    /** A run named {@code name} of {@code defaultCases} cases unless the system property says otherwise. */
    public FuzzRun(String name, int defaultCases) {
        this.name = name;
        this.cases = Integer.getInteger("chainrule.fuzz.loaderCases", defaultCases);
        this.seed = Long.getLong("chainrule.fuzz.seed", 1L);
        this.only = Integer.getInteger("chainrule.fuzz.case", -1);
    }

    /** The seed of case {@code index}: a mix of the run's seed, the run's name and the index. */
    long caseSeed(int index) {
        long z = seed * 0x9E3779B97F4A7C15L + name.hashCode() * 0xBF58476D1CE4E5B9L + index;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * Runs every case; the {@link #measured} loader calls of a case may allocate at most
     * {@code allocationLimit} bytes together (checked where the JVM counts allocated bytes per
     * thread). Fails at the end if any case failed.
     */
    public void run(long allocationLimit, Case body) throws InterruptedException {
        ExecutorService worker = Executors.newSingleThreadExecutor(daemon());
        try {
            for (int index = 0; index < cases; index++) {
                if (only >= 0 && index != only) {
                    continue;
                }
                run++;
                final int i = index;
                final Mutator mutator = new Mutator(caseSeed(index));
                Future<Object[]> result = worker.submit(() -> {
                    LOAD_BYTES.get()[0] = 0;
                    Outcome outcome = body.run(i, mutator);
                    return new Object[] {outcome, LOAD_BYTES.get()[0]};
                });
                try {
                    Object[] done = result.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                    Outcome outcome = (Outcome) done[0];
                    long allocated = (Long) done[1];
                    maxAllocated = Math.max(maxAllocated, allocated);
                    if (allocated > allocationLimit) {
                        overAllocations++;
                        failure(index, mutator, "allocated " + allocated + " bytes (limit " + allocationLimit + ")");
                    }
                    (outcome.loaded ? loaded : rejected).merge(outcome.kind, 1, Integer::sum);
                } catch (TimeoutException e) {
                    hangs++;
                    failure(index, mutator, "still running after " + TIMEOUT_SECONDS + " s");
                    result.cancel(true);
                    worker.shutdownNow();
                    worker = Executors.newSingleThreadExecutor(daemon());
                } catch (ExecutionException e) {
                    crashes++;
                    Throwable cause = e.getCause();
                    java.io.StringWriter trace = new java.io.StringWriter();
                    cause.printStackTrace(new java.io.PrintWriter(trace));
                    String text = trace.toString();
                    failure(index, mutator, text.length() > 2000 ? text.substring(0, 2000) + "…" : text);
                }
            }
        } finally {
            worker.shutdownNow();
        }
        System.out.println(summary());
        if (!failures.isEmpty()) {
            StringBuilder message = new StringBuilder(summary());
            for (int k = 0; k < Math.min(FAILURES_SHOWN, failures.size()); k++) {
                message.append("\n").append(failures.get(k));
            }
            fail(message.toString());
        }
    }

    private void failure(int index, Mutator mutator, String what) {
        failures.add("case " + index + " (replay: -Dchainrule.fuzz.case=" + index + " -Dchainrule.fuzz.seed=" + seed
                + "; mutations: " + mutator.description() + "): " + what);
    }

    /** One line: cases, outcomes per kind, failures. */
    public String summary() {
        return name + " fuzz: " + run + " cases (seed " + seed + "): loaded " + total(loaded) + " " + loaded
                + ", rejected " + total(rejected) + " " + rejected + "; crashes " + crashes + ", hangs " + hangs
                + ", over-allocations " + overAllocations + " (most allocated by one case's loading: " + maxAllocated + " bytes)";
    }

    private static int total(Map<String, Integer> counts) {
        int sum = 0;
        for (int n : counts.values()) {
            sum += n;
        }
        return sum;
    }

    private static java.util.concurrent.ThreadFactory daemon() {
        return r -> {
            Thread t = new Thread(r, "fuzz-case");
            t.setDaemon(true);
            return t;
        };
    }
}
