package io.metering.agent.process;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns successive snapshots of the process table into launches and exits.
 * <p>
 * A poll sees the table as it is at that moment, so it can miss things:
 * <ul>
 *   <li>a process that starts and ends between two polls (shorter than the poll interval, 2 s by
 *       default) is never seen: neither launch nor exit is reported;</li>
 *   <li>launch and exit times are known only to within one interval; the exact start comes from the
 *       OS ({@link ProcessSnapshot#startedAt()}), the exit is the first poll that no longer sees it;</li>
 *   <li>a pid reused between two polls is told apart by its start time ({@link ProcessKey}), so it
 *       shows as the exit of the old process and the launch of the new one.</li>
 * </ul>
 * The first poll reports every running process as launched, with {@code firstPoll} set.
 * <p>
 * Not thread-safe: one polling thread owns it.
 */
public final class ProcessWatcher {

    private final ProcessTable table;
    private Map<ProcessKey, ProcessSnapshot> known = new HashMap<>();
    private boolean polled;

    public ProcessWatcher(ProcessTable table) {
        this.table = table;
    }

    public ProcessChanges poll() {
        Map<ProcessKey, ProcessSnapshot> now = new HashMap<>(Math.max(16, known.size() * 2));
        List<ProcessSnapshot> launched = new ArrayList<>();
        for (ProcessSnapshot process : table.snapshot()) {
            now.put(process.key(), process);
            if (!known.containsKey(process.key())) {
                launched.add(process);
            }
        }
        List<ProcessSnapshot> exited = new ArrayList<>();
        for (Map.Entry<ProcessKey, ProcessSnapshot> entry : known.entrySet()) {
            if (!now.containsKey(entry.getKey())) {
                exited.add(entry.getValue());
            }
        }
        known = now;
        boolean first = !polled;
        polled = true;
        return new ProcessChanges(launched, exited, first);
    }

    public ProcessTable table() {
        return table;
    }
}
