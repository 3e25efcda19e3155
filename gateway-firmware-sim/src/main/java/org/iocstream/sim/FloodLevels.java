package org.iocstream.sim;

/**
 * A river station's three flood warning levels (báo động I, II, III) in cm, DOMAIN.md sections 4 and 6: reaching
 * one raises WARNING, MAJOR or CRITICAL at once; a level is left when the water has stayed below it by more than
 * {@value #CLEAR_MARGIN_CM} cm for 30 minutes.
 */
public record FloodLevels(double levelI, double levelII, double levelIII) {

    /** A level clears below level − this many cm (DOMAIN.md section 6). */
    public static final double CLEAR_MARGIN_CM = 10;

    public FloodLevels {
        if (!(Double.isFinite(levelI) && levelI < levelII && levelII < levelIII && Double.isFinite(levelIII))) {
            throw new IllegalArgumentException("flood levels must be finite and rising, I < II < III, got " + levelI
                    + ", " + levelII + ", " + levelIII);
        }
    }
}
