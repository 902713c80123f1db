/** The successive-halving history of sweeps: what their schedulers were told and decided, in order. */
package org.ranksweep.db.scheduler;
