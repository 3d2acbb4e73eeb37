package io.metering.ingest.events;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.metering.ingest.error.ApiException;
import io.metering.ingest.kafka.EventProducer;
import io.metering.ingest.ratelimit.RateLimiter;
import io.metering.schemas.UsageEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Validates the events of one batch and writes the valid ones to Kafka; the answer counts what was
 * accepted, what repeated an event of the same batch, and why each other event was rejected.
 * Thread-safe.
 */
@ApplicationScoped
public class Ingestor {

    private final EventProducer producer;
    private final EventValidator validator;
    private final EventLimits limits;
    private final Clock clock;
    private final Counter accepted;
    private final Counter rejected;
    private final Counter duplicated;
    private final DistributionSummary batchEvents;
    private final RateLimiter rateLimiter;
    private final Timer produceTime;

    @Inject
    public Ingestor(EventProducer producer, EventLimits limits, MeterRegistry registry, RateLimiter rateLimiter) {
        this.producer = producer;
        this.rateLimiter = rateLimiter;
        this.validator = new EventValidator(limits);
        this.limits = limits;
        this.clock = Clock.systemUTC();
        this.accepted = registry.counter("metering.ingest.events", "outcome", "accepted");
        this.rejected = registry.counter("metering.ingest.events", "outcome", "rejected");
        this.duplicated = registry.counter("metering.ingest.events", "outcome", "duplicate");
        this.batchEvents = DistributionSummary.builder("metering.ingest.batch.events")
                .description("Events per received batch, valid or not")
                .serviceLevelObjectives(1, 10, 50, 100, 250, 500, 1000)
                .register(registry);
        this.produceTime = Timer.builder("metering.ingest.produce")
                .description("Time from handing a batch's valid events to Kafka until every one is acknowledged")
                .register(registry);
    }

    /** What identifies an event within its tenant: a repeat in the same batch is counted, not sent. */
    private record DeviceSeq(String deviceId, long seq) {
    }

    /** A candidate event: either read, or with the reason it could not be read. */
    public record Candidate(UsageEvent event, String problem) {
    }

    public IngestResult ingest(List<Candidate> candidates, String tenant, Optional<String> signingDevice) {
        if (candidates.isEmpty()) {
            throw new ApiException.BadRequest("empty_batch", "The batch holds no events");
        }
        if (candidates.size() > limits.maxEventsPerBatch()) {
            throw new ApiException.TooLarge("A batch holds at most " + limits.maxEventsPerBatch() + " events, this one "
                    + candidates.size());
        }
        batchEvents.record(candidates.size());
        rateLimiter.admitEvents(tenant, candidates.size());
        var now = clock.instant();
        List<UsageEvent> valid = new ArrayList<>(candidates.size());
        List<IngestResult.Rejection> rejections = new ArrayList<>();
        Set<DeviceSeq> seen = new HashSet<>(candidates.size() * 2);
        int duplicates = 0;
        for (int i = 0; i < candidates.size(); i++) {
            Candidate c = candidates.get(i);
            Optional<String> problem = c.problem() != null ? Optional.of(c.problem())
                    : validator.check(c.event(), tenant, signingDevice, now);
            if (problem.isPresent()) {
                rejections.add(new IngestResult.Rejection(i, problem.get()));
            } else if (!seen.add(new DeviceSeq(c.event().getDeviceId(), c.event().getSeq()))) {
                duplicates++;
            } else {
                valid.add(c.event());
            }
        }
        IngestResult result = new IngestResult(valid.size(), duplicates, rejections);
        if (result.nothingValid()) {
            rejected.increment(rejections.size());
            throw new RejectedBatch(result);
        }
        long produceStart = System.nanoTime();
        producer.sendAll(valid, now.toEpochMilli());
        produceTime.record(System.nanoTime() - produceStart, TimeUnit.NANOSECONDS);
        accepted.increment(valid.size());
        rejected.increment(rejections.size());
        duplicated.increment(duplicates);
        return result;
    }

    /** 400 carrying the per-event reasons: nothing in the batch was valid. */
    public static final class RejectedBatch extends ApiException {
        private final IngestResult result;

        RejectedBatch(IngestResult result) {
            super(400, "nothing_valid", "No event of the batch is valid; first reason: "
                    + result.rejected().get(0).reason());
            this.result = result;
        }

        public IngestResult result() {
            return result;
        }

        @Override
        public Object body() {
            return new RejectedBody(code(), getMessage(), result.accepted(), result.duplicates(), result.rejected());
        }
    }

    /** The 400 answer: the error and the per-event reasons. */
    public record RejectedBody(String error, String message, int accepted, int duplicates,
                               List<IngestResult.Rejection> rejected) {
    }
}
