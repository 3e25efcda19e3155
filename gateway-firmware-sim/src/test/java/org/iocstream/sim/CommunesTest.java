package org.iocstream.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class CommunesTest {

    @Test
    void loadsAllHundredAndThirtyCommunesWithDistinctFiveDigitCodes() {
        List<Commune> all = Communes.all();

        assertThat(all).hasSize(130);
        assertThat(all).extracting(Commune::code).doesNotHaveDuplicates().allMatch(code -> code.matches("\\d{5}"));
    }

    @Test
    void readsEveryColumnIncludingVietnameseNames() {
        assertThat(Communes.all().get(0))
                .isEqualTo(new Commune("16681", "Phường Thành Vinh", "ward", Region.URBAN, false));
        assertThat(Communes.byCode("16732"))
                .isEqualTo(new Commune("16732", "Phường Cửa Lò", "ward", Region.URBAN, true));
        assertThat(Communes.byCode("16738").region()).isEqualTo(Region.HIGHLAND);
    }

    @Test
    void regionsMatchTheSharedDataFile() {
        Map<Region, Long> perRegion = Communes.all().stream()
                .collect(Collectors.groupingBy(Commune::region, Collectors.counting()));

        assertThat(perRegion).containsExactlyInAnyOrderEntriesOf(Map.of(
                Region.URBAN, 11L, Region.LOWLAND, 47L, Region.MIDLAND, 29L, Region.HIGHLAND, 43L));
        assertThat(Communes.all().stream().filter(Commune::coastal).count()).isEqualTo(11);
        assertThat(Communes.all().stream().map(Commune::type).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder("ward", "commune");
        assertThat(Communes.all().stream().collect(Collectors.toMap(Commune::code, Function.identity())))
                .hasSize(130);
    }

    @Test
    void anUnknownCodeIsAnError() {
        assertThatThrownBy(() -> Communes.byCode("99999"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("99999");
    }
}
