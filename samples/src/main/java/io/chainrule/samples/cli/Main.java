package io.chainrule.samples.cli;

import io.chainrule.train.TrainingException;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IExecutionStrategy;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The command-line app: trains a network of the user's choosing on any CSV file ({@code train}),
 * trains the sample networks on real data, and predicts with saved models.
 * User errors (a bad option, a missing or malformed file, data the runtime rejects, a wrong model
 * file, training that diverges, input too large for memory) print one line to stderr and exit
 * with 2 (usage) or 1 (everything else). Anything else is a bug, and shows its stack trace.
 */
@DesktopOnly
@Command(name = "chainrule", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT, version = "Chainrule 0.1.0",
        description = "Trains a network on any CSV file (train), Chainrule's sample networks on real data, and predicts"
                + " with saved models.",
        subcommands = {TrainCsvCommand.class, XorCommand.class, IrisCommand.class, IrisRegressionCommand.class, DigitsCommand.class,
            DigitsHingeCommand.class, MnistCommand.class, DeepCommand.class, Deep1000Command.class, PredictCommand.class,
            ConvertCommand.class, ExplainCommand.class, DescentCommand.class})
public final class Main implements Callable<Integer> {
    /** Exit code of a user error other than a usage error. */
    static final int FAILED = 1;

    @Spec
    CommandSpec spec;

    /** Without a command: the usage, as a usage error. */
    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "name a command, for example: digits");
    }

    /** The app with its error handling; {@code execute(args)} runs it and returns the exit code. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        for (CommandLine sub : cl.getSubcommands().values()) {
            if (sub.getCommand() instanceof TrainCommand) {
                sub.setDefaultValueProvider((TrainCommand) sub.getCommand());
            }
        }
        cl.setParameterExceptionHandler(Main::usageError);
        cl.setExecutionExceptionHandler(Main::failure);
        cl.setExecutionStrategy(outOfMemoryIsAnError(cl.getExecutionStrategy()));
        return cl;
    }

    /**
     * {@code strategy}, with an {@link OutOfMemoryError} (input larger than the heap; picocli's
     * exception handler only sees exceptions) reported as one line.
     */
    private static IExecutionStrategy outOfMemoryIsAnError(IExecutionStrategy strategy) {
        return parsed -> {
            try {
                return strategy.execute(parsed);
            } catch (OutOfMemoryError e) {
                CommandLine cl = parsed.subcommand() != null ? parsed.subcommand().commandSpec().commandLine()
                        : parsed.commandSpec().commandLine();
                cl.getErr().println("error: out of memory (" + e.getMessage() + "): this run needs more than the"
                        + " JVM's heap of " + Runtime.getRuntime().maxMemory() / (1 << 20) + " MB; give the JVM more"
                        + " memory (-Xmx), or check that the input files are what they should be");
                cl.getErr().flush();
                return FAILED;
            }
        };
    }

    /** Runs the app; exits the JVM only on failure (so that it can run inside {@code mvn exec:java}). */
    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        int code = commandLine().execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }

    private static int usageError(ParameterException e, String[] args) {
        CommandLine cl = e.getCommandLine();
        PrintWriter err = cl.getErr();
        err.println("error: " + e.getMessage() + " (see: " + cl.getCommandSpec().qualifiedName() + " --help)");
        err.flush();
        return cl.getCommandSpec().exitCodeOnInvalidInput();
    }

    /** True if {@code e} was thrown by Chainrule's runtime (not by this app or a library it uses). */
    private static boolean fromRuntime(Exception e) {
        StackTraceElement[] trace = e.getStackTrace();
        return trace.length > 0 && trace[0].getClassName().startsWith("io.chainrule.")
                && !trace[0].getClassName().startsWith("io.chainrule.samples.");
    }

    private static int failure(Exception e, CommandLine cl, ParseResult parsed) throws Exception {
        if (e instanceof IOException) {
            cl.getErr().println("error: " + e.getMessage());
        } else if (e instanceof TrainingException) {
            cl.getErr().println("error: training diverged: " + e.getMessage());
        } else if (e instanceof IllegalArgumentException && fromRuntime(e)) {
            // the runtime's word for data or settings it cannot use, such as a data set with a NaN in
            // it; an IllegalArgumentException from elsewhere is a bug and keeps its stack trace
            cl.getErr().println("error: " + e.getMessage());
        } else {
            throw e;
        }
        cl.getErr().flush();
        return FAILED;
    }
}
