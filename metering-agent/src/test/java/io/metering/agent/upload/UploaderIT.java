package io.metering.agent.upload;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.metering.agent.testing.FakeIngestServer;
import io.metering.agent.testing.FakeIngestServer.Answer;
import io.metering.agent.testing.TestDevice;
import io.metering.schemas.EventBatch;
import io.metering.schemas.UsageEvent;

class UploaderIT {

    @TempDir
    Path dir;
    FakeIngestServer server;
    TestDevice device;

    @BeforeEach
    void start() throws Exception {
        server = new FakeIngestServer();
        device = TestDevice.open(dir, server.url(), server, 10);
    }

    @AfterEach
    void stop() throws Exception {
        device.close();
        server.close();
    }

    @Test
    void batchesAreSignedChainedAndNumberedFromOne() throws Exception {
        device.record(25);
        device.drain(20);
        List<EventBatch> batches = server.accepted();
        assertThat(batches).extracting(EventBatch::getBatchSeq).containsExactly(1L, 2L, 3L);
        assertThat(batches).extracting(b -> b.getEvents().size()).containsExactly(10, 10, 5);
        assertThat(server.chainErrors()).isEmpty();
        assertThat(bytes(batches.get(0).getPreviousHash())).isEqualTo(new byte[32]);
        assertThat(server.acceptedEvents()).extracting(UsageEvent::getSeq)
                .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 25).boxed().toList());
        assertThat(server.received()).allSatisfy(r -> assertThat(r.authorization()).startsWith("Bearer token-"));
        assertThat(device.uploader.state().ackedSeq()).isEqualTo(25);
    }

    @Test
    void tooManyRequestsWaitsForRetryAfter() throws Exception {
        device.record(3);
        server.enqueue(Answer.retryAfter(7));
        Uploader.Step step = device.uploader.step();
        assertThat(step.delay()).hasSeconds(7);
        assertThat(device.uploader.step().delay()).isZero();
        assertThat(server.accepted()).hasSize(1);
    }

    @Test
    void serverErrorsBackOffAndResendTheIdenticalBatch() throws Exception {
        device.record(3);
        server.enqueue(Answer.of(503), Answer.of(500));
        Uploader.Step first = device.uploader.step();
        Uploader.Step second = device.uploader.step();
        assertThat(first.delay().toMillis()).isBetween(0L, 10L);
        assertThat(second.delay().toMillis()).isBetween(0L, 20L);
        assertThat(device.uploader.state().lastError()).isEqualTo("http 500");
        device.uploader.step();
        List<FakeIngestServer.Received> received = server.received();
        assertThat(received).hasSize(3);
        assertThat(received.get(0).encoded()).isEqualTo(received.get(2).encoded());
        assertThat(server.accepted()).hasSize(1);
        assertThat(device.uploader.state().lastError()).isNull();
    }

    @Test
    void unauthorizedRefreshesTheTokenOnceThenBacksOff() throws Exception {
        device.record(2);
        device.uploader.step(); // fetches token-1
        assertThat(server.tokensIssued()).isEqualTo(1);
        device.record(2);
        server.rotateTokens();
        Uploader.Step refreshed = device.uploader.step();
        assertThat(refreshed.delay()).isZero();
        device.uploader.step();
        assertThat(server.tokensIssued()).isEqualTo(2);
        assertThat(server.accepted()).hasSize(2);

        device.record(1);
        server.enqueue(Answer.of(401), Answer.of(401));
        assertThat(device.uploader.step().delay()).isZero();
        Uploader.Step backedOff = device.uploader.step();
        assertThat(device.uploader.state().lastError()).isEqualTo("http 401");
        assertThat(backedOff.idle()).isFalse();
    }

    @Test
    void aPermanentlyRefusedBatchIsQuarantinedAndTheChainSkipsIt() throws Exception {
        device.record(10);
        device.drain(5);
        device.record(10);
        server.enqueue(new Answer(422, "{\"error\":\"schema\"}", java.util.Map.of(), false));
        device.uploader.step();
        device.record(10);
        device.drain(5);

        List<EventBatch> accepted = server.accepted();
        assertThat(accepted).extracting(EventBatch::getBatchSeq).containsExactly(1L, 3L);
        assertThat(server.chainErrors()).isEmpty(); // batch 3 chains to batch 1, the last accepted
        assertThat(server.acceptedEvents()).extracting(UsageEvent::getSeq).doesNotContain(11L, 20L).contains(21L);
        Path quarantine = device.paths.quarantineDir();
        assertThat(quarantine.resolve("batch-2.bin")).exists();
        String line = Files.readString(quarantine.resolve("quarantine.jsonl"));
        assertThat(line).contains("\"batchSeq\":2", "http 422", "schema");
        assertThat(device.uploader.state().ackedSeq()).isEqualTo(30);
    }

    @Test
    void aLostResponseLeadsToResendingTheIdenticalBatchWhichTheServerCountsAsDuplicates() throws Exception {
        device.record(4);
        server.enqueue(Answer.lostResponse());
        device.uploader.step();
        assertThat(server.accepted()).hasSize(1);
        assertThat(device.uploader.state().ackedSeq()).isZero();
        device.uploader.step();
        List<FakeIngestServer.Received> received = server.received();
        assertThat(received).hasSize(2);
        assertThat(received.get(1).duplicate()).isTrue();
        assertThat(received.get(1).encoded()).isEqualTo(received.get(0).encoded());
        assertThat(server.chainErrors()).isEmpty();
        assertThat(device.uploader.state().ackedSeq()).isEqualTo(4);
    }

    @Test
    void aPendingBatchSurvivesARestartAndIsResentByteForByte() throws Exception {
        device.record(4);
        server.enqueue(Answer.of(503));
        device.uploader.step();
        byte[] first = server.received().get(0).encoded();
        device.close();

        device = TestDevice.open(dir, server.url(), server, 10);
        device.record(3); // must not join the pending batch
        device.drain(10);
        List<FakeIngestServer.Received> received = server.received();
        assertThat(received.get(1).encoded()).isEqualTo(first);
        assertThat(server.accepted()).extracting(b -> b.getEvents().size()).containsExactly(4, 3);
        assertThat(server.chainErrors()).isEmpty();
    }

    @Test
    void theHashChainLinksEachBatchToThePreviousBatchBytes() throws Exception {
        device.record(30);
        device.drain(10);
        List<FakeIngestServer.Received> received = server.received();
        for (int i = 1; i < received.size(); i++) {
            byte[] expected = BatchBuilder.sha256(received.get(i - 1).encoded());
            assertThat(HexFormat.of().formatHex(bytes(received.get(i).batch().getPreviousHash())))
                    .isEqualTo(HexFormat.of().formatHex(expected));
        }
        assertThat(device.uploader.state().lastAcceptedHash()).isEqualTo(
                HexFormat.of().formatHex(BatchBuilder.sha256(received.get(received.size() - 1).encoded())));
    }

    static byte[] bytes(java.nio.ByteBuffer buffer) {
        java.nio.ByteBuffer copy = buffer.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return Arrays.copyOf(bytes, bytes.length);
    }

    @Test
    void aWindowOfBatchesTravelsAtOnceAndIsAcceptedInChainOrder() throws Exception {
        server.ackDelay(150);
        device.record(60);
        device.drain(20);
        assertThat(server.maxConcurrentUploads()).isEqualTo(Uploader.DEFAULT_WINDOW);
        assertThat(server.accepted()).extracting(EventBatch::getBatchSeq).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(server.acceptedEvents()).extracting(UsageEvent::getSeq)
                .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 60).boxed().toList());
        assertThat(server.chainErrors()).isEmpty();
        assertThat(device.uploader.state().ackedSeq()).isEqualTo(60);
    }

    @Test
    void aBatchSentBeforeItsRefusedPredecessorIsSentAgainAndNothingIsLostOrRepeated() throws Exception {
        server.ackDelay(100);
        device.record(20);
        server.answerBatch(1, Answer.of(503));
        device.drain(20);
        assertThat(server.refusedChains()).isNotEmpty(); // batch 2 waited for batch 1, then was refused and resent
        assertThat(server.accepted()).extracting(EventBatch::getBatchSeq).containsExactly(1L, 2L);
        assertThat(server.acceptedEvents()).extracting(UsageEvent::getSeq)
                .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 20).boxed().toList());
        assertThat(server.chainErrors()).isEmpty();
        assertThat(device.paths.quarantineDir().resolve("quarantine.jsonl")).doesNotExist();
        assertThat(device.uploader.state().ackedSeq()).isEqualTo(20);
    }

    @Test
    void acceptedBatchesWhoseAnswersWereLostBeforeARestartAreRecognisedAsDone() throws Exception {
        server.ackDelay(100);
        device.record(30);
        server.enqueue(Answer.lostResponse(), Answer.lostResponse(), Answer.lostResponse());
        device.uploader.step();
        assertThat(server.accepted()).hasSize(3);
        assertThat(device.uploader.state().ackedSeq()).isZero();
        device.close();

        // resent: batches 1 and 2 are now "replayed" (409), batch 3 a duplicate (202) that proves both
        device = TestDevice.open(dir, server.url(), server, 10);
        device.record(5);
        device.drain(10);
        assertThat(server.accepted()).extracting(EventBatch::getBatchSeq).containsExactly(1L, 2L, 3L, 4L);
        assertThat(server.acceptedEvents()).extracting(UsageEvent::getSeq)
                .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 35).boxed().toList());
        assertThat(device.paths.quarantineDir().resolve("quarantine.jsonl")).doesNotExist();
        assertThat(device.uploader.state().ackedSeq()).isEqualTo(35);
    }

    @Test
    void batchesBuiltAfterAQuarantinedOneAreRebuiltToChainToTheLastAcceptedBatch() throws Exception {
        server.ackDelay(100);
        device.record(30);
        server.answerBatch(1, new Answer(422, "{\"error\":\"schema\"}", java.util.Map.of(), false));
        device.drain(20);
        assertThat(server.accepted()).extracting(EventBatch::getBatchSeq).containsExactly(2L, 3L);
        assertThat(server.refusedChains()).isNotEmpty(); // batch 2 as first sent chained to the quarantined batch 1
        List<EventBatch> accepted = server.accepted();
        assertThat(server.chainErrors()).isEmpty();
        long quarantined = 30 - server.acceptedEvents().size();
        assertThat(quarantined).isEqualTo(10);
        assertThat(Files.readString(device.paths.quarantineDir().resolve("quarantine.jsonl"))).contains("http 422");
        assertThat(accepted).extracting(b -> b.getEvents().size()).allMatch(n -> n == 10);
        assertThat(device.uploader.state().ackedSeq()).isEqualTo(30);
    }
}
