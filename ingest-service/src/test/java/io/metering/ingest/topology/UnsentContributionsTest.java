package io.metering.ingest.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class UnsentContributionsTest {

    private static final long MINUTE = 1_790_000_040_000L;

    @Test
    void contributionsAddedOneByOneAreReadBackInOrder() {
        UnsentContributions unsent = UnsentContributions.NONE;
        List<MinuteContribution> added = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            MinuteContribution c = new MinuteContribution("cad-" + (i % 3), MINUTE + i * 60_000L, i % 2, i);
            added.add(c);
            unsent = unsent.plus(c);
        }

        assertThat(read(unsent)).containsExactlyElementsOf(added.stream()
                .filter(c -> c.launches() != 0 || c.activeSeconds() != 0).toList());
    }

    @Test
    void aValueKeepsItsContributionsWhenAnEarlierValueIsExtendedAgain() {
        UnsentContributions base = UnsentContributions.NONE.plus(contribution(1));
        UnsentContributions first = base.plus(contribution(2));
        UnsentContributions second = base.plus(contribution(3));
        UnsentContributions firstLonger = first.plus(contribution(4));

        assertThat(read(base)).containsExactly(contribution(1));
        assertThat(read(first)).containsExactly(contribution(1), contribution(2));
        assertThat(read(second)).containsExactly(contribution(1), contribution(3));
        assertThat(read(firstLonger)).containsExactly(contribution(1), contribution(2), contribution(4));
    }

    @Test
    void theStoredFormReadsBackAsAnEqualValue() {
        UnsentContributions unsent = UnsentContributions.NONE.plus(contribution(1)).plus(contribution(2));
        BinaryWriter w = new BinaryWriter(8);
        unsent.writeTo(w);

        UnsentContributions read = UnsentContributions.of(w.toByteArray());

        assertThat(read).isEqualTo(unsent).hasSameHashCodeAs(unsent);
        assertThat(read.byteSize()).isEqualTo(unsent.byteSize());
        assertThat(read(read.plus(contribution(3)))).containsExactly(contribution(1), contribution(2), contribution(3));
        assertThat(read(read)).containsExactly(contribution(1), contribution(2));
    }

    @Test
    void aContributionOfNothingLeavesTheValueAsItIs() {
        UnsentContributions unsent = UnsentContributions.NONE.plus(contribution(1));

        assertThat(unsent.plus(new MinuteContribution("cad", MINUTE, 0, 0))).isSameAs(unsent);
    }

    private static MinuteContribution contribution(int seconds) {
        return new MinuteContribution("cad", MINUTE, 0, seconds);
    }

    private static List<MinuteContribution> read(UnsentContributions unsent) {
        List<MinuteContribution> read = new ArrayList<>();
        unsent.forEach(read::add);
        return read;
    }
}
