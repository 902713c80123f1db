package org.ranksweep.cli.dispatch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * The trial start and end times the noop worker slots wrote (one TSV file per slot, epoch microseconds), and the
 * idle gaps between consecutive trials of a slot: from the end of one trial to the start of the next, i.e. the time
 * a worker spends reporting, taking the next trial, writing its lease and reporting its start.
 *
 * @param slots one entry per slot: its file name and its trials' [start, end] pairs in execution order
 */
record WorkerTimings(List<Slot> slots) {

    /** One worker slot's trials. */
    record Slot(String name, long[] startsMicros, long[] endsMicros) {

        /** Microseconds between the end of each trial and the start of the next. */
        long[] gapsMicros() {
            long[] gaps = new long[Math.max(0, startsMicros.length - 1)];
            for (int i = 0; i < gaps.length; i++) {
                gaps[i] = startsMicros[i + 1] - endsMicros[i];
            }
            return gaps;
        }
    }

    static WorkerTimings read(Path directory) {
        List<Slot> slots = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file :
                    files.filter(f -> f.toString().endsWith(".tsv")).sorted().toList()) {
                List<String> lines = Files.readAllLines(file);
                int trials = lines.size() - 1;
                long[] starts = new long[trials];
                long[] ends = new long[trials];
                for (int i = 0; i < trials; i++) {
                    String[] fields = lines.get(i + 1).split("\t");
                    starts[i] = Long.parseLong(fields[0]);
                    ends[i] = Long.parseLong(fields[1]);
                }
                slots.add(new Slot(file.getFileName().toString(), starts, ends));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read worker timings in " + directory, e);
        }
        return new WorkerTimings(List.copyOf(slots));
    }

    /** Only the trials that started at or after {@code start} (e.g. leaving out a warm-up sweep). */
    WorkerTimings since(Instant start) {
        long micros = ChronoUnit.MICROS.between(Instant.EPOCH, start);
        List<Slot> kept = new ArrayList<>();
        for (Slot slot : slots) {
            int from = 0;
            while (from < slot.startsMicros().length && slot.startsMicros()[from] < micros) {
                from++;
            }
            kept.add(new Slot(
                    slot.name(),
                    Arrays.copyOfRange(slot.startsMicros(), from, slot.startsMicros().length),
                    Arrays.copyOfRange(slot.endsMicros(), from, slot.endsMicros().length)));
        }
        return new WorkerTimings(List.copyOf(kept));
    }

    /** Trials executed by all slots together. */
    long trials() {
        return slots.stream().mapToLong(slot -> slot.startsMicros().length).sum();
    }

    /** Every slot's gaps together, sorted. */
    long[] allGapsMicros() {
        return slots.stream()
                .flatMapToLong(slot -> Arrays.stream(slot.gapsMicros()))
                .sorted()
                .toArray();
    }

    /** Nearest-rank percentile of sorted values; NaN when there are none. */
    static double percentile(long[] sorted, double percent) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
