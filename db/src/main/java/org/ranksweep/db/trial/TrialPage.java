package org.ranksweep.db.trial;

import java.util.List;

/**
 * One page of a sweep's trials. Immutable.
 *
 * @param rows  the trials of the page in the requested order
 * @param total how many trials match the query on all pages
 */
public record TrialPage(List<TrialRow> rows, int total) {

    public TrialPage {
        rows = List.copyOf(rows);
    }
}
