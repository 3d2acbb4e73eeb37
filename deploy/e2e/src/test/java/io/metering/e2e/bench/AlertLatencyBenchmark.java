package io.metering.e2e.bench;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpServer;

import io.metering.e2e.scenario.IngestClient;
import io.metering.e2e.scenario.TokenSource;
import io.metering.e2e.scenario.UsageRecord;
import io.metering.local.DevApi;
import io.metering.local.LocalStack;
import io.metering.local.StackOptions;
import io.metering.local.Ports;

/**
 * {@code deploy/bench/alerts}: alert latency while the pipeline ingests a steady background load.
 * A live fleet's heartbeats are posted at {@code --rate} events/s; every {@code --every} seconds a probe
 * product gets an entitlement of one launch per day and then one LAUNCH: the event that crosses its 100%
 * threshold. Measured from that event's 202 to (a) the alert listed by {@code GET /api/v1/alerts} and
 * (b) the alert received by a webhook. Starts the platform without the demo fleet unless
 * {@code --ingest/--billing/--token-url} name a running one. Not thread-safe.
 */
public final class AlertLatencyBenchmark {

    private static final Pattern ENTITLEMENT = Pattern.compile("\"entitlement\"\\s*:\\s*\"([^\"]+)\"");
    private static final int BATCH = 500;
    private static final int DEVICES = 1000;

    private final String ingestUrl;
    private final String billingUrl;
    private final String tokenUrl;
    private final int rate;
    private final int probes;
    private final int everySeconds;
    private final Progress progress = new Progress();

    private AlertLatencyBenchmark(String ingestUrl, String billingUrl, String tokenUrl, int rate, int probes, int every) {
        this.ingestUrl = ingestUrl;
        this.billingUrl = billingUrl;
        this.tokenUrl = tokenUrl;
        this.rate = rate;
        this.probes = probes;
        this.everySeconds = every;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new java.util.HashMap<>(Map.of("--rate", "10000", "--probes", "30", "--every", "2"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            o.put(args[i], args[i + 1]);
        }
        LocalStack stack = null;
        try {
            String ingest = o.get("--ingest");
            String billing = o.get("--billing");
            String tokenUrl = o.get("--token-url");
            if (ingest == null) {
                Path repo = Path.of(o.getOrDefault("--repo", ".")).toAbsolutePath();
                System.err.println("[bench] starting the platform in a temporary directory ...");
                stack = LocalStack.startDisposable("metering-alert-bench-", data -> new StackOptions(repo, data,
                        false, 0, Ports.one(), Ports.one(), Ports.one(), Ports.pair(), Ports.one()));
                ingest = stack.ingestUrl();
                billing = stack.billingUrl();
                tokenUrl = stack.keycloak().tokenEndpoint();
            }
            new AlertLatencyBenchmark(ingest, billing, tokenUrl, Integer.parseInt(o.get("--rate")),
                    Integer.parseInt(o.get("--probes")), Integer.parseInt(o.get("--every"))).run();
        } finally {
            if (stack != null) {
                stack.close(); // also deletes the data directory
            }
        }
    }

    private void run() throws Exception {
        TokenSource importer = new TokenSource(() -> DevApi.clientToken(tokenUrl, "metering-importer", "importer-secret"));
        TokenSource manager = new TokenSource(() -> DevApi.userToken(tokenUrl, "manager", "manager"));
        IngestClient ingest = new IngestClient(ingestUrl, Duration.ofMinutes(2));
        String run = Long.toString(System.currentTimeMillis() % 1_000_000, 36);

        Map<String, Long> hooked = new ConcurrentHashMap<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Matcher m = ENTITLEMENT.matcher(body);
            if (m.find() && exchange.getRequestHeaders().getFirst("X-Metering-Signature") != null) {
                hooked.putIfAbsent(m.group(1), System.nanoTime());
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        DevApi.postJson(billingUrl + "/api/v1/webhooks", manager.get(), "{\"id\":\"bench-" + run + "\",\"url\":\"http://127.0.0.1:"
                + receiver.getAddress().getPort() + "/hook\",\"secret\":\"bench-secret-0123456789\"}").expect(201);

        AtomicBoolean loading = new AtomicBoolean(true);
        AtomicLong background = new AtomicLong();
        Thread load = new Thread(() -> backgroundLoad(run, importer, ingest, loading, background), "background-load");
        load.start();
        progress.start("warm-up", () -> String.format("background %,d events", background.get()));
        Thread.sleep(10_000);
        progress.stop();

        ConcurrentLinkedQueue<Long> listed = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Long> webhook = new ConcurrentLinkedQueue<>();
        Map<String, Long> pending = new ConcurrentHashMap<>();
        long t0 = System.nanoTime();
        progress.start("alerts", () -> String.format("background %,d events (%.0f/s)  probes %d  listed %d  webhooks %d",
                background.get(), background.get() / IngestBenchmark.seconds(t0), pending.size() + listed.size(),
                listed.size(), webhook.size()));
        Thread watcher = new Thread(() -> watch(manager, pending, hooked, listed, webhook), "alert-watcher");
        watcher.setDaemon(true);
        watcher.start();
        long backgroundAtStart = background.get();
        long probeStart = System.nanoTime();
        for (int p = 0; p < probes; p++) {
            String product = "alert-probe-" + run + "-" + p;
            DevApi.postJson(billingUrl + "/api/v1/products", manager.get(), "{\"id\":\"" + product + "\",\"name\":\""
                    + product + "\"}").expect(201);
            DevApi.postJson(billingUrl + "/api/v1/entitlements", manager.get(), "{\"id\":\"" + product
                    + "\",\"product\":\"" + product + "\",\"metric\":\"launches\",\"quantity\":1,\"period\":\"day\","
                    + "\"unitPrice\":\"1\",\"currency\":\"EUR\",\"thresholds\":[1.0]}").expect(201);
            Thread.sleep(500); // the entitlement is known before the crossing event
            UsageRecord launch = new UsageRecord("probe-" + run + "-" + p, 1, "LAUNCH",
                    Instant.now().truncatedTo(ChronoUnit.MILLIS), "probe-session-" + p, product, "CORP\\probe", 0, 0, null);
            ingest.postJson(importer, List.of(launch));
            pending.put(product, System.nanoTime());
            Thread.sleep(Math.max(0, everySeconds * 1000L - 500));
        }
        long drain = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while ((listed.size() < probes || webhook.size() < probes) && System.nanoTime() < drain) {
            Thread.sleep(100);
        }
        double backgroundRate = (background.get() - backgroundAtStart) / IngestBenchmark.seconds(probeStart);
        loading.set(false);
        load.join(60_000);
        watcher.interrupt();
        progress.stop();
        receiver.stop(0);

        long[] l = IngestBenchmark.percentiles(listed);
        long[] w = IngestBenchmark.percentiles(webhook);
        System.out.printf("%nAlert latency with %,.0f events/s of background load (target %,d), %d probes:%n",
                backgroundRate, rate, probes);
        System.out.printf("  202 -> alert listed by the API   p50 %,d ms  p99 %,d ms  max %,d ms  (%d of %d)%n",
                l[0], l[1], l[2], listed.size(), probes);
        System.out.printf("  202 -> webhook received          p50 %,d ms  p99 %,d ms  max %,d ms  (%d of %d)%n",
                w[0], w[1], w[2], webhook.size(), probes);
    }

    /** Heartbeats of a live fleet at the target rate, in batches of 500, from four senders. */
    private void backgroundLoad(String run, TokenSource importer, IngestClient ingest, AtomicBoolean loading,
                                AtomicLong sent) {
        ExecutorService senders = Executors.newFixedThreadPool(4);
        long[] seqs = new long[DEVICES];
        long periodNanos = TimeUnit.SECONDS.toNanos(1) * BATCH / rate;
        long t0 = System.nanoTime();
        long batchNo = 0;
        int device = 0;
        while (loading.get()) {
            Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            List<UsageRecord> batch = new ArrayList<>(BATCH);
            for (int i = 0; i < BATCH; i++, device = (device + 1) % DEVICES) {
                String type = seqs[device] == 0 ? "LAUNCH" : "HEARTBEAT";
                batch.add(new UsageRecord("load-" + run + "-" + device, ++seqs[device], type, at, "load-" + run + "-" + device,
                        "load-" + run, "CORP\\load" + device, type.equals("LAUNCH") ? 0 : 10, 0, null));
            }
            senders.submit(() -> {
                ingest.postJson(importer, batch);
                sent.addAndGet(batch.size());
            });
            long wait = t0 + ++batchNo * periodNanos - System.nanoTime();
            if (wait > 0) {
                try {
                    TimeUnit.NANOSECONDS.sleep(wait);
                } catch (InterruptedException e) {
                    break;
                }
            }
        }
        senders.shutdown();
        try {
            senders.awaitTermination(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Polls the alerts API for pending probes and collects webhook arrivals. */
    private void watch(TokenSource manager, Map<String, Long> pending, Map<String, Long> hooked,
                       ConcurrentLinkedQueue<Long> listed, ConcurrentLinkedQueue<Long> webhook) {
        Map<String, Long> waitingForHook = new ConcurrentHashMap<>();
        while (!Thread.currentThread().isInterrupted()) {
            for (Map.Entry<String, Long> probe : List.copyOf(pending.entrySet())) {
                DevApi.Answer answer = DevApi.get(billingUrl + "/api/v1/alerts?product=" + probe.getKey(), manager.get());
                if (answer.status() == 200 && answer.body().contains("\"entitlement\"")) {
                    listed.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - probe.getValue()));
                    pending.remove(probe.getKey());
                    waitingForHook.put(probe.getKey(), probe.getValue());
                }
            }
            for (Map.Entry<String, Long> probe : List.copyOf(waitingForHook.entrySet())) {
                Long at = hooked.get(probe.getKey());
                if (at != null) {
                    webhook.add(TimeUnit.NANOSECONDS.toMillis(at - probe.getValue()));
                    waitingForHook.remove(probe.getKey());
                }
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}
