package io.chainrule.shipping;

import com.android.tools.r8.Diagnostic;
import com.android.tools.r8.DiagnosticsHandler;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects what D8 or R8 reports. Errors and warnings are kept for the test to fail on (with their
 * origin and position); infos are kept apart, since R8 uses them for plain notes.
 */
final class Diagnostics implements DiagnosticsHandler {
    private final List<String> problems = new ArrayList<>();
    private final List<String> infos = new ArrayList<>();

    @Override
    public synchronized void error(Diagnostic diagnostic) {
        problems.add("error: " + describe(diagnostic));
    }

    @Override
    public synchronized void warning(Diagnostic diagnostic) {
        problems.add("warning: " + describe(diagnostic));
    }

    @Override
    public synchronized void info(Diagnostic diagnostic) {
        infos.add("info: " + describe(diagnostic));
    }

    /** Every error and warning, one line each. */
    synchronized List<String> problems() {
        return new ArrayList<>(problems);
    }

    synchronized List<String> infos() {
        return new ArrayList<>(infos);
    }

    private static String describe(Diagnostic d) {
        String where = d.getOrigin() == null ? "" : d.getOrigin().toString();
        if (d.getPosition() != null && !d.getPosition().getDescription().isEmpty()) {
            where += ":" + d.getPosition().getDescription();
        }
        return (where.isEmpty() ? "" : where + ": ") + d.getDiagnosticMessage();
    }
}
