package io.metering.agent.process;

import java.util.List;

/** What changed between two polls of the process table. */
public record ProcessChanges(List<ProcessSnapshot> launched, List<ProcessSnapshot> exited, boolean firstPoll) {
}
