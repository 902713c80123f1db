package org.ranksweep.cli;

import java.io.PrintStream;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.ranksweep.core.trial.TrialMetric;
import org.ranksweep.core.trial.TrialState;
import org.ranksweep.orchestrator.fanout.FanoutEvent;
import org.ranksweep.orchestrator.fanout.FanoutEvent.MetricsRecorded;
import org.ranksweep.orchestrator.fanout.FanoutEvent.TrialProgressed;
import org.ranksweep.orchestrator.fanout.FanoutEvent.TrialStateChanged;
import org.ranksweep.orchestrator.fanout.FanoutMessage;

/**
 * Shows a sweep's progress in the terminal: on an interactive terminal one bar for the sweep (trials done of
 * total, with ETA) and one per running trial; otherwise one line per state change and per epoch. Events come on
 * one thread (the event-bus consumer); not thread-safe otherwise.
 */
final class ProgressView implements Consumer<String>, AutoCloseable {

    private static final int TRIAL_STEPS = 1000;
    /** Phases that count optimisation steps (a customization trial's), not epochs of batches. */
    private static final Set<String> STEP_PHASES = Set.of("generator", "customize");

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
        FanoutEvent event = FanoutMessage.read(json).event();
        if (event.sweepId().value() != sweepId) {
            return;
        }
        if (event instanceof TrialStateChanged changed) {
            onState(changed);
        } else if (event instanceof TrialProgressed progressed) {
            onProgress(progressed);
        } else if (event instanceof MetricsRecorded metrics) {
            onMetrics(metrics);
        }
    }

    private void onState(TrialStateChanged event) {
        long trialId = event.trialId().value();
        TrialState state = event.state();
        if (state == TrialState.RUNNING && interactive) {
            trialBars.computeIfAbsent(trialId, id -> bar(name(id), TRIAL_STEPS, ""));
        }
        if (state == TrialState.PAUSED) {
            // Waiting at a rung of successive halving: its bar goes; a promotion runs it (and a new bar) again.
            ProgressBar bar = trialBars.remove(trialId);
            if (bar != null) {
                bar.setExtraMessage(" paused at a rung");
                bar.close();
            }
        }
        if (state.isTerminal()) {
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
        if (!interactive && state != TrialState.QUEUED) {
            out.printf("[%d/%d] %s %s%s%n", done, total, name(trialId), state, detail(event));
        }
    }

    private void onProgress(TrialProgressed event) {
        ProgressBar bar = trialBars.get(event.trialId().value());
        if (bar == null) {
            return;
        }
        int epochs = Math.max(1, event.epochs());
        int batches = Math.max(1, event.batches());
        double fraction = (Math.max(0, event.epoch() - 1) + (double) event.batch() / batches) / epochs;
        bar.stepTo(Math.min(TRIAL_STEPS, Math.round(fraction * TRIAL_STEPS)));
        bar.setExtraMessage(
                STEP_PHASES.contains(event.phase())
                        ? " " + event.phase() + " step " + event.batch() + "/" + batches
                        : " " + event.phase() + " epoch " + event.epoch() + "/" + epochs);
    }

    private void onMetrics(MetricsRecorded event) {
        if (interactive) {
            return;
        }
        for (TrialMetric metric : event.metrics()) {
            if ("top1".equals(metric.name()) && "heldout".equals(metric.split())) {
                out.printf(
                        "        %s %s epoch %s: held-out top-1 %.2f%%%n",
                        name(event.trialId().value()), metric.phase(), metric.epoch(), 100 * metric.value());
            }
        }
    }

    private static String detail(TrialStateChanged event) {
        if (event.result() != null && event.result().customization() != null) {
            return String.format(
                    " fidelity %.2f%%", 100 * event.result().customization().fidelity());
        }
        if (event.result() != null) {
            return String.format(" top-1 %.2f%%", 100 * event.result().top1());
        }
        if (event.reason() != null) {
            return ": " + event.reason();
        }
        if (event.reusedFrom() != null) {
            return " (identical to trial " + event.reusedFrom() + ", reused)";
        }
        return "";
    }

    private String name(long trialId) {
        return labels.getOrDefault(trialId, "#" + trialId);
    }

    private ProgressBar bar(String task, long max, String unit) {
        return new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(max)
                .setUnit(unit.isEmpty() ? "" : " " + unit, 1)
                .setStyle(ProgressBarStyle.UNICODE_BLOCK)
                .setUpdateIntervalMillis(250)
                .setMaxRenderedLength(110)
                .continuousUpdate()
                .build();
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
