/**
 * Multi-objective ranking: objectives and hard constraints, NSGA-II non-dominated sorting with Deb's constraint
 * rule, crowding distance and exact hypervolume. Pure functions; not yet used by the scheduler.
 */
package org.ranksweep.core.pareto;
