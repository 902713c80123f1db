package org.ranksweep.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ranksweep} command: composition root of every process RankSweep runs. */
@Command(
        name = "ranksweep",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = {
            "Compress vision transformers with COMCAT (head-level low-rank attention) and compare them against",
            "pruning baselines: sweeps of trials on a cluster of workers, results in PostgreSQL, a dashboard.",
            "",
            "Start with:  ranksweep local experiments/quickstart.yaml"
        },
        subcommands = {
            LocalCommand.class,
            ValidateCommand.class,
            OrchestratorCommand.class,
            WorkerCommand.class,
            SubmitCommand.class,
            StatusCommand.class,
            ReportCommand.class,
            ExportCommand.class,
            DoctorCommand.class,
            CommandLine.HelpCommand.class
        },
        footer = {
            "",
            "Exit codes: 0 success, 1 the sweep or command could not run, 2 invalid input.",
            "Options can also come from a config file (--config FILE; keys are option names, e.g. db-url=...)",
            "or from environment variables RANKSWEEP_<OPTION> (e.g. RANKSWEEP_DB_URL). Precedence: command",
            "line > environment > config file > built-in default.",
            "Logs: <home>/logs/<command>-<pid>.log for commands with --home; RANKSWEEP_LOG=stdout sends every",
            "command's log to standard output instead (containers); RANKSWEEP_LOG_LEVEL=DEBUG for more."
        })
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns its exit code (tests call this instead of {@link #main}). */
    public static int execute(String... args) {
        return execute(CommandLine.defaultFactory(), args);
    }

    /** Runs the command line with commands made by {@code factory} (a test harness's variant of a command). */
    static int execute(CommandLine.IFactory factory, String... args) {
        CommandLine commandLine = new CommandLine(new Main(), factory);
        commandLine.setDefaultValueProvider(new ConfigDefaults(args));
        commandLine.setExecutionExceptionHandler(new ErrorHandler());
        commandLine.setExitCodeExceptionMapper(ErrorHandler::exitCode);
        List<LogFiles> logs = new ArrayList<>();
        // The log's place depends on --home, so it is set once the options are parsed, before the command runs.
        commandLine.setExecutionStrategy(parseResult -> {
            CommandLine.ParseResult command = parseResult;
            while (command.hasSubcommand()) {
                command = command.subcommand();
            }
            LogFiles.install(command.commandSpec(), System.getenv()).ifPresent(logs::add);
            return new CommandLine.RunLast().execute(parseResult);
        });
        try {
            return commandLine.execute(args);
        } finally {
            logs.forEach(LogFiles::close);
        }
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Reads the version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[] {"ranksweep " + (version == null ? "development build" : version)};
        }
    }
}
