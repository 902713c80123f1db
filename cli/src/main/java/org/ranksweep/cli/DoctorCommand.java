package org.ranksweep.cli;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.ranksweep.core.error.ConflictException;
import org.ranksweep.core.error.Failures;
import org.ranksweep.db.DatabaseConfig;
import org.ranksweep.db.DatabaseProbe;
import org.ranksweep.db.embedded.EmbeddedPostgresServer;
import org.ranksweep.worker.data.FashionMnistFiles;
import org.ranksweep.worker.model.EngineFacts;
import org.ranksweep.worker.model.TorchRuntime;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ranksweep doctor}: what this machine gives RankSweep — JDK, the PyTorch engine as loaded (libtorch, BLAS and
 * OpenMP libraries, threads), CUDA devices, the database and the dataset — and, for each thing the user asked for that
 * cannot work, how to fix it.
 */
@Command(
        name = "doctor",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Check what this machine gives RankSweep: JDK, PyTorch engine and libtorch, BLAS/OpenMP, threads per slot,",
            "CUDA devices, the database and the Fashion-MNIST files. Every line is OK, WARN or FAIL; a FAIL says how",
            "to fix it and makes the exit code 1. Ask for what you plan to run (e.g. --device gpu --slots 2)."
        })
final class DoctorCommand implements Callable<Integer> {

    /** What a GPU worker needs when the libtorch on the class path is the CPU build. */
    static final String GPU_FIX =
            "this libtorch is a CPU build; on the GPU host, point DJL at a CUDA build of libtorch "
                    + "2.7.1 (e.g. the lib/ of a PyTorch 2.7.1 CUDA wheel): PYTORCH_LIBRARY_PATH=<that lib/>, "
                    + "PYTORCH_VERSION=2.7.1, PYTORCH_FLAVOR=cu128 (docs/operations.md, \"GPU workers\")";

    @Option(names = "--device", defaultValue = "cpu", description = "the device you plan to run on: cpu or gpu")
    String device;

    @Option(names = "--slots", defaultValue = "1", description = "trials a worker would run at once (default: 1)")
    int slots;

    @Option(names = "--threads", defaultValue = "0", description = "compute threads per slot; 0 = cores / slots")
    int threads;

    @Mixin
    HomeOption home;

    @Mixin
    DatabaseOptions database;

    /** One line of the report. */
    record Check(String subject, Status status, String detail) {}

    enum Status {
        OK,
        WARN,
        FAIL
    }

    @Override
    public Integer call() {
        List<Check> checks = checks();
        for (Check check : checks) {
            System.out.printf("%-9s %-4s %s%n", check.subject(), check.status(), check.detail());
        }
        boolean failed = checks.stream().anyMatch(check -> check.status() == Status.FAIL);
        System.out.println(failed ? "doctor: something you asked for cannot work here (FAIL above)" : "doctor: ready");
        return failed ? ExitCodes.FAILED : ExitCodes.OK;
    }

    List<Check> checks() {
        List<Check> checks = new ArrayList<>();
        checks.add(java());
        int threadsPerSlot =
                threads > 0 ? threads : Math.max(1, Runtime.getRuntime().availableProcessors() / slots);
        checks.addAll(engine(threadsPerSlot));
        checks.add(database());
        checks.add(dataset());
        return checks;
    }

    private static Check java() {
        Runtime runtime = Runtime.getRuntime();
        return new Check(
                "java",
                Status.OK,
                String.format(
                        Locale.ROOT,
                        "%s (%s), max heap %.1f GiB, %d CPUs, %s",
                        System.getProperty("java.version"),
                        System.getProperty("java.vendor"),
                        runtime.maxMemory() / (double) (1L << 30),
                        runtime.availableProcessors(),
                        ManagementFactory.getRuntimeMXBean().getVmName()));
    }

    private List<Check> engine(int threadsPerSlot) {
        List<Check> checks = new ArrayList<>();
        EngineFacts facts;
        try {
            TorchRuntime.start(threadsPerSlot);
            facts = EngineFacts.current();
        } catch (RuntimeException | LinkageError e) {
            checks.add(new Check(
                    "engine",
                    Status.FAIL,
                    "the PyTorch engine does not load (" + Failures.typeAndMessage(e) + "); RankSweep needs libtorch"
                            + " for linux-x86_64, which the pytorch-native jar on the class path provides"));
            return checks;
        }
        String libtorch = facts.libraries().stream()
                .filter(library -> library.contains("libtorch"))
                .findFirst()
                .map(library -> Path.of(library).getParent().toString())
                .orElse("(no libtorch mapped)");
        checks.add(new Check(
                "engine", Status.OK, facts.engine() + " via DJL " + facts.djlVersion() + ", libtorch in " + libtorch));
        checks.add(new Check(
                "threads",
                Status.OK,
                facts.intraOpThreads() + " per operator (" + slots + " slot" + (slots == 1 ? "" : "s") + " on "
                        + Runtime.getRuntime().availableProcessors() + " CPUs), " + facts.interOpThreads()
                        + " across operators"));
        List<String> runtimes = facts.libraries().stream()
                .filter(library -> !library.contains("libtorch") && !library.contains("libc10") && !isCuda(library))
                .map(library -> Path.of(library).getFileName().toString())
                .toList();
        checks.add(new Check(
                "blas",
                Status.OK,
                runtimes.isEmpty()
                        ? "linked into libtorch (no separate BLAS or OpenMP library is mapped)"
                        : "mapped: " + String.join(", ", runtimes)));
        checks.add(devices(facts));
        return checks;
    }

    private static boolean isCuda(String library) {
        return library.contains("libcu") || library.contains("libnv");
    }

    private Check devices(EngineFacts facts) {
        if (!facts.gpus().isEmpty()) {
            List<String> gpus = facts.gpus().stream()
                    .map(gpu -> String.format(
                            Locale.ROOT,
                            "gpu(%d) compute %s, %.1f GiB",
                            gpu.index(),
                            gpu.computeCapability(),
                            gpu.memoryBytes() / (double) (1L << 30)))
                    .toList();
            return new Check("devices", Status.OK, "CUDA usable: " + String.join("; ", gpus));
        }
        if ("gpu".equals(device)) {
            return new Check(
                    "devices", Status.FAIL, "--device gpu asked for, but no CUDA device is usable: " + GPU_FIX);
        }
        List<String> cuda = facts.libraries().stream()
                .filter(DoctorCommand::isCuda)
                .map(library -> Path.of(library).getFileName().toString())
                .toList();
        return new Check(
                "devices",
                Status.OK,
                "cpu (no CUDA device: the CPU build of libtorch, or no GPU"
                        + (cuda.isEmpty() ? ")" : "; CUDA runtime mapped anyway: " + String.join(", ", cuda) + ")"));
    }

    private Check database() {
        if (database.url != null && !database.url.isBlank()) {
            try {
                String version = DatabaseProbe.serverVersion(
                        new DatabaseConfig(database.url, database.user, database.password, 1));
                return new Check("database", Status.OK, "PostgreSQL " + version + " at " + database.url);
            } catch (RuntimeException e) {
                return new Check(
                        "database",
                        Status.FAIL,
                        database.url + " cannot be used: " + Failures.describe(e)
                                + "; check --db-url, --db-user and --db-password (or RANKSWEEP_DB_*)");
            }
        }
        Path data = home.home.resolve("postgres");
        String state = Files.isRegularFile(data.resolve("PG_VERSION")) ? "data in " : "new data directory ";
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(data)) {
            return new Check(
                    "database",
                    Status.OK,
                    "embedded PostgreSQL " + DatabaseProbe.serverVersion(server.config()) + ", " + state + data
                            + " (started and stopped for this check; password in " + server.passwordFile() + ")");
        } catch (ConflictException e) {
            return new Check("database", Status.OK, "embedded PostgreSQL in " + data + " is in use: " + e.getMessage());
        } catch (RuntimeException e) {
            return new Check(
                    "database",
                    Status.FAIL,
                    "the embedded PostgreSQL in " + data + " does not start: " + Failures.describe(e)
                            + "; give another --home, or --db-url for your own server");
        }
    }

    private Check dataset() {
        try {
            Path directory =
                    FashionMnistFiles.withDefaults(home.datasets(), false).locate(null);
            return new Check("dataset", Status.OK, "fashion-mnist in " + directory);
        } catch (RuntimeException e) {
            return new Check(
                    "dataset",
                    Status.WARN,
                    Failures.describe(e) + " (specs naming another dataset, or dataset.path, do not need it)");
        }
    }
}
