package org.iocstream.jobs.aqi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AqiCategoryTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "0, GOOD", "50, GOOD", "51, MODERATE", "100, MODERATE", "101, POOR", "150, POOR",
        "151, BAD", "200, BAD", "201, VERY_BAD", "300, VERY_BAD", "301, HAZARDOUS", "500, HAZARDOUS",
    })
    void eachBoundaryFallsInItsCategory(int aqi, AqiCategory category) {
        assertThat(AqiCategory.of(aqi)).isEqualTo(category);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "GOOD, 0, 50, Tốt, Good, #00E400",
        "MODERATE, 51, 100, Trung bình, Moderate, #FFFF00",
        "POOR, 101, 150, Kém, Poor, #FF7E00",
        "BAD, 151, 200, Xấu, Bad, #FF0000",
        "VERY_BAD, 201, 300, Rất xấu, Very bad, #8F3F97",
        "HAZARDOUS, 301, 500, Nguy hại, Hazardous, #7E0023",
    })
    void hasTheDecisionsRangeNamesAndColour(AqiCategory category, int lowest, int highest, String vietnamese,
            String english, String colour) {
        assertThat(category.lowest()).isEqualTo(lowest);
        assertThat(category.highest()).isEqualTo(highest);
        assertThat(category.vietnameseName()).isEqualTo(vietnamese);
        assertThat(category.englishName()).isEqualTo(english);
        assertThat(category.colour()).isEqualTo(colour);
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 501})
    void refusesAnIndexOutsideZeroTo500(int aqi) {
        assertThatThrownBy(() -> AqiCategory.of(aqi))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("from 0 to 500, got " + aqi);
    }
}
