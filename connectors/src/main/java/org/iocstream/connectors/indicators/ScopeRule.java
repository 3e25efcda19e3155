package org.iocstream.connectors.indicators;

/**
 * Which scopes an indicator takes, from the scope column of the catalogue. {@code province+commune} indicators are
 * about the bodies of both levels and {@code territory} ones about the land and people of the province (coverage,
 * accounts, health books): both are meaningful for the province as a whole and broken down by commune, so both
 * take {@code 40} and every commune code.
 */
public enum ScopeRule {
    PROVINCE(true, false),
    COMMUNE(false, true),
    PROVINCE_AND_COMMUNE(true, true),
    TERRITORY(true, true);

    private final boolean province;
    private final boolean commune;

    ScopeRule(boolean province, boolean commune) {
        this.province = province;
        this.commune = commune;
    }

    /** The rule for a value of the catalogue's scope column. */
    public static ScopeRule of(String column) {
        return switch (column) {
            case "province" -> PROVINCE;
            case "commune" -> COMMUNE;
            case "province+commune" -> PROVINCE_AND_COMMUNE;
            case "territory" -> TERRITORY;
            default -> throw new IllegalArgumentException("unknown scope '" + column
                    + "' (expected province, commune, province+commune or territory)");
        };
    }

    public boolean allowsProvince() {
        return province;
    }

    public boolean allowsCommunes() {
        return commune;
    }

    /** For a person: what a value of this indicator may be reported for. */
    public String describe() {
        return province && commune ? "the province (40) or a commune" : province ? "the province (40) only"
                : "a commune only";
    }
}
