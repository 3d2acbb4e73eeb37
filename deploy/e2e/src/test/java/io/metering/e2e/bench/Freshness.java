package io.metering.e2e.bench;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.metering.e2e.scenario.IngestClient;
import io.metering.e2e.scenario.TokenSource;
import io.metering.e2e.scenario.UsageRecord;
import io.metering.local.DevApi;

/**
 * Freshness: heartbeats of a live fleet are posted at a fixed rate; every tenth batch also carries the
 * LAUNCH of a probe product of its own. The time from that batch's 202 to the first consumption API
 * answer that shows its session in {@code concurrent_sessions} is one sample: the longest path, through
 * the topology, its repartition, the consumption topic and the minute sink. The load runs for a ramp-up
 * first whose probes are reported apart: it starts right after the end-to-end load (the platform still
 * settles after a million events) with the whole fleet's LAUNCH, which is not the steady state the
 * percentiles describe. Not thread-safe (one measurement at a time).
 */
final class Freshness {

    /**
     * @param topologyP50  p50 of the counted probes' time from their 202 to their first committed
     *                     {@code consumption.v1} record (the topology's part of the way), ms
     * @param topologyP99  p99 of the same, ms
     * @param slowest      the slowest probes after the ramp-up, slowest first, as "latency ms at +seconds
     *                     since the phase began (topology ms)" (to line them up with GC logs or other load)
     * @param rampUpProbes probes sent during the ramp-up, not in the percentiles
     * @param rampUpMax    the slowest of them, ms (0 if none)
     * @param cpu          the CPU the machine's processes used while the counted probes were sent
     * @param cpuSeconds   how long that was (wall clock)
     */
    record Result(long p50, long p99, long max, long topologyP50, long topologyP99, int probes, List<String> slowest,
                  int rampUpProbes, long rampUpMax, ProcessCpu cpu, double cpuSeconds) {
    }

    /**
     * Load before the probes that count: the phase starts with the whole fleet's LAUNCH (the benchmark
     * also waits for the machine to settle after the end-to-end load before it starts the phase).
     */
    static final Duration RAMP_UP = Duration.ofSeconds(5);

    /**
     * One probe seen in the API: when its batch was acknowledged (since the phase began), how long it took
     * until the API showed it, and until its first consumption record was committed (-1 if not seen).
     */
    private record Sample(long ackedAfterMillis, long latencyMillis, long topologyMillis) {
    }

    private static final int SLOWEST_SHOWN = 3;
    /**
     * Pause between two rounds of asking the API for every outstanding probe. With 10 ms the rounds ran
     * back to back: billing-service took 0.26 and the benchmark 0.23 of the 2 cores at 10,000 events/s,
     * against 0.19-0.22 and 0.18-0.19 with 50 ms (the rest is billing's JIT, its alert listener and the
     * load's posts). 50 ms adds up to 50 ms (25 on average) to a sample.
     */
    private static final long POLL_INTERVAL_MILLIS = 50;

    /** Threads that post the fixed load. */
    static final int SENDERS = 4;
    private static final int BATCH = 500;
    private static final int DEVICES = 1000;

    private final BenchOptions o;
    private final TokenSource importer;
    private final TokenSource manager;
    private final IngestClient ingest;
    private final Progress progress;

    Freshness(BenchOptions o, TokenSource importer, TokenSource manager, IngestClient ingest, Progress progress) {
        this.o = o;
        this.importer = importer;
        this.manager = manager;
        this.ingest = ingest;
        this.progress = progress;
    }

    /** Measures for the ramp-up and then {@link BenchOptions#freshnessSeconds()}. */
    Result measure(String run) throws Exception {
        return measure(run, o.freshnessSeconds());
    }

    /**
     * Runs the freshness load and probes for the ramp-up and {@code seconds} more, as part of the warm-up:
     * the consumption API of billing-service is called by the probes only, so without this its JIT
     * compilation (C1 and C2 busy ~0.15 core for ~15 s) and its first slow answers fell into the measured
     * phase. {@code run} must differ from the measured phase's (its devices restart their sequences).
     */
    Result warmUp(String run, int seconds) throws Exception {
        return measure(run, seconds);
    }

    private Result measure(String run, int seconds) throws Exception {
        Map<String, Long> acked = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<Sample> samples = new ConcurrentLinkedQueue<>();
        long[] seqs = new long[DEVICES + 1];
        String[] sessions = new String[DEVICES];
        for (int d = 0; d < DEVICES; d++) {
            sessions[d] = "live-" + run + "-" + d;
        }
        AtomicLong sent = new AtomicLong();
        ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
        ProbeWatcher watcher = new ProbeWatcher(o.kafka(), "probe-" + run + "-").start();
        long t0 = System.nanoTime();
        Thread poller = new Thread(() -> poll(acked, samples, t0, watcher), "freshness-poller");
        poller.setDaemon(true);
        poller.start();
        progress.start("freshness", () -> String.format("sent %,d  probes %d  samples %d", sent.get(), acked.size(),
                samples.size()));
        long periodNanos = TimeUnit.SECONDS.toNanos(1) * BATCH / o.freshnessRate();
        int batchNo = 0;
        int device = 0;
        long phaseNanos = RAMP_UP.toNanos() + TimeUnit.SECONDS.toNanos(seconds);
        ProcessCpu cpuAfterRampUp = null;
        long afterRampUp = 0;
        while (System.nanoTime() - t0 < phaseNanos) {
            if (cpuAfterRampUp == null && System.nanoTime() - t0 >= RAMP_UP.toNanos()) {
                cpuAfterRampUp = ProcessCpu.now();
                afterRampUp = System.nanoTime();
            }
            Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            List<UsageRecord> batch = new ArrayList<>(BATCH + 1);
            for (int i = 0; i < BATCH; i++, device = (device + 1) % DEVICES) {
                String deviceId = "live-" + run + "-" + device;
                String type = seqs[device] == 0 ? "LAUNCH" : "HEARTBEAT";
                batch.add(new UsageRecord(deviceId, ++seqs[device], type, at, sessions[device], "live-" + run,
                        "CORP\\live" + device, type.equals("LAUNCH") ? 0 : 10, 0, null));
            }
            String probe = null;
            if (batchNo++ % 10 == 0) {
                probe = "probe-" + run + "-" + batchNo;
                batch.add(new UsageRecord("probe-" + run, ++seqs[DEVICES], "LAUNCH", at, probe, probe, "CORP\\probe", 0, 0,
                        null));
            }
            String probeProduct = probe;
            senders.submit(() -> {
                ingest.postJson(importer, batch);
                sent.addAndGet(batch.size());
                if (probeProduct != null) {
                    acked.put(probeProduct, System.nanoTime());
                }
            });
            long next = t0 + batchNo * periodNanos;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
        }
        senders.shutdown();
        senders.awaitTermination(1, TimeUnit.MINUTES);
        ProcessCpu cpuAtEnd = ProcessCpu.now();
        if (cpuAfterRampUp == null) { // a phase of no more than the ramp-up
            cpuAfterRampUp = cpuAtEnd;
            afterRampUp = System.nanoTime();
        }
        ProcessCpu cpu = cpuAtEnd.since(cpuAfterRampUp);
        double cpuSeconds = Math.max(IngestBenchmark.seconds(afterRampUp), 0.001);
        long drain = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!acked.isEmpty() && System.nanoTime() < drain) {
            Thread.sleep(50);
        }
        poller.interrupt();
        watcher.close();
        progress.stop();
        List<Sample> rampUp = samples.stream().filter(x -> x.ackedAfterMillis() < RAMP_UP.toMillis()).toList();
        List<Sample> counted = samples.stream().filter(x -> x.ackedAfterMillis() >= RAMP_UP.toMillis()).toList();
        long[] p = IngestBenchmark.percentiles(counted.stream().map(Sample::latencyMillis).toList());
        long[] topology = IngestBenchmark.percentiles(counted.stream().map(Sample::topologyMillis).filter(m -> m >= 0).toList());
        List<String> slowest = counted.stream()
                .sorted(Comparator.comparingLong(Sample::latencyMillis).reversed())
                .limit(SLOWEST_SHOWN)
                .map(x -> String.format("%d ms at +%.1f s (topology %d)", x.latencyMillis(), x.ackedAfterMillis() / 1000.0,
                        x.topologyMillis()))
                .toList();
        long rampUpMax = rampUp.stream().mapToLong(Sample::latencyMillis).max().orElse(0);
        return new Result(p[0], p[1], p[2], topology[0], topology[1], counted.size(), slowest, rampUp.size(), rampUpMax,
                cpu, cpuSeconds);
    }

    /** Asks the API for each outstanding probe's launches until it shows; removes it then. */
    private void poll(Map<String, Long> acked, ConcurrentLinkedQueue<Sample> samples, long phaseStart, ProbeWatcher watcher) {
        String from = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS).toString();
        String to = Instant.now().plus(Duration.ofHours(2)).truncatedTo(ChronoUnit.SECONDS).toString();
        while (!Thread.currentThread().isInterrupted()) {
            for (Map.Entry<String, Long> probe : List.copyOf(acked.entrySet())) {
                DevApi.Answer answer = DevApi.get(o.billingUrl() + "/api/v1/consumption?product=" + probe.getKey()
                        + "&metric=concurrent_sessions&from=" + from + "&to=" + to, manager.get());
                if (answer.status() == 200 && answer.body().contains("\"value\":1")) {
                    long ackedAt = probe.getValue();
                    samples.add(new Sample(TimeUnit.NANOSECONDS.toMillis(ackedAt - phaseStart),
                            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - ackedAt),
                            watcher.firstSeen(probe.getKey()).stream()
                                    .map(seen -> TimeUnit.NANOSECONDS.toMillis(seen - ackedAt)).findFirst().orElse(-1)));
                    acked.remove(probe.getKey());
                }
            }
            try {
                Thread.sleep(POLL_INTERVAL_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}
