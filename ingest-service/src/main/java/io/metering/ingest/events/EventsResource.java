package io.metering.ingest.events;

import java.io.IOException;
import java.io.InputStream;
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
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.metering.ingest.auth.Caller;
import io.metering.schemas.Roles;
import io.metering.ingest.device.BatchVerifier;
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
    private final JsonBatchReader jsonReader;
    private final DistributionSummary signedBatchBytes;

    @Inject
    public EventsResource(Ingestor ingestor, BatchVerifier verifier, Caller caller, MeterRegistry registry,
                          ObjectMapper json) {
        this.ingestor = ingestor;
        this.jsonReader = new JsonBatchReader(json.getFactory());
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
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT,
            description = "{\"events\":[{...}]}: each event with the field names of the event contract, times as"
                    + " ISO-8601 UTC strings")))
    public Response jsonBatch(InputStream body) throws IOException {
        String tenant = caller.tenant();
        return Response.accepted(ingestor.ingest(jsonReader.read(body, tenant), tenant, Optional.empty())).build();
    }
}
