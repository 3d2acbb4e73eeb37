package io.metering.agent.process;

import java.time.Duration;
import java.util.Collection;
import java.util.Optional;

/**
 * The processes running now. The JDK-backed implementation reads the OS; tests and the fleet
 * simulator supply their own.
 */
public interface ProcessTable {

    /** Every process visible to the agent at this moment. */
    Collection<ProcessSnapshot> snapshot();

    /** CPU time the process has used so far, if it still runs and the OS tells. */
    Optional<Duration> cpuTime(ProcessKey process);
}
