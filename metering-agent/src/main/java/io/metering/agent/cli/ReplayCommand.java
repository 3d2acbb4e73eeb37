package io.metering.agent.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.metering.agent.config.AgentPaths;
import io.metering.agent.config.AgentSettings;
import io.metering.agent.config.AgentVersion;
import io.metering.agent.config.Identity;
import io.metering.agent.config.Json;
import io.metering.agent.upload.DevicePipeline;
import io.metering.agent.upload.Uploader;

/** {@code replay FILE}: JSON-lines events through the normal spool, signing and upload path. */
final class ReplayCommand implements Command {

    /** Events forced to the spool together (one fsync each). */
    private static final int RECORD_CHUNK = 10_000;

    private final PrintStream out;

    ReplayCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public String name() {
        return "replay";
    }

    @Override
    public String usage() {
        return """
                Usage: metering-agent replay FILE [--data-dir DIR] [--timeout SECONDS]

                Records every event of FILE (JSON lines; field names of the event contract, times as ISO-8601
                UTC strings such as "2026-11-02T09:15:00Z") in this device's spool, as the agent would (tenant,
                device and seq filled in; eventId kept if given), then uploads until the spool is empty or the
                timeout (default 300 s) passes. Needs an enrolled data directory not used by a running agent.
                Exit code 1 if events are left unsent at the timeout (they stay in the spool).
                """;
    }

    @Override
    public int run(List<String> argv) throws Exception {
        Set<String> known = new HashSet<>(Setup.SETTINGS);
        known.addAll(Set.of("data-dir", "timeout"));
        Args args = Args.parse(argv, known);
        if (args.positionals().size() != 1) {
            throw new UsageException("give exactly one FILE");
        }
        Path file = Path.of(args.positionals().get(0));
        if (!Files.isReadable(file)) {
            throw new UsageException("cannot read " + file);
        }
        AgentPaths paths = Setup.paths(args);
        AgentSettings settings = Setup.settings(paths, args);
        ObjectMapper json = Json.newMapper();
        Identity identity = Setup.identity(paths, json);
        List<ReplayFile.Line> lines = ReplayFile.read(file, json);
        Duration timeout = Duration.ofSeconds(args.intOption("timeout", 300));
        try (DataDirLock lock = DataDirLock.acquire(paths.lock());
             DevicePipeline pipeline = DevicePipeline.open(paths, identity, settings, Setup.http(), json,
                     Clock.systemUTC(), () -> 0)) {
            String version = AgentVersion.current();
            long started = System.nanoTime();
            for (int from = 0; from < lines.size(); from += RECORD_CHUNK) {
                List<ReplayFile.Line> chunk = lines.subList(from, Math.min(lines.size(), from + RECORD_CHUNK));
                pipeline.spool().appendAllWithIds(chunk.stream().map(ReplayFile.Line::event).toList(),
                        chunk.stream().map(ReplayFile.Line::eventId).toList(), identity.tenantId(),
                        identity.deviceId(), version);
            }
            out.printf("Recorded %d events (seq up to %d) in %d ms; uploading%n", lines.size(),
                    pipeline.spool().lastSeq(), (System.nanoTime() - started) / 1_000_000);
            long uploadStarted = System.nanoTime();
            int code = drain(pipeline.uploader(), pipeline.spool().lastSeq(), Instant.now().plus(timeout));
            double seconds = Math.max(1e-3, (System.nanoTime() - uploadStarted) / 1e9);
            out.printf("Upload took %.1f s: %.0f events/s; %s%n", seconds, lines.size() / seconds,
                    pipeline.uploader().timings().perBatch());
            return code;
        }
    }

    private int drain(Uploader uploader, long lastSeq, Instant deadline) throws InterruptedException {
        while (Instant.now().isBefore(deadline)) {
            Uploader.Step step = uploader.step();
            if (step.idle() || uploader.state().ackedSeq() >= lastSeq) {
                out.printf("Done: acknowledged up to seq %d in batch %d%s%n", uploader.state().ackedSeq(),
                        uploader.state().lastBatchSeq(), uploader.state().lastError() == null ? ""
                                : " (last error: " + uploader.state().lastError() + ")");
                return ExitCodes.OK;
            }
            Thread.sleep(Math.min(step.delay().toMillis(), Math.max(0, deadline.toEpochMilli() - Instant.now()
                    .toEpochMilli())));
        }
        out.printf("Timed out with events up to seq %d unsent (they stay in the spool): %s%n", lastSeq,
                uploader.state().lastError());
        return ExitCodes.FAILURE;
    }
}
