package org.ranksweep.worker.bench;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ForkJoinPool;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.SingularOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;
import org.ranksweep.worker.compress.ComcatFactorizer;
import org.ranksweep.worker.compress.DenseAttention;
import org.ranksweep.worker.compress.HeadFactors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Times the per-head product SVDs of a DeiT-B-shaped model (12 blocks, 12 heads, d = 768: 288 products) by the
 * thin-QR route ({@link ComcatFactorizer#decompose}) against a full d×d EJML SVD of each explicit product, and writes
 * {@code benchmarks/factorization.md}. The thin-QR route is timed as shipped (heads in parallel on the common pool)
 * and in a one-thread pool; the full route runs on one thread. A harness run by hand, not a test. Argument
 * (optional): the seconds the full route may take before the rest is extrapolated (default 120).
 */
public final class FactorizationBenchmark {

    private static final Logger LOG = LoggerFactory.getLogger(FactorizationBenchmark.class);
    private static final OperatingSystemMXBean OPERATING_SYSTEM =
            (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private static final int WIDTH = 768;
    private static final int HEADS = 12;
    private static final int DEPTH = 12;
    private static final int REPEATS = 3;
    private static final String COMMAND = "./mvnw -q -pl worker -am test-compile dependency:build-classpath "
            + "-Dmdep.outputFile=target/test.classpath -Dmdep.includeScope=test \\\n  && java -cp "
            + "\"worker/target/test-classes:worker/target/classes:$(cat worker/target/test.classpath)\" "
            + "org.ranksweep.worker.bench.FactorizationBenchmark";

    private FactorizationBenchmark() {}

    public static void main(String[] args) throws Exception {
        double fullBudgetSeconds = args.length > 0 ? Double.parseDouble(args[0]) : 120;
        List<DenseAttention> model = randomModel(new Random(2023));
        int products = 2 * HEADS * DEPTH;
        double loadBefore = OPERATING_SYSTEM.getSystemLoadAverage();

        decomposeAll(model); // warm-up
        List<Timing> parallel = new ArrayList<>();
        List<Timing> serial = new ArrayList<>();
        ForkJoinPool single = new ForkJoinPool(1);
        try {
            single.submit(() -> decomposeAll(model)).get(); // warm-up in the one-thread pool too
            for (int repeat = 0; repeat < REPEATS; repeat++) {
                parallel.add(time(() -> decomposeAll(model)));
                serial.add(time(() -> single.submit(() -> decomposeAll(model)).get()));
            }
        } finally {
            single.shutdown();
        }
        LOG.info(
                "thin-QR route: {} products, {} threads {} s wall, 1 thread {} s wall",
                products,
                ForkJoinPool.getCommonPoolParallelism() + 1,
                parallel,
                serial);
        List<List<HeadFactors>> thin = decomposeAll(model);

        fullSvd(explicitProduct(model.get(0), 0, true)); // warm-up
        FullRoute full = timeFullRoute(model, thin, fullBudgetSeconds);
        double fullSeconds = full.seconds() * products / full.products();
        LOG.info(
                "full d×d route: {} of {} products in {} s, whole model {} s{}",
                full.products(),
                products,
                format(full.seconds()),
                format(fullSeconds),
                full.products() < products ? " (extrapolated)" : "");

        Path output = BenchEnvironment.resultsFile("factorization.md");
        Files.createDirectories(output.getParent());
        Measurements measurements = new Measurements(
                parallel, serial, full, fullSeconds, products, loadBefore, OPERATING_SYSTEM.getSystemLoadAverage());
        Files.writeString(output, report(measurements), StandardCharsets.UTF_8);
        LOG.info("wrote {}", output);
    }

    private interface Work {
        Object run() throws Exception;
    }

    /** Wall time and the whole process's CPU time (all threads, GC and JIT included) of one run. */
    private record Timing(double wallSeconds, double cpuSeconds) {
        @Override
        public String toString() {
            return format(wallSeconds);
        }
    }

    private record Measurements(
            List<Timing> parallel,
            List<Timing> serial,
            FullRoute full,
            double fullSeconds,
            int products,
            double loadBefore,
            double loadAfter) {}

    private static Timing time(Work work) throws Exception {
        long cpuStart = OPERATING_SYSTEM.getProcessCpuTime();
        long wallStart = System.nanoTime();
        work.run();
        double wallSeconds = (System.nanoTime() - wallStart) / 1e9;
        return new Timing(wallSeconds, (OPERATING_SYSTEM.getProcessCpuTime() - cpuStart) / 1e9);
    }

    private record FullRoute(int products, double seconds, double cpuSeconds, double maxRelativeDifference) {}

    private static List<List<HeadFactors>> decomposeAll(List<DenseAttention> model) {
        List<List<HeadFactors>> factors = new ArrayList<>();
        for (DenseAttention block : model) {
            factors.add(ComcatFactorizer.decompose(block));
        }
        return factors;
    }

    /** Runs full SVDs product by product until all are done or the time budget is spent; checks agreement. */
    private static FullRoute timeFullRoute(
            List<DenseAttention> model, List<List<HeadFactors>> thin, double budgetSeconds) {
        int headWidth = WIDTH / HEADS;
        long start = System.nanoTime();
        long cpuStart = OPERATING_SYSTEM.getProcessCpuTime();
        int done = 0;
        double maxDifference = 0;
        outer:
        for (int block = 0; block < DEPTH; block++) {
            for (int head = 0; head < HEADS; head++) {
                for (boolean queryKey : new boolean[] {true, false}) {
                    double[] values = fullSvd(explicitProduct(model.get(block), head, queryKey));
                    HeadFactors factors = thin.get(block).get(head);
                    double[] thinValues =
                            queryKey ? factors.qk().s() : factors.vo().s();
                    for (int index = 0; index < headWidth; index++) {
                        maxDifference =
                                Math.max(maxDifference, Math.abs(values[index] - thinValues[index]) / values[index]);
                    }
                    done++;
                    if ((System.nanoTime() - start) / 1e9 > budgetSeconds) {
                        break outer;
                    }
                }
            }
        }
        return new FullRoute(
                done,
                (System.nanoTime() - start) / 1e9,
                (OPERATING_SYSTEM.getProcessCpuTime() - cpuStart) / 1e9,
                maxDifference);
    }

    /** W_Q^i·W_K^iᵀ or W_V^i·W_O^i of one head, formed explicitly as a d×d matrix (the timed route includes this). */
    private static DMatrixRMaj explicitProduct(DenseAttention block, int head, boolean queryKey) {
        int headWidth = WIDTH / HEADS;
        DMatrixRMaj left = new DMatrixRMaj(WIDTH, headWidth);
        DMatrixRMaj right = new DMatrixRMaj(WIDTH, headWidth);
        for (int row = 0; row < WIDTH; row++) {
            for (int column = 0; column < headWidth; column++) {
                int index = head * headWidth + column;
                left.set(row, column, queryKey ? block.wq()[row][index] : block.wv()[row][index]);
                right.set(row, column, queryKey ? block.wk()[row][index] : block.wo()[index][row]);
            }
        }
        DMatrixRMaj product = new DMatrixRMaj(WIDTH, WIDTH);
        CommonOps_DDRM.multTransB(left, right, product);
        return product;
    }

    private static double[] fullSvd(DMatrixRMaj product) {
        SingularValueDecomposition_F64<DMatrixRMaj> svd =
                DecompositionFactory_DDRM.svd(product.numRows, product.numCols, true, true, true);
        if (!svd.decompose(product)) {
            throw new IllegalStateException("full SVD did not converge");
        }
        DMatrixRMaj u = svd.getU(null, false);
        DMatrixRMaj v = svd.getV(null, false);
        DMatrixRMaj singular = svd.getW(null);
        SingularOps_DDRM.descendingOrder(u, false, singular, v, false);
        double[] values = new double[singular.numCols];
        for (int index = 0; index < values.length; index++) {
            values[index] = singular.get(index, index);
        }
        return values;
    }

    private static List<DenseAttention> randomModel(Random random) {
        List<DenseAttention> model = new ArrayList<>();
        for (int block = 0; block < DEPTH; block++) {
            model.add(new DenseAttention(
                    WIDTH,
                    HEADS,
                    matrix(random),
                    matrix(random),
                    matrix(random),
                    matrix(random),
                    new float[WIDTH],
                    new float[WIDTH],
                    new float[WIDTH],
                    new float[WIDTH]));
        }
        return model;
    }

    private static float[][] matrix(Random random) {
        float[][] matrix = new float[WIDTH][WIDTH];
        double scale = 1 / Math.sqrt(WIDTH);
        for (float[] row : matrix) {
            for (int column = 0; column < WIDTH; column++) {
                row[column] = (float) (random.nextGaussian() * scale);
            }
        }
        return matrix;
    }

    private static String report(Measurements measured) throws IOException {
        FullRoute full = measured.full();
        boolean extrapolated = full.products() < measured.products();
        int threads = ForkJoinPool.getCommonPoolParallelism() + 1;
        StringBuilder text = new StringBuilder();
        text.append("# Factorization benchmark: per-head product SVDs of a DeiT-B-shaped model\n\n");
        text.append("Written by `FactorizationBenchmark` (worker test scope); numbers are from one run.\n\n");
        text.append("- date: ")
                .append(OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS))
                .append('\n');
        text.append("- machine: `nproc` = ")
                .append(Runtime.getRuntime().availableProcessors())
                .append(", CPU ")
                .append(cpuModel())
                .append(", Java ")
                .append(System.getProperty("java.version"))
                .append(", EJML 0.44.0\n");
        text.append("- load average (1 min) before/after the run: ")
                .append(oneDecimal(measured.loadBefore()))
                .append(" / ")
                .append(oneDecimal(measured.loadAfter()))
                .append(" — the cores were shared with other jobs, so wall times are inflated; CPU time is the ")
                .append("whole JVM's (all threads, GC and JIT included)\n");
        text.append("- model: 12 blocks × 12 heads, d = 768, d_h = 64, random N(0, 1/d) weights (seed 2023): ")
                .append(measured.products())
                .append(" products W_QK^i = W_Q^i·W_K^iᵀ and W_VO^i = W_V^i·W_O^i\n");
        text.append("- each route was warmed up once; the thin-QR route was then timed ")
                .append(REPEATS)
                .append(" times (2-thread and 1-thread runs alternating), the full route once\n\n");
        text.append("| route | threads | products timed | wall (s) | CPU (s) | whole model wall (s) |\n");
        text.append("|---|---|---|---|---|---|\n");
        String thinRoute = "thin QR of both factors + SVD of the 64×64 core (`ComcatFactorizer.decompose`)";
        for (int repeat = 0; repeat < REPEATS; repeat++) {
            Timing timing = measured.parallel().get(repeat);
            row(
                    text,
                    thinRoute + ", run " + (repeat + 1),
                    threads,
                    measured.products(),
                    timing,
                    format(timing.wallSeconds()));
        }
        for (int repeat = 0; repeat < REPEATS; repeat++) {
            Timing timing = measured.serial().get(repeat);
            row(
                    text,
                    thinRoute + ", run " + (repeat + 1),
                    1,
                    measured.products(),
                    timing,
                    format(timing.wallSeconds()));
        }
        row(
                text,
                "explicit 768×768 product + full EJML SVD",
                1,
                full.products(),
                new Timing(full.seconds(), full.cpuSeconds()),
                format(measured.fullSeconds())
                        + (extrapolated ? " (extrapolated linearly from the timed subset)" : ""));
        double bestParallel = best(measured.parallel());
        double bestSerial = best(measured.serial());
        text.append("\n- ratio full / thin-QR, both one thread, wall: ")
                .append(String.format(Locale.ROOT, "%.0f", measured.fullSeconds() / bestSerial))
                .append("× (best 1-thread thin-QR run)\n");
        text.append("- target (thin-QR whole model < 2 s wall): best run ")
                .append(format(bestParallel))
                .append(" s with ")
                .append(threads)
                .append(" threads, ")
                .append(format(bestSerial))
                .append(" s with 1 thread: ")
                .append(bestParallel < 2 ? "met" : "NOT met in this run")
                .append('\n');
        text.append("- agreement: the largest relative difference between the 64 leading singular values of the two ")
                .append("routes over the timed products was ")
                .append(String.format(Locale.ROOT, "%.1e", full.maxRelativeDifference()))
                .append("\n\n");
        text.append("Command (from the repository root; `exec:java` with `-am` would also run in the parent and core ")
                .append(
                        "modules, where the class does not exist, so the classpath is written by the reactor build and ")
                .append("the JVM is started directly):\n\n```\n")
                .append(COMMAND)
                .append("\n```\n");
        return text.toString();
    }

    private static void row(StringBuilder text, String route, int threads, int products, Timing timing, String whole) {
        text.append("| ")
                .append(route)
                .append(" | ")
                .append(threads)
                .append(" | ")
                .append(products)
                .append(" | ")
                .append(format(timing.wallSeconds()))
                .append(" | ")
                .append(format(timing.cpuSeconds()))
                .append(" | ")
                .append(whole)
                .append(" |\n");
    }

    private static double best(List<Timing> timings) {
        return timings.stream().mapToDouble(Timing::wallSeconds).min().orElseThrow();
    }

    private static String oneDecimal(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    private static String cpuModel() throws IOException {
        Path cpuInfo = Path.of("/proc/cpuinfo");
        if (Files.isReadable(cpuInfo)) {
            for (String line : Files.readAllLines(cpuInfo)) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        }
        return "unknown";
    }

    /** The directory holding {@code mvnw}, searched upwards from the working directory. */
    private static String format(double seconds) {
        return String.format(Locale.ROOT, "%.3f", seconds);
    }
}
