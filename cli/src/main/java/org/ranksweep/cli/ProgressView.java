package org.ranksweep.cli;

import java.io.PrintStream;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.ranksweep.core.json.Json;
import org.ranksweep.orchestrator.fanout.FanoutEvent;

/**
 * Shows a sweep's progress in the terminal: on an interactive terminal one bar for the sweep (trials done of
 * total, with ETA) and one per running trial; otherwise one line per state change and per epoch. Events come on
 * one thread (the event-bus consumer); not thread-safe otherwise.
 */
final class ProgressView implements Consumer<String>, AutoCloseable {

    private static final int TRIAL_STEPS = 1000;

    private final long sweepId;
    private final int total;
    private final boolean interactive;
    private final PrintStream out;
    private final Map<Long, String> labels = new ConcurrentHashMap<>();
    private final Map<Long, ProgressBar> trialBars = new HashMap<>();
    private ProgressBar sweepBar;
    private int done;

    ProgressView(long sweepId, int total, int alreadyDone, boolean interactive, PrintStream out) {
        this.sweepId = sweepId;
        this.total = total;
        this.done = alreadyDone;
        this.interactive = interactive;
        this.out = out;
        if (interactive) {
            sweepBar = bar("sweep " + sweepId, total, "trials");
            sweepBar.stepTo(alreadyDone);
        }
    }

    /** Names a trial for display, e.g. "#4 comcat b=0.25". */
    void label(long trialId, String label) {
        labels.put(trialId, label);
    }

    @Override
    public void accept(String json) {
        FanoutEvent event = Json.read(json, FanoutEvent.class);
        if (event.sweepId() != sweepId || event.trialId() == null) {
            return;
        }
        switch (event.type()) {
            case "TrialStateChanged" -> onState(event);
            case "TrialProgressed" -> onProgress(event);
            case "MetricsRecorded" -> onMetrics(event);
            default -> { }
        }
    }

    private void onState(FanoutEvent event) {
        long trialId = event.trialId();
        String state = event.state();
        if ("RUNNING".equals(state) && interactive) {
            trialBars.computeIfAbsent(trialId, id -> bar(name(id), TRIAL_STEPS, ""));
        }
        boolean terminal = state.equals("COMPLETED") || state.equals("FAILED") || state.equals("CANCELLED");
        if (terminal) {
            done++;
            ProgressBar bar = trialBars.remove(trialId);
            if (bar != null) {
                bar.setExtraMessage(" " + state);
                bar.stepTo(TRIAL_STEPS);
                bar.close();
            }
            if (sweepBar != null) {
                sweepBar.stepTo(done);
            }
        }
        if (!interactive && !"QUEUED".equals(state)) {
            out.printf("[%d/%d] %s %s%s%n", done, total, name(trialId), state, detail(event));
        }
    }

    private void onProgress(FanoutEvent event) {
        ProgressBar bar = trialBars.get(event.trialId());
        if (bar == null) {
            return;
        }
        Map<?, ?> data = (Map<?, ?>) event.data();
        int epoch = ((Number) data.get("epoch")).intValue();
        int epochs = Math.max(1, ((Number) data.get("epochs")).intValue());
        int batch = ((Number) data.get("batch")).intValue();
        int batches = Math.max(1, ((Number) data.get("batches")).intValue());
        double fraction = (Math.max(0, epoch - 1) + (double) batch / batches) / epochs;
        bar.stepTo(Math.min(TRIAL_STEPS, Math.round(fraction * TRIAL_STEPS)));
        bar.setExtraMessage(" " + data.get("phase") + " epoch " + epoch + "/" + epochs);
    }

    private void onMetrics(FanoutEvent event) {
        if (interactive || !(event.data() instanceof java.util.List<?> metrics)) {
            return;
        }
        for (Object item : metrics) {
            Map<?, ?> metric = (Map<?, ?>) item;
            if ("top1".equals(metric.get("name")) && "heldout".equals(metric.get("split"))) {
                out.printf("        %s %s epoch %s: held-out top-1 %.2f%%%n", name(event.trialId()),
                        metric.get("phase"), metric.get("epoch"), 100 * ((Number) metric.get("value")).doubleValue());
            }
        }
    }

    private String detail(FanoutEvent event) {
        if (event.data() instanceof Map<?, ?> data) {
            if (data.get("top1") instanceof Number top1) {
                return String.format(" top-1 %.2f%%", 100 * top1.doubleValue());
            }
            if (data.get("reason") != null) {
                return ": " + data.get("reason");
            }
            if (data.get("reusedFrom") != null) {
                return " (identical to trial " + data.get("reusedFrom") + ", reused)";
            }
        }
        return "";
    }

    private String name(long trialId) {
        return labels.getOrDefault(trialId, "#" + trialId);
    }

    private ProgressBar bar(String task, long max, String unit) {
        return new ProgressBarBuilder().setTaskName(task).setInitialMax(max).setUnit(unit.isEmpty() ? "" : " " + unit, 1)
                .setStyle(ProgressBarStyle.UNICODE_BLOCK).setUpdateIntervalMillis(250)
                .setMaxRenderedLength(110).continuousUpdate().build();
    }

    @Override
    public void close() {
        trialBars.values().forEach(ProgressBar::close);
        trialBars.clear();
        if (sweepBar != null) {
            sweepBar.close();
        }
    }
}
