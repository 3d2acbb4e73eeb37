package io.metering.ingest.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.metering.ingest.error.ApiException;
import io.metering.schemas.EventType;
import io.metering.schemas.UsageEvent;

class JsonBatchReaderTest {

    private static final String VALID = "\"deviceId\":\"d1\",\"seq\":7,\"type\":\"LAUNCH\",\"occurredAt\":\"2026-11-02T09:15:00Z\","
            + "\"sessionId\":\"s1\"";

    private final JsonBatchReader reader = new JsonBatchReader(new ObjectMapper().getFactory());

    @Test
    void everyFieldOfTheContractIsRead() throws IOException {
        UUID id = UUID.randomUUID();
        UsageEvent e = single("{\"eventId\":\"" + id + "\",\"tenantId\":\"t1\",\"deviceId\":\"d1\",\"seq\":9007199254740993,"
                + "\"type\":\"HEARTBEAT\",\"occurredAt\":\"2026-11-02T09:15:00.123Z\",\"sessionId\":\"s1\",\"productId\":\"acad\","
                + "\"executable\":\"acad.exe\",\"user\":\"CORP\\\\alice\",\"pid\":4242,\"processStartedAt\":\"2026-11-02T08:00:00Z\","
                + "\"activeSeconds\":45,\"idleSeconds\":15,\"agentVersion\":\"1.2\",\"attributes\":{\"os\":\"win\"}}").event();

        assertThat(e.getEventId()).isEqualTo(id);
        assertThat(e.getTenantId()).isEqualTo("t1");
        assertThat(e.getDeviceId()).isEqualTo("d1");
        assertThat(e.getSeq()).isEqualTo(9007199254740993L);
        assertThat(e.getType()).isEqualTo(EventType.HEARTBEAT);
        assertThat(e.getOccurredAt()).isEqualTo(Instant.parse("2026-11-02T09:15:00.123Z"));
        assertThat(e.getSessionId()).isEqualTo("s1");
        assertThat(e.getProductId()).isEqualTo("acad");
        assertThat(e.getExecutable()).isEqualTo("acad.exe");
        assertThat(e.getUser()).isEqualTo("CORP\\alice");
        assertThat(e.getPid()).isEqualTo(4242);
        assertThat(e.getProcessStartedAt()).isEqualTo(Instant.parse("2026-11-02T08:00:00Z"));
        assertThat(e.getActiveSeconds()).isEqualTo(45);
        assertThat(e.getIdleSeconds()).isEqualTo(15);
        assertThat(e.getAgentVersion()).isEqualTo("1.2");
        assertThat(e.getAttributes()).isEqualTo(Map.of("os", "win"));
    }

    @Test
    void optionalFieldsTakeTheirDefaultsAndTheCallersTenant() throws IOException {
        UsageEvent e = single("{" + VALID + ",\"productId\":null,\"attributes\":null,\"unknown\":{\"deep\":[1,{\"x\":[]}]}}").event();

        assertThat(e.getTenantId()).isEqualTo("caller");
        assertThat(e.getEventId().version()).isEqualTo(4);
        assertThat(e.getEventId().variant()).isEqualTo(2);
        assertThat(e.getProductId()).isNull();
        assertThat(e.getExecutable()).isEmpty();
        assertThat(e.getUser()).isNull();
        assertThat(e.getPid()).isZero();
        assertThat(e.getProcessStartedAt()).isNull();
        assertThat(e.getActiveSeconds()).isZero();
        assertThat(e.getAgentVersion()).isEmpty();
        assertThat(e.getAttributes()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "\"seq\":\"four\"                      | seq must be a whole number",
            "\"seq\":1.5                           | seq must be a whole number",
            "\"seq\":123456789012345678901234567890 | seq must be a whole number",
            "\"seq\":null                          | seq is required",
            "\"deviceId\":7                        | deviceId must be a string",
            "\"deviceId\":null                     | deviceId is required",
            "\"type\":\"BOOT\"                     | type must be one of LAUNCH, HEARTBEAT, EXIT, DENIED",
            "\"occurredAt\":\"yesterday\"          | occurredAt must be an ISO-8601 UTC time like 2026-11-02T09:15:00Z",
            "\"eventId\":\"not-a-uuid\"            | eventId is not a UUID",
            "\"eventId\":[]                        | eventId must be a string",
            "\"activeSeconds\":3000000000          | activeSeconds must be a whole number of seconds",
            "\"idleSeconds\":\"5\"                 | idleSeconds must be a whole number of seconds",
            "\"pid\":true                          | pid must be a whole number",
            "\"attributes\":{\"a\":1}              | attributes must be an object of strings",
            "\"attributes\":[\"a\"]                | attributes must be an object of strings",
            "\"processStartedAt\":{}               | processStartedAt must be a string"})
    void aFieldOfTheWrongTypeRejectsItsEventWithAReason(String field, String reason) throws IOException {
        // the field comes last, so it replaces the valid value of VALID where both name it
        assertThat(single("{" + VALID + "," + field + "}").problem()).isEqualTo(reason);
    }

    @Test
    void severalWrongFieldsAreReportedInTheContractsOrderWhateverTheirOrderInTheDocument() throws IOException {
        assertThat(single("{\"type\":\"BOOT\",\"seq\":\"x\",\"deviceId\":\"d\",\"occurredAt\":\"2026-11-02T09:15:00Z\","
                + "\"sessionId\":\"s\"}").problem()).isEqualTo("seq must be a whole number");
    }

    @Test
    void eachElementOfTheArrayIsOneCandidateAndOnlyBadOnesCarryAReason() throws IOException {
        List<Ingestor.Candidate> candidates = read("{\"before\":[1,2],\"events\":[{" + VALID + "},7,[{}],{" + VALID
                + ",\"seq\":\"x\"},null],\"after\":{}}");

        assertThat(candidates).hasSize(5);
        assertThat(candidates.get(0).problem()).isNull();
        assertThat(candidates.get(0).event().getSeq()).isEqualTo(7);
        assertThat(candidates.subList(1, 3)).allSatisfy(c -> assertThat(c.problem()).isEqualTo("an event must be a JSON object"));
        assertThat(candidates.get(3).problem()).isEqualTo("seq must be a whole number");
        assertThat(candidates.get(4).problem()).isEqualTo("an event must be a JSON object");
    }

    @Test
    void ofARepeatedEventsFieldTheLastCounts() throws IOException {
        assertThat(read("{\"events\":[{" + VALID + "}],\"events\":[]}")).isEmpty();
        assertThatThrownBy(() -> read("{\"events\":[],\"events\":\"x\"}")).isInstanceOf(ApiException.BadRequest.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "[]", "\"events\"", "1", "null", "{}", "{\"events\":{}}", "{\"events\":\"x\"}",
            "{\"events\":null}", "{\"other\":[]}"})
    void aBodyThatIsNoObjectWithAnEventsArrayIsAMalformedBatch(String body) {
        assertThatThrownBy(() -> read(body)).isInstanceOfSatisfying(ApiException.BadRequest.class,
                e -> assertThat(e.code()).isEqualTo("malformed_batch"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"events\":[{\"seq\":1}]", "{\"events\":[{\"seq\":1}", "{\"events\":[{\"seq\":}]}",
            "{\"events\":[{\"seq\":1,}]}", "{\"events\":[tru]}"})
    void aBodyThatIsNotJsonFailsAsAWhole(String body) {
        assertThatThrownBy(() -> read(body)).isInstanceOf(JsonProcessingException.class);
    }

    @Test
    void eventsSentWithoutIdsGetDistinctRandomIds() throws IOException {
        StringBuilder body = new StringBuilder("{\"events\":[");
        for (int seq = 1; seq <= 10_000; seq++) {
            body.append(seq == 1 ? "" : ",").append("{\"deviceId\":\"d1\",\"seq\":").append(seq)
                    .append(",\"type\":\"HEARTBEAT\",\"occurredAt\":\"2026-11-02T09:15:00Z\",\"sessionId\":\"s1\"}");
        }
        List<UUID> ids = read(body.append("]}").toString()).stream().map(c -> c.event().getEventId()).toList();

        assertThat(ids).hasSize(10_000).doesNotHaveDuplicates().allMatch(id -> id.version() == 4 && id.variant() == 2);
    }

    private JsonEventReader.Read single(String event) throws IOException {
        List<Ingestor.Candidate> candidates = read("{\"events\":[" + event + "]}");
        assertThat(candidates).hasSize(1);
        return new JsonEventReader.Read(candidates.get(0).event(), candidates.get(0).problem());
    }

    private List<Ingestor.Candidate> read(String body) throws IOException {
        return reader.read(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), "caller");
    }
}
