package org.ranksweep.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.ranksweep.cli.dispatch.NoopTrialExecutor;
import picocli.CommandLine;

/**
 * {@code NoopWorkerMain TIMINGS worker OPTIONS...}: {@code ranksweep worker} whose slots complete every trial at once
 * with a synthetic result ({@link NoopTrialExecutor}), for the dispatch benchmark and its test. It lives on the test
 * classpath only, so the shipped CLI cannot write synthetic results into a real database. Each slot writes its
 * trials' start and end times to {@code TIMINGS/<slot id>.tsv} when the worker stops. With
 * {@code -Dranksweep.noop.trialMillis=N} each trial takes N ms unless it is cancelled (a hand-back) first.
 */
public final class NoopWorkerMain {

    /** System property: how long each no-op trial takes unless cancelled, in milliseconds (default 0). */
    public static final String TRIAL_MILLIS = "ranksweep.noop.trialMillis";

    private NoopWorkerMain() {}

    public static void main(String[] args) {
        if (args.length < 2 || !args[1].equals("worker")) {
            throw new IllegalArgumentException("usage: NoopWorkerMain TIMINGS worker OPTIONS...");
        }
        Path timings = Path.of(args[0]);
        long trialMillis = Long.getLong(TRIAL_MILLIS, 0);
        CommandLine.IFactory noop = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                if (type == WorkerCommand.class) {
                    return type.cast(new WorkerCommand((hazelcast, settings) ->
                            new WorkerSlots(hazelcast, settings, "noop", slotId -> {
                                NoopTrialExecutor executor = new NoopTrialExecutor(
                                        timings.resolve(slotId + ".tsv"), Duration.ofMillis(trialMillis));
                                return new WorkerSlots.SlotExecutor(executor, executor);
                            })));
                }
                return CommandLine.defaultFactory().create(type);
            }
        };
        System.exit(Main.execute(noop, Arrays.copyOfRange(args, 1, args.length)));
    }
}
