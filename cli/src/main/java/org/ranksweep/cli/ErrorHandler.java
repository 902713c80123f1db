package org.ranksweep.cli;

import java.io.PrintWriter;
import org.ranksweep.core.error.NotFoundException;
import org.ranksweep.core.error.RankSweepException;
import org.ranksweep.core.error.ValidationException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns exceptions escaping a command into a readable message and an exit code: invalid input (every problem
 * with its path) exits 2, anything else 1. Stack traces go to the log, not the terminal.
 */
final class ErrorHandler implements IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception exception, CommandLine commandLine, ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        if (exception instanceof ValidationException validation) {
            err.println("invalid input:");
            validation.problems().forEach(problem -> err.println("  " + problem));
        } else if (exception instanceof RankSweepException) {
            err.println("error: " + exception.getMessage());
        } else {
            org.slf4j.LoggerFactory.getLogger(ErrorHandler.class).error("command failed", exception);
            err.println("error: " + exception);
        }
        err.flush();
        return exitCode(exception);
    }

    static int exitCode(Throwable exception) {
        if (exception instanceof ValidationException
                || exception instanceof NotFoundException
                || exception instanceof CommandLine.ParameterException) {
            return ExitCodes.INVALID_INPUT;
        }
        return ExitCodes.FAILED;
    }
}
