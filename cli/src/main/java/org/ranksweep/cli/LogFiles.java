package org.ranksweep.cli;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.OutputStreamAppender;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Where a command's log goes, decided once its options are parsed (Logback itself starts before that, with only
 * the stderr appender for errors): {@code <home>/logs/<command>-<pid>.log} for a command with {@code --home}, or
 * standard output for every command when {@code RANKSWEEP_LOG=stdout} (containers). A command without
 * {@code --home} ({@code validate}, {@code submit}, {@code status}) logs errors to stderr only. {@link #close()} removes the appender
 * again, so commands run in one JVM (tests) do not write into each other's files. Not thread-safe.
 */
final class LogFiles implements AutoCloseable {

    /** The environment variable that chooses the destination: {@code file} (the default) or {@code stdout}. */
    static final String DESTINATION_VARIABLE = "RANKSWEEP_LOG";

    private static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n";
    private static final String STDERR_APPENDER = "STDERR";

    private final Logger root;
    private final OutputStreamAppender<ILoggingEvent> appender;
    private final Appender<ILoggingEvent> detachedStderr;

    private LogFiles(Logger root, OutputStreamAppender<ILoggingEvent> appender, Appender<ILoggingEvent> stderr) {
        this.root = root;
        this.appender = appender;
        this.detachedStderr = stderr;
    }

    /**
     * Starts logging for the parsed command {@code command}: to its home's log file, or to stdout.
     *
     * @return the installed destination, or empty when the command logs errors to stderr only
     */
    static Optional<LogFiles> install(CommandSpec command, Map<String, String> environment) {
        String destination = environment.getOrDefault(DESTINATION_VARIABLE, "file");
        if (!destination.equals("file") && !destination.equals("stdout")) {
            throw new CommandLine.ParameterException(
                    command.commandLine(),
                    DESTINATION_VARIABLE + ": must be file or stdout, was '" + destination + "'");
        }
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return Optional.empty();
        }
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        if (destination.equals("stdout")) {
            ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
            console.setTarget("System.out");
            // Everything goes to stdout, errors included, so a container's log shows each message once.
            Appender<ILoggingEvent> stderr = root.getAppender(STDERR_APPENDER);
            if (stderr != null) {
                root.detachAppender(stderr);
            }
            return Optional.of(start(context, root, console, "RANKSWEEP_STDOUT", stderr));
        }
        Optional<Path> home = home(command);
        if (home.isEmpty()) {
            return Optional.empty();
        }
        FileAppender<ILoggingEvent> file = new FileAppender<>();
        file.setFile(
                file(home.get(), command.name(), ProcessHandle.current().pid()).toString());
        return Optional.of(start(context, root, file, "RANKSWEEP_FILE", null));
    }

    /** The log file of process {@code pid} running {@code command} with {@code --home home}. */
    static Path file(Path home, String command, long pid) {
        return home.resolve("logs").resolve(command + "-" + pid + ".log");
    }

    private static LogFiles start(
            LoggerContext context,
            Logger root,
            OutputStreamAppender<ILoggingEvent> appender,
            String name,
            Appender<ILoggingEvent> detachedStderr) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        appender.setContext(context);
        appender.setName(name);
        appender.setEncoder(encoder);
        appender.start();
        root.addAppender(appender);
        return new LogFiles(root, appender, detachedStderr);
    }

    /** The {@code --home} of the command, when it has one (through the {@link HomeOption} mixin). */
    private static Optional<Path> home(CommandSpec command) {
        return command.mixins().values().stream()
                .map(CommandSpec::userObject)
                .filter(HomeOption.class::isInstance)
                .map(mixin -> ((HomeOption) mixin).home)
                .filter(path -> path != null)
                .findFirst();
    }

    @Override
    public void close() {
        root.detachAppender(appender);
        appender.stop();
        if (detachedStderr != null) {
            root.addAppender(detachedStderr);
        }
    }
}
