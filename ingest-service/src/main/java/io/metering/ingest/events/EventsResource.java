package io.metering.ingest.events;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;

import com.fasterxml.jackson.databind.JsonNode;

import io.metering.ingest.auth.Caller;
import io.metering.schemas.Roles;
import io.metering.ingest.device.BatchVerifier;
import io.metering.ingest.error.ApiException;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code POST /v1/events}: agents send a signed Avro batch, importers a JSON batch.
 * 202 once Kafka has every accepted event.
 */
@Path("/v1/events")
@Produces(MediaType.APPLICATION_JSON)
public class EventsResource {

    public static final String AVRO_BATCH = "application/vnd.metering.batch+avro";

    private final Ingestor ingestor;
    private final BatchVerifier verifier;
    private final Caller caller;
    private final JsonEventReader reader = new JsonEventReader();
    private final DistributionSummary signedBatchBytes;

    @Inject
    public EventsResource(Ingestor ingestor, BatchVerifier verifier, Caller caller, MeterRegistry registry) {
        this.ingestor = ingestor;
        this.verifier = verifier;
        this.caller = caller;
        this.signedBatchBytes = DistributionSummary.builder("metering.ingest.batch.bytes")
                .description("Size of a received agent batch as sent (gzip Avro), before any check")
                .baseUnit("bytes").tag("format", "avro")
                .serviceLevelObjectives(1_024, 8_192, 32_768, 131_072, 524_288, 1_048_576, 4_194_304)
                .register(registry);
    }

    @POST
    @Consumes(AVRO_BATCH)
    @RolesAllowed(Roles.AGENT)
    @Operation(summary = "Upload one signed, chained Avro batch of a device's events")
    public Response signedBatch(byte[] body) {
        signedBatchBytes.record(body.length);
        IngestResult result = verifier.ingestSigned(body, caller.tenant(), ingestor);
        return Response.accepted(result).build();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.IMPORTER, Roles.ADMIN})
    @Operation(summary = "Import events as JSON: {\"events\":[{...}]} with the field names of the event contract")
    public Response jsonBatch(JsonNode body) {
        if (body == null || !body.isObject() || !body.path("events").isArray()) {
            throw new ApiException.BadRequest("malformed_batch", "The body must be {\"events\":[{...}, ...]}");
        }
        String tenant = caller.tenant();
        List<Ingestor.Candidate> candidates = new ArrayList<>(body.get("events").size());
        for (JsonNode node : body.get("events")) {
            JsonEventReader.Read read = reader.read(node, tenant);
            candidates.add(new Ingestor.Candidate(read.event(), read.problem()));
        }
        return Response.accepted(ingestor.ingest(candidates, tenant, Optional.empty())).build();
    }
}
