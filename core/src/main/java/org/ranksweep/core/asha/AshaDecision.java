package org.ranksweep.core.asha;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * A decision of ASHA about one trial, a value fit for an audit log. Promotions, completions and prunings carry the
 * decided trial's place in the ranking of the rung the decision was taken on at that moment ({@code rank} of
 * {@code of}), not the whole ranking: that would make every decision O(n) and a sweep's history O(n²). The full
 * standings follow from the reports before the decision; {@link AshaScheduler#replay(AshaConfig, int, ResultRanker,
 * boolean, List, StandingsListener)} hands them out. Histories stored before the compact form carry a
 * {@code standings} list instead: reading one derives {@code rank} and {@code of} from it.
 */
public sealed interface AshaDecision extends AshaEvent {

    /** The trial decided about. */
    @Override
    int trialId();

    /** The Hyperband bracket, 0 for plain ASHA. */
    int bracket();

    /** A new trial runs at its bracket's bottom rung up to {@code resource}. */
    record Started(int trialId, int bracket, int rung, int resource) implements AshaDecision {}

    /**
     * A waiting trial continues from rung {@code rung - 1} to {@code rung}, training up to {@code resource}; it was
     * ranked {@code rank} (1 = best) of the {@code of} results rung {@code rung - 1} had then.
     */
    record Promoted(int trialId, int bracket, int rung, int resource, int rank, int of) implements AshaDecision {

        @JsonCreator
        static Promoted fromJson(
                @JsonProperty("trialId") int trialId,
                @JsonProperty("bracket") int bracket,
                @JsonProperty("rung") int rung,
                @JsonProperty("resource") int resource,
                @JsonProperty("rank") Integer rank,
                @JsonProperty("of") Integer of,
                @JsonProperty("standings") List<Standing> standings) {
            StoredPlace place = StoredPlace.of(trialId, rank, of, standings);
            return new Promoted(trialId, bracket, rung, resource, place.rank(), place.of());
        }
    }

    /** The trial reached the top rung: it is done, ranked {@code rank} of the {@code of} results there then. */
    record Completed(int trialId, int bracket, int rung, int rank, int of) implements AshaDecision {

        @JsonCreator
        static Completed fromJson(
                @JsonProperty("trialId") int trialId,
                @JsonProperty("bracket") int bracket,
                @JsonProperty("rung") int rung,
                @JsonProperty("rank") Integer rank,
                @JsonProperty("of") Integer of,
                @JsonProperty("standings") List<Standing> standings) {
            StoredPlace place = StoredPlace.of(trialId, rank, of, standings);
            return new Completed(trialId, bracket, rung, place.rank(), place.of());
        }
    }

    /**
     * The trial stopped at {@code rung}, the highest it reached, never promoted out of it: ranked {@code rank} of
     * the {@code of} results there when its bracket ended.
     */
    record Pruned(int trialId, int bracket, int rung, int rank, int of) implements AshaDecision {

        @JsonCreator
        static Pruned fromJson(
                @JsonProperty("trialId") int trialId,
                @JsonProperty("bracket") int bracket,
                @JsonProperty("rung") int rung,
                @JsonProperty("rank") Integer rank,
                @JsonProperty("of") Integer of,
                @JsonProperty("standings") List<Standing> standings) {
            StoredPlace place = StoredPlace.of(trialId, rank, of, standings);
            return new Pruned(trialId, bracket, rung, place.rank(), place.of());
        }
    }
}
