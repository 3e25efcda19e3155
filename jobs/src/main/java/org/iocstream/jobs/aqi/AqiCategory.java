package org.iocstream.jobs.aqi;

/** The six VN_AQI categories of Decision 1459 with their index ranges and official colours. */
public enum AqiCategory {
    GOOD(0, 50, "Tốt", "Good", "#00E400"),
    MODERATE(51, 100, "Trung bình", "Moderate", "#FFFF00"),
    POOR(101, 150, "Kém", "Poor", "#FF7E00"),
    BAD(151, 200, "Xấu", "Bad", "#FF0000"),
    VERY_BAD(201, 300, "Rất xấu", "Very bad", "#8F3F97"),
    HAZARDOUS(301, 500, "Nguy hại", "Hazardous", "#7E0023");

    private final int lowest;
    private final int highest;
    private final String vietnameseName;
    private final String englishName;
    private final String colour;

    AqiCategory(int lowest, int highest, String vietnameseName, String englishName, String colour) {
        this.lowest = lowest;
        this.highest = highest;
        this.vietnameseName = vietnameseName;
        this.englishName = englishName;
        this.colour = colour;
    }

    /** The category of a (rounded) AQI from 0 to 500. */
    public static AqiCategory of(int aqi) {
        for (AqiCategory category : values()) {
            if (aqi >= category.lowest && aqi <= category.highest) {
                return category;
            }
        }
        throw new IllegalArgumentException("an AQI is from 0 to 500, got " + aqi);
    }

    public int lowest() {
        return lowest;
    }

    public int highest() {
        return highest;
    }

    public String vietnameseName() {
        return vietnameseName;
    }

    public String englishName() {
        return englishName;
    }

    /** The official colour as {@code #RRGGBB}. */
    public String colour() {
        return colour;
    }
}
