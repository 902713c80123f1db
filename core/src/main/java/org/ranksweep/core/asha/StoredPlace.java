package org.ranksweep.core.asha;

import java.util.List;

/**
 * A decided trial's place as a stored decision gives it: its {@code rank} and {@code of} when stored in the compact
 * form, else derived from the {@code standings} list that entries stored before it carry. Immutable.
 */
record StoredPlace(int rank, int of) {

    static StoredPlace of(int trialId, Integer rank, Integer of, List<Standing> standings) {
        if (rank != null && of != null) {
            return new StoredPlace(rank, of);
        }
        List<Standing> old = standings == null ? List.of() : standings;
        int place = 0;
        for (int i = 0; i < old.size() && place == 0; i++) {
            if (old.get(i).trialId() == trialId) {
                place = i + 1;
            }
        }
        return new StoredPlace(place, old.size());
    }
}
