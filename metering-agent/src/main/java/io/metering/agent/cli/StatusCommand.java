package io.metering.agent.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.metering.agent.catalog.Catalog;
import io.metering.agent.catalog.CatalogCache;
import io.metering.agent.config.AgentPaths;
import io.metering.agent.config.Identity;
import io.metering.agent.config.Json;
import io.metering.agent.enforce.EnforcementStore;
import io.metering.agent.enforce.HeldLease;
import io.metering.agent.enforce.Notification;
import io.metering.agent.spool.SpoolInspector;
import io.metering.agent.upload.PendingBatch;
import io.metering.agent.upload.UploadState;
import io.metering.agent.upload.UploadStore;

/** {@code status}: reads the state files only, so it works while {@code run} is running. */
final class StatusCommand implements Command {

    private final PrintStream out;

    StatusCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public String name() {
        return "status";
    }

    @Override
    public String usage() {
        return """
                Usage: metering-agent status [--data-dir DIR]

                Prints the device identity, spool depth (events not yet acknowledged by the server), the time
                of the oldest unsent event, the batch waiting for an answer, the last upload, the last error
                and the catalog version. Reads files only; safe while the agent runs.
                """;
    }

    @Override
    public int run(List<String> argv) throws Exception {
        Args args = Args.parse(argv, Set.of("data-dir"));
        AgentPaths paths = Setup.paths(args);
        ObjectMapper json = Json.newMapper();
        Optional<Identity> identity = Identity.load(paths.identity(), json);
        UploadStore store = new UploadStore(paths.uploadDir(), json);
        UploadState state = store.state();
        SpoolInspector.Summary spool = SpoolInspector.inspect(paths.spoolDir(), state.ackedSeq());
        List<PendingBatch> pending = store.pendingList().stream().filter(p -> p.batchSeq() > state.lastBatchSeq())
                .toList();
        Catalog catalog = new CatalogCache(paths.catalogCache(), json).load().orElse(Catalog.empty());
        out.printf("data dir:          %s%n", paths.dataDir());
        out.printf("device:            %s%n", identity.map(i -> i.deviceId() + " (tenant " + i.tenantId() + ")")
                .orElse("not enrolled"));
        out.printf("spool depth:       %d events (%d bytes in %d segments), last seq %d, acknowledged up to %d%n",
                spool.pendingEvents(), spool.bytes(), spool.segments(), spool.lastSeq(), state.ackedSeq());
        out.printf("oldest unsent:     %s%n", spool.oldestPending().map(Object::toString).orElse("-"));
        out.printf("in flight:         %s%n", pending.isEmpty() ? "-" : String.join(", ", pending.stream()
                .map(p -> "batch " + p.batchSeq() + " (" + p.eventCount() + " events, seq " + p.firstSeq() + ".."
                        + p.lastSeq() + ")").toList()));
        out.printf("last batch:        %d%n", state.lastBatchSeq());
        out.printf("last upload:       %s%n", Optional.ofNullable(state.lastUploadAt()).orElse("never"));
        out.printf("last error:        %s%n", state.lastError() == null ? "-"
                : state.lastError() + " at " + state.lastErrorAt());
        out.printf("catalog version:   %s (%d products)%n", catalog.version(), catalog.products().size());
        EnforcementStore.State enforcement = new EnforcementStore(paths.enforcement(), json).load();
        long local = enforcement.leases().stream().filter(HeldLease::local).count();
        out.printf("seats held:        %d (%d granted locally while offline)%n", enforcement.leases().size(), local);
        List<Notification> notes = enforcement.notifications();
        out.printf("notifications:     %s%n", notes.isEmpty() ? "-" : notes.size() + " (latest last)");
        for (Notification n : notes.subList(Math.max(0, notes.size() - 5), notes.size())) {
            out.printf("  %s %s %s (user %s): %s%n", n.at(), n.enforcement().toUpperCase(java.util.Locale.ROOT),
                    n.productId(), n.user() == null ? "-" : n.user(), n.message());
        }
        return ExitCodes.OK;
    }
}
