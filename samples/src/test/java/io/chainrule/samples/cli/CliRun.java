package io.chainrule.samples.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/** One in-process run of the app with its stdout, stderr and exit code captured. */
record CliRun(int exitCode, String out, String err) {
    /** Runs the app as {@code Main.main} would, without exiting the JVM. */
    static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }

    /** The number after {@code label} in the output, for example the test accuracy. */
    double number(String label) {
        Matcher m = Pattern.compile(Pattern.quote(label) + " ([0-9.]+)").matcher(out);
        if (!m.find()) {
            throw new AssertionError("no '" + label + "' in the output:\n" + out + err);
        }
        return Double.parseDouble(m.group(1));
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
}
