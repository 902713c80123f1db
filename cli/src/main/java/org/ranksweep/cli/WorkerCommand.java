package org.ranksweep.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ranksweep worker}: a compute process joining the cluster as a Hazelcast lite member (not built yet). */
@Command(name = "worker", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run a worker process that takes trials from the cluster queue.",
            "It joins as a Hazelcast lite member and runs trials with the DJL PyTorch engine.",
            "NOT BUILT YET: the trial runner has not landed; it exits 2 and joins nothing."})
final class WorkerCommand implements Callable<Integer> {

    @Option(names = "--slots", defaultValue = "1", description = "trials run at once (default: ${DEFAULT-VALUE})")
    int slots;
    @Mixin
    ClusterOptions cluster;
    @Mixin
    HomeOption home;

    @Override
    public Integer call() {
        return NotBuiltYet.say("worker", "the trial runner (compute engine) has not landed");
    }
}
