package org.iocstream.sim;

/** The approximate terrain and settlement class of a commune, as listed in communes.csv. */
public enum Region {
    URBAN,
    LOWLAND,
    MIDLAND,
    HIGHLAND
}
