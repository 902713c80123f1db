package org.ranksweep.orchestrator.scheduler;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.hazelcast.collection.IQueue;
import com.hazelcast.core.HazelcastInstance;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ranksweep.core.cluster.ClusterNames;
import org.ranksweep.core.event.AssignTrial;
import org.ranksweep.core.json.Json;
import org.ranksweep.core.trial.TrialId;

/**
 * The Hazelcast queues of trials waiting for a worker, one per device class (a GPU trial never reaches a CPU-only
 * worker); items are {@link AssignTrial} JSON. Thread-safe.
 */
public final class HazelcastTrialQueue {

    private static final List<String> DEVICES = List.of("cpu", "gpu");
    /** Items per cluster call when many trials are queued at once. */
    private static final int OFFER_CHUNK = 500;

    private final HazelcastInstance hazelcast;

    public HazelcastTrialQueue(HazelcastInstance hazelcast) {
        this.hazelcast = hazelcast;
    }

    public void offer(AssignTrial assignment) {
        queue(assignment.config().resources().device()).add(Json.write(assignment));
    }

    /** Queues the assignments in list order, one cluster call per chunk instead of one per trial. */
    public void offerAll(List<AssignTrial> assignments) {
        Map<String, List<String>> byDevice = new LinkedHashMap<>();
        for (AssignTrial assignment : assignments) {
            byDevice.computeIfAbsent(assignment.config().resources().device(), device -> new ArrayList<>())
                    .add(Json.write(assignment));
        }
        byDevice.forEach((device, items) -> {
            IQueue<String> queue = queue(device);
            for (int from = 0; from < items.size(); from += OFFER_CHUNK) {
                queue.addAll(items.subList(from, Math.min(items.size(), from + OFFER_CHUNK)));
            }
        });
    }

    /** Removes every queued assignment of the trial; true if one was there. */
    public boolean remove(TrialId trialId) {
        return removeAll(Set.of(trialId)) > 0;
    }

    /** Removes every queued assignment of these trials in one pass over each queue; returns how many. */
    public int removeAll(Set<TrialId> trialIds) {
        int removed = 0;
        for (String device : DEVICES) {
            IQueue<String> queue = queue(device);
            // IQueue supports neither removeIf nor Iterator.remove: find the items, then remove them by value.
            List<String> matching = queue.stream()
                    .filter(item -> trialIds.contains(trialIdOf(item)))
                    .toList();
            if (!matching.isEmpty() && queue.removeAll(matching)) {
                removed += matching.size();
            }
        }
        return removed;
    }

    public boolean contains(TrialId trialId) {
        return trialIds().contains(trialId);
    }

    /** The trials with an assignment in any queue, read in one pass. */
    public Set<TrialId> trialIds() {
        Set<TrialId> ids = new HashSet<>();
        for (String device : DEVICES) {
            queue(device).forEach(item -> ids.add(trialIdOf(item)));
        }
        return ids;
    }

    public int size() {
        return DEVICES.stream().mapToInt(device -> queue(device).size()).sum();
    }

    /**
     * The trial of a queued assignment, read up to its {@code trialId} field without binding the rest: a scan of
     * the queues reads every item, and a sweep may have queued thousands.
     */
    static TrialId trialIdOf(String item) {
        try (JsonParser parser = Json.mapper().createParser(item)) {
            if (parser.nextToken() == JsonToken.START_OBJECT) {
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String field = parser.currentName();
                    parser.nextToken();
                    if (field.equals("trialId")) {
                        return new TrialId(parser.getLongValue());
                    }
                    parser.skipChildren();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable trial queue item", e);
        }
        throw new IllegalStateException(
                "trial queue item without a trialId: " + item.substring(0, Math.min(item.length(), 200)));
    }

    private IQueue<String> queue(String device) {
        return hazelcast.getQueue(ClusterNames.trialQueue(device));
    }
}
